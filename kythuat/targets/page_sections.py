"""The targets' section on a directive's page (`kythuat.directives.sections`)."""

from django.utils.translation import gettext_lazy as _

from kythuat.core.sections import Section
from kythuat.directives.sections import DIRECTIVE_PAGE

from . import selectors


@DIRECTIVE_PAGE.section(order=10, title=_("Targets and progress"))
def directive_targets(directive, user) -> Section:
    return Section("targets/_directive_targets.html", {
        "anchor": "targets", "directive": directive,
        "targets": selectors.targets_for_directive(user=user, directive=directive)})

"""The books of a stocktake's scope are frozen while it counts: postings that touch a unit of
its subtree are refused until it is approved or cancelled (its own adjustments excepted)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kythuat.holdings.services import posting_guard
from kythuat.org.querysets import ancestor_paths

from .models import OPEN_STATUSES, Stocktake
from .services.approval import APPROVING


@posting_guard
def scope_frozen_while_counting(movement, lines, stage: str) -> None:
    if stage == "draft":
        return  # a draft changes nothing; it can be posted once the stocktake is approved
    units = [unit for unit in (movement.from_unit, movement.to_unit) if unit is not None]
    if not units:
        return
    # The unit and every unit above it, by path prefix: one query per posting.
    paths = {path for unit in units for path in ancestor_paths(unit.path)}
    blocking = (Stocktake.objects.filter(status__in=OPEN_STATUSES, unit__path__in=paths)
                .select_related("unit")
                .exclude(pk=APPROVING.get() or 0).order_by("as_of").first())
    if blocking is not None:
        raise ValidationError(
            _("Stocktake %(title)s is counting the books of %(unit)s; postings there wait "
              "until it is approved or cancelled.") % {"title": blocking.title,
                                                      "unit": blocking.unit.name},
            code="stocktake_open")

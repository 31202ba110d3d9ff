"""A directive's clauses: added and edited in place on its page (htmx), or on a page of their
own without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kythuat.core.forms import add_service_error
from kythuat.core.htmx import redirect_after_post
from kythuat.core.types import AuthedRequest

from .. import selectors, services
from ..forms import ClauseForm
from ..models import Clause, Directive


def _form_response(request: AuthedRequest, form: ClauseForm, directive: Directive,
                   clause: Clause | None) -> HttpResponse:
    context = {"form": form, "directive": directive, "clause": clause}
    if request.htmx:
        return render(request, "directives/_clause_form.html", context)
    title = (_("Clause %(number)s") % {"number": clause.number} if clause
             else _("New clause"))
    return render(request, "directives/clause_form.html", {**context, "title": title})


@login_required
@require_http_methods(["GET", "POST"])
def clause_create(request: AuthedRequest, pk: int) -> HttpResponse:
    directive = selectors.visible_directive(request.user, pk)
    services.ensure_can_write(request.user, directive.unit)
    form = ClauseForm(request.POST or None)
    if form.is_valid():
        try:
            clause = services.clause_create(actor=request.user, directive=directive,
                                            **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Clause %(number)s added.") % {"number": clause.number})
            return redirect_after_post(request, clause.get_absolute_url())
    return _form_response(request, form, directive, None)


@login_required
@require_http_methods(["GET", "POST"])
def clause_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    clause = selectors.visible_clause(request.user, pk)
    directive = clause.directive
    services.ensure_can_write(request.user, directive.unit)
    form = ClauseForm(request.POST or None, initial=ClauseForm.initial_of(clause))
    if form.is_valid():
        try:
            services.clause_update(actor=request.user, clause=selectors.visible_clause(
                request.user, pk), data=dict(form.cleaned_data))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Clause %(number)s saved.")
                             % {"number": form.cleaned_data["number"]})
            return redirect_after_post(request, clause.get_absolute_url())
    return _form_response(request, form, directive, clause)


@login_required
@require_POST
def clause_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    clause = selectors.visible_clause(request.user, pk)
    directive = clause.directive
    try:
        services.clause_delete(actor=request.user, clause=clause)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Clause %(number)s deleted.") % {"number": clause.number})
    return redirect_after_post(request, directive.get_absolute_url())

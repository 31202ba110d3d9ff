"""Decisions: the list, a decision's page, the form to record one, issuing it (its number is
taken once) and its Word file."""

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from kythuat.core.pagination import paginate
from kythuat.core.types import AuthedRequest
from kythuat.documents.compose import render_docx
from kythuat.org import permissions
from kythuat.org.models import Role
from kythuat.org.selectors import unit_from_request

from .. import selectors, services
from ..documents import decision_document, docx_name
from ..filters import DecisionFilter
from ..forms import DecisionForm, IssueForm, recipient_formset
from .common import done, list_query, run_service


@login_required
@vary_on_headers("HX-Request")
def decision_list(request: AuthedRequest) -> HttpResponse:
    if request.GET.get("unit"):
        unit_from_request(request.user, request.GET["unit"])  # 404 outside the subtree
    form = DecisionFilter(request.GET, user=request.user).form
    decisions = selectors.decision_list(user=request.user, filters=request.GET)
    context = {"form": form, "page": paginate(request, decisions),
               "query": list_query(request),
               "can_create": request.user.has_role(Role.OFFICER)}
    template = ("commendations/_decision_rows.html" if request.htmx
                else "commendations/decision_list.html")
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request: AuthedRequest) -> HttpResponse:
    if not request.user.has_role(Role.OFFICER):
        raise PermissionDenied(_("Only an officer may record commendation decisions."))
    form = DecisionForm(request.POST or None, user=request.user,
                        initial={"decided_on": timezone.localdate()})
    formset = recipient_formset(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        decision = run_service(form, lambda: services.decision_create(
            actor=request.user, recipients=formset.specs(), **form.cleaned_data))
        if decision is not None:
            return done(request, _("Draft decision recorded; check it and issue it."),
                        decision.get_absolute_url())
    return render(request, "commendations/decision_form.html",
                  {"form": form, "formset": formset, "title": _("New commendation decision")})


@login_required
def decision_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    decision = selectors.visible_decision(request.user, pk)
    can_issue = not decision.is_issued and permissions.can_post(request.user, decision.unit)
    proposal = decision.proposal
    context = {
        "decision": decision,
        "commendations": decision.commendations.select_related("unit"),
        "issue_form": IssueForm() if can_issue else None,
        "proposal_visible": proposal is not None and selectors.proposal_list(
            user=request.user).filter(pk=proposal.pk).exists(),
    }
    return render(request, "commendations/decision_detail.html", context)


@login_required
@require_POST
def decision_issue(request: AuthedRequest, pk: int) -> HttpResponse:
    decision = selectors.visible_decision(request.user, pk)
    form = IssueForm(request.POST)
    if form.is_valid():
        issued = run_service(form, lambda: services.decision_issue(
            actor=request.user, decision=decision, symbol=form.cleaned_data["symbol"]))
        if issued is not None:
            return done(request, _("Decision %(number)s issued.")
                        % {"number": issued.number_symbol}, decision.get_absolute_url())
    return render(request, "commendations/decision_detail.html", {
        "decision": decision, "commendations": decision.commendations.select_related("unit"),
        "issue_form": form, "proposal_visible": False}, status=400)


@login_required
@require_GET
def decision_docx(request: AuthedRequest, pk: int) -> FileResponse:
    decision = selectors.visible_decision(request.user, pk)
    content = render_docx(decision_document(decision))
    return FileResponse(io.BytesIO(content), as_attachment=True,
                        filename=f"{docx_name(decision)}.docx")

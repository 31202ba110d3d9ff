"""Proposals: the list, a proposal's page with its supporting figures, the forms to draft,
change, submit and decide it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.types import AuthedRequest
from kythuat.org import permissions
from kythuat.org.models import Role, Unit
from kythuat.org.selectors import unit_from_request

from .. import selectors, services
from ..filters import ProposalFilter
from ..forms import (
    DecideForm,
    ProposalForm,
    recipient_formset,
    recipient_initial,
)
from ..models import CommendationForm, CommendationProposal, RecipientKind
from .common import done, list_query, run_service


@login_required
@vary_on_headers("HX-Request")
def proposal_list(request: AuthedRequest) -> HttpResponse:
    if request.GET.get("unit"):
        unit_from_request(request.user, request.GET["unit"])  # 404 outside the subtree
    form = ProposalFilter(request.GET, user=request.user).form
    proposals = selectors.proposal_list(user=request.user, filters=request.GET)
    context = {"form": form, "page": paginate(request, proposals),
               "query": list_query(request), "can_create": request.user.has_role(Role.CLERK)}
    template = ("commendations/_proposal_rows.html" if request.htmx
                else "commendations/proposal_list.html")
    return render(request, template, context)


def _initial(request: AuthedRequest) -> tuple[dict, list[dict]]:
    """Values passed by a link (Campaign 50's "propose a commendation"): ?unit=&form=&summary=
    &source=; the unit becomes the first recipient, a collective."""
    user_unit = request.user.unit
    initial: dict = {"proposer": request.user.unit_id,
                     "awarding_unit": user_unit.parent_id if user_unit else None,
                     "summary": request.GET.get("summary", "")[:5000],
                     "source": request.GET.get("source", "")[:200]}
    code = request.GET.get("form", "")
    if code and (form := CommendationForm.objects.filter(code=code[:40]).first()):
        initial["form"] = form.pk
    rows: list[dict] = []
    if request.GET.get("unit"):
        unit: Unit = unit_from_request(request.user, request.GET["unit"])
        rows.append({"kind": RecipientKind.COLLECTIVE, "unit": unit.pk})
        if unit.pk == request.user.unit_id and unit.parent_id:
            initial["awarding_unit"] = unit.parent_id
    year = timezone.localdate().year
    initial.setdefault("period_start", timezone.datetime(year - 1, 1, 1).date())
    initial.setdefault("period_end", timezone.datetime(year - 1, 12, 31).date())
    return initial, rows


def _form_page(request, form, formset, *, title, proposal=None) -> HttpResponse:
    return render(request, "commendations/proposal_form.html",
                  {"form": form, "formset": formset, "title": title, "proposal": proposal})


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request: AuthedRequest) -> HttpResponse:
    if not request.user.has_role(Role.CLERK):
        raise PermissionDenied(_("Only a clerk or an officer may draft proposals."))
    initial, rows = _initial(request) if request.method == "GET" else ({}, [])
    form = ProposalForm(request.POST or None, initial=initial, user=request.user)
    formset = recipient_formset(request.POST or None, user=request.user, initial=rows)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        proposal = run_service(form, lambda: services.proposal_create(
            actor=request.user, recipients=formset.specs(), **form.cleaned_data))
        if proposal is not None:
            return done(request, _("Proposal drafted."), proposal.get_absolute_url())
    return _form_page(request, form, formset, title=_("New commendation proposal"))


@login_required
def proposal_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    proposal = selectors.visible_proposal(request.user, pk)
    user = request.user
    context = {
        "proposal": proposal,
        "recipients": proposal.recipients.select_related("unit"),
        "support": selectors.proposal_support(proposal),
        "decisions": selectors.decision_list(user=user).filter(proposal=proposal),
        "can_edit": proposal.is_draft and permissions.can_draft(user, proposal.proposer),
        "can_submit": proposal.is_draft and permissions.can_post(user, proposal.proposer),
        "can_decide": proposal.status == CommendationProposal.Status.SUBMITTED
        and permissions.can_post(user, proposal.awarding_unit),
    }
    return render(request, "commendations/proposal_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    proposal = selectors.visible_proposal(request.user, pk)
    permissions.ensure_can_draft(request.user, proposal.proposer)
    form = ProposalForm(request.POST or None, initial=ProposalForm.initial_of(proposal),
                        user=request.user)
    form.fields["proposer"].disabled = True  # a proposal stays with the unit that drafted it
    formset = recipient_formset(
        request.POST or None, user=request.user,
        initial=recipient_initial(proposal.recipients.select_related("unit")))
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = dict(form.cleaned_data)
        data.pop("proposer", None)
        saved = run_service(form, lambda: services.proposal_update(
            actor=request.user, proposal=proposal, data=data, recipients=formset.specs()))
        if saved is not None:
            return done(request, _("Proposal saved."), proposal.get_absolute_url())
    return _form_page(request, form, formset, title=_("Edit the proposal"), proposal=proposal)


@login_required
@require_POST
def proposal_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    proposal = selectors.visible_proposal(request.user, pk)
    try:
        services.proposal_submit(actor=request.user, proposal=proposal)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Proposal submitted to %(unit)s.")
                         % {"unit": proposal.awarding_unit.name})
    return redirect_after_post(request, proposal.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def proposal_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    proposal = selectors.visible_proposal(request.user, pk)
    services.ensure_can_decide(request.user, proposal)
    form = DecideForm(request.POST or None, proposal=proposal,
                      initial={"decided_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["outcome"] == DecideForm.REFUSE:
            if run_service(form, lambda: services.proposal_refuse(
                    actor=request.user, proposal=proposal, reason=data["reason"])):
                return done(request, _("Proposal refused."), proposal.get_absolute_url())
        else:
            decision = run_service(form, lambda: services.decision_from_proposal(
                actor=request.user, proposal=proposal, issuer=data["issuer"],
                decided_on=data["decided_on"], recipients=data["recipients"]))
            if decision is not None:
                return done(request, _("Draft decision made; check it and issue it."),
                            decision.get_absolute_url())
    return render(request, "commendations/proposal_decide.html",
                  {"form": form, "proposal": proposal})

"""Screens of reorganisations: the list, a decision with its changes and successor rules, the
preview (what moves where, the conservation table) and the actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from kythuat.core.forms import add_service_error
from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.types import AuthedRequest
from kythuat.org import permissions
from kythuat.org.models import Role

from . import selectors, services
from .forms import ChangeForm, DecisionForm, SuccessionForm
from .models import Change, Reorganisation, Succession


@login_required
@vary_on_headers("HX-Request")
def decision_list(request: AuthedRequest) -> HttpResponse:
    decisions = selectors.decision_list(user=request.user, filters=request.GET)
    context = {"page": paginate(request, decisions), "statuses": Reorganisation.Status.choices,
               "status": request.GET.get("status", ""),
               "can_create": request.user.has_role(Role.OFFICER)}
    return render(request, "reorg/decision_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request: AuthedRequest) -> HttpResponse:
    if not request.user.has_role(Role.OFFICER):
        raise PermissionDenied(_("Only an officer may record a reorganisation."))
    today = timezone.localdate()
    form = DecisionForm(request.POST or None, user=request.user, initial={
        "issuer": request.user.unit_id, "signed_on": today, "effective_on": today})
    if form.is_valid():
        try:
            decision = services.decision_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Decision recorded; add its changes."))
            return redirect_after_post(request, decision.get_absolute_url())
    return render(request, "reorg/decision_form.html", {"form": form})


def _detail_context(request: AuthedRequest, decision: Reorganisation, **extra) -> dict:
    can_edit = decision.is_editable and permissions.can_post(request.user, decision.issuer)
    changes = list(Change.objects.visible_to(request.user).filter(
        reorganisation=decision).select_related(
        "unit", "parent", "successor", "successor_change", "unit_kind").prefetch_related(
        "successions__successor", "successions__successor_change", "successions__facility",
        "successions__type"))
    return {"decision": decision, "changes": changes, "can_edit": can_edit,
            "handovers": list(selectors.decision_handovers(request.user, decision)),
            "is_due": decision.effective_on <= timezone.localdate(),
            "change_form": extra.pop("change_form", None)
            or (ChangeForm(user=request.user, decision=decision) if can_edit else None),
            "succession_form": extra.pop("succession_form", None)
            or (SuccessionForm(user=request.user, decision=decision) if can_edit else None),
            "has_closing": any(c.kind in Change.CLOSING for c in changes), **extra}


@login_required
def decision_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    decision = selectors.visible_decision(request.user, pk)
    return render(request, "reorg/decision_detail.html", _detail_context(request, decision))


@login_required
@require_POST
def change_add(request: AuthedRequest, pk: int) -> HttpResponse:
    decision = selectors.visible_decision(request.user, pk)
    form = ChangeForm(request.POST, user=request.user, decision=decision)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        try:
            services.change_add(actor=request.user, decision=decision, **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Change added."))
            return redirect_after_post(request, decision.get_absolute_url())
    return render(request, "reorg/decision_detail.html",
                  _detail_context(request, decision, change_form=form), status=400)


@login_required
@require_POST
def change_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(Change.objects.filter(
        reorganisation__in=selectors.decision_list(user=request.user)), pk=pk)
    try:
        services.change_delete(actor=request.user, change=change)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect_after_post(request, change.reorganisation.get_absolute_url())


@login_required
@require_POST
def succession_add(request: AuthedRequest, pk: int) -> HttpResponse:
    decision = selectors.visible_decision(request.user, pk)
    form = SuccessionForm(request.POST, user=request.user, decision=decision)
    if form.is_valid():
        try:
            services.succession_add(actor=request.user, change=form.cleaned_data["change"],
                                    **form.service_data())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Successor rule added."))
            return redirect_after_post(request, decision.get_absolute_url())
    return render(request, "reorg/decision_detail.html",
                  _detail_context(request, decision, succession_form=form), status=400)


@login_required
@require_POST
def succession_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(Succession.objects.filter(
        change__reorganisation__in=selectors.decision_list(user=request.user)), pk=pk)
    try:
        services.succession_delete(actor=request.user, rule=rule)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect_after_post(request, rule.change.reorganisation.get_absolute_url())


@login_required
def decision_preview(request: AuthedRequest, pk: int) -> HttpResponse:
    decision = selectors.visible_decision(request.user, pk)
    context = {"decision": decision, "is_due": decision.effective_on <= timezone.localdate(),
               "can_apply": decision.is_editable and permissions.can_post(request.user,
                                                                           decision.issuer)}
    if not decision.is_editable:
        context["errors"] = [_("Decision %(number)s is %(status)s: there is nothing left to "
                               "preview.") % {"number": decision.number,
                                              "status": decision.get_status_display()}]
        return render(request, "reorg/decision_preview.html", context)
    try:
        context["preview"] = selectors.preview(decision, user=None)
    except ValidationError as error:
        context["errors"] = error.messages
    return render(request, "reorg/decision_preview.html", context)


def _act(request: AuthedRequest, pk: int, action, done: str) -> HttpResponse:
    decision = selectors.visible_decision(request.user, pk)
    try:
        action(actor=request.user, decision=decision)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(decision.get_absolute_url())


@login_required
@require_POST
def decision_announce(request: AuthedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.decision_announce,
                _("Decision announced: it will be applied on its effective date."))


@login_required
@require_POST
def decision_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.decision_cancel, _("Decision cancelled."))


@login_required
@require_POST
def decision_apply(request: AuthedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.decision_apply,
                _("Decision applied: the handovers are posted and the tree is updated."))

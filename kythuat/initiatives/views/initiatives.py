"""The initiative list and its export, the register form with its duplicate hints, an
initiative's page and the steps taken from it (send to a council, adoption, measured benefit)."""

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from kythuat.core.forms import add_service_error, filters_in_words
from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import Column, export_info, export_response
from kythuat.org import permissions
from kythuat.org.models import Role
from kythuat.org.selectors import unit_from_request

from .. import selectors, services
from ..filters import InitiativeFilter
from ..forms import AdoptionForm, AwardForm, DecideForm, InitiativeForm, MeasureForm, SendForm
from ..models import Initiative


def _query(request: AuthedRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _check_unit(request: AuthedRequest) -> None:
    if request.GET.get("unit"):
        unit_from_request(request.user, request.GET["unit"])  # 404 outside the subtree


@login_required
@vary_on_headers("HX-Request")
def initiative_list(request: AuthedRequest) -> HttpResponse:
    _check_unit(request)
    form = InitiativeFilter(request.GET, user=request.user).form
    initiatives = selectors.initiative_list(user=request.user, filters=request.GET).annotate(
        adoption_count=Count("adoptions"))
    context = {"form": form, "page": paginate(request, initiatives),
               "counts": selectors.status_counts(initiatives), "query": _query(request),
               "can_create": request.user.has_role(Role.CLERK)}
    template = ("initiatives/_initiative_rows.html" if request.htmx
                else "initiatives/initiative_list.html")
    return render(request, template, context)


@login_required
@require_GET
def initiative_export(request: AuthedRequest) -> FileResponse:
    _check_unit(request)
    form = InitiativeFilter(request.GET, user=request.user).form
    initiatives = (selectors.initiative_list(user=request.user, filters=request.GET)
                   .annotate(adoption_count=Count("adoptions"))
                   .prefetch_related("authors"))
    columns = [Column(str(title)) for title in (
        _("Title"), _("Field"), _("Unit"), _("Authors"), _("Date registered"), _("Status"),
        _("Recognised at"), _("First recognised on"), _("Money saved (VND/year)"),
        _("Adoptions"))]
    rows = ([i.title, i.field.name, i.unit.name, ", ".join(a.name for a in i.authors.all()),
             i.registered_on, i.get_status_display(), i.level.name if i.level else "",
             i.recognised_on, i.benefit_vnd, i.adoption_count] for i in initiatives)
    unit = request.user.unit.name if request.user.unit_id else ""
    return export_response("xlsx", title=_("Technical initiatives"), name=_("initiatives"),
                           info=export_info(unit=unit, filters=filters_in_words(form),
                                            count=initiatives.count()),
                           columns=columns, rows=rows)


@login_required
@require_GET
def initiative_duplicates(request: AuthedRequest) -> HttpResponse:
    """The hints under the title field while it is typed (htmx)."""
    title = request.GET.get("title", "")[:300]
    hints = selectors.possible_duplicates(user=request.user, title=title)
    return render(request, "initiatives/_duplicates.html", {"hints": hints, "title": title})


@login_required
@require_http_methods(["GET", "POST"])
def initiative_create(request: AuthedRequest) -> HttpResponse:
    initial = {"unit": request.user.unit_id, "registered_on": timezone.localdate()}
    form = InitiativeForm(request.POST or None, request.FILES or None, user=request.user,
                          initial=initial)
    if form.is_valid():
        try:
            initiative = services.initiative_register(actor=request.user, **form.service_data())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Initiative registered."))
            return redirect_after_post(request, initiative.get_absolute_url())
    hints = selectors.possible_duplicates(user=request.user, title=form["title"].value() or "")
    return render(request, "initiatives/initiative_form.html", {"form": form, "hints": hints})


def detail_context(request: AuthedRequest, initiative: Initiative, **extra: Any
                   ) -> dict[str, Any]:
    user = request.user
    can_post = permissions.can_post(user, initiative.unit)
    dossiers = list(initiative.dossiers.select_related("council", "council__unit",
                                                       "council__level", "award",
                                                       "award__award_class"))
    for dossier in dossiers:
        dossier.can_decide = (not dossier.council.is_open and dossier.outcome == "pending"
                              and permissions.can_post(user, dossier.council.unit))
        dossier.can_award = (dossier.outcome == "recognised" and not hasattr(dossier, "award")
                             and permissions.can_post(user, dossier.council.unit))
    context = {
        "initiative": initiative,
        "authors": initiative.authors.select_related("unit"),
        "dossiers": dossiers,
        "timeline": selectors.timeline(initiative),
        "adoptions": initiative.adoptions.select_related("unit"),
        "measured": selectors.measured_benefit(initiative),
        "can_send": can_post and initiative.status in ("registered", "recognised"),
        "can_adopt": initiative.level_id is not None and user.has_role(Role.CLERK),
        "can_measure": permissions.can_draft(user, initiative.unit),
        "send_form": SendForm(initiative=initiative, initial={
            "sent_on": timezone.localdate()}),
        "decide_form": DecideForm(initial={"decision_date": timezone.localdate()}),
        "award_form": AwardForm(initial={"decision_date": timezone.localdate()}),
    }
    return {**context, **extra}


@login_required
def initiative_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    initiative = selectors.visible_initiative(request.user, pk)
    return render(request, "initiatives/initiative_detail.html",
                  detail_context(request, initiative))


@login_required
@require_GET
def initiative_file(request: AuthedRequest, pk: int) -> FileResponse:
    initiative = selectors.visible_initiative(request.user, pk)
    if not initiative.attachment:
        raise Http404(_("This initiative has no attached file."))
    try:
        handle = initiative.attachment.open("rb")
    except FileNotFoundError:
        raise Http404(_("The attached file is missing from the server.")) from None
    name = f"sang-kien-{initiative.pk}{Path(initiative.attachment.name).suffix}"
    return FileResponse(handle, as_attachment=True, filename=name)


@login_required
@require_POST
def initiative_send(request: AuthedRequest, pk: int) -> HttpResponse:
    initiative = selectors.visible_initiative(request.user, pk)
    form = SendForm(request.POST, initiative=initiative)
    if form.is_valid():
        try:
            services.dossier_send(actor=request.user, initiative=initiative,
                                  **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Initiative sent to %(council)s.")
                             % {"council": form.cleaned_data["council"].name})
            return redirect_after_post(request, initiative.get_absolute_url())
    initiative.refresh_from_db()
    return render(request, "initiatives/initiative_detail.html",
                  detail_context(request, initiative, send_form=form), status=400)


def _form_page(request: AuthedRequest, initiative: Initiative, form: Any, title: str,
               action: str) -> HttpResponse:
    return render(request, "initiatives/step_form.html", {
        "initiative": initiative, "form": form, "title": title, "action": action})


@login_required
@require_http_methods(["GET", "POST"])
def adoption_create(request: AuthedRequest, pk: int) -> HttpResponse:
    initiative = selectors.visible_initiative(request.user, pk)
    form = AdoptionForm(request.POST or None, user=request.user,
                        initial={"adopted_on": timezone.localdate()})
    if form.is_valid():
        try:
            services.adoption_record(actor=request.user, initiative=initiative,
                                     **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Adoption recorded."))
            return redirect_after_post(request, initiative.get_absolute_url())
    return _form_page(request, initiative, form, _("Record an adoption"), request.path)


@login_required
@require_http_methods(["GET", "POST"])
def benefit_measure(request: AuthedRequest, pk: int) -> HttpResponse:
    initiative = selectors.visible_initiative(request.user, pk)
    permissions.ensure_can_draft(request.user, initiative.unit)
    form = MeasureForm(request.POST or None, user=request.user,
                       initial={"unit": initiative.unit_id, "per_scale": 100})
    if form.is_valid():
        try:
            services.measured_benefit_set(actor=request.user, initiative=initiative,
                                          **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The records that show the benefit are named."))
            return redirect_after_post(request, initiative.get_absolute_url())
    return _form_page(request, initiative, form, _("Benefit measured from the records"),
                      request.path)


@login_required
@require_POST
def dossier_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    dossier = selectors.visible_dossier(request.user, pk)
    form = DecideForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == DecideForm.RECOGNISE:
                services.dossier_recognise(actor=request.user, dossier=dossier,
                                           decision_date=data["decision_date"],
                                           decision_number=data["decision_number"])
                messages.success(request, _("Initiative recognised."))
            else:
                services.dossier_refuse(actor=request.user, dossier=dossier,
                                        reason=data["reason"],
                                        decision_date=data["decision_date"])
                messages.success(request, _("The refusal and its reason are recorded."))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect_after_post(request, dossier.initiative.get_absolute_url())
    return render(request, "initiatives/initiative_detail.html", detail_context(
        request, dossier.initiative, decide_form=form, form_dossier=dossier.pk), status=400)


@login_required
@require_POST
def dossier_award(request: AuthedRequest, pk: int) -> HttpResponse:
    dossier = selectors.visible_dossier(request.user, pk)
    form = AwardForm(request.POST)
    if form.is_valid():
        try:
            services.award_grant(actor=request.user, dossier=dossier, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Award recorded."))
            return redirect_after_post(request, dossier.initiative.get_absolute_url())
    return render(request, "initiatives/initiative_detail.html", detail_context(
        request, dossier.initiative, award_form=form, form_dossier=dossier.pk), status=400)

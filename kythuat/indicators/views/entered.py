"""Entered figures: the list, entry and correction by a unit, confirmation or return by an
officer, the evidence file and the figure's history."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from kythuat.audit.models import AuditEvent
from kythuat.core.forms import add_service_error, filters_in_words
from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import Column, export_response
from kythuat.org import permissions
from kythuat.org.models import Role, User
from kythuat.org.selectors import default_unit, unit_from_request

from .. import services
from ..filters import EnteredValueFilter, awaiting, entered_value_list
from ..forms import EnteredValueForm, ReturnForm, enterable_indicators
from ..models import EnteredValue
from .common import quantity


def _visible(user: User, pk: int) -> EnteredValue:
    values = EnteredValue.objects.visible_to(user).select_related(
        "indicator", "unit", "entered_by", "confirmed_by")
    return get_object_or_404(values, pk=pk)


def _person(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _period(entered: EnteredValue) -> str:
    return f"{entered.period_start:%d/%m/%Y} – {entered.period_end:%d/%m/%Y}"


# Permissions shown as buttons; the services check them again.

def can_edit(user: User, entered: EnteredValue) -> bool:
    return (entered.status != EnteredValue.Status.CONFIRMED
            and permissions.can_view_unit(user, entered.unit)
            and user.has_role(entered.indicator.entered_by))


def can_confirm(user: User, entered: EnteredValue) -> bool:
    return (entered.status == EnteredValue.Status.ENTERED
            and permissions.can_post(user, entered.unit) and entered.entered_by_id != user.pk)


def can_return(user: User, entered: EnteredValue) -> bool:
    if entered.status == EnteredValue.Status.CONFIRMED:
        return permissions.can_post(user, entered.unit)
    return can_confirm(user, entered)


# List

@login_required
@vary_on_headers("HX-Request")
@require_http_methods(["GET"])
def entered_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if request.GET.get("unit"):
        unit_from_request(user, request.GET["unit"])  # 404 outside the user's subtree
    filterset = EnteredValueFilter(request.GET, user=user)
    values = entered_value_list(user=user, filters=request.GET)
    if request.GET.get("export") == "xlsx":
        return _export(request, filterset, values)
    query = request.GET.copy()
    query.pop("page", None)
    context: dict[str, Any] = {"form": filterset.form, "page": paginate(request, values),
                               "query": query.urlencode()}
    if request.htmx:
        return render(request, "indicators/_entered_rows.html", context)
    context["can_enter"] = enterable_indicators(user).exists() and user.has_role(Role.CLERK)
    if user.has_role(Role.OFFICER):
        context["awaiting"] = awaiting(EnteredValue.objects.visible_to(user)).exclude(
            entered_by=user).count()
    return render(request, "indicators/entered_list.html", context)


def _export(request: AuthedRequest, filterset: EnteredValueFilter, values) -> FileResponse:
    unit = (unit_from_request(request.user, request.GET["unit"]) if request.GET.get("unit")
            else default_unit(request.user))
    rows = ([v.unit.name, v.indicator.name, v.period_start, v.period_end, quantity(v.value),
             v.indicator.unit_of_measure, v.get_status_display(), _person(v.entered_by),
             _person(v.confirmed_by), v.note, v.return_reason]
            for v in values.iterator(chunk_size=2000))
    columns = [Column(_("Unit")), Column(_("Indicator"), width=40), Column(_("Period start")),
               Column(_("Period end")), Column(_("Figure")), Column(_("Unit of measure")),
               Column(_("Status")), Column(_("Entered by")), Column(_("Confirmed by")),
               Column(_("Note"), width=40), Column(_("Reason for returning"), width=30)]
    info = [(_("Unit"), unit.name), (_("Date"), timezone.localdate().strftime("%d/%m/%Y")),
            (_("Filters"), filters_in_words(filterset.form, exclude=("unit",)) or _("none")),
            (_("Number of rows"), values.count())]
    return export_response("xlsx", title=_("Entered figures"), name=_("entered-figures"),
                           info=info, columns=columns, rows=rows)


# Entry and correction

@login_required
@require_http_methods(["GET", "POST"])
def entered_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not user.has_role(Role.CLERK) or not enterable_indicators(user).exists():
        raise PermissionDenied(_("Your role may not enter figures; ask a clerk or an officer of "
                                 "your unit."))
    initial = {"unit": request.GET.get("unit") or user.unit_id,
               "indicator": request.GET.get("indicator")}
    form = EnteredValueForm(request.POST or None, request.FILES or None, initial=initial,
                            user=user)
    if form.is_valid():
        try:
            entered = services.entered_value_create(actor=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The figure was entered; an officer of the unit or a "
                                        "unit above it confirms it."))
            return redirect_after_post(request, entered.get_absolute_url())
    return render(request, "indicators/entered_form.html",
                  {"form": form, "title": _("Enter a figure")})


@login_required
@require_http_methods(["GET", "POST"])
def entered_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    entered = _visible(request.user, pk)
    if not can_edit(request.user, entered):
        raise PermissionDenied(_("This figure cannot be changed: it is confirmed, or your role "
                                 "may not enter it."))
    initial = {"period_start": entered.period_start, "period_end": entered.period_end,
               "value": entered.value, "note": entered.note}
    form = EnteredValueForm(request.POST or None, request.FILES or None, initial=initial,
                            user=request.user, creating=False)
    if form.is_valid():
        try:
            services.entered_value_update(actor=request.user, entered=entered,
                                          data=dict(form.cleaned_data))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The figure was saved."))
            return redirect_after_post(request, entered.get_absolute_url())
    title = _("Correct the figure of %(unit)s") % {"unit": entered.unit.name}
    return render(request, "indicators/entered_form.html",
                  {"form": form, "title": title, "entered": entered})


# Detail, confirmation and return

def _field_label(name: str) -> str:
    try:
        return str(EnteredValue._meta.get_field(name).verbose_name)
    except Exception:  # a field that no longer exists keeps its code name
        return name


def _shown(name: str, value: Any) -> Any:
    if value in ("", None):
        return None
    if name == "status":
        try:
            return EnteredValue.Status(value).label
        except ValueError:
            return value
    if name in ("period_start", "period_end") and isinstance(value, str) and len(value) == 10:
        year, month, day = value.split("-")
        return f"{day}/{month}/{year}"
    if name == "confirmed_at":
        return None if value is None else str(value)[:16].replace("T", " ")
    return value


def _history(user: User, entered: EnteredValue) -> list[dict]:
    events = AuditEvent.objects.visible_to(user).filter(
        target_type=entered._meta.label_lower, target_id=str(entered.pk)
    ).select_related("actor").order_by("occurred_at", "id")
    return [{"event": event,
             "changes": [(_field_label(name), _shown(name, values[0]), _shown(name, values[1]))
                         for name, values in (event.changes or {}).items()
                         if name not in ("confirmed_at",)]}
            for event in events]


def _detail(request: AuthedRequest, entered: EnteredValue, return_form: ReturnForm | None = None,
            status: int = 200) -> HttpResponse:
    user = request.user
    context = {
        "entered": entered, "value": quantity(entered.value), "period": _period(entered),
        "can_edit": can_edit(user, entered), "can_confirm": can_confirm(user, entered),
        "can_return": can_return(user, entered),
        "own_figure": (entered.status == EnteredValue.Status.ENTERED
                       and entered.entered_by_id == user.pk
                       and permissions.can_post(user, entered.unit)),
        "return_form": return_form or ReturnForm(), "events": _history(user, entered),
    }
    return render(request, "indicators/entered_detail.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def entered_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _detail(request, _visible(request.user, pk))


def _refused(request: AuthedRequest, error: ValidationError | PermissionDenied) -> None:
    texts = error.messages if isinstance(error, ValidationError) else [str(error)]
    for text in texts:
        messages.error(request, text)


@login_required
@require_POST
def entered_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    entered = _visible(request.user, pk)
    try:
        services.entered_value_confirm(actor=request.user, entered=entered)
    except (ValidationError, PermissionDenied) as error:
        _refused(request, error)
    else:
        messages.success(request, _("The figure was confirmed; it now counts in the "
                                    "indicators."))
    return redirect_after_post(request, entered.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def entered_return(request: AuthedRequest, pk: int) -> HttpResponse:
    entered = _visible(request.user, pk)
    if request.method == "GET":
        return _detail(request, entered)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.entered_value_return(actor=request.user, entered=entered,
                                          reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_error(form, error)
        except PermissionDenied as error:
            _refused(request, error)
            return redirect_after_post(request, entered.get_absolute_url())
        else:
            messages.success(request, _("The figure was returned to %(unit)s with the reason.")
                             % {"unit": entered.unit.name})
            return redirect_after_post(request, entered.get_absolute_url())
    return _detail(request, entered, return_form=form)


@login_required
@require_http_methods(["GET"])
def entered_evidence(request: AuthedRequest, pk: int) -> FileResponse:
    entered = _visible(request.user, pk)
    if not entered.evidence:
        raise Http404
    try:
        handle = entered.evidence.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = entered.evidence.name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name)

"""Traffic accidents: the list, recording one, and this year against last year."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from kythuat.core.forms import add_service_error
from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.types import AuthedRequest
from kythuat.org import permissions
from kythuat.org.models import Role
from kythuat.org.querysets import subtree_ids

from .. import selectors, services
from ..forms import AccidentFilterForm, AccidentForm, ComparisonForm
from ..models import Accident
from .common import bound, request_unit, xlsx_response
from .trips import DeleteForm

LABELS = {"accidents": "Accidents", "deaths": "Deaths", "injuries": "Injuries"}


def _accidents(request: AuthedRequest):
    unit = request_unit(request)
    form = AccidentFilterForm(request.GET or None, user=request.user, initial={"unit": unit.pk})
    data = bound(form)
    accidents = Accident.objects.visible_to(request.user).filter(
        unit__in=subtree_ids(data.get("unit") or unit))
    if data.get("year"):
        accidents = accidents.filter(occurred_on__year=data["year"])
    return unit, form, accidents.select_related("item__type", "driver__person", "unit")


@login_required
@vary_on_headers("HX-Request")
def accident_list(request: AuthedRequest) -> HttpResponse:
    unit, form, accidents = _accidents(request)
    context = {"form": form, "unit": unit, "page": paginate(request, accidents),
               "counts": selectors.accident_counts(accidents),
               "can_create": request.user.has_role(Role.CLERK)}
    template = "vehicles/_accident_rows.html" if request.htmx else "vehicles/accident_list.html"
    return render(request, template, context)


@login_required
@require_GET
def accident_export(request: AuthedRequest):
    unit, form, accidents = _accidents(request)
    columns = [_("Date"), _("Place"), _("Model"), _("Serial number"), _("Unit"), _("Driver"),
               _("Deaths"), _("Injuries"), _("Description")]
    rows = ([a.occurred_on, a.place, a.item.type.symbol, a.item.serial, a.unit.name,
             str(a.driver or ""), a.deaths, a.injuries, a.description]
            for a in accidents.iterator(chunk_size=2000))
    return xlsx_response(title=_("Traffic accidents"), filename=_("accidents"), unit=unit,
                         form=form, columns=columns, rows=rows)


@login_required
@require_http_methods(["GET", "POST"])
def accident_create(request: AuthedRequest) -> HttpResponse:
    if not request.user.has_role(Role.CLERK):
        raise PermissionDenied(_("Only a clerk or an officer may record accidents."))
    form = AccidentForm(request.POST or None, user=request.user,
                        initial={"item": request.GET.get("vehicle")})
    if form.is_valid():
        try:
            services.accident_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Accident recorded."))
            return redirect_after_post(request, reverse("vehicles:accident-list"))
    return render(request, "vehicles/form.html", {"form": form, "title": _("New accident"),
                                                  "back": "vehicles:accident-list"})


def _comparison(request: AuthedRequest):
    unit = request_unit(request)
    form = ComparisonForm(request.GET or None, user=request.user, initial={"unit": unit.pk})
    data = bound(form)
    unit = data.get("unit") or unit
    year = data.get("year") or timezone.localdate().year
    total, rows = selectors.accident_comparison(user=request.user, unit=unit, year=year)
    return unit, form, year, total, rows


@login_required
def accident_comparison(request: AuthedRequest) -> HttpResponse:
    unit, form, year, total, rows = _comparison(request)
    return render(request, "vehicles/accident_comparison.html", {
        "form": form, "unit": unit, "year": year, "total": total, "rows": rows,
        "labels": [_(label) for label in LABELS.values()]})


@login_required
@require_GET
def accident_comparison_export(request: AuthedRequest):
    unit, _form, year, total, rows = _comparison(request)
    columns = [_("Unit")]
    change, percent = _("change"), _("change (%)")  # outside f-strings, for makemessages
    for label in LABELS.values():
        columns += [f"{_(label)} {year}", f"{_(label)} {year - 1}", f"{_(label)}: {change}",
                    f"{_(label)}: {percent}"]
    lines = []
    for row in [*rows, total]:
        line = [row.label if row is not total else _("Total")]
        for change in row.changes:
            line += [change["this_year"], change["last_year"], change["difference"],
                     change["percent"]]
        lines.append(line)
    return xlsx_response(title=_("Traffic accidents: %(year)s against %(last)s")
                         % {"year": year, "last": year - 1}, filename=_("accident-comparison"),
                         unit=unit, form=None, columns=columns, rows=lines)


@login_required
@require_http_methods(["GET", "POST"])
def accident_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    accident = get_object_or_404(Accident.objects.visible_to(request.user).select_related(
        "item__type", "unit"), pk=pk)
    if not permissions.can_post(request.user, accident.unit):
        raise PermissionDenied(_("Only an officer of the unit may delete its records."))
    form = DeleteForm(request.POST or None)
    if form.is_valid():
        try:
            services.accident_delete(actor=request.user, accident=accident, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Accident record deleted."))
            return redirect_after_post(request, reverse("vehicles:accident-list"))
    return render(request, "vehicles/confirm_delete.html", {
        "form": form, "record": f"{accident} — {accident.item}",
        "back": reverse("vehicles:accident-list"), "title": _("Delete accident record")})

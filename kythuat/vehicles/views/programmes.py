"""Modernisation programmes (diesel conversion …) and the vehicles converted under them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kythuat.core.forms import add_service_error
from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.types import AuthedRequest
from kythuat.org import permissions
from kythuat.org.models import Role, User
from kythuat.org.selectors import default_unit

from .. import selectors, services
from ..forms import ConversionForm, ProgrammeForm
from ..models import Programme
from .common import request_unit, xlsx_response


def _visible_programme(user: User, pk: int) -> Programme:
    return get_object_or_404(selectors.programme_list(user=user), pk=pk)


@login_required
def programme_list(request: AuthedRequest) -> HttpResponse:
    unit = default_unit(request.user)
    programmes = selectors.programme_list(user=request.user)
    page = paginate(request, programmes)
    for programme in page.object_list:
        programme.progress = selectors.programme_progress(user=request.user,
                                                          programme=programme, unit=unit)
    return render(request, "vehicles/programme_list.html", {
        "page": page, "unit": unit, "can_create": request.user.has_role(Role.OFFICER)})


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request: AuthedRequest) -> HttpResponse:
    if not request.user.has_role(Role.OFFICER):
        raise PermissionDenied(_("Only an officer may start a programme."))
    form = ProgrammeForm(request.POST or None, user=request.user,
                         initial={"unit": request.user.unit_id})
    if form.is_valid():
        data = dict(form.cleaned_data)
        data["types"] = list(data["types"])
        try:
            programme = services.programme_create(actor=request.user, **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Programme %(name)s created.") % {"name": programme.name})
            return redirect_after_post(request, programme.get_absolute_url())
    return render(request, "vehicles/form.html", {"form": form, "title": _("New programme"),
                                                  "back": "vehicles:programme-list"})


def _detail(request: AuthedRequest, pk: int):
    programme = _visible_programme(request.user, pk)
    unit = request_unit(request)
    conversions = selectors.programme_conversions(user=request.user, programme=programme,
                                                  unit=unit)
    return programme, unit, conversions


@login_required
@require_http_methods(["GET", "POST"])
def programme_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    programme, unit, conversions = _detail(request, pk)
    user = request.user
    can_convert = user.has_role(Role.OFFICER)
    form = None
    if can_convert:
        form = ConversionForm(request.POST or None, user=user, programme=programme)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Only an officer may record conversions."))
        if form.is_valid():
            item = form.cleaned_data["item"]
            if not permissions.can_post(user, item.unit):
                raise PermissionDenied(_("Only an officer of the unit may record conversions."))
            try:
                services.conversion_create(actor=user, programme=programme,
                                           **form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Conversion of %(item)s recorded.") % {"item": item})
                return redirect_after_post(request, programme.get_absolute_url())
    context = {
        "programme": programme, "unit": unit, "page": paginate(request, conversions),
        "progress": selectors.programme_progress(user=user, programme=programme, unit=unit),
        "form": form, "types": programme.types.all(),
    }
    return render(request, "vehicles/programme_detail.html", context,
                  status=400 if request.method == "POST" else 200)


@login_required
@require_GET
def programme_export(request: AuthedRequest, pk: int):
    programme, unit, conversions = _detail(request, pk)
    columns = [_("Model"), _("Serial number"), _("Unit"), _("Converted on"), _("Facility"),
               _("Consumption before (l/100 km)"), _("Consumption after (l/100 km)"),
               _("Saving (l/100 km)"), _("Saving (%)")]
    rows = ([c.item.type.symbol, c.item.serial, c.unit.name, c.converted_on, c.facility_label,
             c.fuel_before, c.fuel_after, c.saving, c.saving_percent]
            for c in conversions.iterator(chunk_size=2000))
    progress = selectors.programme_progress(user=request.user, programme=programme, unit=unit)
    return xlsx_response(title=str(programme), filename=_("conversions"), unit=unit, form=None,
                         columns=columns, rows=rows, extra=[
                             (_("Decision"), programme.decision_ref),
                             (_("Converted / eligible"),
                              f"{progress.converted} / {progress.eligible}")])

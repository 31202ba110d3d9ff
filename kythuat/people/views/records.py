"""Certificates (with the expiring ones) and the establishment against the actual staff, with
the heat map of the subtree."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from kythuat.core.forms import add_service_error, filters_in_words
from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import Column, export_info, export_response
from kythuat.org import permissions
from kythuat.org.models import Unit
from kythuat.org.selectors import unit_from_request

from .. import selectors, services
from ..filters import CertificateFilter
from ..forms import EstablishmentForm
from ..models import Certificate
from .common import check_unit, form_page, query_without_page


def _certificates(request: AuthedRequest):
    filters = CertificateFilter(request.GET, user=request.user,
                                queryset=Certificate.objects.visible_to(request.user)
                                .filter(person__is_active=True))
    return filters.form, filters.qs.select_related("person", "person__unit", "kind", "trade") \
        .order_by("valid_until", "person__full_name")


@login_required
@vary_on_headers("HX-Request")
def certificate_list(request: AuthedRequest) -> HttpResponse:
    check_unit(request)
    form, certificates = _certificates(request)
    today = timezone.localdate()
    page = paginate(request, certificates)
    for certificate in page.object_list:
        certificate.expired = certificate.valid_until is not None and \
            certificate.valid_until < today
    context = {"form": form, "page": page, "query": query_without_page(request)}
    template = "people/_certificate_rows.html" if request.htmx else \
        "people/certificate_list.html"
    return render(request, template, context)


@login_required
@require_GET
def certificate_export(request: AuthedRequest) -> FileResponse:
    check_unit(request)
    form, certificates = _certificates(request)
    columns = [Column(str(t)) for t in (_("Full name"), _("Rank"), _("Unit"), _("Kind"),
                                        _("Number"), _("Issued on"), _("Valid until"),
                                        _("Issued by"))]
    rows = ([c.person.full_name, c.person.rank, c.person.unit.name, c.kind.name, c.number,
             c.issued_on, c.valid_until, c.issued_by] for c in certificates)
    unit = request.user.unit.name if request.user.unit_id else ""
    return export_response("xlsx", title=_("Certificates of the technical staff"),
                           name=_("certificates"),
                           info=export_info(unit=unit, filters=filters_in_words(form),
                                            count=certificates.count()),
                           columns=columns, rows=rows)


@login_required
def establishment(request: AuthedRequest) -> HttpResponse:
    unit = unit_from_request(request.user, request.GET.get("unit"))
    staffing = selectors.staffing(unit)
    trades, heat = staffing.heat_map()
    return render(request, "people/establishment.html", {
        "unit": unit, "staffing": staffing, "rows": staffing.rows(), "heat_trades": trades,
        "heat": heat, "total": staffing.rolled(unit),
        "units": Unit.objects.visible_to(request.user).order_by("path")[:500],
        "can_set": permissions.can_draft(request.user, unit)})


@login_required
@require_GET
def establishment_export(request: AuthedRequest) -> FileResponse:
    unit = unit_from_request(request.user, request.GET.get("unit"))
    staffing = selectors.staffing(unit)
    columns = [Column(str(t)) for t in (_("Unit"), _("Trade"), _("Level band"), _("Required"),
                                        _("Actual"), _("Shortage (−) or surplus (+)"))]
    rows = [[u.name, t.name, selectors.band_label(b), c.required, c.actual, c.gap]
            for u, t, b, c in staffing.rows()]
    return export_response("xlsx", title=_("Establishment and actual technical staff"),
                           name=_("establishment"),
                           info=export_info(unit=unit.name, filters="", count=len(rows)),
                           columns=columns, rows=rows)


@login_required
@require_http_methods(["GET", "POST"])
def establishment_set(request: AuthedRequest) -> HttpResponse:
    permissions.ensure_can_draft(request.user, request.user.unit)
    form = EstablishmentForm(request.POST or None, user=request.user, initial={
        "unit": request.user.unit_id, "valid_from": timezone.localdate()})
    if form.is_valid():
        try:
            row = services.establishment_set(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Establishment recorded."))
            return redirect_after_post(request,
                                       f"{reverse('people:establishment')}?unit={row.unit_id}")
    return form_page(request, form, title=_("Set the establishment"),
                     back=reverse("people:establishment"),
                     crumbs=[(_("Establishment"), reverse("people:establishment"))])

"""Reports on holdings: balances as at a date and closing periods, each with an Excel export of
the same query; the old addresses of the period report and the strength screen redirect to the
reports app."""

import datetime as dt
import io
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kythuat.catalog.models import EquipmentType, UsageGroup
from kythuat.core.forms import add_service_error, filters_in_words
from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.quick_select import quick_filters
from kythuat.core.text import file_slug
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import CSV_TYPE, XLSX_TYPE
from kythuat.org.models import Role, Unit
from kythuat.org.selectors import unit_from_request

from .. import renderers, selectors, services
from ..forms import BalanceForm, PeriodCloseForm
from ..renderers import BalanceRow, BalanceTable
from ..selectors.periods import closes_seen_by, with_snapshot_counts

GROUPS = {
    "type_grade": ("type_id",),
    "unit": ("unit_id",),
    "unit_type": ("unit_id", "type_id"),
    "usage_group": ("usage_group_id", "type_id"),
}


def _bound(form):
    """The valid part of a GET form (an unbound form gives {})."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return form.cleaned_data


def _xlsx(data: bytes, name: str, fmt: str = "xlsx") -> FileResponse:
    filename = f"{file_slug(name)}-{timezone.localdate():%Y%m%d}.{fmt}"
    content_type = CSV_TYPE if fmt == "csv" else XLSX_TYPE
    return FileResponse(
        io.BytesIO(data), as_attachment=True, filename=filename, content_type=content_type
    )


def _today() -> str:
    return timezone.localdate().strftime("%d/%m/%Y")


# Balances as at a date


def _balance_query(request: AuthedRequest) -> dict:
    unit = unit_from_request(request.user, request.GET.get("unit"))
    form = BalanceForm(request.GET or None, user=request.user, initial={"unit": unit.pk})
    data = _bound(form)
    group = data.get("group") or "type_grade"
    filters = {}
    if data.get("branch"):
        filters["type__branch_id"] = data["branch"].pk
    if data.get("type"):
        filters["type_id"] = data["type"].pk
    if data.get("facility"):
        filters["facility_id"] = data["facility"].pk
    return {
        "unit": unit,
        "form": form,
        "day": data.get("as_of"),
        "group": group,
        "filters": filters,
    }


def _balance_table(unit: Unit, day: dt.date | None, group: str, filters: dict) -> BalanceTable:
    """Figures by grade per row of the grouping; a row without a type column is split by unit
    of measure, since rifles and litres do not add up."""
    dims = GROUPS[group]
    fields = tuple(dict.fromkeys((*dims, "type_id", "grade")))
    rows = selectors.subtree_balances_as_of(unit=unit, day=day, fields=fields, filters=filters)
    ids = {name: {key[i] for key in rows} for i, name in enumerate(fields)}
    units = Unit.objects.in_bulk(ids.get("unit_id", set()))
    types = EquipmentType.objects.select_related("branch").in_bulk(ids["type_id"])
    groups = UsageGroup.objects.in_bulk(ids.get("usage_group_id", set()))
    parents = set(Unit.objects.filter(parent__in=list(units)).values_list("parent", flat=True))
    table: dict[tuple, BalanceRow] = {}
    sort_keys: dict[tuple, tuple] = {}
    for key, quantity in rows.items():
        values = dict(zip(fields, key, strict=True))
        etype = types[values["type_id"]]
        row_key = (*(values[d] for d in dims), etype.uom)
        if row_key not in table:
            row_unit = units.get(values.get("unit_id"))
            shown_type = etype if "type_id" in dims else None
            usage = groups.get(values.get("usage_group_id"))
            names = {"unit_id": row_unit, "type_id": etype, "usage_group_id": usage}
            row = BalanceRow(
                labels=tuple(names[d].name for d in dims),
                uom=etype.uom,
                depth=min(row_unit.depth - unit.depth, 4) if row_unit else 0,
            )
            link_unit = unit if row_unit is None else row_unit
            if day is None and shown_type and etype.is_serial and link_unit.pk not in parents:
                row.links = _item_links(link_unit, etype, usage, filters.get("facility_id"))
            table[row_key] = row
            sort_keys[row_key] = (*_sort_key(row_unit, shown_type, usage), etype.uom)
        row = table[row_key]
        row.by_grade[values["grade"]] = row.by_grade.get(values["grade"], 0) + quantity
    headings = {
        "unit_id": _("Unit"),
        "type_id": _("Equipment type"),
        "usage_group_id": _("Usage group"),
    }
    ordered = [table[k] for k in sorted(table, key=sort_keys.__getitem__)]
    return BalanceTable(headings=[headings[d] for d in dims], rows=ordered)


def _item_links(
    unit: Unit, etype: EquipmentType, usage: UsageGroup | None, facility_id: int | None = None
) -> dict[int, str]:
    """Item-list queries whose count is the figure: by grade, and 0 for the row total.

    Only a unit without subordinates can be a row's link (the item list always includes the
    subordinates of the unit it filters on), and only for types tracked by serial number.
    """
    query = {"unit": unit.pk, "type": etype.pk}
    if usage:
        query["usage_group"] = usage.pk
    if facility_id:
        query["facility"] = facility_id
    return {
        0: urlencode(query),
        **{grade: urlencode({**query, "grade": grade}) for grade in renderers.GRADES},
    }


def _sort_key(unit: Unit | None, etype: EquipmentType | None, usage: UsageGroup | None):
    return (
        ((unit.path,) if unit else ())
        + ((usage.order, usage.name) if usage else ())
        + ((etype.branch.order, etype.branch.name, etype.name) if etype else ())
    )


@login_required
@require_http_methods(["GET"])
def balance_list(request: AuthedRequest) -> HttpResponse:
    query = _balance_query(request)
    table = _balance_table(query["unit"], query["day"], query["group"], query["filters"])
    last_year = timezone.localdate().year - 1
    shortcut = request.GET.copy()
    shortcut["as_of"] = f"31/12/{last_year}"
    context = {
        **query,
        "table": table,
        "shortcut_query": shortcut.urlencode(),
        "shortcut_year": last_year + 1,
        "query": request.GET.urlencode(),
        "grades": renderers.GRADES,
    }
    return render(request, "holdings/balance_list.html", context)


@login_required
@require_http_methods(["GET"])
def balance_export(request: AuthedRequest, fmt: str = "xlsx") -> FileResponse:
    query = _balance_query(request)
    table = _balance_table(query["unit"], query["day"], query["group"], query["filters"])
    day = query["day"]
    info = [
        (_("Unit"), query["unit"].name),
        (_("Date of export"), _today()),
        (
            _("As at"),
            _("end of %(date)s") % {"date": day.strftime("%d/%m/%Y")}
            if day
            else _("now (%(date)s)") % {"date": _today()},
        ),
        (_("Group"), dict(BalanceForm.GROUPS)[query["group"]]),
        (
            _("Filters"),
            filters_in_words(query["form"], exclude=("unit", "as_of", "group")) or _("none"),
        ),
    ]
    data = renderers.render_balances_xlsx(table, info=info, fmt=fmt)
    return _xlsx(data, _("balances"), fmt)


# The period report and authorised strength moved to the reports app (one screen and one
# Excel file each); the old addresses redirect there so bookmarks keep working.


def _moved(request: AuthedRequest, name: str, query: QueryDict | None = None) -> HttpResponse:
    # The unit is checked here too, so an outside unit answers 404 before any redirect.
    unit_from_request(request.user, request.GET.get("unit"))
    query = request.GET if query is None else query
    url = reverse(name)
    return redirect(f"{url}?{query.urlencode()}" if query else url)


@login_required
@require_http_methods(["GET"])
def period_report(request: AuthedRequest) -> HttpResponse:
    return _moved(request, "reports:increase-decrease")


@login_required
@require_http_methods(["GET"])
def period_report_export(request: AuthedRequest) -> HttpResponse:
    return _moved(request, "reports:increase-decrease-export")


def _strength_query(request: AuthedRequest) -> QueryDict:
    """The old screen listed every unit unless "collapse" was ticked; the report lists direct
    subordinates unless "per_unit" is ticked."""
    query = request.GET.copy()
    if query.pop("collapse", None) is None:
        query["per_unit"] = "on"
    query.pop("page", None)
    return query


@login_required
@require_http_methods(["GET"])
def strength(request: AuthedRequest) -> HttpResponse:
    return _moved(request, "reports:strength", _strength_query(request))


@login_required
@require_http_methods(["GET"])
def strength_export(request: AuthedRequest, fmt: str = "xlsx") -> HttpResponse:
    return _moved(request, "reports:strength-export", _strength_query(request))


# Closing periods


def _closes_context(request: AuthedRequest, form: PeriodCloseForm | None = None) -> dict:
    user = request.user
    closes = closes_seen_by(user)
    can_close = user.is_authenticated and user.has_role(Role.OFFICER)
    if can_close and form is None:
        form = PeriodCloseForm(user=user)
    if can_close:
        quick_filters(form, user)  # the units to close: near ones, not the whole subtree
    page = paginate(request, closes)
    page.object_list = with_snapshot_counts(page.object_list)
    return {"page": page, "form": form if can_close else None}


@login_required
@require_http_methods(["GET"])
def period_close_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "holdings/period_close_list.html", _closes_context(request))


@login_required
@require_http_methods(["POST"])
def period_close_create(request: AuthedRequest) -> HttpResponse:
    form = PeriodCloseForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            close = services.period_close(
                actor=request.user, unit=form.cleaned_data["unit"], **form.service_arguments()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The books of %(unit)s are closed for %(period)s.")
                % {"unit": close.unit.name, "period": close.period_label},
            )
            return redirect_after_post(request, reverse("holdings:period-close-list"))
    return render(request, "holdings/period_close_list.html", _closes_context(request, form))


@login_required
@require_http_methods(["GET"])
def period_close_export(request: AuthedRequest, fmt: str) -> HttpResponse:
    from kythuat.core.xlsx import Column, export_info, export_response
    from kythuat.org.selectors import default_unit

    closes = closes_seen_by(request.user).annotate(balances=Count("snapshots"))
    columns = [Column(_("No."), 6), Column(_("Unit")), Column(_("Period")),
               Column(_("Period start"), 12), Column(_("Period end"), 12),
               Column(_("Balances kept"), 12), Column(_("Closed by")), Column(_("Closed at"))]
    rows = (
        [n, c.unit.name, c.period_label, c.period_start, c.period_end, c.balances,
         str(c.closed_by or ""), timezone.localtime(c.closed_at).strftime("%d/%m/%Y %H:%M")]
        for n, c in enumerate(closes, start=1)
    )
    return export_response(
        fmt, name=_("closed periods"), title=_("CLOSED PERIODS"),
        info=export_info(unit=default_unit(request.user).name, filters="",
                         count=closes.count()),
        columns=columns, rows=rows)


urlpatterns = [
    path("balances/", balance_list, name="balance-list"),
    path("balances/export.xlsx", balance_export, name="balance-export"),
    path("balances/export.csv", balance_export, {"fmt": "csv"}, name="balance-export-csv"),
    path("reports/period/", period_report, name="period-report"),
    path("reports/period/export.xlsx", period_report_export, name="period-report-export"),
    path("strength/", strength, name="strength"),
    path("strength/export.xlsx", strength_export, name="strength-export"),
    path("strength/export.csv", strength_export, {"fmt": "csv"}, name="strength-export-csv"),
    path("periods/", period_close_list, name="period-close-list"),
    path("periods/export.xlsx", period_close_export, {"fmt": "xlsx"},
         name="period-close-export"),
    path("periods/export.csv", period_close_export, {"fmt": "csv"},
         name="period-close-export-csv"),
    path("periods/close/", period_close_create, name="period-close-create"),
]

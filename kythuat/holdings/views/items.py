"""The register of items and lots: lists, exports, an item's page and its edit form."""

import datetime as dt
import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet, Sum
from django.forms.models import ModelChoiceIterator
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from kythuat.core import quick_select
from kythuat.core.forms import add_service_error, filters_in_words
from kythuat.core.htmx import redirect_after_post
from kythuat.core.quick_select import QuickSelect
from kythuat.core.text import file_slug, fold
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import CSV_TYPE, XLSX_TYPE, Column, export_info, export_response
from kythuat.org import permissions
from kythuat.org.querysets import subtree_ids
from kythuat.org.selectors import default_unit, unit_from_request

from .. import renderers, selectors, services
from ..choices import HELD_STATUSES, MovementKind
from ..filters import ItemFilter
from ..forms import AsOfForm, ItemEditForm, LotFilterForm, style_item_filter_form
from ..kept import paginate_kept_order
from ..models import Balance, Item, LedgerEntry, Lot, Movement
from ..selectors.items import item_count, item_filter

SORTS = {
    "type": ("type__name", "search_text", "id"),
    "serial": ("search_text", "id"),
    "year": ("manufactured_year", "id"),
    "grade": ("grade", "type__name", "id"),
    "unit": ("unit__path", "type__name", "id"),
}
EXPIRY_WARNING_DAYS = 183
# Above this many items an export runs as a background job (the file of a military region's
# 100,000 items takes about 10 s to write); the screen says so next to the export buttons.
BACKGROUND_ITEMS = 5000


def _quick_filter_bar(form) -> None:
    """The filter bar's selects rendered in Python, their options read as (id, name) pairs
    (every option of these is the object's name)."""
    for name in ("unit", "branch", "type", "usage_group", "facility", "status"):
        field = form.fields[name]
        choices = field.widget.choices
        if isinstance(choices, ModelChoiceIterator):
            empty = [] if field.empty_label is None else [("", field.empty_label)]
            choices = [*empty, *field.queryset.values_list("pk", "name")]
        field.widget = QuickSelect(attrs=field.widget.attrs, choices=list(choices))
    grade = form.fields["grade"]
    grade.widget = quick_select.CheckboxSelectMultiple(attrs=grade.widget.attrs,
                                                       choices=grade.widget.choices)


def _items(request: AuthedRequest, *, screen: bool = True
           ) -> tuple[QuerySet[Item], ItemFilter, str]:
    return _items_for(request.user, request.GET, screen=screen)


def _items_for(user, query, *, screen: bool = True) -> tuple[QuerySet[Item], ItemFilter, str]:
    """The filtered, sorted items of the query, its filter set and the sort key."""
    if query.get("unit"):
        unit_from_request(user, query["unit"])  # 404 outside the subtree
    # One filter set per request: its form is the filter bar, its queryset the list.
    filterset = item_filter(user=user, filters=query)
    if screen:
        style_item_filter_form(filterset.form, user)
        _quick_filter_bar(filterset.form)
    sort = query.get("sort", "")
    order = SORTS.get(sort.lstrip("-"))
    items = selectors.item_list(user=user, filterset=filterset)
    if order:
        items = items.order_by(*(f"-{f}" for f in order) if sort.startswith("-") else order)
    else:
        sort = ""
        # The register's own order (as entered), which the primary key gives without a sort
        # of the whole subtree; sorting by type or serial is a click away.
        items = items.order_by("id")
    return items, filterset, sort


class _CountedPaginator(Paginator):
    """A paginator told the count (selectors.item_count keeps it), so a page of a military
    region does not count its 100,000 items again."""

    def __init__(self, object_list, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known = count

    @cached_property
    def count(self) -> int:
        return self._known


# What the rows show (holdings/_item_rows.html), read as tuples, not model instances.
LIST_FIELDS = ("pk", "serial", "grade", "status", "manufactured_year", "is_complete",
               "missing_parts", "type__name", "type__symbol", "usage_group__name", "unit__name",
               "facility__name")


class ListRow(dict):
    """One row of the list: a dict, which the template engine reads without trying anything
    else first, whose keys are also attributes (row.serial), like the item's."""

    __slots__ = ()

    def __getattr__(self, name: str):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _list_rows(ids: list[int]) -> list[ListRow]:
    """The rows of the items `ids` (in that order) with their texts ready: the template only
    places them (a template variable that walks item.type.name or calls get_status_display
    costs ~10 µs, and 50 rows × 15 of them were a third of the page)."""
    position = {pk: index for index, pk in enumerate(ids)}
    values = sorted(Item.objects.filter(pk__in=ids).values_list(*LIST_FIELDS),
                    key=lambda row: position[row[0]])
    statuses = {key: capfirst(str(label))
                for key, label in Item._meta.get_field("status").flatchoices}
    grades: dict[int, str] = {}
    rows = []
    for (pk, serial, grade, status, year, complete, missing_parts, type_name, symbol,
         usage_group, unit, facility) in values:
        if grade not in grades:
            # The msgid of {% blocktranslate %}Grade {{ grade }}{% endblocktranslate %}.
            grades[grade] = _("Grade %(grade)s") % {"grade": grade}
        rows.append(ListRow(
            pk=pk, url=reverse("holdings:item-detail", args=[pk]), serial=serial,
            grade=grade, grade_title=grades[grade], status=status,
            status_label=statuses.get(status, status), held=status in HELD_STATUSES,
            year="—" if year is None else str(year), is_complete=complete,
            missing_parts=missing_parts, type_name=type_name, symbol=symbol,
            usage_group=usage_group, unit=unit, facility=facility or "—"))
    return rows


@login_required
@vary_on_headers("HX-Request")
@require_http_methods(["GET"])
def item_list(request: AuthedRequest) -> HttpResponse:
    # An htmx request gets the rows only: the filter bar's options are not read.
    items, filterset, sort = _items(request, screen=not request.htmx)
    query = request.GET.copy()
    query.pop("page", None)
    sort_links = {}
    for key in SORTS:
        toggled = query.copy()
        toggled["sort"] = f"-{key}" if sort == key else key
        sort_links[key] = toggled.urlencode()
    filtered = any(value for name, value in query.items() if name != "sort")
    count = item_count(user=request.user, filterset=filterset)
    # The page's ids first, then their rows: the ids alone keep PostgreSQL on the primary key
    # index (with the joins of the rows it sorted the whole subtree for a far page: 640 ms).
    ids = items.select_related(None).values_list("pk", flat=True)
    page = _CountedPaginator(ids, settings.KYTHUAT_PAGE_SIZE, count=count).get_page(
        request.GET.get("page"))
    page.object_list = _list_rows(list(page.object_list))
    context = {
        "page": page,
        "export_in_background": count > BACKGROUND_ITEMS,
        "filter_form": filterset.form,
        "sort": sort,
        "query": query.urlencode(),
        "sort_links": sort_links,
        "filtered": filtered,
    }
    template = "holdings/_item_rows.html" if request.htmx else "holdings/item_list.html"
    return render(request, template, context)


ROW_FIELDS = ("type__name", "type__symbol", "serial", "manufactured_year", "grade",
              "usage_group__name", "unit__name", "facility__name", "status", "is_complete",
              "missing_parts")


def _item_rows(items: QuerySet[Item]):
    # Tuples, not model instances: a third of the time for an export of 30,000 items.
    statuses = {key: str(label) for key, label in Item._meta.get_field("status").flatchoices}
    rows = items.select_related(None).values_list(*ROW_FIELDS).iterator(chunk_size=2000)
    for (type_name, symbol, serial, year, grade, usage_group, unit, facility, status, complete,
         missing_parts) in rows:
        yield renderers.ItemRow(
            type_name=type_name,
            symbol=symbol,
            serial=serial,
            year=year,
            grade=grade,
            usage_group=usage_group,
            unit=unit,
            facility=facility or "",
            status=statuses.get(status, status),
            complete=complete,
            missing_parts=missing_parts,
        )


def _export_info(user, filterset: ItemFilter, count: int) -> list:
    unit = filterset.form.cleaned_data.get("unit") if filterset.form.is_valid() else None
    return [
        (_("Unit"), (unit or default_unit(user)).name),
        (_("Date"), timezone.localdate().strftime("%d/%m/%Y")),
        (_("Filters"), filters_in_words(filterset.form, exclude=("unit",)) or _("none")),
        (_("Number of items"), count),
    ]


def _counting(rows, total: int, progress, every: int):
    done = 0
    progress(0, total)
    for row in rows:
        yield row
        done += 1
        if done % every == 0:
            progress(done, total)
    progress(done, max(total, done))


def write_items(user, query, fmt: str, *, progress=None, every: int = 1000
                ) -> tuple[str, bytes]:
    """The item register file (xlsx or csv) of the list's filters, as the user may see it:
    the file name and its content. The screen writes it at once, a job when it is large."""
    items, filterset, _sort = _items_for(user, query, screen=False)
    count = item_count(user=user, filterset=filterset)
    info = _export_info(user, filterset, count)
    rows = _item_rows(items)
    if progress is not None:
        rows = _counting(rows, count, progress, every)
    if fmt == "xlsx":
        data = renderers.render_items_xlsx(rows, info=info)
    else:
        data = renderers.render_items_csv(rows, info=info)
    return f"{file_slug(_('items'))}-{timezone.localdate():%Y%m%d}.{fmt}", data


def _export(request: AuthedRequest, fmt: str) -> HttpResponse:
    """The file at once, or for more than BACKGROUND_ITEMS items a background job whose page
    shows its progress and then offers the file."""
    _items_qs, filterset, _sort = _items(request, screen=False)
    count = item_count(user=request.user, filterset=filterset)
    if count > BACKGROUND_ITEMS:
        from kythuat.jobs.services import job_submit

        form = filterset.form
        unit = (form.cleaned_data.get("unit") if form.is_valid() else None) or default_unit(
            request.user)
        job = job_submit(actor=request.user, kind="holdings.items_export", unit=unit,
                         params={"query": request.GET.urlencode(), "format": fmt},
                         title=_("Item register, %(count)s items – %(unit)s")
                         % {"count": f"{count:,}".replace(",", "."), "unit": unit.name})
        return redirect(job.get_absolute_url())
    name, data = write_items(request.user, request.GET, fmt)
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=name,
                        content_type=XLSX_TYPE if fmt == "xlsx" else CSV_TYPE)


@login_required
@require_http_methods(["GET"])
def item_export(request: AuthedRequest) -> HttpResponse:
    return _export(request, "xlsx")


@login_required
@require_http_methods(["GET"])
def item_export_csv(request: AuthedRequest) -> HttpResponse:
    return _export(request, "csv")


def _visible_item(request: AuthedRequest, pk: int) -> Item:
    items = Item.objects.visible_to(request.user).select_related(
        "type", "type__branch", "unit", "facility", "usage_group", "placement"
    )
    return get_object_or_404(items, pk=pk)


def _grade_changes(entries: list[LedgerEntry]) -> list[dict]:
    """Each time the item came into the books with another grade than it had."""
    changes, grade = [], None
    for entry in entries:
        if entry.quantity > 0:
            if grade is not None and entry.grade != grade:
                changes.append(
                    {
                        "date": entry.effective_date,
                        "before": grade,
                        "after": entry.grade,
                        "movement": entry.movement,
                    }
                )
            grade = entry.grade
    return changes


def _shown(value):
    """An audit value as people read it: yes/no for booleans, None for nothing."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return None if value in ("", None) else value


def _field_label(name: str) -> str:
    try:
        return str(Item._meta.get_field(name).verbose_name)
    except Exception:  # a field that no longer exists keeps its code name
        return name


@login_required
@require_http_methods(["GET"])
def item_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _visible_item(request, pk)
    as_of_form = AsOfForm(request.GET if "as_of" in request.GET else None)
    state = None
    if as_of_form.is_valid() and as_of_form.cleaned_data["as_of"]:
        day = as_of_form.cleaned_data["as_of"]
        state = {"day": day, "value": selectors.item_state_as_of(item=item, day=day)}
    history = selectors.item_history(user=request.user, item=item)
    entries = list(history["entries"])
    visible = set(
        Movement.objects.visible_to(request.user)
        .filter(pk__in={e.movement_id for e in entries})
        .values_list("pk", flat=True)
    )
    events = [
        {
            "event": event,
            "changes": [
                (_field_label(name), *(_shown(v) for v in values))
                for name, values in (event.changes or {}).items()
            ],
        }
        for event in history["events"]
    ]
    context = {
        "item": item,
        "as_of_form": as_of_form,
        "state": state,
        "entries": entries,
        "visible_movements": visible,
        "grade_changes": _grade_changes(entries),
        "units": history["units"],
        "events": events,
        "can_edit": permissions.can_draft(request.user, item.unit),
        "grade_change_kind": MovementKind.GRADE_CHANGE,
    }
    return render(request, "holdings/item_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _visible_item(request, pk)
    if not permissions.can_draft(request.user, item.unit):
        raise PermissionDenied(
            _(
                "Your role does not allow changing items of %(unit)s; ask a "
                "clerk or an officer of the unit."
            )
            % {"unit": item.unit.name}
        )
    form = ItemEditForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(actor=request.user, item=item, data=dict(form.cleaned_data))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The item record was saved."))
            return redirect_after_post(request, item.get_absolute_url())
    return render(request, "holdings/item_form.html", {"item": item, "form": form})


# Lots


@login_required
@require_http_methods(["GET"])
def lot_list(request: AuthedRequest) -> HttpResponse:
    lots, form, unit = _filtered_lots(request)
    today = timezone.localdate()
    export_query = request.GET.copy()
    export_query.pop("page", None)
    # The order of the subtree's lots is kept until something is written; a page reads its rows.
    page = paginate_kept_order(request, lots, "lots", lambda ids: Lot.objects.filter(
        pk__in=ids).select_related("type"))
    page.object_list = _with_on_hand(page.object_list, unit)
    context = {
        "page": page,
        "filter_form": form,
        "today": today,
        "soon": today + dt.timedelta(days=EXPIRY_WARNING_DAYS),
        "unit": unit,
        "export_query": export_query.urlencode(),
    }
    return render(request, "holdings/lot_list.html", context)


def _on_hand(unit) -> Sum:
    return Sum("balances__quantity", filter=Q(balances__unit__in=subtree_ids(unit)))


def _with_on_hand(lots: list, unit) -> list:
    """The quantity on hand in the unit's subtree of the lots shown (one grouped query, not a
    sum for every lot of the subtree before the page is cut)."""
    sums = dict(Balance.objects.filter(lot__in=lots, unit__in=subtree_ids(unit))
                .values("lot_id").annotate(q=Sum("quantity")).values_list("lot_id", "q"))
    for lot in lots:
        lot.on_hand = sums.get(lot.pk)
    return lots


def _filtered_lots(request: AuthedRequest):
    """The lots of the list screen (and its export), the filter form and the unit counted."""
    form = LotFilterForm(request.GET or None, user=request.user)
    unit = default_unit(request.user)
    lots = selectors.lot_list(user=request.user)
    today = timezone.localdate()
    if form.is_valid():
        data = form.cleaned_data
        if fold(data["q"]):
            lots = lots.filter(search_text__contains=fold(data["q"]))
        if data["type"]:
            lots = lots.filter(type=data["type"])
        if data["status"]:
            lots = lots.filter(status=data["status"])
        if data["expiry"] == "expired":
            lots = lots.filter(expiry_date__lt=today)
        elif data["expiry"] == "soon":
            lots = lots.filter(
                expiry_date__gte=today,
                expiry_date__lte=today + dt.timedelta(days=EXPIRY_WARNING_DAYS),
            )
    lots = lots.order_by("type__name", "lot_number")
    return lots, form, unit


@login_required
@require_http_methods(["GET"])
def lot_export(request: AuthedRequest, fmt: str) -> HttpResponse:
    lots, form, unit = _filtered_lots(request)
    lots = lots.annotate(on_hand=_on_hand(unit))
    columns = [Column(_("No."), 6), Column(_("Equipment type")), Column(_("Lot number")),
               Column(_("Manufacturer")), Column(_("Year of manufacture"), 10, "0"),
               Column(_("Expiry date"), 12), Column(_("Status")),
               Column(_("On hand"), 12)]
    rows = (
        [n, lot.type.name, lot.lot_number, lot.manufacturer, lot.manufactured_year,
         lot.expiry_date, lot.get_status_display(), renderers.qty(lot.on_hand)]
        for n, lot in enumerate(lots.select_related("type").iterator(chunk_size=2000), start=1)
    )
    return export_response(
        fmt, name=_("lots"), title=_("LOTS"),
        info=export_info(unit=unit.name, filters=filters_in_words(form), count=lots.count()),
        columns=columns, rows=rows)


@login_required
@require_http_methods(["GET"])
def lot_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    lot = get_object_or_404(selectors.lot_list(user=request.user), pk=pk)
    balances = list(
        Balance.objects.visible_to(request.user)
        .filter(lot=lot, quantity__gt=0)
        .select_related("unit", "facility", "usage_group")
        .order_by("unit__path", "grade")
    )
    for balance in balances:
        balance.shown = renderers.qty(balance.quantity)
    total = renderers.qty(sum((b.quantity for b in balances), 0))
    entries = list(
        LedgerEntry.objects.visible_to(request.user)
        .filter(lot=lot)
        .select_related("movement", "unit")
        .order_by("-effective_date", "-id")[:100]
    )
    for entry in entries:
        entry.shown = renderers.qty(entry.quantity)
    today = timezone.localdate()
    days_left = (lot.expiry_date - today).days if lot.expiry_date else None
    context = {
        "lot": lot,
        "balances": balances,
        "total": total,
        "entries": entries,
        "days_left": days_left,
        "warning_days": EXPIRY_WARNING_DAYS,
    }
    return render(request, "holdings/lot_detail.html", context)


urlpatterns = [
    path("items/", item_list, name="item-list"),
    path("items/export.xlsx", item_export, name="item-export"),
    path("items/export.csv", item_export_csv, name="item-export-csv"),
    path("items/<int:pk>/", item_detail, name="item-detail"),
    path("items/<int:pk>/edit/", item_edit, name="item-edit"),
    path("lots/", lot_list, name="lot-list"),
    path("lots/export.xlsx", lot_export, {"fmt": "xlsx"}, name="lot-export"),
    path("lots/export.csv", lot_export, {"fmt": "csv"}, name="lot-export-csv"),
    path("lots/<int:pk>/", lot_detail, name="lot-detail"),
]

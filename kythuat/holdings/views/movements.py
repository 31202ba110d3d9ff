"""Document (phiếu) screens: list, draft with a line editor, detail, post, reverse, delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from kythuat.audit.models import AuditEvent
from kythuat.core.forms import filters_in_words
from kythuat.core.htmx import redirect_after_post
from kythuat.core.quick_select import near_units, quicken
from kythuat.core.text import fold
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import Column, export_response
from kythuat.org import permissions
from kythuat.org.models import Unit
from kythuat.org.selectors import default_unit, visible_unit

from .. import selectors, services
from ..choices import INCREASES, MovementKind
from ..filters import MovementFilter
from ..kept import paginate_kept
from ..models import Balance, Item, Movement, MovementLine
from ..movement_forms import (
    LineEditor,
    MovementForm,
    ReturnForm,
    ReverseForm,
    format_quantity,
    kinds_for_menu,
    rows_from_movement,
)

SEARCH_LIMIT = 30


def _units_allow(check, user, movement: Movement) -> bool:
    units = [unit for unit in (movement.from_unit, movement.to_unit) if unit is not None]
    return bool(units) and all(check(user, unit) for unit in units)


def _may_draft(user) -> bool:
    try:
        return permissions.can_draft(user, default_unit(user))
    except Http404:
        return False


def _visible(request: AuthedRequest, pk: int):
    return get_object_or_404(Movement.objects.visible_to(request.user).select_related(
        "from_unit", "to_unit", "from_facility", "to_facility", "created_by", "posted_by",
        "reverses"), pk=pk)


def _unit_param(request: AuthedRequest) -> Unit | None:
    """The `unit` parameter: a unit outside the user's subtree, or a malformed id, is a 404."""
    value = request.GET.get("unit") or request.GET.get("from_unit") or ""
    if not value:
        return None
    if not value.isdigit():
        raise Http404
    return visible_unit(request.user, int(value))


def _service_messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [message for messages_ in error.message_dict.values() for message in messages_]
    return list(error.messages)


# List --------------------------------------------------------------------------------------

@login_required
@require_GET
@vary_on_headers("HX-Request")
def movement_list(request: AuthedRequest) -> HttpResponse:
    _unit_param(request)
    # The page walks the (effective date, id) index and stops after its rows; the count of
    # the subtree's documents is kept until something is written; lines and reversals are
    # read for the page's documents only.
    movements = selectors.movement_list(user=request.user, filters=request.GET).order_by(
        "-effective_date", "-id").prefetch_related(None)
    page = paginate_kept(request, movements, "documents")
    page.object_list = _with_page_facts(list(page.object_list))
    context = {
        "page": page,
        "filter_form": _filter_form(request),
        "kinds": kinds_for_menu() if _may_draft(request.user) else [],
    }
    template = "holdings/_movement_rows.html" if request.htmx else "holdings/movement_list.html"
    return render(request, template, context)


def _with_page_facts(movements: list[Movement]) -> list[Movement]:
    """Each document of the page with its line count and its reversal (the status shows
    "reversed"). Reversals are read in the order of their unique index: SQLite plans the
    unordered prefetch of 50 ids as a scan of every document."""
    counts = dict(MovementLine.objects.filter(movement__in=movements).values("movement_id")
                  .annotate(n=Count("id")).values_list("movement_id", "n"))
    reversals = {reversal.reverses_id: reversal for reversal in Movement.objects.filter(
        reverses__in=movements).order_by("reverses_id")}
    reversal = Movement._meta.get_field("reversal")
    for movement in movements:
        movement.line_count = counts.get(movement.pk, 0)
        reversal.set_cached_value(movement, reversals.get(movement.pk))
    return movements


def _filter_form(request: AuthedRequest):
    form = MovementFilter(request.GET, user=request.user).form
    for name in ("date_from", "date_to"):
        form.fields[name].widget.attrs.update(placeholder="dd/mm/yyyy", autocomplete="off")
    near_units(form, request.user)  # not every unit of a military region as an option
    return quicken(form)


def _export_rows(movements):
    for movement in movements.iterator(chunk_size=2000):
        reversed_ = movement.status == Movement.Status.POSTED and hasattr(movement, "reversal")
        status = _("reversed") if reversed_ else movement.get_status_display()
        yield [movement.number, movement.get_kind_display(), movement.effective_date,
               movement.from_unit.name if movement.from_unit else "",
               movement.to_unit.name if movement.to_unit else "", movement.line_count, status,
               movement.reverses.number if movement.reverses else "", movement.reason,
               movement.decision_ref, str(movement.created_by or ""),
               str(movement.posted_by or "")]


@login_required
@require_GET
def movement_export(request: AuthedRequest, fmt: str = "xlsx") -> FileResponse:
    """The filtered list as an Excel (or CSV) file."""
    unit = _unit_param(request) or default_unit(request.user)
    filterset = MovementFilter(request.GET, user=request.user)
    movements = selectors.movement_list(user=request.user, filters=request.GET).annotate(
        line_count=Count("lines")).order_by("-effective_date", "-id")
    columns = [Column(str(title)) for title in (
        _("Number"), _("Kind"), _("Effective date"), _("From unit"), _("To unit"), _("Lines"),
        _("Status"), _("Reverses"), _("Reason"), _("Decision"), _("Author"), _("Approved by"))]
    info = [(_("Unit"), unit.name),
            (_("Date"), timezone.localdate().strftime("%d/%m/%Y")),
            (_("Filters"), filters_in_words(filterset.form) or _("none")),
            (_("Number of documents"), movements.count())]
    return export_response(fmt, name=_("documents"), title=_("Documents"), info=info,
                           columns=columns, rows=_export_rows(movements))


# Draft: create and edit --------------------------------------------------------------------

def _editor_page(request: AuthedRequest, *, kind: str, movement: Movement | None = None):
    """The header form and the line editor; saves through the services when all is well."""
    user = request.user
    editor = LineEditor(user=user, kind=kind)
    form = MovementForm(request.POST or None, user=user, kind=kind,
                        initial=_initial(movement) if movement else _initial_new(user, kind))
    rows = editor.read(request.POST) if request.method == "POST" else (
        rows_from_movement(movement) if movement else [editor.blank_row(0)])
    line_errors: list[str] = []
    pasted = editor.pasted_rows(request.POST, start=len(rows)) if request.method == "POST" else []
    if pasted:
        # Numbers left in the paste box become lines to check, rather than being lost.
        rows = [row for row in rows if not row.is_blank()] + pasted
        messages.info(request, _("The pasted numbers were added as lines; check them and save "
                                 "again."))
    elif request.method == "POST":
        line_errors = editor.parse(rows)
        if form.is_valid() and not line_errors:
            lines = [row.spec for row in rows]
            try:
                if movement is None:
                    movement = services.movement_create(actor=user, lines=lines, kind=kind,
                                                        **form.header())
                else:
                    movement = services.movement_update(actor=user, movement=movement,
                                                        lines=lines, **form.header())
            except ValidationError as error:
                line_errors = form.add_service_error(error)
            else:
                messages.success(request, _("Draft %(document)s saved. An officer can now post "
                                            "it.") % {"document": movement.get_kind_display()})
                return redirect_after_post(request, movement.get_absolute_url())
    if not rows:
        rows = [editor.blank_row(0)]
    for position, row in enumerate(rows):
        row.index = position
    context = {**editor.context(), "form": form, "rows": rows, "line_errors": line_errors,
               "movement": movement, "kind_label": MovementKind(kind).label,
               "next_index": len(rows), "paste_label": _paste_label(kind)}
    return render(request, "holdings/movement_form.html", context)


def _initial(movement: Movement) -> dict:
    return {name: getattr(movement, name) for name in (
        "from_unit", "to_unit", "from_facility", "to_facility", "source", "effective_date",
        "reason", "decision_ref", "note")}


def _initial_new(user, kind: str) -> dict:
    """A new document starts from the user's own unit: the receiver of a receipt, the sender
    of anything else."""
    unit = user.unit if user.unit_id else None
    return {"to_unit": unit} if kind in INCREASES else {"from_unit": unit}


def _paste_label(kind: str) -> str:
    if kind in INCREASES:
        return _("Serial numbers of new items (or lot numbers), one per line")
    return _("Serial numbers of the items (or lot numbers), one per line")


@login_required
@require_http_methods(["GET", "POST"])
def movement_create(request: AuthedRequest) -> HttpResponse:
    if not _may_draft(request.user):
        raise PermissionDenied(_("Your role does not allow recording documents; ask a clerk or "
                                 "an officer of your unit."))
    kind = request.GET.get("kind") or request.POST.get("kind") or ""
    if kind not in MovementKind.values:
        return render(request, "holdings/movement_kind.html", {"kinds": kinds_for_menu()})
    return _editor_page(request, kind=kind)


@login_required
@require_http_methods(["GET", "POST"])
def movement_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    movement = _visible(request, pk)
    if not movement.is_draft:
        messages.error(request, _("Document %(number)s is already posted; it cannot be changed. "
                                  "Reverse it and record a new one.")
                       % {"number": movement.number})
        return redirect(movement.get_absolute_url())
    permissions.ensure_can_draft(request.user, movement.from_unit, movement.to_unit)
    return _editor_page(request, kind=movement.kind, movement=movement)


@login_required
@require_http_methods(["GET", "POST"])
def movement_line_row(request: AuthedRequest) -> HttpResponse:
    """htmx: a blank row ("Add line"), a row redrawn for its chosen type, or pasted rows."""
    data = request.POST if request.method == "POST" else request.GET
    kind = data.get("kind", "")
    if kind not in MovementKind.values:
        raise Http404
    editor = LineEditor(user=request.user, kind=kind)
    try:
        index = int(data.get("index") or data.get("next_index") or 0)
    except ValueError:
        index = 0
    if "paste_serials" in data:
        rows = editor.pasted_rows(data, start=index)
        next_index = index + len(rows)
    else:
        typed = {key.rsplit("-", 1)[1]: value for key, value in data.items()
                 if key.startswith(f"lines-{index}-")}
        rows = [editor.blank_row(index, values=typed)]
        next_index = index + 1 if data.get("add") else None
    context = {**editor.context(), "rows": rows, "next_index": next_index,
               "clear_paste": "paste_serials" in data and rows}
    return render(request, "holdings/_movement_line_rows.html", context)


@login_required
@require_GET
def movement_item_search(request: AuthedRequest) -> HttpResponse:
    """htmx: <option>s of the items (serial types) or lots held by the source unit."""
    user, data = request.user, request.GET
    text = data.get("q") or next((value for key, value in data.items()
                                  if key.endswith(("-serial", "-lot_number"))), "")
    editor = LineEditor(user=user, kind=MovementKind.TRANSFER)
    etype = editor.type_of(data.get("type"))
    unit = _unit_param(request)
    options: list[tuple[str, str]] = []
    if etype is not None and etype.is_serial:
        items = Item.objects.visible_to(user).held().filter(type=etype).select_related("unit")
        if unit is not None:
            items = items.filter(unit=unit)
        if fold(text):
            items = items.filter(search_text__contains=fold(text))
        options = [(item.serial, _("grade %(grade)s · %(unit)s") % {
            "grade": item.grade, "unit": item.unit.label}) for item in items[:SEARCH_LIMIT]]
    elif etype is not None and etype.is_lot:
        balances = Balance.objects.visible_to(user).filter(
            type=etype, lot__isnull=False, quantity__gt=0).select_related("lot", "unit")
        if unit is not None:
            balances = balances.filter(unit=unit)
        if fold(text):
            balances = balances.filter(lot__search_text__contains=fold(text))
        options = [(b.lot.lot_number, _("grade %(grade)s · %(quantity)s %(uom)s · %(unit)s") % {
            "grade": b.grade, "uom": etype.uom,
            # 12000.000 reads "12.000", never "1.2E+4"
            "quantity": number_format(int(b.quantity) if b.quantity == b.quantity.to_integral()
                                      else b.quantity.normalize(), force_grouping=True),
            "unit": b.unit.label}) for b in balances.order_by("lot__lot_number")[:SEARCH_LIMIT]]
    return render(request, "holdings/_movement_item_options.html", {"options": options})


# Detail and actions ------------------------------------------------------------------------

def _detail_context(request: AuthedRequest, movement: Movement, reverse_form=None,
                    return_form=None) -> dict:
    user = request.user
    reversal = Movement.objects.visible_to(user).filter(reverses=movement).first()
    lines = list(movement.lines.select_related("type", "item", "lot", "usage_group",
                                               "usage_group_to"))
    for line in lines:
        line.quantity_display = format_quantity(line.quantity)
    events = AuditEvent.objects.visible_to(user).filter(
        target_type=movement._meta.label_lower, target_id=str(movement.pk)
    ).select_related("actor").order_by("occurred_at", "id")
    may_draft = _units_allow(permissions.can_draft, user, movement)
    may_post = _units_allow(permissions.can_post, user, movement)
    can_reverse = (may_post and not movement.is_draft and reversal is None
                   and movement.reverses_id is None)
    return {
        "movement": movement, "lines": lines, "reversal": reversal, "events": events,
        "can_edit": movement.is_draft and may_draft,
        "can_post": movement.is_draft and may_post, "can_reverse": can_reverse,
        "reverse_form": reverse_form or (ReverseForm() if can_reverse else None),
        "can_return": movement.is_draft and may_post and not movement.is_returned,
        "return_form": return_form or ReturnForm(),
        "restate_grade": movement.kind == MovementKind.GRADE_CHANGE,
        "restate_usage": movement.kind == MovementKind.USAGE_CHANGE,
    }


@login_required
@require_GET
def movement_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    movement = _visible(request, pk)
    return render(request, "holdings/movement_detail.html", _detail_context(request, movement))


@login_required
@require_POST
def movement_post(request: AuthedRequest, pk: int) -> HttpResponse:
    movement = _visible(request, pk)
    try:
        movement = services.movement_post(actor=request.user, movement=movement)
    except ValidationError as error:
        for message in _service_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Document posted as number %(number)s; the books now "
                                    "include it.") % {"number": movement.number})
    return redirect_after_post(request, _after_action(request, movement))


def _after_action(request: AuthedRequest, movement: Movement) -> str:
    """Back to the inbox when the action was taken there, else to the document."""
    if request.POST.get("next") == "inbox":
        return reverse("holdings:movement-inbox")
    return movement.get_absolute_url()


@login_required
@require_POST
def movement_reverse(request: AuthedRequest, pk: int) -> HttpResponse:
    movement = _visible(request, pk)
    form = ReverseForm(request.POST)
    if form.is_valid():
        try:
            reversal = services.movement_reverse(actor=request.user, movement=movement,
                                                 **form.cleaned_data)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                for message in error.messages:
                    messages.error(request, message)
                return redirect_after_post(request, movement.get_absolute_url())
            form.add_error(None, error)  # the service names the form's own fields
        else:
            messages.success(request, _("Document %(number)s reversed by %(reversal)s.")
                             % {"number": movement.number, "reversal": reversal.number})
            return redirect_after_post(request, movement.get_absolute_url())
    if request.htmx:
        return render(request, "holdings/_movement_reverse_form.html",
                      {"movement": movement, "reverse_form": form})
    context = _detail_context(request, movement, reverse_form=form)
    return render(request, "holdings/movement_detail.html", context)


@login_required
@require_POST
def movement_return(request: AuthedRequest, pk: int) -> HttpResponse:
    """An officer sends a draft back to its clerk with a comment instead of posting it."""
    movement = _visible(request, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.movement_return(actor=request.user, movement=movement,
                                     comment=form.cleaned_data["comment"])
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                for message in error.messages:
                    messages.error(request, message)
                return redirect_after_post(request, movement.get_absolute_url())
            form.add_error(None, error)
        else:
            messages.success(request, _("The draft was returned to the clerk with your "
                                        "comment."))
            return redirect_after_post(request, _after_action(request, movement))
    if request.htmx:
        return render(request, "holdings/_movement_return_form.html",
                      {"movement": movement, "return_form": form})
    context = _detail_context(request, movement, return_form=form)
    return render(request, "holdings/movement_detail.html", context)


@login_required
@require_POST
def movement_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    movement = _visible(request, pk)
    try:
        services.movement_delete(actor=request.user, movement=movement)
    except ValidationError as error:
        for message in _service_messages(error):
            messages.error(request, message)
        return redirect_after_post(request, movement.get_absolute_url())
    messages.success(request, _("Draft deleted."))
    return redirect_after_post(request, reverse("holdings:movement-list"))


urlpatterns = [
    path("documents/", movement_list, name="movement-list"),
    path("documents/export.xlsx", movement_export, name="movement-export"),
    path("documents/export.csv", movement_export, {"fmt": "csv"}, name="movement-export-csv"),
    path("documents/new/", movement_create, name="movement-create"),
    path("documents/items/", movement_item_search, name="movement-item-search"),
    path("documents/line-row/", movement_line_row, name="movement-line-row"),
    path("documents/<int:pk>/", movement_detail, name="movement-detail"),
    path("documents/<int:pk>/edit/", movement_edit, name="movement-edit"),
    path("documents/<int:pk>/post/", movement_post, name="movement-post"),
    path("documents/<int:pk>/reverse/", movement_reverse, name="movement-reverse"),
    path("documents/<int:pk>/return/", movement_return, name="movement-return"),
    path("documents/<int:pk>/delete/", movement_delete, name="movement-delete"),
]

"""The paper forms a depot keeps for a posted document: the slip (phiếu nhập kho, phiếu xuất
kho, phiếu điều chuyển) and the handover record (biên bản giao nhận). Lines come from the
document; totals are per unit of measure (khẩu and viên are never added). Always written in
Vietnamese (translation.override), whatever the language of the screen."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kythuat.holdings.choices import DECREASES, INCREASES, MOVES, MovementKind, ReceiptSource
from kythuat.holdings.models import Movement, MovementLine

from .compose import Heading, OfficialDocument, Paragraph, Signature, Table
from .formatting import format_figure, vn_date
from .selectors import Letterhead, letterhead

RECEIPT_SLIP, ISSUE_SLIP, TRANSFER_SLIP = "receipt", "issue", "transfer"
# Which slip each kind prints as: what comes into a store, what goes out of it, what moves
# between two units. Grade and usage-group changes move nothing and print no slip.
SLIPS = {
    **dict.fromkeys(INCREASES, RECEIPT_SLIP),
    **dict.fromkeys((MovementKind.ISSUE, *DECREASES), ISSUE_SLIP),
    MovementKind.TRANSFER: TRANSFER_SLIP,
    MovementKind.RETURN: TRANSFER_SLIP,
}
# Documents that hand equipment from one side to another: they print a handover record too.
HANDOVER_KINDS = {*MOVES, MovementKind.RECEIPT}


def slip_kind(movement: Movement) -> str | None:
    """The slip a document prints as, or None (a draft, or a kind that moves nothing)."""
    if movement.status != Movement.Status.POSTED:
        return None
    return SLIPS.get(movement.kind)


def has_handover(movement: Movement) -> bool:
    return movement.status == Movement.Status.POSTED and movement.kind in HANDOVER_KINDS


SLIP_TITLES = {RECEIPT_SLIP: gettext_lazy("Warehouse receipt slip"),
               ISSUE_SLIP: gettext_lazy("Warehouse issue slip"),
               TRANSFER_SLIP: gettext_lazy("Transfer slip")}


def slip_title(kind: str) -> str:
    """The printed title (always Vietnamese)."""
    with translation.override("vi"):
        return str(SLIP_TITLES[kind])


def _whole(value: Decimal) -> int | Decimal:
    return int(value) if value == value.to_integral_value() else value.normalize()


@dataclass(frozen=True)
class PrintedLines:
    table: Table
    totals: list[tuple[str, Decimal]]  # (unit of measure, quantity), one per unit of measure


def _mark(line: MovementLine) -> str:
    return (line.serial or (line.item.serial if line.item else "") or line.lot_number
            or (line.lot.lot_number if line.lot else ""))


def uom_totals(lines: list[MovementLine]) -> list[tuple[str, Decimal]]:
    """The quantity per unit of measure, in the order the units first appear."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for line in lines:
        totals[line.type.uom] += line.quantity
    return list(totals.items())


def printed_lines(movement: Movement) -> PrintedLines:
    """The lines table: one row per line and one bold total row per unit of measure."""
    lines = list(movement.lines.select_related("type", "item", "lot").order_by("pk"))
    rows = []
    for index, line in enumerate(lines, start=1):
        grade = f"{line.grade} → {line.grade_to}" if line.grade_to else line.grade
        rows.append([index, line.type.name, line.type.symbol, _mark(line), line.type.uom,
                     _whole(line.quantity), grade, line.note])
    totals = uom_totals(lines)
    total_rows = [["", _("Total (%(uom)s)") % {"uom": uom}, "", "", uom, _whole(quantity),
                   "", ""] for uom, quantity in totals]
    table = Table(
        header=[_("No."), _("Name of the equipment"), _("Symbol"), _("Serial / lot"),
                _("Unit of measure"), _("Quantity"), _("Qual. grade"), _("Note")],
        rows=rows, total_rows=total_rows or None,
        widths_cm=[0.8, 4.4, 2.0, 3.4, 1.2, 1.5, 1.0, 2.0],
        align=["center", "left", "left", "left", "center", "right", "center", "left"])
    return PrintedLines(table, totals)


def _totals_sentence(totals: list[tuple[str, Decimal]]) -> str:
    """"Tổng cộng: 12 khẩu; 3.000 viên." — one figure per unit of measure."""
    parts = [f"{format_figure(_whole(quantity))} {uom}" for uom, quantity in totals]
    return _("In all: %(totals)s.") % {"totals": "; ".join(parts)} if parts else ""


def _head_for(movement: Movement) -> Letterhead:
    """A slip is issued by the unit whose store it concerns: the receiver of a receipt, the
    sender of anything else."""
    unit = movement.to_unit if movement.kind in INCREASES else (
        movement.from_unit or movement.to_unit)
    return letterhead(unit, movement.effective_date)


def _person(user) -> str:
    if user is None:
        return ""
    return (user.get_full_name() or user.get_username()).strip()


def _reversal_blocks(movement: Movement) -> list:
    """Both documents of a reversal say so, with the reason."""
    blocks = []
    if movement.reverses_id:
        original = movement.reverses
        blocks.append(Paragraph(
            _("This slip cancels slip %(number)s dated %(date)s. Reason: %(reason)s.") % {
                "number": original.number, "date": original.effective_date.strftime("%d/%m/%Y"),
                "reason": movement.reason.rstrip(".")}, bold=True))
    reversal = Movement.objects.filter(reverses=movement).first()
    if reversal is not None:
        blocks.append(Paragraph(
            _("Cancelled by slip %(number)s dated %(date)s. Reason: %(reason)s.") % {
                "number": reversal.number, "date": reversal.effective_date.strftime("%d/%m/%Y"),
                "reason": reversal.reason.rstrip(".")}, bold=True))
    return blocks


def _facility(facility) -> str:
    return facility.name if facility else "……………………"


def _source(movement: Movement) -> str:
    """Who hands over the equipment of a receipt."""
    if movement.source == ReceiptSource.HIGHER_LEVEL and movement.to_unit and \
            movement.to_unit.parent_id:
        return movement.to_unit.parent.name
    if movement.source:
        return str(movement.get_source_display()).capitalize()
    return "……………………"


def _slip_facts(movement: Movement, kind: str) -> list[str]:
    facts = []
    if kind == RECEIPT_SLIP:
        facts.append(_("Receiving unit: %(unit)s") % {"unit": movement.to_unit.name})
        facts.append(_("Received into store: %(store)s") % {
            "store": _facility(movement.to_facility)})
        if movement.kind == MovementKind.RECEIPT:
            facts.append(_("Delivered by: %(source)s") % {"source": _source(movement)})
    elif kind == ISSUE_SLIP:
        facts.append(_("Issuing unit: %(unit)s") % {"unit": movement.from_unit.name})
        facts.append(_("Issued from store: %(store)s") % {
            "store": _facility(movement.from_facility)})
        if movement.to_unit:
            facts.append(_("Receiving unit: %(unit)s") % {"unit": movement.to_unit.name})
    else:
        facts.append(_("Handing-over unit: %(unit)s (store: %(store)s)") % {
            "unit": movement.from_unit.name, "store": _facility(movement.from_facility)})
        facts.append(_("Receiving unit: %(unit)s (store: %(store)s)") % {
            "unit": movement.to_unit.name, "store": _facility(movement.to_facility)})
    facts.append(_("Kind of document: %(kind)s") % {
        "kind": str(movement.get_kind_display()).capitalize()})
    if movement.decision_ref:
        facts.append(_("Pursuant to: %(decision)s") % {"decision": movement.decision_ref})
    if movement.reason and not movement.reverses_id:
        facts.append(_("Reason: %(reason)s") % {"reason": movement.reason})
    return facts


def movement_slip(movement: Movement) -> OfficialDocument:
    """The slip of a posted document (phiếu nhập kho, phiếu xuất kho, phiếu điều chuyển)."""
    with translation.override("vi"):
        return _movement_slip(movement)


def _movement_slip(movement: Movement) -> OfficialDocument:
    kind = slip_kind(movement)
    if kind is None:
        raise ValueError("This document prints no slip.")
    head = _head_for(movement)
    lines = printed_lines(movement)
    blocks: list = [*_reversal_blocks(movement)]
    blocks += [Paragraph(fact, indent=False, align="left")
               for fact in _slip_facts(movement, kind)]
    blocks.append(lines.table)
    if lines.totals:
        blocks.append(Paragraph(_totals_sentence(lines.totals), italic=True, indent=False,
                                align="left"))
    sign = _("(Signature, full name)")
    other = _("Deliverer") if kind == RECEIPT_SLIP else _("Receiver")
    signatures = [
        Signature("", _("Prepared by"), "", _person(movement.created_by), sign),
        Signature("", other, "", "", sign),
        Signature("", _("Storekeeper"), "", "", sign),
        Signature("", _("Commander of the unit"), "", _person(movement.posted_by), sign),
    ]
    return OfficialDocument(
        profile=head.issuer.profile if head.issuer else head.profile_code,
        issuer_name=head.issuer_name, issuer_parent=head.issuer_parent,
        issuer_abbreviation=head.abbreviation, kind_code="", number=movement.number,
        title=slip_title(kind), subtitle=_("Weapons and technical equipment"),
        place=head.place, date=movement.effective_date, blocks=blocks,
        signatures=signatures, recipients=[])


def handover_record(movement: Movement) -> OfficialDocument:
    """The handover record (biên bản giao nhận) of a posted receipt, issue, transfer or
    return: the two sides, the lines, totals per unit of measure, both sides' signatures and
    the commander's approval."""
    with translation.override("vi"):
        return _handover_record(movement)


def _handover_record(movement: Movement) -> OfficialDocument:
    if not has_handover(movement):
        raise ValueError("This document has no handover record.")
    head = _head_for(movement)
    day = movement.effective_date
    if movement.kind == MovementKind.RECEIPT:
        giver, receiver = _source(movement), movement.to_unit.name
    else:
        giver, receiver = movement.from_unit.name, movement.to_unit.name
    blocks: list = [*_reversal_blocks(movement)]
    if movement.decision_ref:
        blocks.append(Paragraph(_("Pursuant to %(decision)s;") % {
            "decision": movement.decision_ref}, italic=True))
    store = movement.to_facility or movement.from_facility
    where = store.name if store else (head.place or receiver)
    blocks.append(Paragraph(_("Today, %(date)s, at %(place)s, we the undersigned:") % {
        "date": vn_date(day), "place": where}))
    representative = _("Mr/Ms: ............................ Position: ............................")
    for title, unit_name in ((_("GIVING SIDE: %(unit)s"), giver),
                             (_("RECEIVING SIDE: %(unit)s"), receiver)):
        blocks.append(Heading(title % {"unit": unit_name}, level=2))
        blocks.append(Paragraph(representative))
        blocks.append(Paragraph(representative))
    blocks.append(Paragraph(
        _("The two sides handed over and received the weapons and technical equipment of "
          "document %(number)s (%(kind)s) as follows:")
        % {"number": movement.number, "kind": movement.get_kind_display()}))
    lines = printed_lines(movement)
    blocks.append(lines.table)
    if lines.totals:
        blocks.append(Paragraph(_totals_sentence(lines.totals), italic=True, indent=False,
                                align="left"))
    blocks.append(Paragraph(_("The record is made in 04 copies of equal value; each side keeps "
                              "02 copies.")))
    sign = _("(Signature, full name)")
    return OfficialDocument(
        profile=head.issuer.profile if head.issuer else head.profile_code,
        issuer_name=head.issuer_name, issuer_parent=head.issuer_parent,
        issuer_abbreviation=head.abbreviation, kind_code="BB", number=None,
        title=_("Record (document title)"),
        subtitle=_("Handover and receipt of weapons and technical equipment"),
        place=head.place, date=day, blocks=blocks,
        signatures=[Signature("", _("Representative of the giving side"), "", "", sign),
                    Signature("", _("Representative of the receiving side"), "", "", sign),
                    Signature("", _("Storekeeper"), "", "", sign),
                    Signature("", _("Commander of the unit"), "", "", sign)],
        recipients=[])

"""The work order printed as its phiếu công việc (.docx, NĐ 30/2020 layout through the
composer): number, unit, items, work, parts, technicians with their trade and level on the work
date, and the signatures of the author, the head technician and the commander."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from kythuat.documents.compose import (
    Heading,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
    render_docx,
)
from kythuat.people.models import SkillLevel

from .models import WorkOrder
from .services.technicians import technician_warnings, work_day


@dataclass(frozen=True)
class TechnicianRow:
    name: str
    unit: str
    skills: str  # "Thợ sửa chữa xe 4/7; Thợ điện xe 3/7"


def technician_rows(order: WorkOrder) -> list[TechnicianRow]:
    day = work_day(order)
    people = list(order.technicians.select_related("unit").order_by("full_name"))
    levels = (SkillLevel.objects.filter(person__in=people, started_on__lte=day)
              .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
              .select_related("trade").order_by("trade__order"))
    held: dict[int, list[str]] = {}
    for level in levels:
        held.setdefault(level.person_id, []).append(
            f"{level.trade.name} {level.level}/{level.trade.ladder_size}")
    return [TechnicianRow(str(p), p.unit.name, "; ".join(held.get(p.pk, [])) or "—")
            for p in people]


def _day(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


def work_order_docx(order: WorkOrder) -> bytes:
    lines = order.lines.select_related("type", "item", "lot").order_by("pk")
    parts = order.parts.select_related("type", "lot").order_by("pk")
    blocks: list = [
        Paragraph(_("Unit holding the equipment: %(unit)s") % {"unit": order.unit.name}),
        Paragraph(_("Facility doing the work: %(facility)s (%(owner)s)")
                  % {"facility": order.facility.name, "owner": order.facility.owner_unit.name}),
        Paragraph(_("Work: %(work)s") % {"work": f"{order.get_category_display()} — "
                                                 f"{order.work_label}"}),
        Paragraph(_("Opened on %(opened)s; closed on %(closed)s.")
                  % {"opened": _day(order.opened_on), "closed": _day(order.closed_on)}),
    ]
    if order.description:
        blocks.append(Paragraph(_("Work to do: %(text)s") % {"text": order.description}))
    blocks += [Heading(_("Equipment worked on"), numeral="I"), Table(
        header=[_("No."), _("Equipment"), _("Serial / lot"), _("Quantity"), _("Grade before"),
                _("Grade after")],
        rows=[[i, line.type.name, (line.item.serial if line.item else
                                   (line.lot.lot_number if line.lot else "")),
               f"{line.quantity.normalize():f}".replace(".", ","), line.grade_before,
               line.grade_after or ""] for i, line in enumerate(lines, start=1)],
        widths_cm=[1, 6, 3.5, 2, 2, 2])]
    blocks.append(Heading(_("Parts consumed"), numeral="II"))
    if parts:
        blocks.append(Table(
            header=[_("No."), _("Spare part"), _("Lot"), _("Quantity"), _("Unit of measure")],
            rows=[[i, p.type.name, p.lot.lot_number if p.lot else "",
                   f"{p.quantity.normalize():f}".replace(".", ","), p.type.uom]
                  for i, p in enumerate(parts, start=1)], widths_cm=[1, 7, 3, 2.5, 2.5]))
    else:
        blocks.append(Paragraph(_("No part consumed.")))
    blocks.append(Heading(_("Technicians"), numeral="III"))
    rows = technician_rows(order)
    if rows:
        blocks.append(Table(header=[_("No."), _("Full name"), _("Unit"),
                                    _("Trade and level on the work date")],
                            rows=[[i, r.name, r.unit, r.skills]
                                  for i, r in enumerate(rows, start=1)],
                            widths_cm=[1, 5, 5, 5.5]))
    else:
        blocks.append(Paragraph(_("No technician is named.")))
    for warning in technician_warnings(order):
        blocks.append(Paragraph(warning.message, italic=True))
    if order.result:
        blocks += [Heading(_("Result"), numeral="IV"), Paragraph(order.result)]
    head = next((p for p in rows), None)
    signatures = [
        Signature(title=_("Prepared by"), name=str(order.created_by or ""),
                  note=_("(Signature, full name)")),
        Signature(title=_("Head technician"), name=head.name if head else "",
                  note=_("(Signature, full name)")),
        Signature(title=_("Commander"), note=_("(Signature, full name, seal)")),
    ]
    doc = OfficialDocument(
        profile="state", issuer_name=order.facility.owner_unit.name,
        issuer_parent=order.facility.owner_unit.parent.name
        if order.facility.owner_unit.parent else "",
        kind_code="PCV", number=order.number, title=_("Work order").upper(),
        subtitle=order.work_label, place="", date=order.opened_on, blocks=blocks,
        signatures=signatures)
    return render_docx(doc)

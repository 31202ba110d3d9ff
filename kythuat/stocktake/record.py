"""The stocktake record (biên bản kiểm kê) as a Word document, built with the documents
app's composer."""

from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.core.text import fold
from kythuat.documents.compose import (
    Heading,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
    render_docx,
)
from kythuat.documents.selectors import letterhead
from kythuat.holdings.renderers import qty

from .models import ROLE_ORDER, CommitteeMember, Stocktake
from .selectors import stocktake_lines, variance_report


def _member(members: list[CommitteeMember], role: str) -> CommitteeMember | None:
    return next((m for m in members if m.role == role), None)


def stocktake_record(stocktake: Stocktake) -> OfficialDocument:
    unit = stocktake.unit
    members = sorted(stocktake.members.all(), key=lambda m: (ROLE_ORDER[m.role], m.pk))
    lines = list(stocktake_lines(stocktake))
    report = variance_report(lines)
    as_of = stocktake.as_of.strftime("%d/%m/%Y")
    day = (stocktake.approved_at or stocktake.counted_at or timezone.now())
    day = timezone.localtime(day).date()
    blocks: list = []
    if stocktake.decision_ref:
        # "Quyết định số 12/QĐ-BCH ngày …" is often typed whole; a bare number gets the words.
        if fold(stocktake.decision_ref).startswith("quyet dinh"):
            text = _("Pursuant to %(decision)s setting up the stocktake committee;")
        else:
            text = _("Pursuant to decision %(decision)s setting up the stocktake committee;")
        blocks.append(Paragraph(text % {"decision": stocktake.decision_ref}))
    blocks.append(Paragraph(_("Today, %(date)s, at %(unit)s, the stocktake committee "
                              "consisting of:") % {"date": day.strftime("%d/%m/%Y"),
                                                   "unit": unit.name}))
    blocks.append(Table(
        header=[_("No."), _("Full name"), _("Rank and position"), _("Role in the committee")],
        rows=[[n, m.name, m.position, m.get_role_display().capitalize()]
              for n, m in enumerate(members, start=1)],
        widths_cm=[1.2, 5, 6.5, 3.5]))
    sheets = stocktake.sheets.count()
    units = stocktake.sheets.values("unit").distinct().count()
    blocks.append(Paragraph(_("carried out the stocktake of the weapons and technical equipment "
                              "of %(unit)s as at 0h on %(date)s, on %(sheets)s count sheets "
                              "of %(units)s units and facilities, with the following "
                              "results:") % {"unit": unit.name, "date": as_of,
                                             "sheets": sheets, "units": units}))
    blocks.append(Heading(_("Booked and counted quantities"), numeral="I"))
    rows = [[n, row.type_name, row.uom, row.grade, qty(row.booked), qty(row.counted),
             qty(row.surplus) or "", qty(row.shortage) or "", qty(row.difference) or ""]
            for n, row in enumerate(report.rows, start=1)]
    blocks.append(Table(
        header=[_("No."), _("Equipment type"), _("Unit of measure"), _("Grade"), _("Booked"),
                _("Counted"), _("Surplus"), _("Shortage"), _("Difference")],
        rows=rows, widths_cm=[1, 4.6, 1.5, 1.6, 1.9, 1.9, 1.5, 1.5, 1.8],
        total_rows=[["", _("Total"), total.uom, "", qty(total.booked), qty(total.counted),
                     qty(total.surplus), qty(total.shortage), qty(total.difference)]
                    for total in report.totals]))
    blocks.append(Heading(_("Serial-numbered items"), numeral="II"))
    blocks.append(Paragraph(_("Found as booked: %(count)s.") % {"count": report.serials_found}))
    missing = ", ".join(f"{line.type.symbol} {line.serial}" for line in report.serials_missing)
    found = ", ".join(f"{line.type.symbol} {line.serial}"
                      for line in report.serials_unexpected)
    blocks.append(Paragraph(_("Missing: %(list)s.") % {"list": missing or _("none")}))
    blocks.append(Paragraph(_("Found but not in the book: %(list)s.")
                            % {"list": found or _("none")}))
    regraded = [line for line in lines if line.is_regraded]
    if regraded:
        blocks.append(Paragraph(_("Grades re-assessed during the count: %(list)s.") % {
            "list": "; ".join(_("%(type)s %(detail)s: %(quantity)s from grade %(old)s to "
                                "grade %(new)s") % {
                "type": line.type.symbol, "detail": line.serial or line.lot_label,
                "quantity": qty(line.regraded), "old": line.grade, "new": line.grade_found}
                for line in regraded)}))
    blocks.append(Heading(_("Adjustment of the books"), numeral="III"))
    documents = list(stocktake.documents.order_by("kind", "number"))
    if documents:
        blocks.append(Paragraph(_("The differences were posted to the books by documents "
                                  "%(list)s, dated %(date)s.") % {
            "list": ", ".join(d.number for d in documents), "date": as_of}))
    elif stocktake.status == Stocktake.Status.APPROVED:
        blocks.append(Paragraph(_("The counted quantities equal the books; no adjustment "
                                  "was needed.")))
    else:
        blocks.append(Paragraph(_("The differences will be posted to the books when the "
                                  "stocktake is approved.")))
    blocks.append(Heading(_("Conclusion and proposals"), numeral="IV"))
    blocks.append(Paragraph(stocktake.conclusion or "………………………………………………"))
    blocks.append(Paragraph(_("The record was made in %(copies)s copies and read to the "
                              "committee, who agreed with it.") % {"copies": 3}))
    chair = _member(members, CommitteeMember.Role.CHAIR)
    secretary = _member(members, CommitteeMember.Role.SECRETARY)
    signatures = [
        Signature(title=_("SECRETARY"), name=secretary.name if secretary else ""),
        Signature(title=_("CHAIR OF THE STOCKTAKE COMMITTEE"), name=chair.name if chair else ""),
    ]
    return OfficialDocument(
        profile="state", issuer_name=unit.name,
        issuer_parent=(unit.parent.name if unit.parent else ""), kind_code="BB",
        number=None, title=_("Record"),
        subtitle=_("Stocktake of weapons and technical equipment as at 0h on %(date)s")
        % {"date": as_of}, place=letterhead(unit, day).place, date=day, blocks=blocks,
        signatures=signatures,
        recipients=[unit.parent.name if unit.parent else unit.name])


def render_record_docx(stocktake: Stocktake) -> bytes:
    return render_docx(stocktake_record(stocktake))

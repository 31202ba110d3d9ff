"""Documents generated from the records: the general report (báo cáo) of a unit subtree for a
period, and the handover record (biên bản giao nhận) of a posted document (movement_prints).
Every figure is read from the ledger and the indicator registry, never typed. Documents are
always written in Vietnamese (translation.override), whatever the language of the screen."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import translation
from django.utils.translation import gettext as _

from kythuat.catalog.models import EquipmentType, Tracking
from kythuat.holdings.models import Movement
from kythuat.holdings.selectors.balances import subtree_balances_as_of
from kythuat.indicators.registry import Period, compute
from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids

from .compose import Heading, OfficialDocument, Paragraph, Signature, Table
from .formatting import format_figure, roman
from .selectors import Letterhead

GRADES = range(1, 6)


@dataclass
class ReportInput:
    """What the officer types on the form; the figures come from the records."""

    unit: Unit
    start: dt.date
    end: dt.date
    letterhead: Letterhead
    date: dt.date
    subject: str = ""
    number: str | None = None
    situation: str = ""
    results: str = ""
    shortcomings: str = ""
    direction: str = ""
    recommendations: str = ""
    signature: Signature = field(default_factory=Signature)
    recipients: list[str] = field(default_factory=list)


def _whole(value: Decimal) -> int | Decimal:
    return int(value) if value == value.to_integral_value() else value.normalize()


def holdings_tables(unit: Unit, day: dt.date) -> tuple[Table, Table]:
    """Serial-tracked equipment on hand at the end of `day` in the subtree: by technical branch
    and grade, and by equipment type and grade (the indicators' population: pieces add up)."""
    rows = subtree_balances_as_of(unit=unit, day=day, fields=("type_id", "grade"),
                                  filters={"type__tracking": Tracking.SERIAL})
    types = {t.pk: t for t in EquipmentType.objects.filter(
        pk__in={key[0] for key in rows}).select_related("branch")}
    by_branch: dict = defaultdict(lambda: defaultdict(Decimal))
    by_type: dict = defaultdict(lambda: defaultdict(Decimal))
    for (type_id, grade), quantity in rows.items():
        etype = types[type_id]
        by_branch[etype.branch][grade] += quantity
        by_type[etype][grade] += quantity
    grade_titles = [_("Grade %(n)s") % {"n": g} for g in GRADES]

    def table(groups, label_title, label, extra=None):
        body, totals = [], defaultdict(Decimal)
        ordered = sorted(groups.items(), key=lambda kv: label(kv[0]))
        for index, (key, grades) in enumerate(ordered, start=1):
            total = sum(grades.values(), Decimal(0))
            body.append([index, label(key), *(extra(key) if extra else []),
                         *(_whole(grades[g]) for g in GRADES), _whole(total)])
            for g in GRADES:
                totals[g] += grades[g]
        total_row = ["", _("Total of the table"), *([""] * len(extra(None)) if extra else []),
                     *(_whole(totals[g]) for g in GRADES),
                     _whole(sum(totals.values(), Decimal(0)))]
        header = [_("No."), label_title, *([_("Unit of measure")] if extra else []),
                  *grade_titles, _("Total of the table")]
        return body, total_row, header

    body, total, header = table(by_branch, _("Technical branch"), lambda b: b.name)
    branch_table = Table(header=header, rows=body, total_row=total,
                         widths_cm=[1.1, 5.4, *([1.6] * 5), 2.0],
                         caption=_("Table 1. Equipment on hand by technical branch and grade"))
    body, total, header = table(by_type, _("Equipment type"), lambda t: t.name,
                                extra=lambda t: [t.uom if t else ""])
    type_table = Table(header=header, rows=body, total_row=total,
                       widths_cm=[1.0, 5.4, 1.6, *([1.4] * 5), 1.7],
                       caption=_("Table 2. Equipment on hand by type and grade"))
    return branch_table, type_table


def movements_table(unit: Unit, start: dt.date, end: dt.date) -> tuple[Table, int]:
    """Documents posted in the period by units of the subtree, by kind."""
    ids = subtree_ids(unit)
    counts = (Movement.objects.filter(Q(from_unit__in=ids) | Q(to_unit__in=ids),
                                      status=Movement.Status.POSTED,
                                      effective_date__range=(start, end))
              .values("kind").annotate(n=Count("pk")).order_by("kind"))
    labels = dict(Movement._meta.get_field("kind").choices)
    rows = [[i, str(labels.get(row["kind"], row["kind"])).capitalize(), row["n"]]
            for i, row in enumerate(counts, start=1)]
    total = sum(row[2] for row in rows)
    return Table(header=[_("No."), _("Kind of document"), _("Number posted")], rows=rows,
                 total_row=["", _("Total of the table"), total], widths_cm=[1.2, 10.0, 4.0],
                 caption=_("Table 3. Documents posted in the period")), total


def _text_blocks(text: str) -> list:
    return [Paragraph(line) for line in text.splitlines() if line.strip()]


def _percent(value) -> str:
    return _("not computed (no equipment)") if value is None else f"{format_figure(value)}%"


def report_subject(subject: str, start: dt.date, end: dt.date) -> str:
    """The summary line (trích yếu) of the general report, as printed and as registered."""
    if subject.strip():
        return subject.strip()
    with translation.override("vi"):
        return _("Technical work results %(period)s") % {"period": _(
            "from %(start)s to %(end)s") % {"start": start.strftime("%d/%m/%Y"),
                                            "end": end.strftime("%d/%m/%Y")}}


def report_document(data: ReportInput) -> OfficialDocument:
    """The general report of `data.unit`'s subtree for the period (DOMAIN.md §7 structure)."""
    with translation.override("vi"):
        return _report_document(data)


def _report_document(data: ReportInput) -> OfficialDocument:
    period = Period(data.start, data.end)
    head = data.letterhead
    profile = head.issuer.profile if head.issuer else head.profile_code
    branch_table, type_table = holdings_tables(data.unit, data.end)
    posted_table, _listed = movements_table(data.unit, data.start, data.end)
    posted = compute("holdings.documents_posted", data.unit, period).total
    coefficient = compute("holdings.technical_coefficient", data.unit, period).total
    readiness = compute("holdings.combat_readiness", data.unit, period).total
    period_text = _("from %(start)s to %(end)s") % {
        "start": data.start.strftime("%d/%m/%Y"), "end": data.end.strftime("%d/%m/%Y")}
    blocks: list = [Paragraph(_("Scope: %(unit)s and its subordinate units, %(period)s.")
                              % {"unit": data.unit.name, "period": period_text}, italic=True)]
    sections = [
        (_("SITUATION"), _text_blocks(data.situation)),
        (_("RESULTS"), [
            *_text_blocks(data.results),
            Heading(_("1. Quantity and quality of weapons and technical equipment"), level=2),
            Paragraph(_("Equipment on hand on %(date)s (pieces of serial-tracked equipment):")
                      % {"date": data.end.strftime("%d/%m/%Y")}),
            branch_table, type_table,
            Heading(_("2. Technical coefficient"), level=2),
            Paragraph(_("Technical coefficient: %(value)s; combat readiness: %(ready)s.")
                      % {"value": _percent(coefficient), "ready": _percent(readiness)}),
            Heading(_("3. Registration and statistics"), level=2),
            *([Paragraph(_("In the period the units posted %(count)s documents to the books:")
                         % {"count": format_figure(posted)}), posted_table] if posted else
              [Paragraph(_("No document was posted to the books in the period."))]),
        ]),
        (_("SHORTCOMINGS AND CAUSES"), _text_blocks(data.shortcomings)),
        (_("DIRECTION AND TASKS"), _text_blocks(data.direction)),
    ]
    if data.recommendations.strip():
        sections.append((_("RECOMMENDATIONS"), _text_blocks(data.recommendations)))
    for index, (title, content) in enumerate(sections, start=1):
        blocks.append(Heading(title, numeral=roman(index)))
        blocks.extend(content or [Paragraph("…")])
    subject = report_subject(data.subject, data.start, data.end)
    return OfficialDocument(
        profile=profile, issuer_name=head.issuer_name, issuer_parent=head.issuer_parent,
        issuer_abbreviation=head.abbreviation, kind_code="BC", number=data.number,
        title=_("Report (document title)"), subtitle=subject,
        place=head.place,  # a unit name is no place: without an issuer, "Ngày … tháng …"
        date=data.date, blocks=blocks, signatures=[data.signature],
        recipients=data.recipients, archive="")


def handover_document(movement: Movement, head: Letterhead | None = None) -> OfficialDocument:
    """The handover record of a posted receipt, issue, transfer or return (see
    movement_prints.handover_record; the letterhead is the one of the unit whose store it
    concerns)."""
    from .movement_prints import handover_record

    return handover_record(movement)

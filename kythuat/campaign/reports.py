"""Excel and Word of Campaign 50: the scoring table of a sheet, the ranking of a block and the
annual Campaign 50 report of a unit. Rows come from the selectors (the same figures as the
screens); documents are always written in Vietnamese."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kythuat.core.xlsx import Column
from kythuat.documents.compose import Heading, OfficialDocument, Paragraph, Signature, Table
from kythuat.documents.formatting import roman
from kythuat.documents.selectors import letterhead

from .models import CommitteeMember, EmulationBlock, Pledge, Sheet, SteeringCommittee
from .selectors import RankRow, Section, block_ranking


def figure(value: Decimal | None) -> Any:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def text_figure(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{value.normalize():f}".replace(".", ",")


def sheet_columns() -> list[Column]:
    return [Column(_("Objective"), 9), Column(_("Criterion"), 9), Column(_("Name"), 48),
            Column(_("Maximum points"), 10), Column(_("Indicator value"), 12),
            Column(_("Computed score"), 10), Column(_("Self score"), 10),
            Column(_("Evidence or explanation"), 36), Column(_("Score of the higher level"), 10),
            Column(_("Reason of the higher level"), 36)]


def sheet_rows(sections: list[Section]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for section in sections:
        for line in section.lines:
            score = line.score
            evidence = "; ".join(part for part in (
                score.evidence_file.name.rsplit("/", 1)[-1] if score.evidence_file else "",
                score.evidence_ref, score.self_note) if part)
            rows.append([section.group.objective.number, line.criterion.number,
                         line.criterion.name, figure(line.criterion.max_points),
                         figure(line.value), figure(line.computed), figure(score.self_score),
                         evidence, figure(score.review_score), score.review_reason])
    totals = [sum((line.criterion.max_points for s in sections for line in s.lines),
                  Decimal(0))]
    for name in ("computed", "self_score", "review_score"):
        found = [s.total(name) for s in sections]
        totals.append(sum((v for v in found if v is not None), Decimal(0))
                      if any(v is not None for v in found) else None)
    rows.append(["", "", _("Total"), figure(totals[0]), None, figure(totals[1]),
                 figure(totals[2]), "", figure(totals[3]), ""])
    return rows


def ranking_columns(objectives: list[int]) -> list[Column]:
    return [Column(pgettext("ranking", "Rank"), 7), Column(_("Unit"), 36), Column(_("Total"), 10),
            *(Column(_("Objective %(number)s") % {"number": n}, 11) for n in objectives),
            Column(_("Computed total"), 12), Column(_("Status"), 18)]


def ranking_rows(rows: list[RankRow], objectives: list[int]) -> list[list[Any]]:
    return [[row.rank, row.unit.name, figure(row.total),
             *(figure(row.by_objective.get(n)) for n in objectives), figure(row.computed),
             str(row.sheet.get_status_display()) if row.sheet else _("no sheet")]
            for row in rows]


# The annual report ------------------------------------------------------------------------


def _committee_blocks(committee: SteeringCommittee | None) -> list:
    if committee is None:
        return [Paragraph(_("No steering committee is recorded for the phase."))]
    members = list(committee.members.all())
    blocks: list = [Paragraph(_("%(name)s was established by %(decision)s, with %(count)s "
                                "members:") % {"name": committee.name,
                                               "decision": committee.decision_ref or "…",
                                               "count": len(members)})]
    if members:
        blocks.append(Table(
            header=[_("No."), _("Full name"), _("Rank"), _("Position"), _("Role")],
            rows=[[i, m.name, m.rank, m.position, str(m.get_role_display()).capitalize()]
                  for i, m in enumerate(members, start=1)],
            widths_cm=[1.1, 4.2, 2.6, 4.6, 3.4]))
    return blocks


def _score_table(sections: list[Section]) -> Table:
    rows = []
    for section in sections:
        for line in section.lines:
            rows.append([line.criterion.number, line.criterion.name,
                         text_figure(line.criterion.max_points), text_figure(line.computed),
                         text_figure(line.score.self_score),
                         text_figure(line.score.review_score)])
    totals = [s.total for s in sections]
    total_row = ["", _("Total"),
                 text_figure(sum((s.group.points for s in sections), Decimal(0))),
                 *(text_figure(sum((t for t in (f(name) for f in totals) if t is not None),
                                   Decimal(0))) for name in ("computed", "self_score",
                                                             "review_score"))]
    return Table(header=[_("No."), _("Criterion"), _("Maximum points"), _("Computed"),
                         _("Self-assessed"), _("Higher level")],
                 rows=rows, total_row=total_row, widths_cm=[1.0, 7.0, 2.2, 2.0, 2.0, 2.0],
                 align=["center", "left", "right", "right", "right", "right"])


def _rank_sentence(sheet: Sheet) -> list:
    found = []
    for block in EmulationBlock.objects.filter(phase=sheet.phase, members=sheet.unit):
        for row in block_ranking(block, sheet.year, live=False):
            if row.unit.pk == sheet.unit_id and row.rank:
                found.append(Paragraph(_("In %(block)s the unit ranked %(rank)s of %(count)s.")
                                       % {"block": block.name, "rank": row.rank,
                                          "count": block.members.count()}))
    return found


def _pledge_blocks(sheet: Sheet) -> list:
    from kythuat.targets.selectors import with_progress

    pledges = Pledge.objects.filter(unit=sheet.unit).prefetch_related("items__target")
    blocks: list = []
    for pledge in pledges:
        targets = [item.target for item in pledge.items.all()]
        rows = [[i, row.indicator_name, text_figure(row.target.goal),
                 text_figure(row.progress.actual), row.progress.status_label]
                for i, row in enumerate(with_progress(targets), start=1)]
        blocks.append(Paragraph(_("%(title)s, signed on %(date)s:") % {
            "title": pledge.title, "date": pledge.signed_on.strftime("%d/%m/%Y")}))
        blocks.append(Table(header=[_("No."), _("Indicator"), _("Goal"), _("Actual"),
                                    _("Status")], rows=rows,
                            widths_cm=[1.1, 7.0, 2.4, 2.4, 3.6]))
    return blocks or [Paragraph(_("The unit has signed no pledge yet."))]


def annual_report(sheet: Sheet, sections: list[Section], *, day: dt.date | None = None
                  ) -> OfficialDocument:
    with translation.override("vi"):
        return _annual_report(sheet, sections, day or timezone.localdate())


def _annual_report(sheet: Sheet, sections: list[Section], day: dt.date) -> OfficialDocument:
    head = letterhead(sheet.unit, day)
    committee = (SteeringCommittee.objects.filter(unit=sheet.unit, phase=sheet.phase)
                 .prefetch_related("members").first())
    blocks: list = [Paragraph(_("Scope: %(unit)s, year %(year)s of %(phase)s.") % {
        "unit": sheet.unit.name, "year": sheet.year, "phase": sheet.phase.label}, italic=True)]
    results: list = [Paragraph(_("Status of the score sheet: %(status)s.") % {
        "status": sheet.get_status_display()})]
    for section in sections:
        results.append(Heading(_("Objective %(number)s: %(name)s") % {
            "number": section.group.objective.number, "name": section.group.objective.name},
            level=2))
        results.append(Paragraph(_("Points: computed %(computed)s, self-assessed %(self)s, "
                                   "higher level %(review)s, of %(max)s.") % {
            "computed": text_figure(section.total("computed")),
            "self": text_figure(section.total("self_score")),
            "review": text_figure(section.total("review_score")),
            "max": text_figure(section.group.points)}))
    results.append(_score_table(sections))
    results.extend(_rank_sentence(sheet))
    parts = [(_("ORGANISATION AND STEERING"), _committee_blocks(committee)),
             (_("RESULTS BY OBJECTIVE"), results),
             (_("EMULATION PLEDGES"), _pledge_blocks(sheet)),
             (_("DIRECTION FOR THE NEXT YEAR"), [Paragraph("…")])]
    for index, (title, content) in enumerate(parts, start=1):
        blocks.append(Heading(title, numeral=roman(index)))
        blocks.extend(content)
    head_member = committee.members.filter(role=CommitteeMember.Role.HEAD).first() \
        if committee else None
    return OfficialDocument(
        profile=head.issuer.profile if head.issuer else head.profile_code,
        issuer_name=head.issuer_name, issuer_parent=head.issuer_parent,
        issuer_abbreviation=head.abbreviation, kind_code="BC", number=None,
        title=_("Report (document title)"),
        subtitle=_("Results of Campaign 50 in %(year)s") % {"year": sheet.year},
        place=head.place, date=day, blocks=blocks,
        signatures=[Signature("TM.", committee.name if committee else sheet.unit.name,
                              _("Head of the committee") if committee else "",
                              str(head_member) if head_member else "")],
        recipients=[sheet.unit.parent.name] if sheet.unit.parent_id else [])

"""The exam result decision (quyết định nâng bậc thợ) as an official document of the unit that
held the exam, laid out by the documents app's composer (NĐ 30/2020). Always in Vietnamese."""

from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kythuat.documents.compose import OfficialDocument, Paragraph, Signature, Table, render_docx
from kythuat.documents.selectors import Letterhead, letterhead

from .models import ExamCandidate, ExamSession

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _mark(value) -> str:
    if value is None:
        return ""
    return f"{value.normalize():f}".replace(".", ",")


def docx_name(session: ExamSession) -> str:
    stem = session.decision_number or f"du-thao-{session.pk}"
    return slugify(f"qd-nang-bac-{stem}".replace("/", "-").replace("Đ", "D")
                   .replace("đ", "d")) + ".docx"


def _head(session: ExamSession) -> Letterhead:
    unit = session.unit
    head = letterhead(unit, session.decision_date or session.held_on)
    if head.issuer is not None and head.issuer.unit_id == unit.pk:
        return head
    parent = unit.parent.name if unit.parent_id else ""
    return Letterhead(None, "state", unit.name, parent, "", "")


def decision_document(session: ExamSession) -> OfficialDocument:
    with translation.override("vi"):
        return _document(session)


def _document(session: ExamSession) -> OfficialDocument:
    head = _head(session)
    candidates = list(session.candidates.select_related("person", "person__unit", "trade")
                      .order_by("trade__order", "person__full_name"))
    passed = [c for c in candidates if c.result == ExamCandidate.Result.PASSED]
    day = session.held_on.strftime("%d/%m/%Y")
    rows = []
    for index, c in enumerate(passed, start=1):
        theory = _("exempt") if c.theory_exempt else _mark(c.theory_mark)
        rows.append([index, f"{c.person.rank} {c.person.full_name}".strip(), c.person.unit.name,
                     c.trade.name, f"{c.from_level}/{c.trade.ladder_size}",
                     f"{c.to_level}/{c.trade.ladder_size}", theory, _mark(c.practice_mark),
                     c.certificate_number])
    blocks = [
        Paragraph(_("Under Decree 83/2016/NĐ-CP and Circular 41/2017/TT-BQP on the skill levels "
                    "of defence workers and the technical staff;"), italic=True),
        Paragraph(_("Considering the results of %(session)s held on %(date)s (pass marks: "
                    "theory %(theory)s, practice %(practice)s on a scale of %(max)s);") % {
            "session": session.name, "date": day, "theory": _mark(session.theory_min),
            "practice": _mark(session.practice_min), "max": _mark(session.max_mark)},
            italic=True),
        Paragraph(_("At the proposal of the examination committee,"), italic=True),
        Paragraph(_("DECIDES:"), bold=True, align="center", indent=False),
        Paragraph(_("Article 1. To raise the skill level of %(count)s comrades who passed the "
                    "exam, listed below, from the date of signing.") % {
            "count": f"{len(passed):02d}"}),
        Table(header=[_("No."), _("Rank, full name"), _("Unit"), _("Trade"), _("From level"),
                      _("To level"), _("Theory"), _("Practice"), _("Certificate No.")],
              rows=rows, widths_cm=[0.9, 3.6, 3.0, 2.6, 1.3, 1.3, 1.3, 1.3, 2.2],
              align=["center", "left", "left", "left", "center", "center", "center",
                     "center", "left"]),
        Paragraph(_("Article 2. The comrades named in Article 1 receive the pay and allowances "
                    "of the new level under the regulations in force.")),
        Paragraph(_("Article 3. The technical office, the personnel and finance offices, the "
                    "units concerned and the comrades named in Article 1 carry out this "
                    "decision.")),
    ]
    return OfficialDocument(
        profile=head.profile_code, issuer_name=head.issuer_name, issuer_parent=head.issuer_parent,
        issuer_abbreviation=head.abbreviation, kind_code="QĐ",
        number=session.decision_number or None, title=_("Decision"),
        subtitle=_("On raising the skill level of the technical staff"), place=head.place,
        date=session.decision_date, blocks=blocks, signatures=[Signature(title=_("Commander"))],
        recipients=[_("As in Article 3")], archive=_("Technical office"))


def decision_docx(session: ExamSession) -> bytes:
    return render_docx(decision_document(session))

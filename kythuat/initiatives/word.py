"""The recognition decision (quyết định công nhận sáng kiến) as an official document of the
council's unit, laid out by the documents app's composer (NĐ 30/2020)."""

from django.utils.translation import gettext as _

from kythuat.documents.compose import (
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
    render_docx,
)
from kythuat.documents.selectors import Letterhead, letterhead

from .models import Dossier
from .reference import points_text


def _money(value) -> str:
    return f"{int(value):,}".replace(",", ".") if value is not None else ""


def _head(dossier: Dossier) -> Letterhead:
    """The council's unit issues the decision: its own issuer of the day, or its own name under
    its superior's (never the name of a unit above it, which did not decide)."""
    unit = dossier.council.unit
    head = letterhead(unit, dossier.decision_date)
    if head.issuer is not None and head.issuer.unit_id == unit.pk:
        return head
    parent = unit.parent.name if unit.parent_id else ""
    return Letterhead(None, "state", unit.name, parent, "", "")


def recognition_document(dossier: Dossier) -> OfficialDocument:
    council, initiative = dossier.council, dossier.initiative
    head = _head(dossier)
    authors = list(initiative.authors.select_related("unit"))
    rows = [[index, " ".join(p for p in (a.rank, a.name) if p), a.position,
             a.unit.name if a.unit else "", _("main author") if a.is_main else _("co-author")]
            for index, a in enumerate(authors, start=1)]
    benefit = _money(initiative.benefit_vnd)
    article_one = _(
        "Recognise the technical initiative \"%(title)s\" of %(unit)s as an initiative at the "
        "level %(level)s (field: %(field)s), with the authors listed below.") % {
        "title": initiative.title, "unit": initiative.unit.name, "level": council.level.phrase,
        "field": initiative.field.name}
    blocks = [
        Paragraph(_("Under Decree 13/2012/NĐ-CP of 2 March 2012 issuing the Regulation on "
                    "initiatives, and Circular 18/2013/TT-BKHCN of 1 August 2013 guiding it;"),
                  italic=True),
        Paragraph(_("Considering the minutes of %(council)s closed on %(date)s (result "
                    "%(score)s points, pass mark %(mark)s);") % {
            "council": council.name, "date": council.closed_on.strftime("%d/%m/%Y"),
            "score": points_text(dossier.score), "mark": points_text(council.pass_mark)},
            italic=True),
        Paragraph(_("DECIDES:"), bold=True, align="center", indent=False),
        Paragraph(_("Article 1. %(text)s") % {"text": article_one}),
        Table(header=[_("No."), _("Full name"), _("Position"), _("Unit"), _("Role")], rows=rows,
              widths_cm=[1.0, 5.0, 4.2, 3.8, 2.5], align=["center", "left", "left", "left",
                                                          "left"]),
    ]
    if benefit or initiative.benefit_text:
        blocks.append(Paragraph(_("Benefit: %(text)s") % {"text": "; ".join(filter(None, [
            _("%(amount)s VND saved per year") % {"amount": benefit} if benefit else "",
            initiative.benefit_text]))}))
    blocks += [
        Paragraph(_("Article 2. The authors enjoy the rights of authors of a recognised "
                    "initiative under the regulations in force; the initiative is spread to the "
                    "units that can apply it.")),
        Paragraph(_("Article 3. The technical office, the units concerned and the authors "
                    "named in Article 1 carry out this decision from the date it is signed.")),
    ]
    return OfficialDocument(
        profile=head.profile_code, issuer_name=head.issuer_name, issuer_parent=head.issuer_parent,
        issuer_abbreviation=head.abbreviation, kind_code="QĐ", number=dossier.decision_number,
        title=_("Decision"), subtitle=_("On recognising a technical initiative"),
        place=head.place, date=dossier.decision_date, blocks=blocks,
        signatures=[Signature(title=_("Commander"))],
        recipients=[_("As in Article 3"), _("The authors")], archive=_("Technical office"))


def recognition_docx(dossier: Dossier) -> bytes:
    return render_docx(recognition_document(dossier))

"""The decision in Word: the header of the issuer, the grounds, the articles and the list of
recipients as a table, in the issuer's format profile. Always written in Vietnamese."""

from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kythuat.documents.compose import OfficialDocument, Paragraph, Signature, Table

from .models import CommendationDecision, RecipientKind


def docx_name(decision: CommendationDecision) -> str:
    stem = decision.number_symbol or _("draft")
    return slugify(f"qd-khen-thuong-{stem}".replace("/", "-").replace("Đ", "D").replace("đ",
                                                                                     "d"))


def _signature(decision: CommendationDecision) -> Signature:
    # "KT. TƯ LỆNH / PHÓ TƯ LỆNH": a deputy signs for the office of the post without "Phó".
    office = ""
    if decision.signer_prefix.strip().upper().startswith("KT"):
        office = decision.signer_title.removeprefix("Phó ").removeprefix("phó ")
    return Signature(decision.signer_prefix, office, decision.signer_title, decision.signer_name)


def decision_document(decision: CommendationDecision) -> OfficialDocument:
    with translation.override("vi"):
        return _document(decision)


def _document(decision: CommendationDecision) -> OfficialDocument:
    rows = list(decision.commendations.select_related("unit").order_by("order", "pk"))
    collectives = [r for r in rows if r.kind == RecipientKind.COLLECTIVE]
    individuals = [r for r in rows if r.kind == RecipientKind.INDIVIDUAL]
    blocks: list = []
    authority = _signature(decision).office or decision.signer_title
    if authority:  # "CHỈ HUY TRƯỞNG BỘ CHQS TỈNH LẠNG SƠN" above the grounds
        blocks.append(Paragraph(f"{authority} {decision.unit.name}".upper(), bold=True,
                                align="center", indent=False))
    blocks += [Paragraph(line.strip(), italic=True)
               for line in decision.basis.splitlines() if line.strip()]
    blocks.append(Paragraph(_("DECIDES:"), bold=True, align="center", indent=False))
    counted = []
    if collectives:
        counted.append(_("%(n)s collectives") % {"n": f"{len(collectives):02d}"})
    if individuals:
        counted.append(_("%(n)s individuals") % {"n": f"{len(individuals):02d}"})
    blocks.append(Paragraph(_(
        "Article 1. To award %(form)s to %(counted)s listed below for their outstanding "
        "achievements.") % {"form": decision.form.name, "counted": _(" and ").join(counted)}))
    if decision.review_id:
        blocks.append(Paragraph(_("The commendations are handed out at %(review)s.")
                                % {"review": decision.review.title}))
    blocks.append(Paragraph(_(
        "Article 2. The heads of the agencies and units concerned and the collectives and "
        "individuals named in Article 1 are responsible for carrying out this decision.")))
    blocks.append(Paragraph(_("Article 3. This decision takes effect from the date of "
                              "signing.")))
    table_rows = []
    for index, row in enumerate(rows, start=1):
        if row.kind == RecipientKind.COLLECTIVE:
            name, rank, where = row.label, "", ""
        else:
            name, rank = row.full_name, row.rank
            where = ", ".join(part for part in (row.position, row.unit.name) if part)
        table_rows.append([index, name, rank, where, row.achievement])
    blocks.append(Table(
        header=[_("No."), _("Collective or individual"), _("Rank"), _("Position, unit"),
                _("Achievement")],
        rows=table_rows, widths_cm=[1.0, 4.6, 2.2, 4.2, 4.5],
        align=["center", "left", "left", "left", "left"],
        caption=_("LIST OF THE COLLECTIVES AND INDIVIDUALS AWARDED %(form)s") % {
            "form": decision.form.name.upper()}))
    issuer = decision.issuer
    return OfficialDocument(
        profile=issuer.profile, issuer_name=issuer.name, issuer_parent=issuer.parent_name,
        issuer_abbreviation=issuer.abbreviation, kind_code="QĐ",
        number=decision.number_symbol or None, title=_("Decision (document title)"),
        subtitle=decision.title, place=issuer.place, date=decision.decided_on, blocks=blocks,
        signatures=[_signature(decision)],
        recipients=[_("As in Article 2")], archive="TĐKT")

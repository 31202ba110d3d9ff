"""The list of commendations handed out at a review, as an annex of its reports."""

from django.utils import translation
from django.utils.translation import gettext as _

from kythuat.reviews.annexes import AnnexTable, annex

from .selectors import review_commendations


@annex("commendations", order=50)
def commendations_annex(report) -> AnnexTable | None:
    """The commendations whose decision is linked to the report's review and whose recipient
    is in the report's unit subtree; None when there are none."""
    rows = list(review_commendations(review=report.review, unit=report.unit))
    if not rows:
        return None
    with translation.override("vi"):
        header = [_("No."), _("Recipient"), _("Collective or individual"),
                  _("Form of commendation"), _("Decision"), _("Awarding unit")]
        body = [[index, row.label, row.get_kind_display(), row.form.name,
                 f"{row.decision.number_symbol} {row.decision.decided_on:%d/%m/%Y}".strip(),
                 row.decision.unit.name]
                for index, row in enumerate(rows, start=1)]
        collectives = sum(1 for row in rows if row.kind == "collective")
        note = _("%(collectives)s collectives and %(individuals)s individuals.") % {
            "collectives": collectives, "individuals": len(rows) - collectives}
        return AnnexTable(title=_("List of commendations"), header=header, rows=body,
                          note=note, widths_cm=[1.0, 5.8, 2.0, 2.2, 2.6, 2.4])

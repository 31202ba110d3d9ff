"""Posting rules of ammunition lots, registered with the holdings posting service.

A lot that is isolated pending recall, approved for disposal, or past its expiry date on the
document's date must not go towards use: no issue to a subordinate, no consumption, no transfer
to another unit unless that unit is a depot or workshop (a recall). Returning it to a higher
level, moving it between facilities of the same unit, writing it off and recording a loss or a
stocktake difference stay possible, so the lot can always be recalled and disposed of.

The expiry rule applies to documents a user drafts. Documents the system records without a user
(commands, imports of past books, the demo's history) state what already happened years ago
and are not refused for an expiry date; isolation and disposal apply to every document.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kythuat.holdings.choices import LotStatus, MovementKind
from kythuat.holdings.models import Lot, Movement
from kythuat.holdings.services import posting_guard

from .models import LotIsolation
from .services.disposal import follow_write_off

TOWARDS_USE = {MovementKind.ISSUE, MovementKind.CONSUMPTION, MovementKind.TRANSFER}


def takes_towards_use(movement: Movement) -> bool:
    if movement.kind not in TOWARDS_USE:
        return False
    if movement.kind == MovementKind.TRANSFER:
        if movement.to_unit_id is None or movement.to_unit_id == movement.from_unit_id:
            return False
        return not movement.to_unit.kind.is_storage
    return True


def _refusal(lot: Lot, day, *, check_expiry: bool) -> str | None:
    label = {"lot": lot.lot_number, "type": lot.type.name}
    if lot.status == LotStatus.ISOLATED:
        isolation = (LotIsolation.objects.filter(lot=lot, released_on__isnull=True)
                     .values_list("decision_ref", flat=True).first())
        return _("Lot %(lot)s of %(type)s is isolated pending recall (%(decision)s): it cannot "
                 "be issued, transferred or consumed. Return it to the higher level, send it "
                 "to a depot or write it off.") % {**label, "decision": isolation or "—"}
    if lot.status in (LotStatus.DISPOSAL_APPROVED, LotStatus.DISPOSED):
        return _("Lot %(lot)s of %(type)s is %(status)s: it cannot be issued, transferred or "
                 "consumed. Return it to the higher level, send it to a depot or write it off.") % {
            **label, "status": lot.get_status_display()}
    if check_expiry and lot.expiry_date is not None and day is not None and lot.expiry_date < day:
        return _("Lot %(lot)s of %(type)s expired on %(date)s: it cannot be issued, transferred "
                 "or consumed until a shelf-life extension is recorded. Return it to the higher "
                 "level, send it to a depot or write it off.") % {
            **label, "date": lot.expiry_date.strftime("%d/%m/%Y")}
    return None


@posting_guard
def unusable_lots(movement: Movement, lines: list, stage: str) -> None:
    """Refuses documents that take an isolated, condemned or expired lot towards use."""
    if stage == "reverse" or not takes_towards_use(movement):
        return
    ids = sorted({line.lot.pk for line in lines if getattr(line, "lot", None) is not None})
    if not ids:
        return
    # Locked, so an isolation decided at the same moment waits for this posting or wins.
    lots = Lot.objects.select_for_update().select_related("type").filter(pk__in=ids).order_by(
        "pk")
    check_expiry = movement.created_by_id is not None
    errors = [message for lot in lots
              if (message := _refusal(lot, movement.effective_date, check_expiry=check_expiry))]
    if errors:
        raise ValidationError(errors, code="lot_unusable")


posting_guard(follow_write_off)

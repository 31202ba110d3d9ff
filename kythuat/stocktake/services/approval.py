"""Approval: the variances become adjustment documents posted to the ledger, in one
transaction with the approval itself."""

from collections import defaultdict
from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.catalog.models import Tracking
from kythuat.holdings import services as holdings
from kythuat.holdings.choices import MovementKind
from kythuat.holdings.models import Movement
from kythuat.holdings.services import LineSpec
from kythuat.org import permissions
from kythuat.org.models import User

from ..models import CountLine, CountSheet, Stocktake
from .campaigns import ensure_status

# The stocktake whose own adjustment documents are being posted: the scope guard lets them
# through (guards.py).
APPROVING: ContextVar[int | None] = ContextVar("stocktake_approving", default=None)


def adjustment_specs(lines: list[CountLine]) -> dict[str, list[LineSpec]]:
    """The lines of the three documents of one sheet: surplus, shortage, re-assessed grades."""
    specs: dict[str, list[LineSpec]] = defaultdict(list)
    for line in lines:
        serial = line.type.tracking == Tracking.SERIAL
        common = {"type": line.type, "grade": line.grade, "usage_group": line.usage_group,
                  "lot": line.lot}
        if line.surplus:
            specs[MovementKind.ADJUST_IN].append(LineSpec(
                **common, quantity=line.surplus, serial=line.serial if serial else "",
                item=None, lot_number="" if line.lot_id else line.lot_number,
                note=line.note))
        if line.shortage:
            if serial:
                specs[MovementKind.ADJUST_OUT].append(LineSpec(
                    type=line.type, item=line.item, quantity=1, note=line.note))
            else:
                specs[MovementKind.ADJUST_OUT].append(LineSpec(
                    **common, quantity=line.shortage, note=line.note))
        if line.is_regraded:
            if serial:
                specs[MovementKind.GRADE_CHANGE].append(LineSpec(
                    type=line.type, item=line.item, quantity=1, grade_to=line.grade_found,
                    note=line.note))
            else:
                specs[MovementKind.GRADE_CHANGE].append(LineSpec(
                    **common, quantity=line.regraded, grade_to=line.grade_found,
                    note=line.note))
    return specs


def _header(kind: str, sheet: CountSheet) -> dict:
    if kind == MovementKind.ADJUST_IN:
        return {"to_unit": sheet.unit, "to_facility": sheet.facility}
    return {"from_unit": sheet.unit, "from_facility": sheet.facility}


@transaction.atomic
def stocktake_approve(*, actor: User | None, stocktake: Stocktake,
                      conclusion: str | None = None) -> Stocktake:
    """Approves a counted stocktake: posts, sheet by sheet, a surplus document (adjust_in), a
    shortage document (adjust_out) and a grade change document for re-assessed grades, dated
    the stocktake date; all of them or none."""
    stocktake = Stocktake.objects.select_for_update(of=("self",)).select_related("unit").get(
        pk=stocktake.pk)
    permissions.ensure_can_post(actor, stocktake.unit)
    ensure_status(stocktake, Stocktake.Status.COUNTED)
    if conclusion is not None:
        stocktake.conclusion = conclusion
    reason = _("Stocktake as at 0h %(date)s: %(title)s") % {
        "date": stocktake.as_of.strftime("%d/%m/%Y"), "title": stocktake.title}
    decision = stocktake.decision_ref
    token = APPROVING.set(stocktake.pk)
    documents: list[Movement] = []
    try:
        for sheet in stocktake.sheets.select_related("unit", "facility"):
            lines = list(sheet.lines.select_related("type", "item", "lot", "usage_group"))
            specs = adjustment_specs(lines)
            for kind in (MovementKind.ADJUST_IN, MovementKind.ADJUST_OUT,
                         MovementKind.GRADE_CHANGE):
                if not specs.get(kind):
                    continue
                try:
                    movement = holdings.movement_create(
                        actor=actor, kind=kind, effective_date=stocktake.as_of,
                        reason=reason[:500], decision_ref=decision[:200], lines=specs[kind],
                        **_header(kind, sheet))
                    documents.append(holdings.movement_post(actor=actor, movement=movement))
                except ValidationError as error:
                    raise ValidationError(
                        [_("Sheet %(number)s (%(place)s): %(message)s") % {
                            "number": sheet.number, "place": str(sheet).split(": ", 1)[-1],
                            "message": message} for message in error.messages],
                        code="adjustment_failed") from error
    finally:
        APPROVING.reset(token)
    stocktake.documents.add(*documents)
    stocktake.status = Stocktake.Status.APPROVED
    stocktake.approved_by = actor if actor and actor.pk else None
    stocktake.approved_at = timezone.now()
    stocktake.save(update_fields=["status", "approved_by", "approved_at", "conclusion",
                                  "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.POSTED, target=stocktake,
                 unit=stocktake.unit, changes={"status": ["counted", "approved"]},
                 note=", ".join(m.number for m in documents))
    return stocktake

"""Tests, isolation and release, shelf-life extensions of one lot."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.core.text import nfc
from kythuat.holdings.choices import LotStatus
from kythuat.holdings.models import Lot
from kythuat.org import permissions
from kythuat.org.models import Unit, User
from kythuat.storage.models import Facility

from ..models import LotIsolation, LotTest, ShelfLifeExtension, TestConclusion, TestKind

TEST_FIELDS = ["lot", "unit", "tested_on", "kind", "samples_taken", "samples_failed",
               "results", "conclusion", "performed_by", "facility", "note"]


def lot_label(lot: Lot) -> str:
    return f"{lot.lot_number} ({lot.type.name})"


def locked_lot(lot: Lot) -> Lot:
    """The lot's row, locked until the end of the transaction: status changes and postings
    that read the status queue behind each other."""
    return Lot.objects.select_for_update().select_related("type").get(pk=lot.pk)


def ensure_lot_in_unit(lot: Lot, unit: Unit) -> None:
    """A unit records facts only about lots that it or a unit below it holds or held."""
    if not Lot.objects.within(unit).filter(pk=lot.pk).exists():
        raise ValidationError(
            {"unit": _("%(unit)s and its subordinates have never held lot %(lot)s; choose the "
                       "unit that holds it.") % {"unit": unit.name, "lot": lot_label(lot)}},
            code="lot_not_in_unit")


def _ensure_not_future(field: str, day: dt.date | None, label: str) -> None:
    if day is None:
        raise ValidationError({field: _("Enter the %(field)s.") % {"field": label}},
                              code="required")
    if day > timezone.localdate():
        raise ValidationError({field: _("The %(field)s cannot be in the future.")
                               % {"field": label}}, code="future_date")


def set_lot_status(*, actor: User | None, lot: Lot, status: str, unit: Unit | None,
                   note: str = "") -> None:
    """The one place a lot's status changes; the caller holds the lot's lock."""
    if lot.status == status:
        return
    old = lot.status
    lot.status = status
    lot.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=lot, unit=unit,
                 changes={"status": [old, status]}, note=note)


@transaction.atomic
def lot_test_record(*, actor: User | None, lot: Lot, unit: Unit, tested_on: dt.date,
                    kind: TestKind, conclusion: TestConclusion, samples_taken: int = 0,
                    samples_failed: int = 0, results: str = "", performed_by: str = "",
                    facility: Facility | None = None, note: str = "") -> LotTest:
    """Records a test or sample inspection of a lot (a clerk may enter it)."""
    permissions.ensure_can_draft(actor, unit)
    ensure_lot_in_unit(lot, unit)
    _ensure_not_future("tested_on", tested_on, _("test date"))
    errors = {}
    if samples_taken is None or samples_taken < 0:
        errors["samples_taken"] = _("The number of samples taken cannot be negative.")
    if samples_failed is None or samples_failed < 0:
        errors["samples_failed"] = _("The number of failed samples cannot be negative.")
    if not errors and samples_failed > samples_taken:
        errors["samples_failed"] = _(
            "%(failed)s samples failed but only %(taken)s were taken; the failed samples "
            "cannot outnumber the samples taken.") % {"failed": samples_failed,
                                                      "taken": samples_taken}
    if errors:
        raise ValidationError(errors, code="bad_samples")
    if facility is not None and actor is not None and not Facility.objects.visible_to(
            actor).filter(pk=facility.pk).exists():
        raise ValidationError({"facility": _("Unknown facility.")}, code="unknown_facility")
    test = LotTest(lot=lot, unit=unit, tested_on=tested_on, kind=kind, conclusion=conclusion,
                   samples_taken=samples_taken, samples_failed=samples_failed,
                   results=nfc(results), performed_by=nfc(performed_by), facility=facility,
                   note=nfc(note))
    test.full_clean()
    test.save()
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=test, unit=unit,
                 changes=audit.snapshot(test, TEST_FIELDS))
    return test


@transaction.atomic
def lot_isolate(*, actor: User | None, lot: Lot, unit: Unit, decision_ref: str, reason: str,
                isolated_on: dt.date) -> LotIsolation:
    """Puts a lot apart pending recall: from now on no document may issue, transfer or consume
    it (see ammunition.guards)."""
    permissions.ensure_can_post(actor, unit)
    ensure_lot_in_unit(lot, unit)
    lot = locked_lot(lot)
    _ensure_not_future("isolated_on", isolated_on, _("isolation date"))
    errors = {}
    if not (decision_ref or "").strip():
        errors["decision_ref"] = _("Enter the number and date of the isolation decision.")
    if not (reason or "").strip():
        errors["reason"] = _("Say why the lot is isolated.")
    if errors:
        raise ValidationError(errors, code="required")
    if lot.status == LotStatus.ISOLATED:
        raise ValidationError(_("Lot %(lot)s is already isolated.") % {"lot": lot_label(lot)},
                              code="already_isolated")
    if lot.status != LotStatus.NORMAL:
        raise ValidationError(_("Lot %(lot)s is %(status)s; only a lot in normal use can be "
                                "isolated.") % {"lot": lot_label(lot),
                                                "status": lot.get_status_display()},
                              code="not_normal")
    isolation = LotIsolation.objects.create(lot=lot, unit=unit, decision_ref=nfc(decision_ref),
                                            reason=nfc(reason), isolated_on=isolated_on)
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=isolation, unit=unit,
                 changes=audit.snapshot(isolation, ["lot", "decision_ref", "reason",
                                                    "isolated_on"]))
    set_lot_status(actor=actor, lot=lot, status=LotStatus.ISOLATED, unit=unit,
                   note=_("Isolated by %(decision)s") % {"decision": isolation.decision_ref})
    return isolation


@transaction.atomic
def lot_release(*, actor: User | None, isolation: LotIsolation, released_on: dt.date,
                release_ref: str, note: str = "") -> LotIsolation:
    """Ends an isolation: the lot returns to normal use. Only the deciding unit or a unit
    above it may release."""
    permissions.ensure_can_post(actor, isolation.unit)
    lot = locked_lot(isolation.lot)
    isolation = LotIsolation.objects.select_for_update().get(pk=isolation.pk)
    if not isolation.is_open:
        raise ValidationError(_("This isolation was already ended on %(date)s.")
                              % {"date": isolation.released_on.strftime("%d/%m/%Y")},
                              code="already_released")
    _ensure_not_future("released_on", released_on, _("release date"))
    if released_on < isolation.isolated_on:
        raise ValidationError({"released_on": _(
            "The release cannot be dated before the isolation (%(date)s).")
            % {"date": isolation.isolated_on.strftime("%d/%m/%Y")}}, code="before_isolation")
    if not (release_ref or "").strip():
        raise ValidationError({"release_ref": _("Enter the number and date of the release "
                                                "decision.")}, code="required")
    if lot.status != LotStatus.ISOLATED:
        raise ValidationError(_("Lot %(lot)s is %(status)s; it can no longer be released to "
                                "normal use.") % {"lot": lot_label(lot),
                                                  "status": lot.get_status_display()},
                              code="not_isolated")
    isolation.released_on = released_on
    isolation.release_ref = nfc(release_ref)
    isolation.release_note = nfc(note)
    isolation.released_by = actor if actor and actor.pk else None
    isolation.save(update_fields=["released_on", "release_ref", "release_note", "released_by",
                                  "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=isolation,
                 unit=isolation.unit, changes={"released_on": [None, released_on],
                                               "release_ref": ["", isolation.release_ref]})
    set_lot_status(actor=actor, lot=lot, status=LotStatus.NORMAL, unit=isolation.unit,
                   note=_("Released by %(decision)s") % {"decision": isolation.release_ref})
    return isolation


@transaction.atomic
def shelf_life_extend(*, actor: User | None, lot: Lot, unit: Unit, decision_ref: str,
                      decided_on: dt.date, new_expiry: dt.date,
                      note: str = "") -> ShelfLifeExtension:
    """Records a shelf-life extension; the lot's expiry date becomes the new one."""
    permissions.ensure_can_post(actor, unit)
    ensure_lot_in_unit(lot, unit)
    lot = locked_lot(lot)
    _ensure_not_future("decided_on", decided_on, _("decision date"))
    if not (decision_ref or "").strip():
        raise ValidationError({"decision_ref": _("Enter the number and date of the extension "
                                                 "decision.")}, code="required")
    if new_expiry is None:
        raise ValidationError({"new_expiry": _("Enter the new expiry date.")}, code="required")
    if lot.status in (LotStatus.DISPOSAL_APPROVED, LotStatus.DISPOSED):
        raise ValidationError(_("Lot %(lot)s is %(status)s; its shelf life can no longer be "
                                "extended.") % {"lot": lot_label(lot),
                                                "status": lot.get_status_display()},
                              code="disposed")
    old = lot.expiry_date
    if old is not None and new_expiry <= old:
        raise ValidationError({"new_expiry": _(
            "The new expiry date must be later than the current one (%(date)s).")
            % {"date": old.strftime("%d/%m/%Y")}}, code="not_later")
    if new_expiry <= decided_on:
        raise ValidationError({"new_expiry": _("The new expiry date must be later than the "
                                               "decision date.")}, code="not_later")
    latest = lot.extensions.order_by("-decided_on").first()
    if latest is not None and decided_on < latest.decided_on:
        raise ValidationError({"decided_on": _(
            "A later extension decision (%(ref)s of %(date)s) is already recorded; enter "
            "decisions in the order they were made.")
            % {"ref": latest.decision_ref, "date": latest.decided_on.strftime("%d/%m/%Y")}},
            code="out_of_order")
    extension = ShelfLifeExtension.objects.create(
        lot=lot, unit=unit, decision_ref=nfc(decision_ref), decided_on=decided_on,
        previous_expiry=old, new_expiry=new_expiry, note=nfc(note))
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=extension, unit=unit,
                 changes=audit.snapshot(extension, ["lot", "decision_ref", "decided_on",
                                                    "previous_expiry", "new_expiry"]))
    lot.expiry_date = new_expiry
    lot.save(update_fields=["expiry_date", "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=lot, unit=unit,
                 changes={"expiry_date": [old, new_expiry]},
                 note=_("Shelf life extended by %(decision)s")
                 % {"decision": extension.decision_ref})
    return extension

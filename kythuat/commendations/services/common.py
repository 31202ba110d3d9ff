"""Checks shared by proposals and decisions: the form's level, the recipients, the texts."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kythuat.core.text import nfc, strip_control
from kythuat.org.models import Unit, User
from kythuat.reviews.models import Review

from ..models import CommendationForm, RecipientKind


@dataclass
class RecipientSpec:
    """A collective (`unit`, or a body inside it named in `full_name`) or an individual
    (`full_name`, rank, position and their unit)."""

    unit: Unit
    kind: str = RecipientKind.COLLECTIVE
    full_name: str = ""
    rank: str = ""
    position: str = ""
    achievement: str = ""
    person: object = None  # people.Person, when an individual is in the staff records


def line(value: object, limit: int) -> str:
    return " ".join(strip_control(nfc(str(value or ""))).split())[:limit]


def text(value: object) -> str:
    return strip_control(nfc(str(value or ""))).strip()


def day_text(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def allowed_kind_names(form: CommendationForm) -> str:
    return ", ".join(kind.name for kind in form.allowed_kinds.order_by("order"))


def check_form(form: CommendationForm, awarding: Unit, *, field: str = "form",
               current: CommendationForm | None = None) -> None:
    """The form is in use and the awarding unit's kind may award it (empty list: any)."""
    if not form.is_active and form != current:
        raise ValidationError({field: _(
            "The form %(form)s is no longer in use; choose another form.") % {"form": form.name}})
    kinds = set(form.allowed_kinds.values_list("pk", flat=True))
    if kinds and awarding.kind_id not in kinds:
        raise ValidationError({field: _(
            "%(unit)s (%(kind)s) may not award %(form)s: it is awarded by a unit of these "
            "kinds: %(allowed)s. Choose a form within %(unit)s's authority, or ask a unit of "
            "one of those kinds.") % {"unit": awarding.name, "kind": awarding.kind.name,
                                      "form": form.name, "allowed": allowed_kind_names(form)}})


def check_period(start: dt.date | None, end: dt.date | None) -> None:
    if start is None or end is None:
        raise ValidationError({"period_start": _(
            "Enter the period of the achievements, from and to.")})
    if end < start:
        raise ValidationError({"period_end": _(
            "The period ends (%(end)s) before it starts (%(start)s); choose an end date on or "
            "after the start date.") % {"end": day_text(end), "start": day_text(start)}})


def check_review(actor: User | None, review: Review | None) -> None:
    if review is None or actor is None:
        return
    if not Review.objects.visible_to(actor).filter(pk=review.pk).exists():
        raise ValidationError({"review": _("Choose a review that you can see.")})


def clean_recipients(specs: Iterable[RecipientSpec], *, form: CommendationForm,
                     root: Unit) -> list[RecipientSpec]:
    """Every recipient is a unit of `root`'s subtree (or a person of one), of a kind the form
    is awarded to; a collective is named once."""
    cleaned: list[RecipientSpec] = []
    seen: set[tuple[int, str]] = set()
    for number, spec in enumerate(specs, start=1):
        if spec.unit is None:
            continue
        kind = spec.kind if spec.kind in RecipientKind.values else RecipientKind.COLLECTIVE
        label = _("Recipient %(n)s") % {"n": number}
        if not root.contains(spec.unit):
            raise ValidationError({"recipients": _(
                "%(label)s: %(unit)s is not %(root)s or a unit under it; name only units of "
                "its subtree (or people serving in them).") % {
                "label": label, "unit": spec.unit.name, "root": root.name}})
        if not form.accepts(kind):
            raise ValidationError({"recipients": _(
                "%(label)s: %(form)s is awarded to %(applies)s; change the form or the "
                "recipient.") % {"label": label, "form": form.name,
                                  "applies": form.get_applies_to_display()}})
        item = RecipientSpec(unit=spec.unit, kind=kind, full_name=line(spec.full_name, 100),
                             rank=line(spec.rank, 40), position=line(spec.position, 150),
                             achievement=line(spec.achievement, 500),
                             person=spec.person if kind == RecipientKind.INDIVIDUAL else None)
        if kind == RecipientKind.INDIVIDUAL and not item.full_name:
            raise ValidationError({"recipients": _(
                "%(label)s: enter the full name of the individual.") % {"label": label}})
        if kind == RecipientKind.COLLECTIVE:
            key = (spec.unit.pk, item.full_name.casefold())
            if key in seen:
                raise ValidationError({"recipients": _(
                    "%(name)s is named twice as a collective; name each collective once.")
                    % {"name": f"{item.full_name}, {spec.unit.name}".lstrip(", ")}})
            seen.add(key)
            item.rank = item.position = ""
        cleaned.append(item)
    if not cleaned:
        raise ValidationError({"recipients": _(
            "Name at least one recipient: a unit, or a person with their unit.")})
    return cleaned


def recipient_fields(spec: RecipientSpec, order: int) -> dict:
    return {"kind": spec.kind, "unit": spec.unit, "full_name": spec.full_name,
            "rank": spec.rank, "position": spec.position, "achievement": spec.achievement,
            "order": order}

"""Registering an initiative (with its authors) and changing it while it is only registered."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.core.services import model_update
from kythuat.org import permissions
from kythuat.org.models import Unit, User

from ..models import Author, Initiative, InitiativeField
from .common import day_text, line, not_future, text

ATTACHMENT_TYPES = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png"}
ATTACHMENT_MAX_MB = 20
FIELDS = ["title", "field", "problem", "solution", "registered_on", "first_applied_on", "scope",
          "benefit_vnd", "benefit_hours", "benefit_fuel_litres", "benefit_text", "attachment"]
MAX_AUTHORS = 20


@dataclass(frozen=True)
class AuthorSpec:
    name: str
    rank: str = ""
    position: str = ""
    unit: Unit | None = None
    is_main: bool = False
    person: Any = None  # people.Person, when the author is in the staff records


def _check_attachment(upload: Any) -> None:
    if not isinstance(upload, UploadedFile):
        return
    if Path(upload.name or "").suffix.lower() not in ATTACHMENT_TYPES:
        raise ValidationError({"attachment": _(
            "Attach the dossier as PDF, Word, Excel or an image (.jpg, .png).")})
    if upload.size and upload.size > ATTACHMENT_MAX_MB * 1024 * 1024:
        raise ValidationError({"attachment": _(
            "The attached file is larger than %(size)s MB; scan it at a lower resolution.")
            % {"size": ATTACHMENT_MAX_MB}})


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    values["title"] = line(values.get("title"), 300)
    values["scope"] = line(values.get("scope"), 300)
    for name in ("problem", "solution", "benefit_text"):
        values[name] = text(values.get(name))
    if not values["title"]:
        errors["title"] = _("Enter the title of the initiative.")
    field: InitiativeField | None = values.get("field")
    if field is None:
        errors["field"] = _("Choose the field of the initiative.")
    registered: dt.date | None = values.get("registered_on")
    if registered is None:
        errors["registered_on"] = _("Enter the date the initiative was registered.")
    first = values.get("first_applied_on")
    if first and registered and first > registered:
        errors["first_applied_on"] = _(
            "The first trial application (%(first)s) is after the registration "
            "(%(registered)s); an initiative is registered after it has been tried.") % {
            "first": day_text(first), "registered": day_text(registered)}
    for name in ("benefit_vnd", "benefit_hours", "benefit_fuel_litres"):
        value = values.get(name)
        if value is not None and Decimal(value) < 0:
            errors[name] = _("A benefit cannot be negative; enter what is saved, or leave it "
                             "empty.")
    if errors:
        raise ValidationError(errors)
    not_future(registered, "registered_on", _("The date registered"))
    not_future(first, "first_applied_on", _("The first trial application"))
    _check_attachment(values.get("attachment"))
    return values


def _clean_authors(authors: Iterable[AuthorSpec], *, actor: User | None) -> list[AuthorSpec]:
    cleaned = [AuthorSpec(name=line(a.name, 150), rank=line(a.rank, 60),
                          position=line(a.position, 150), unit=a.unit, is_main=a.is_main,
                          person=a.person)
               for a in authors if line(a.name, 150)]
    if not cleaned:
        raise ValidationError({"authors": _("Enter at least the main author of the "
                                            "initiative.")})
    if len(cleaned) > MAX_AUTHORS:
        raise ValidationError({"authors": _("An initiative has at most %(count)s authors.")
                               % {"count": MAX_AUTHORS}})
    mains = [a for a in cleaned if a.is_main]
    if len(mains) > 1:
        raise ValidationError({"authors": _("Mark one main author only; the others are "
                                            "co-authors.")})
    if not mains:  # the first one named is the main author
        first = cleaned[0]
        cleaned[0] = AuthorSpec(first.name, first.rank, first.position, first.unit, True,
                                first.person)
    if actor is not None and not actor.is_superuser:
        for author in cleaned:
            if author.unit is not None and not permissions.can_view_unit(actor, author.unit):
                raise ValidationError({"authors": _(
                    "Choose the units of the authors among the units you can see.")})
    return cleaned


def _save_authors(initiative: Initiative, authors: list[AuthorSpec]) -> None:
    initiative.authors.all().delete()
    Author.objects.bulk_create([
        Author(initiative=initiative, name=a.name, rank=a.rank, position=a.position,
               unit=a.unit or initiative.unit, is_main=a.is_main, order=index,
               person=a.person)
        for index, a in enumerate(authors, start=1)])


@transaction.atomic
def initiative_register(*, actor: User | None, unit: Unit, authors: Iterable[AuthorSpec],
                        **data: Any) -> Initiative:
    """Records an initiative as registered by its unit (đăng ký sáng kiến)."""
    permissions.ensure_can_draft(actor, unit)
    values = _clean({name: data.get(name) for name in FIELDS})
    if not values["field"].is_active:
        raise ValidationError({"field": _("The field %(field)s is no longer in use; choose "
                                          "another.") % {"field": values["field"].name}})
    people = _clean_authors(authors, actor=actor)
    initiative = Initiative(unit=unit, created_by=actor if actor and actor.pk else None,
                            **{k: v for k, v in values.items() if k != "attachment"})
    initiative.attachment = values.get("attachment") or ""
    initiative.full_clean()
    initiative.save()
    _save_authors(initiative, people)
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=initiative, unit=unit,
                 changes={**audit.snapshot(initiative, ["title", "registered_on", "benefit_vnd"]),
                          "authors": [None, [a.name for a in people]]})
    return initiative


@transaction.atomic
def initiative_update(*, actor: User | None, initiative: Initiative, data: dict[str, Any],
                      authors: Iterable[AuthorSpec] | None = None) -> Initiative:
    """Corrects the dossier while the initiative is only registered; once sent to a council,
    the council judges what was sent."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    permissions.ensure_can_draft(actor, initiative.unit)
    if initiative.status != Initiative.Status.REGISTERED:
        raise ValidationError(_("The initiative has been sent to a council and can no longer "
                                "be changed; its dossier stays as the council received it."))
    current = {name: getattr(initiative, name) for name in FIELDS}
    merged = {**current, **{k: v for k, v in data.items() if k in FIELDS}}
    if not data.get("attachment"):
        merged["attachment"] = initiative.attachment
    values = _clean(merged)
    changes = model_update(instance=initiative, fields=FIELDS, data=values)
    if "attachment" in changes:
        changes["attachment"] = [getattr(changes["attachment"][0], "name", None) or None,
                                 initiative.attachment.name]
    if authors is not None:
        people = _clean_authors(authors, actor=actor)
        old = list(initiative.authors.values_list("name", flat=True))
        _save_authors(initiative, people)
        if old != [a.name for a in people]:
            changes["authors"] = [old, [a.name for a in people]]
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=initiative,
                     unit=initiative.unit, changes=changes)
    return initiative

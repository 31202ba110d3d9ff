"""Writes: directives (recorded by the officers of the issuing unit or a unit above it), their
status, what they implement, and their numbered clauses. Each is one transaction with its audit
row; a refused write changes nothing."""

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.core.services import model_update
from kythuat.core.text import nfc, strip_control
from kythuat.documents.models import FormatProfile, Issuer
from kythuat.documents.selectors import issuer_lineage, issuer_on
from kythuat.documents.services import series_of
from kythuat.org import permissions
from kythuat.org.models import Unit, User

from .models import Clause, Directive, DirectiveKind

DIRECTIVE_FIELDS = ["issuer", "kind", "number", "symbol", "issued_on", "term_label", "title",
                    "summary", "attachment"]
CLAUSE_FIELDS = ["number", "kind", "text", "order"]
ATTACHMENT_TYPES = {".pdf", ".doc", ".docx", ".jpg", ".jpeg", ".png", ".tif", ".tiff"}
ATTACHMENT_MAX_MB = 20
MAX_NUMBER = 99_999
MAX_DEPTH = 20  # levels walked when looking for a cycle; a real cascade has five or six


def _date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def ensure_can_write(actor: User | None, unit: Unit) -> None:
    """Directives and their clauses are written by an officer of the issuing unit or above."""
    if actor is not None and not permissions.can_post(actor, unit):
        raise PermissionDenied(
            _("Only an officer of %(unit)s or a unit above it may record or change its "
              "directives.") % {"unit": unit.name})


def suggested_symbol(issuer: Issuer, kind: DirectiveKind) -> str:
    """The symbol after the number, from the issuer's profile: "NQ/ĐUQSTW", "KH-BCH"."""
    pattern = issuer.profile.number_pattern
    tail = pattern.split("{n}", 1)[-1].lstrip("-/ ")
    return tail.format(type=kind.code, issuer=issuer.abbreviation)


def _series(issuer: Issuer, kind: DirectiveKind, day: dt.date) -> str:
    """The numbering series: the calendar year (state) or the committee term (Party), as the
    register of numbers keys its counters."""
    try:
        _type_series, scope_key = series_of(issuer, kind, day)  # type: ignore[arg-type]
    except ValidationError as error:
        raise ValidationError({"issued_on": error.messages}) from None
    return scope_key


def _term_label(issuer: Issuer) -> str:
    if issuer.profile.counter_scope != FormatProfile.CounterScope.TERM or not issuer.term_start:
        return ""
    end = issuer.term_end.year if issuer.term_end else ""
    return f"{issuer.term_start.year}–{end}"


def _clean(values: dict[str, Any], *, actor: User | None,
           directive: Directive | None = None) -> dict[str, Any]:
    """Checks a directive's data against the issuer, the date and the numbering series."""
    issuer: Issuer = values["issuer"]
    kind: DirectiveKind = values["kind"]
    day: dt.date | None = values.get("issued_on")
    errors: dict[str, str] = {}
    for name in ("title", "symbol", "term_label"):
        values[name] = " ".join(strip_control(nfc(str(values.get(name) or ""))).split())
    values["summary"] = strip_control(nfc(str(values.get("summary") or "")))
    if actor is not None and not Issuer.objects.visible_to(actor).filter(pk=issuer.pk).exists():
        raise ValidationError({"issuer": _(
            "Choose an issuer of your unit or of a unit below it.")})
    ensure_can_write(actor, issuer.unit)
    if not kind.is_active and (directive is None or directive.kind_id != kind.pk):
        errors["kind"] = _("The kind %(kind)s is no longer in use; choose another kind.") % {
            "kind": kind.name}
    number = values.get("number")
    if number is None or not 1 <= number <= MAX_NUMBER:
        errors["number"] = _("Enter the directive's number, a whole number from 1 to "
                             "%(max)s.") % {"max": MAX_NUMBER}
    if not values["title"]:
        errors["title"] = _("Enter the title of the directive (its subject line).")
    if day is None:
        errors["issued_on"] = _("Enter the date the directive was issued.")
    if errors:
        raise ValidationError(errors)
    if not issuer.is_valid_on(day):
        named = issuer_on(issuer, day)
        if named is not None:
            message = _("On %(date)s the issuer was named %(name)s; choose that name, as the "
                        "directive was issued under it.") % {"date": _date(day),
                                                             "name": named.name}
        else:
            message = _("%(issuer)s was not in use on %(date)s; choose the issuer's name of "
                        "that date, or record it among the issuers first.") % {
                "issuer": issuer.name, "date": _date(day)}
        raise ValidationError({"issuer": message})
    values["series"] = _series(issuer, kind, day)
    if not values["symbol"]:
        values["symbol"] = suggested_symbol(issuer, kind)
    if not values["term_label"]:
        values["term_label"] = _term_label(issuer)
    # Numbers run on across a rename (HD 36: continuous within the term), so the whole lineage
    # of the issuing body is checked, not only this name.
    clash = Directive.objects.filter(issuer__in=issuer_lineage(issuer), kind=kind,
                                     series=values["series"], number=number)
    if directive is not None:
        clash = clash.exclude(pk=directive.pk)
    if (used := clash.first()) is not None:
        raise ValidationError({"number": _(
            "Number %(number)s of the kind %(kind)s is already used by %(used)s in the same "
            "numbering series (year or Party term); check the number, or open that "
            "directive.") % {"number": number, "kind": kind.code, "used": used.number_symbol}})
    attachment = values.get("attachment")
    if isinstance(attachment, UploadedFile):
        _check_attachment(attachment)
    return values


def _check_attachment(upload: UploadedFile) -> None:
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in ATTACHMENT_TYPES:
        raise ValidationError({"attachment": _(
            "Attach a scan or a document as PDF, Word (.doc, .docx) or an image (.jpg, .png, "
            ".tif).")})
    if upload.size and upload.size > ATTACHMENT_MAX_MB * 1024 * 1024:
        raise ValidationError({"attachment": _(
            "The attached file is larger than %(size)s MB; scan it at a lower resolution.")
            % {"size": ATTACHMENT_MAX_MB}})


def _check_implements(*, actor: User | None, pk: int | None, day: dt.date,
                      implements: list[Directive]) -> None:
    """What a directive implements must be visible to the actor, earlier or of the same day, and
    must not lead back to the directive (the cascade is a graph without cycles)."""
    visible = None if actor is None else set(Directive.objects.visible_to(actor).filter(
        pk__in=[target.pk for target in implements]).values_list("pk", flat=True))
    for target in implements:
        if pk is not None and target.pk == pk:
            raise ValidationError({"implements": _(
                "A directive cannot implement itself; choose the earlier directive it carries "
                "out.")})
        if visible is not None and target.pk not in visible:
            raise ValidationError({"implements": _(
                "Choose directives that you can see; directive %(id)s is not among them.")
                % {"id": target.pk}})
        if target.issued_on > day:
            raise ValidationError({"implements": _(
                "%(target)s was issued on %(date)s, after this directive (%(own)s); a directive "
                "can only implement earlier ones.") % {
                "target": target.number_symbol, "date": _date(target.issued_on),
                "own": _date(day)}})
    if pk is None:
        return  # nothing implements a new directive yet, so it cannot close a cycle
    if pk in _implemented_transitively([t.pk for t in implements]):
        raise ValidationError({"implements": _(
            "This link would make a cycle: the chosen directive already implements this one, "
            "directly or through others. Link only to directives above it in the cascade.")})


def _implemented_transitively(start: list[int]) -> set[int]:
    """The ids reachable upwards through "implements", one query per level."""
    through = Directive.implements.through
    seen: set[int] = set(start)
    frontier = set(start)
    for _level in range(MAX_DEPTH):
        if not frontier:
            break
        parents = set(through.objects.filter(from_directive_id__in=frontier)
                      .values_list("to_directive_id", flat=True))
        frontier = parents - seen
        seen |= parents
    return seen


def _check_dates_below(directive: Directive, day: dt.date) -> None:
    """A new date must stay on or before the directives that implement this one."""
    later = directive.implemented_by.filter(issued_on__lt=day).order_by("issued_on").first()
    if later is not None:
        raise ValidationError({"issued_on": _(
            "%(other)s, issued on %(date)s, implements this directive; the date cannot be "
            "after it.") % {"other": later.number_symbol, "date": _date(later.issued_on)}})


@transaction.atomic
def directive_create(*, actor: User | None, issuer: Issuer, kind: DirectiveKind, number: int,
                     issued_on: dt.date, title: str, symbol: str = "", term_label: str = "",
                     summary: str = "", attachment: UploadedFile | None = None,
                     implements: Iterable[Directive] = ()) -> Directive:
    values = _clean({"issuer": issuer, "kind": kind, "number": number, "issued_on": issued_on,
                     "title": title, "symbol": symbol, "term_label": term_label,
                     "summary": summary, "attachment": attachment}, actor=actor)
    directive = Directive(unit=issuer.unit, **{k: v for k, v in values.items()
                                              if k in (*DIRECTIVE_FIELDS, "series")})
    directive.attachment = attachment or ""
    implements = list(implements)
    _check_implements(actor=actor, pk=None, day=issued_on, implements=implements)
    directive.full_clean()
    directive.save()
    directive.implements.set(implements)
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=directive,
                 unit=directive.unit, changes={
                     **audit.snapshot(directive, ["number", "symbol", "issued_on", "title",
                                                  "series"]),
                     "implements": [None, [t.number_symbol for t in implements]]})
    return directive


@transaction.atomic
def directive_update(*, actor: User | None, directive: Directive,
                     data: dict[str, Any]) -> Directive:
    """Changes the data of a directive; `implements` in `data` replaces what it implements."""
    ensure_can_write(actor, directive.unit)
    current = {name: getattr(directive, name) for name in DIRECTIVE_FIELDS}
    merged = {**current, **{k: v for k, v in data.items() if k in DIRECTIVE_FIELDS}}
    if "attachment" in data and not data["attachment"]:
        merged["attachment"] = directive.attachment  # an empty upload keeps the file
    if merged["issuer"].unit_id != directive.unit_id:
        raise ValidationError({"issuer": _(
            "A directive stays with the unit that issued it; choose a name of %(unit)s.")
            % {"unit": directive.unit.name}})
    if merged["term_label"] == current["term_label"] and (
            merged["issuer"] != current["issuer"] or merged["issued_on"] != current["issued_on"]):
        merged["term_label"] = ""  # recomputed from the issuer
    values = _clean(merged, actor=actor, directive=directive)
    _check_dates_below(directive, values["issued_on"])
    if "implements" not in data:  # what it implements must still be earlier
        _check_implements(actor=None, pk=directive.pk, day=values["issued_on"],
                          implements=list(directive.implements.all()))
    else:
        _check_implements(actor=actor, pk=directive.pk, day=values["issued_on"],
                          implements=list(data["implements"]))
    changes = model_update(instance=directive, fields=[*DIRECTIVE_FIELDS, "series"],
                           data=values)
    if "attachment" in changes:  # files are logged by name
        changes["attachment"] = [getattr(changes["attachment"][0], "name", None) or None,
                                 directive.attachment.name]
    if "implements" in data:
        changes.update(_set_implements(actor=actor, directive=directive,
                                       implements=list(data["implements"])))
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=directive,
                     unit=directive.unit, changes=changes)
    return directive


def _set_implements(*, actor: User | None, directive: Directive,
                    implements: list[Directive]) -> dict[str, list[Any]]:
    _check_implements(actor=actor, pk=directive.pk, day=directive.issued_on,
                      implements=implements)
    old = list(directive.implements.order_by("issued_on", "pk"))
    # Links to directives the actor cannot see are not the actor's to remove.
    seen = {d.pk for d in old} if actor is None else set(
        Directive.objects.visible_to(actor).filter(pk__in=[d.pk for d in old])
        .values_list("pk", flat=True))
    hidden = [d for d in old if d.pk not in seen]
    new = [*{d.pk: d for d in [*implements, *hidden]}.values()]
    if {d.pk for d in old} == {d.pk for d in new}:
        return {}
    directive.implements.set(new)
    return {"implements": [[d.number_symbol for d in old], [d.number_symbol for d in new]]}


@transaction.atomic
def directive_link(*, actor: User | None, directive: Directive,
                   implements: Iterable[Directive]) -> Directive:
    """Sets what the directive implements (the earlier directives it carries out)."""
    ensure_can_write(actor, directive.unit)
    changes = _set_implements(actor=actor, directive=directive, implements=list(implements))
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=directive,
                     unit=directive.unit, changes=changes)
    return directive


@transaction.atomic
def directive_set_status(*, actor: User | None, directive: Directive, status: str,
                         note: str = "") -> Directive:
    ensure_can_write(actor, directive.unit)
    if status not in Directive.Status.values:
        raise ValidationError({"status": _(
            "Choose the status among: in force, replaced, expired.")})
    if status == directive.status:
        raise ValidationError({"status": _("The directive already has this status.")})
    changes = {"status": [directive.status, status]}
    directive.status = status
    directive.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=directive,
                 unit=directive.unit, changes=changes, note=" ".join(nfc(note).split())[:500])
    return directive


# Clauses -----------------------------------------------------------------------------------

def _clean_clause(values: dict[str, Any], *, directive: Directive,
                  clause: Clause | None = None) -> dict[str, Any]:
    number = " ".join(nfc(str(values.get("number") or "")).split())
    text = strip_control(nfc(str(values.get("text") or ""))).strip()
    errors = {}
    if not number or " " in number or len(number) > 20:
        errors["number"] = _("Enter the clause's number as written in the directive, without "
                             "spaces, e.g. 2 or 2.3 or II.1.")
    if not text:
        errors["text"] = _("Enter the text of the task or solution.")
    if values.get("kind") not in Clause.Kind.values:
        errors["kind"] = _("Choose whether the clause is an objective, a task or a solution.")
    if errors:
        raise ValidationError(errors)
    clash = directive.clauses.filter(number=number)
    if clause is not None:
        clash = clash.exclude(pk=clause.pk)
    if clash.exists():
        raise ValidationError({"number": _(
            "This directive already has a clause numbered %(number)s; use another number or "
            "edit that clause.") % {"number": number}})
    order = values.get("order")
    if order is None:
        last = directive.clauses.order_by("-order").values_list("order", flat=True).first()
        order = (last or 0) + 10
    return {"number": number, "text": text, "kind": values["kind"], "order": order}


@transaction.atomic
def clause_create(*, actor: User | None, directive: Directive, number: str, text: str,
                  kind: str = Clause.Kind.TASK, order: int | None = None) -> Clause:
    ensure_can_write(actor, directive.unit)
    values = _clean_clause({"number": number, "text": text, "kind": kind, "order": order},
                           directive=directive)
    clause = Clause(directive=directive, **values)
    clause.full_clean()
    clause.save()
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=clause,
                 unit=directive.unit, changes=audit.snapshot(clause, CLAUSE_FIELDS))
    return clause


@transaction.atomic
def clause_update(*, actor: User | None, clause: Clause, data: dict[str, Any]) -> Clause:
    directive = clause.directive
    ensure_can_write(actor, directive.unit)
    current = {name: getattr(clause, name) for name in CLAUSE_FIELDS}
    values = _clean_clause({**current, **{k: v for k, v in data.items() if k in CLAUSE_FIELDS}},
                           directive=directive, clause=clause)
    changes = model_update(instance=clause, fields=CLAUSE_FIELDS, data=values)
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=clause,
                     unit=directive.unit, changes=changes)
    return clause


def clause_dependents(clause: Clause) -> int:
    """How many records (targets …) hang on the clause, whatever app attached them."""
    total = 0
    for relation in Clause._meta.related_objects:
        if relation.one_to_many or relation.one_to_one:
            total += relation.related_model._base_manager.filter(
                **{relation.field.name: clause}).count()
    return total


@transaction.atomic
def clause_delete(*, actor: User | None, clause: Clause) -> None:
    directive = clause.directive
    ensure_can_write(actor, directive.unit)
    if count := clause_dependents(clause):
        raise ValidationError(_(
            "Clause %(number)s has %(count)s targets attached; delete or move its targets "
            "before deleting the clause.") % {"number": clause.number, "count": count})
    audit.record(actor=actor, action=AuditEvent.Action.DELETED, target=clause,
                 unit=directive.unit, changes={name: [getattr(clause, name), None]
                                               for name in CLAUSE_FIELDS})
    clause.delete()

"""The yearly score sheet: opened for a unit, self-assessed and submitted by the unit, scored
and closed by the level above it. Closing freezes the computed column (value, period, time),
so a later posting never changes a closed year's score."""

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.org.models import Unit, User

from .. import permissions
from ..models import Criterion, Phase, Score, Sheet
from ..scoring import Computed, compute_many
from .setup import check_file, number

Entries = Mapping[int, Mapping[str, Any]]


def _figure(value: Decimal | None) -> str:
    return "—" if value is None else f"{value.normalize():f}".replace(".", ",")


def criteria_of(phase: Phase, unit: Unit) -> list[Criterion]:
    return list(Criterion.objects.filter(group__phase=phase, group__level_id=unit.kind_id)
                .select_related("group__objective")
                .order_by("group__objective__number", "order", "number"))


@transaction.atomic
def sheet_open(*, actor: User | None, phase: Phase, unit: Unit, year: int) -> Sheet:
    """Opens a unit's sheet for a year of the phase, one line per criterion of its level."""
    permissions.ensure_can_write_for(actor, unit)
    years = phase.years(unit.kind)
    if year not in years:
        raise ValidationError({"year": _("%(year)s is not a year of %(phase)s for %(unit)s; "
                                         "choose a year from %(first)s to %(last)s.")
                               % {"year": year, "phase": phase.label, "unit": unit.name,
                                  "first": years[0], "last": years[-1]}}, code="bad_year")
    criteria = criteria_of(phase, unit)
    if not criteria:
        raise ValidationError(_("There are no criteria for the level %(level)s in %(phase)s "
                                "yet; the system administrator sets them first.")
                              % {"level": unit.kind.name, "phase": phase.label},
                              code="no_criteria")
    if Sheet.objects.filter(phase=phase, unit=unit, year=year).exists():
        raise ValidationError(_("%(unit)s already has a sheet for %(year)s; open that one.")
                              % {"unit": unit.name, "year": year}, code="duplicate")
    sheet = Sheet.objects.create(phase=phase, unit=unit, year=year)
    Score.objects.bulk_create([Score(sheet=sheet, criterion=c) for c in criteria])
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=sheet, unit=unit,
                 changes=audit.snapshot(sheet, ["phase", "year", "status"]))
    return sheet


def _scores(sheet: Sheet) -> dict[int, Score]:
    scores = Score.objects.select_for_update(of=("self",)).filter(sheet=sheet)
    return {score.criterion_id: score
            for score in scores.select_related("criterion__group__objective")}


def _in_range(value: Any, criterion: Criterion, field: str) -> Decimal | None:
    label = _("Criterion %(number)s") % {"number": criterion.number}
    score = number(value, field, label=label)
    if score is not None and not 0 <= score <= criterion.max_points:
        raise ValidationError({field: _(
            "Criterion %(number)s: the score %(score)s is outside 0 to %(max)s; give a score "
            "from 0 to its maximum of %(max)s points.")
            % {"number": criterion.number, "score": _figure(score),
               "max": _figure(criterion.max_points)}}, code="out_of_range")
    return score


def _locked(sheet: Sheet, status: str) -> None:
    if sheet.status != status:
        messages = {
            Sheet.Status.SELF: _("The sheet has been submitted; the unit can no longer change "
                                 "its self-assessment."),
            Sheet.Status.SUBMITTED: _("Only a submitted sheet that is not closed can be "
                                      "scored by the higher level."),
        }
        raise ValidationError(messages[status], code="wrong_status")


def _evidence_problem(score: Score) -> str | None:
    if (score.criterion.rule == Criterion.Rule.SELF and score.self_score is not None
            and not score.has_evidence and not score.self_note.strip()):
        return _("Criterion %(number)s is self-assessed: attach evidence (a file or a "
                 "reference to the records) or write an explanation.") % {
            "number": score.criterion.number}
    return None


def _total(scores: Sequence[Score], field: str) -> Decimal | None:
    values = [getattr(score, field) for score in scores]
    if all(value is None for value in values):
        return None
    return sum((value for value in values if value is not None), Decimal(0))


@transaction.atomic
def sheet_assess(*, actor: User | None, sheet: Sheet, entries: Entries) -> Sheet:
    """The unit's own scores, evidence and explanations, criterion by criterion; a criterion
    not in `entries` keeps what it has."""
    sheet = Sheet.objects.select_for_update().get(pk=sheet.pk)
    permissions.ensure(permissions.can_assess(actor, sheet), _(
        "Only the clerks and officers of %(unit)s assess its own sheet.")
        % {"unit": sheet.unit.name})
    _locked(sheet, Sheet.Status.SELF)
    scores = _scores(sheet)
    changes: dict[str, list[Any]] = {}
    for criterion_id, data in entries.items():
        score = scores.get(int(criterion_id))
        if score is None:
            raise ValidationError(_("The sheet has no criterion with id %(id)s.")
                                  % {"id": str(criterion_id)[:20]}, code="unknown_criterion")
        old = score.self_score
        score.self_score = _in_range(data.get("self_score"), score.criterion, "self_score")
        score.self_note = str(data.get("self_note") or "").strip()
        if "evidence_ref" in data:
            score.evidence_ref = str(data.get("evidence_ref") or "").strip()[:500]
        upload = data.get("evidence_file")
        if upload:
            check_file(upload, "evidence_file")
            score.evidence_file = upload
        if problem := _evidence_problem(score):
            raise ValidationError({"self_note": problem}, code="no_evidence")
        if upload:
            score.save()  # stores the file; the other lines are written together below
        if old != score.self_score:
            changes[score.criterion.number] = [old, score.self_score]
    Score.objects.bulk_update([scores[int(pk)] for pk in entries],
                              ["self_score", "self_note", "evidence_ref"])
    sheet.self_total = _total(list(scores.values()), "self_score")
    sheet.save(update_fields=["self_total", "updated_at"])
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=sheet,
                     unit=sheet.unit, changes=changes, note=_("Self-assessment"))
    return sheet


@transaction.atomic
def sheet_submit(*, actor: User | None, sheet: Sheet) -> Sheet:
    sheet = Sheet.objects.select_for_update().get(pk=sheet.pk)
    permissions.ensure(permissions.can_submit(actor, sheet), _(
        "Only an officer of %(unit)s submits its sheet.") % {"unit": sheet.unit.name})
    _locked(sheet, Sheet.Status.SELF)
    scores = list(_scores(sheet).values())
    missing = [s.criterion.number for s in scores if s.self_score is None]
    if missing:
        raise ValidationError(_("Score every criterion before submitting; these have no self "
                                "score yet: %(numbers)s.") % {"numbers": ", ".join(missing)},
                              code="incomplete")
    for score in scores:
        if problem := _evidence_problem(score):
            raise ValidationError(problem, code="no_evidence")
    sheet.status = Sheet.Status.SUBMITTED
    sheet.submitted_at, sheet.submitted_by = timezone.now(), actor
    sheet.self_total = _total(scores, "self_score")
    sheet.save(update_fields=["status", "submitted_at", "submitted_by", "self_total",
                              "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=sheet, unit=sheet.unit,
                 changes={"status": [Sheet.Status.SELF, Sheet.Status.SUBMITTED]})
    return sheet


def _reason_problem(score: Score, computed: Decimal | None) -> str | None:
    review = score.review_score
    if review is None or score.review_reason.strip():
        return None
    computed_differs = computed is not None and computed != review
    self_differs = score.self_score is not None and score.self_score != review
    params = {"number": score.criterion.number, "review": _figure(review)}
    if computed_differs and self_differs:
        return _("Criterion %(number)s: the higher level's score (%(review)s) differs from the "
                 "computed score and from the self score; write the reason for the "
                 "difference.") % params
    if computed_differs:
        return _("Criterion %(number)s: the higher level's score (%(review)s) differs from the "
                 "computed score; write the reason for the difference.") % params
    if self_differs:
        return _("Criterion %(number)s: the higher level's score (%(review)s) differs from the "
                 "self score; write the reason for the difference.") % params
    return None


def _live(sheets: Sequence[Sheet]) -> dict[int, dict[int, Computed]]:
    """The computed column of each sheet, one registry call per indicator per group of
    sibling units of the same phase, level and year."""
    groups: dict[tuple, list[Sheet]] = {}
    for sheet in sheets:
        key = (sheet.phase_id, sheet.unit.kind_id, sheet.year, sheet.unit.parent_id)
        groups.setdefault(key, []).append(sheet)
    found: dict[int, dict[int, Computed]] = {}
    for members in groups.values():
        first = members[0]
        computed = compute_many(criteria_of(first.phase, first.unit),
                                [sheet.unit for sheet in members], first.year)
        for sheet in members:
            found[sheet.pk] = computed.get(sheet.unit_id, {})
    return found


def live_computed(sheet: Sheet) -> dict[int, Computed]:
    """{criterion id: Computed} as the records stand now (for a sheet not yet closed)."""
    return _live([sheet])[sheet.pk]


def _apply_review(sheet: Sheet, scores: dict[int, Score], entries: Entries) -> dict:
    changes: dict[str, list[Any]] = {}
    for criterion_id, data in entries.items():
        score = scores.get(int(criterion_id))
        if score is None:
            raise ValidationError(_("The sheet has no criterion with id %(id)s.")
                                  % {"id": str(criterion_id)[:20]}, code="unknown_criterion")
        old = score.review_score
        score.review_score = _in_range(data.get("review_score"), score.criterion,
                                       "review_score")
        score.review_reason = str(data.get("review_reason") or "").strip()
        if old != score.review_score:
            changes[score.criterion.number] = [old, score.review_score]
    return changes


def _freeze(sheet: Sheet, scores: dict[int, Score], computed: dict[int, Computed],
            now) -> None:
    for criterion_id, score in scores.items():
        result = computed.get(criterion_id)
        if result is not None:
            score.computed_value, score.previous_value = result.value, result.previous
            score.period_start, score.period_end = result.period.start, result.period.end
            score.computed_score, score.computed_at = result.score, now


def _close_checks(scores: dict[int, Score]) -> None:
    missing = [s.criterion.number for s in scores.values() if s.review_score is None]
    if missing:
        raise ValidationError(_("Score every criterion before closing the sheet; these have "
                                "no score of the higher level yet: %(numbers)s.")
                              % {"numbers": ", ".join(missing)}, code="incomplete")


@transaction.atomic
def sheet_review(*, actor: User | None, sheet: Sheet, entries: Entries,
                 close: bool = False) -> Sheet:
    """The higher level's scores and reasons; `close` also freezes the computed column and
    closes the sheet. Any difference from the computed or the self score needs a reason."""
    return sheets_review(actor=actor, reviews=[(sheet, entries)], close=close)[0]


@transaction.atomic
def sheets_review(*, actor: User | None, reviews: Sequence[tuple[Sheet, Entries]],
                  close: bool = False) -> list[Sheet]:
    """Several sheets at once (a block of provinces), computed together."""
    locked = {s.pk: s for s in Sheet.objects.select_for_update(of=("self",))
              .filter(pk__in=[sheet.pk for sheet, _e in reviews])
              .select_related("unit__kind", "unit__parent", "phase")}
    sheets = [locked[sheet.pk] for sheet, _e in reviews]
    for sheet in sheets:
        permissions.ensure_can_review(actor, sheet.unit)
        _locked(sheet, Sheet.Status.SUBMITTED)
    computed = _live(sheets)
    now = timezone.now()
    done = []
    for sheet, (_given, entries) in zip(sheets, reviews, strict=True):
        scores = _scores(sheet)
        changes = _apply_review(sheet, scores, entries)
        if close:
            _close_checks(scores)
            _freeze(sheet, scores, computed[sheet.pk], now)
        for score in scores.values():
            reference = (score.computed_score if close else
                         getattr(computed[sheet.pk].get(score.criterion_id), "score", None))
            if problem := _reason_problem(score, reference):
                raise ValidationError({"review_reason": problem}, code="reason_missing")
        Score.objects.bulk_update(list(scores.values()), [
            "review_score", "review_reason", "computed_value", "previous_value", "period_start",
            "period_end", "computed_score", "computed_at"])
        values = list(scores.values())
        sheet.review_total = _total(values, "review_score")
        fields = ["review_total", "updated_at"]
        if close:
            sheet.status, sheet.scored_on, sheet.scored_by = (
                Sheet.Status.SCORED, timezone.localdate(), actor)
            sheet.computed_total = _total(values, "computed_score")
            fields += ["status", "scored_on", "scored_by", "computed_total"]
            changes["status"] = [Sheet.Status.SUBMITTED, Sheet.Status.SCORED]
        sheet.save(update_fields=fields)
        if changes:
            audit.record(actor=actor, action=AuditEvent.Action.CLOSED if close else
                         AuditEvent.Action.CHANGED, target=sheet, unit=sheet.unit,
                         changes=changes, note=_("Scored by the higher level"))
        done.append(sheet)
    return done

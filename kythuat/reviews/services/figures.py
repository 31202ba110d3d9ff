"""A report's figures: an indicator value for (unit, period), computed live while the report is
a draft and frozen with the fingerprint of its records when it is issued.

The fingerprint is a sha256 over the sorted primary keys of `registry.records()` (with the
summed amount of each record where the indicator sums one; both parts for a ratio): cheap,
deterministic, and the same on SQLite and PostgreSQL, so "compare with today" can tell that the
records behind a figure changed even when the value happens not to."""

import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.documents.formatting import format_figure
from kythuat.indicators import registry
from kythuat.indicators.periods import Period, Scope, View
from kythuat.org.models import Unit, User

from ..models import Figure, Report

TOKEN = re.compile(r"\{\{\s*F(\d+)\s*\}\}")
FIGURE_FIELDS = ["label", "indicator_code", "unit", "period_start", "period_end"]


@dataclass(frozen=True)
class Computed:
    """What a figure is now: the value (and a ratio's parts), the records behind it."""

    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    unit_of_measure: str
    record_count: int
    fingerprint: str


def indicator_or_error(code: str) -> registry.Indicator:
    try:
        return registry.get(code)
    except KeyError:
        raise ValidationError({"indicator_code": _(
            "The indicator “%(code)s” does not exist; choose one from the list.")
            % {"code": code[:100]}}, code="unknown_indicator") from None


def period_of(figure: Figure) -> Period:
    return Period(figure.period_start, figure.period_end)


def scope_of(figure: Figure) -> Scope:
    return Scope(figure.unit, View(figure.view))


def _canon(amount) -> str:
    """The same text for the same amount whatever the database returns (2, 2.0, 2.0000)."""
    if amount is None:
        return ""
    number = Decimal(str(amount))
    return format(number.normalize(), "f") if number else "0"


def _parts(code: str) -> list[tuple[str, str]]:
    """(part, code of a counting indicator): a ratio has two, anything else one."""
    indicator = registry.get(code)
    if indicator.kind == registry.Kind.RATIO:
        return [("numerator", indicator.numerator), ("denominator", indicator.denominator)]
    return [("", code)]


def record_sets(code: str, scope: Scope | Unit, period: Period) -> list[tuple[str, QuerySet]]:
    return [(part, registry.records(code, scope, period, part=part)) for part, _c in _parts(code)]


def fingerprint(code: str, scope: Scope | Unit, period: Period) -> tuple[str, int]:
    """(sha256 hex, number of records) of the records behind a value."""
    digest = hashlib.sha256()
    count = 0
    for part, part_code in _parts(code):
        amount = registry.get(part_code).amount
        queryset = registry.records(part_code, scope, period).order_by()
        digest.update(f"[{part}]".encode())
        if amount:
            rows = sorted(queryset.values_list("pk", amount))
            for pk, value in rows:
                digest.update(f"{pk}:{_canon(value)};".encode())
        else:
            rows = sorted((pk,) for pk in queryset.values_list("pk", flat=True))
            for (pk,) in rows:
                digest.update(f"{pk};".encode())
        count += len(rows)
    return digest.hexdigest(), count


def uom_of(code: str) -> str:
    try:
        return str(registry.get(code).unit)
    except KeyError:
        return ""


def compute_figure(figure: Figure) -> Computed:
    value = registry.compute(figure.indicator_code, scope_of(figure), period_of(figure),
                             breakdown=False)
    digest, count = fingerprint(figure.indicator_code, scope_of(figure), period_of(figure))
    return Computed(value.total, value.numerator, value.denominator,
                    uom_of(figure.indicator_code), count, digest)


def live_value(figure: Figure) -> Decimal | None:
    """None as well when the indicator is no longer registered (an app removed)."""
    try:
        return registry.compute(figure.indicator_code, scope_of(figure), period_of(figure),
                                breakdown=False).total
    except KeyError:
        return None


def shown_value(figure: Figure) -> Decimal | None:
    """The frozen value once frozen, the live one before."""
    return figure.value if figure.frozen else live_value(figure)


def format_value(value: Decimal | None, unit_of_measure: str) -> str:
    if value is None:
        return _("not computed")
    text = format_figure(value)
    if not unit_of_measure:
        return text
    return f"{text}{unit_of_measure}" if unit_of_measure == "%" else f"{text} {unit_of_measure}"


def freeze(figure: Figure, *, now=None) -> Figure:
    """Stores the figure as it is now (called inside the issuing transaction)."""
    computed = compute_figure(figure)
    figure.value, figure.numerator, figure.denominator = (
        computed.value, computed.numerator, computed.denominator)
    figure.unit_of_measure = computed.unit_of_measure[:30]
    figure.record_count = computed.record_count
    figure.fingerprint = computed.fingerprint
    figure.computed_at = now or timezone.now()
    figure.frozen = True
    figure.save()
    return figure


# Checks and writes -------------------------------------------------------------------------

def ensure_draft(report: Report) -> None:
    if report.status != Report.Status.DRAFT:
        raise ValidationError(_("The report %(report)s has been issued; its figures and text "
                                "can no longer be changed.") % {"report": report.title},
                              code="issued")


def check_figure(report: Report, *, indicator_code: str, unit: Unit | None, period_start,
                 period_end) -> None:
    indicator_or_error(indicator_code)
    if unit is None:
        raise ValidationError({"unit": _("Choose the unit the figure is for.")})
    if not unit.path.startswith(report.unit.path):
        raise ValidationError({"unit": _(
            "%(unit)s is not %(report_unit)s or a unit under it; a figure of this report can "
            "only be for the report's unit or one of its subordinate units.")
            % {"unit": unit.name, "report_unit": report.unit.name}}, code="unit_outside")
    if period_start is None or period_end is None:
        raise ValidationError({"period_start": _("Enter the start and the end of the period.")})
    if period_end < period_start:
        raise ValidationError({"period_end": _(
            "The period ends before it starts; choose an end date on or after the start "
            "date.")}, code="period_reversed")


@transaction.atomic
def figure_add(*, actor: User | None, report: Report, indicator_code: str, unit: Unit,
               period_start=None, period_end=None, label: str = "",
               source: str = Figure.Source.INSERTED, target=None, audited: bool = True
               ) -> Figure:
    """A figure of the report; its token "{{F<id>}}" is pasted into a section's text."""
    from .reports import ensure_can_write

    ensure_can_write(actor, report)
    ensure_draft(report)
    period_start = period_start or report.review.period_start
    period_end = period_end or report.review.period_end
    check_figure(report, indicator_code=indicator_code, unit=unit, period_start=period_start,
                 period_end=period_end)
    label = " ".join(str(label or "").split())[:300] or str(
        registry.get(indicator_code).name)[:300]
    figure = Figure.objects.create(
        report=report, label=label, indicator_code=indicator_code, unit=unit,
        period_start=period_start, period_end=period_end, source=source, target=target,
        unit_of_measure=uom_of(indicator_code)[:30])
    if audited:
        audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=figure,
                     unit=report.unit, changes=audit.snapshot(figure, FIGURE_FIELDS))
    return figure


@transaction.atomic
def figure_delete(*, actor: User | None, figure: Figure) -> None:
    from .reports import ensure_can_write

    report = figure.report
    ensure_can_write(actor, report)
    ensure_draft(report)
    used = [section.get_part_display() for section in report.sections.all()
            if figure.pk in tokens_in(section.text)]
    if used:
        raise ValidationError(_(
            "The figure %(token)s is used in the section “%(section)s”; remove it from the "
            "text first.") % {"token": figure.token, "section": used[0]}, code="in_use")
    audit.record(actor=actor, action=AuditEvent.Action.DELETED, target=figure,
                 unit=report.unit, changes=audit.snapshot(figure, FIGURE_FIELDS))
    figure.delete()


def tokens_in(text: str) -> list[int]:
    return [int(match) for match in TOKEN.findall(text or "")]


def check_tokens(report: Report, text: str) -> None:
    """Every token of the text must be a figure of this report."""
    ids = set(tokens_in(text))
    known = set(report.figures.filter(pk__in=ids).values_list("pk", flat=True))
    unknown = sorted(ids - known)
    if unknown:
        raise ValidationError({"text": _(
            "The text refers to %(tokens)s, which is not a figure of this report; insert "
            "figures from the list of this report's figures, or add the figure first.")
            % {"tokens": ", ".join(f"{{{{F{pk}}}}}" for pk in unknown)}},
            code="unknown_token")


# Comparison with the records today -----------------------------------------------------------

TIMESTAMPS = ("updated_at", "created_at", "posted_at")


def _time_lookup(model: type[Model], link: str | None) -> str | None:
    """A field of the records (or of the document a record belongs to) that says when it was
    written: the records written after the report was issued are the ones that changed it."""
    candidates = [*TIMESTAMPS, *(f"{link}__{name}" for name in TIMESTAMPS if link)]
    for lookup in candidates:
        current = model
        try:
            for name in lookup.split("__"):
                field = current._meta.get_field(name)
                current = field.related_model or current
        except FieldDoesNotExist:
            continue
        return lookup
    return None


@dataclass
class ChangedRecords:
    part: str
    indicator_code: str
    rows: list  # records written after the issue (up to a limit)
    count: int
    date_field: str | None
    link: str | None


def changed_records(figure: Figure, since, *, limit: int = 20) -> list[ChangedRecords]:
    found = []
    for part, queryset in record_sets(figure.indicator_code, scope_of(figure),
                                      period_of(figure)):
        part_code = _parts(figure.indicator_code)[0 if part != "denominator" else -1][1]
        indicator = registry.get(part_code)
        lookup = _time_lookup(queryset.model, indicator.record_link)
        if lookup is None or since is None:
            continue
        later = queryset.filter(Q(**{f"{lookup}__gt": since}))
        count = later.count()
        if count:
            rows = [_entry(record, indicator.record_link)
                    for record in later.order_by("-pk")[:limit]]
            found.append(ChangedRecords(part, part_code, rows, count, indicator.date_field,
                                        indicator.record_link))
    return found


def _entry(record: Model, link: str | None) -> tuple[str, str]:
    """(text, address) of a record: its own page, or the page of the document it belongs to."""
    for holder in (record, getattr(record, link, None) if link else None):
        if holder is not None and hasattr(holder, "get_absolute_url"):
            return str(holder), holder.get_absolute_url()
    return str(record), ""

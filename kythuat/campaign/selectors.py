"""Reads of Campaign 50, always scoped: the criteria tree of a phase, the lines of a sheet with
its three columns, and the ranking of an emulation block (from the frozen scores)."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import QuerySet, Sum
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from kythuat.indicators import registry
from kythuat.indicators.registry import Direction
from kythuat.org.models import Unit, UnitKind, User

from .filters import SheetFilter
from .models import (
    Criterion,
    CriterionGroup,
    EmulationBlock,
    Phase,
    Score,
    Sheet,
    SteeringCommittee,
    TieBreak,
)
from .scoring import POINT, Computed, compute_many
from .services.sheets import criteria_of, live_computed

# The form proposed for the first-ranked units (a code of the commendations app's forms).
PROPOSED_FORM = "giay-khen"


def sheet_list(*, user: User, filters: Mapping[str, str] | None = None) -> QuerySet[Sheet]:
    sheets = Sheet.objects.visible_to(user).select_related("unit", "phase", "unit__kind")
    return SheetFilter(filters, queryset=sheets, user=user).qs


@dataclass
class LevelTree:
    level: UnitKind
    label: str
    groups: list[tuple[CriterionGroup, list[Criterion]]]
    total: Decimal


def phase_tree(phase: Phase) -> list[LevelTree]:
    """The criteria of each level of the phase, grouped under the objectives, with weights."""
    groups = list(CriterionGroup.objects.filter(phase=phase)
                  .select_related("level", "objective").prefetch_related("criteria")
                  .order_by("level__order", "level__name", "objective__number"))
    labels = {label.level_id: label.label for label in phase.labels.all()}
    levels: dict[int, LevelTree] = {}
    for group in groups:
        tree = levels.setdefault(group.level_id, LevelTree(
            group.level, labels.get(group.level_id, phase.label), [], Decimal(0)))
        tree.groups.append((group, sorted(group.criteria.all(),
                                          key=lambda c: (c.order, c.number))))
        tree.total += group.points
    return list(levels.values())


def committees(*, user: User, phase: Phase) -> QuerySet[SteeringCommittee]:
    return (SteeringCommittee.objects.visible_to(user).filter(phase=phase)
            .select_related("unit").prefetch_related("members"))


@dataclass
class Line:
    """One criterion of a sheet with its three columns."""

    criterion: Criterion
    score: Score
    computed: Decimal | None  # the computed score: frozen once closed, live before
    value: Decimal | None  # the indicator value it came from
    previous: Decimal | None
    is_frozen: bool
    unit_of_measure: str = ""
    records_url: str = ""

    @property
    def differs(self) -> bool:
        review = self.score.review_score
        return review is not None and any(
            other is not None and other != review for other in (self.computed,
                                                                 self.score.self_score))


@dataclass
class Section:
    group: CriterionGroup
    lines: list[Line] = field(default_factory=list)

    def total(self, name: str) -> Decimal | None:
        values = [getattr(line.score, name) if name != "computed" else line.computed
                  for line in self.lines]
        found = [value for value in values if value is not None]
        return sum(found, Decimal(0)) if found else None

    @property
    def computed_total(self) -> Decimal | None:
        return self.total("computed")

    @property
    def self_total(self) -> Decimal | None:
        return self.total("self_score")

    @property
    def review_total(self) -> Decimal | None:
        return self.total("review_score")


def _records_url(criterion: Criterion, unit: Unit, score: Score, computed: Computed | None
                 ) -> str:
    from kythuat.indicators.links import records_url

    period = computed.period if computed else None
    if period is None and score.period_start and score.period_end:
        period = registry.Period(score.period_start, score.period_end)
    if not criterion.indicator_code or period is None:
        return ""
    try:
        return records_url(criterion.indicator_code, unit, period)
    except (KeyError, NoReverseMatch):
        return ""


def sheet_sections(sheet: Sheet) -> list[Section]:
    """The sheet's lines by objective: computed (live until the sheet is closed, then the
    frozen figures), self and higher-level scores."""
    frozen = sheet.status == Sheet.Status.SCORED
    live = {} if frozen else live_computed(sheet)
    scores = (Score.objects.filter(sheet=sheet)
              .select_related("criterion__group__objective", "criterion__group__level"))
    sections: dict[int, Section] = {}
    for score in scores:
        criterion = score.criterion
        result = live.get(criterion.pk)
        if frozen or result is None:
            computed, value, previous = (score.computed_score, score.computed_value,
                                         score.previous_value)
        else:
            computed, value, previous = result.score, result.value, result.previous
        try:
            measure = str(registry.get(criterion.indicator_code).unit) \
                if criterion.indicator_code else ""
        except KeyError:
            measure = ""
        section = sections.setdefault(criterion.group_id, Section(criterion.group))
        section.lines.append(Line(criterion, score, computed, value, previous, frozen,
                                  measure, _records_url(criterion, sheet.unit, score, result)))
    return sorted(sections.values(), key=lambda s: s.group.objective.number)


# Ranking --------------------------------------------------------------------------------


@dataclass
class RankRow:
    unit: Unit
    sheet: Sheet | None
    total: Decimal | None  # Σ of the frozen higher-level scores
    by_objective: dict[int, Decimal]
    computed: Decimal | None  # frozen computed total, or the live one before scoring
    ties: tuple = ()
    rank: int | None = None
    proposal_url: str = ""

    @property
    def is_scored(self) -> bool:
        return self.sheet is not None and self.sheet.status == Sheet.Status.SCORED


def _tie_values(scored: list[Sheet], rules: list[TieBreak]) -> dict[tuple[int, str], Decimal]:
    codes = [rule.indicator_code for rule in rules if rule.kind == TieBreak.Kind.INDICATOR]
    if not codes or not scored:
        return {}
    found: dict[tuple[int, str], Decimal] = {}
    for row in (Score.objects.filter(sheet__in=scored, criterion__indicator_code__in=codes,
                                     criterion__measure=Criterion.Measure.VALUE)
                .values("sheet_id", "criterion__indicator_code", "computed_value")
                .order_by("criterion__order")):
        if row["computed_value"] is not None:
            found.setdefault((row["sheet_id"], row["criterion__indicator_code"]),
                             row["computed_value"])
    return found


def _tie_key(row: RankRow, rules: list[TieBreak], values: dict) -> tuple:
    key = []
    for rule in rules:
        if rule.kind == TieBreak.Kind.OBJECTIVE:
            key.append(-row.by_objective.get(rule.objective_number or 0, Decimal(0)))
            continue
        value = values.get((row.sheet.pk, rule.indicator_code)) if row.sheet else None
        try:
            lower = registry.get(rule.indicator_code).direction == Direction.LOWER
        except KeyError:
            lower = True
        key.append((1, 0) if value is None else (0, value if lower else -value))
    return tuple(key)


def proposal_url(unit: Unit, block: EmulationBlock, year: int, rank: int,
                 total: Decimal) -> str:
    """The commendations app's proposal form, filled in; empty while that app has none."""
    try:
        base = reverse("commendations:proposal-create")
    except NoReverseMatch:
        return ""
    summary = _("Ranked %(rank)s of %(block)s in Campaign 50, year %(year)s, with %(total)s "
                "points.") % {"rank": rank, "block": block.name, "year": year,
                              "total": f"{total.normalize():f}".replace(".", ",")}
    source = _("Campaign 50 ranking: %(block)s, %(year)s") % {"block": block.name, "year": year}
    query = urlencode({"unit": unit.pk, "form": PROPOSED_FORM, "summary": summary,
                       "source": source})
    return f"{base}?{query}"


def block_ranking(block: EmulationBlock, year: int, *, live: bool = True) -> list[RankRow]:
    """The members ranked by the sum of their frozen higher-level scores, then by the
    tie-break rules (reference data); units not yet scored come last. With `live`, members
    not yet scored get a computed total from the records as they stand (one registry call per
    criterion indicator for the whole block)."""
    members = list(block.members.select_related("kind", "parent").order_by("name"))
    sheets = {sheet.unit_id: sheet for sheet in Sheet.objects.filter(
        phase=block.phase, year=year, unit__in=members)}
    scored = [s for s in sheets.values() if s.status == Sheet.Status.SCORED]
    by_objective: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for row in (Score.objects.filter(sheet__in=scored)
                .values("sheet_id", "criterion__group__objective__number")
                .annotate(points=Sum("review_score")).order_by()):
        # Quantized: SQLite sums decimals as floats.
        by_objective[row["sheet_id"]][row["criterion__group__objective__number"]] = Decimal(
            row["points"] or 0).quantize(POINT)
    rules = list(TieBreak.objects.filter(campaign_id=block.phase.campaign_id, is_active=True))
    values = _tie_values(scored, rules)
    waiting = [unit for unit in members if unit.pk not in {s.unit_id for s in scored}]
    provisional: dict[int, Decimal | None] = {}
    if live and waiting:
        criteria = criteria_of(block.phase, waiting[0])
        for unit_id, found in compute_many(criteria, waiting, year).items():
            points = [c.score for c in found.values() if c.score is not None]
            provisional[unit_id] = sum(points, Decimal(0)) if points else None
    rows = []
    for unit in members:
        sheet = sheets.get(unit.pk)
        if sheet is not None and sheet.status == Sheet.Status.SCORED:
            parts = by_objective.get(sheet.pk, {})
            rows.append(RankRow(unit, sheet, sum(parts.values(), Decimal(0)), parts,
                                sheet.computed_total))
        else:
            rows.append(RankRow(unit, sheet, None, {}, provisional.get(unit.pk)))
    for row in rows:
        row.ties = _tie_key(row, rules, values) if row.is_scored else ()
    ranked = sorted((r for r in rows if r.is_scored), key=lambda r: (-r.total, r.ties))
    previous = None
    for position, row in enumerate(ranked, start=1):
        key = (row.total, row.ties)
        row.rank = previous.rank if previous and (previous.total, previous.ties) == key \
            else position
        previous = row
        if row.rank <= block.awards:
            row.proposal_url = proposal_url(row.unit, block, year, row.rank, row.total)
    return ranked + [r for r in rows if not r.is_scored]


def block_years(block: EmulationBlock) -> list[int]:
    return list(block.phase.years(block.level))

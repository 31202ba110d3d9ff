"""Reads of the people app: scoped lists, a person's history, certificates that expire, and
the establishment against the people actually holding a level (shortage, surplus, heat map)."""

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kythuat.org.models import Unit, User

from .models import (
    Band,
    Certificate,
    Establishment,
    ExamCandidate,
    ExamSession,
    Person,
    SkillLevel,
    Trade,
)


def person_filter(*, user: User, filters: Mapping[str, str] | None = None):
    """The filter of the people list: its form for the screen, its queryset for the rows."""
    from .filters import PersonFilter

    people = Person.objects.visible_to(user).select_related("unit", "category")
    return PersonFilter(filters, queryset=people, user=user)


def person_list(*, user: User, filters: Mapping[str, str] | None = None) -> QuerySet[Person]:
    return person_filter(user=user, filters=filters).qs


def visible_person(user: User, pk: object) -> Person:
    return get_object_or_404(Person.objects.visible_to(user).select_related(
        "unit", "category", "user"), pk=pk)


def visible_session(user: User, pk: object) -> ExamSession:
    return get_object_or_404(ExamSession.objects.visible_to(user).select_related("unit"),
                             pk=pk)


def visible_candidate(user: User, pk: object) -> ExamCandidate:
    return get_object_or_404(ExamCandidate.objects.visible_to(user).select_related(
        "session", "session__unit", "person", "trade"), pk=pk)


def current_levels(people) -> dict[int, list[SkillLevel]]:
    """The open levels of the given people, by person id."""
    found: dict[int, list[SkillLevel]] = defaultdict(list)
    for level in (SkillLevel.objects.filter(person__in=people, ended_on__isnull=True)
                  .select_related("trade").order_by("trade__order")):
        found[level.person_id].append(level)
    return found


def superseded() -> Exists:
    """A later certificate of the same kind for the same person replaces an earlier one."""
    return Exists(Certificate.objects.filter(
        person=OuterRef("person"), kind=OuterRef("kind"), issued_on__gt=OuterRef("issued_on")))


def certificates_expiring(queryset: QuerySet[Certificate], day: dt.date | None = None
                          ) -> QuerySet[Certificate]:
    """Certificates of serving people that end within their kind's warning days (and are not
    replaced by a newer one)."""
    day = day or timezone.localdate()
    rows = queryset.filter(person__is_active=True, valid_until__gte=day,
                           kind__warn_days__gt=0).exclude(superseded())
    return rows.filter(pk__in=[pk for pk, until, warn in rows.values_list(
        "pk", "valid_until", "kind__warn_days") if until <= day + dt.timedelta(days=warn)])


def certificates_expired(queryset: QuerySet[Certificate], day: dt.date | None = None
                         ) -> QuerySet[Certificate]:
    day = day or timezone.localdate()
    return queryset.filter(person__is_active=True, valid_until__lt=day).exclude(superseded())


# Establishment against the actual count ------------------------------------------------------


@dataclass
class Cell:
    required: int = 0
    actual: int = 0

    @property
    def gap(self) -> int:
        """Positive: surplus; negative: shortage."""
        return self.actual - self.required

    @property
    def ratio(self) -> float | None:
        return self.actual / self.required if self.required else None

    @property
    def heat(self) -> str:
        """The colour class of the heat map."""
        if not self.required:
            return "heat-none" if not self.actual else "heat-over"
        ratio = self.actual / self.required
        if ratio < 0.5:
            return "heat-low"
        if ratio < 0.8:
            return "heat-mid"
        if ratio < 1:
            return "heat-near"
        return "heat-full" if ratio == 1 else "heat-over"

    def add(self, other: "Cell") -> None:
        self.required += other.required
        self.actual += other.actual


def establishment_on(unit: Unit, day: dt.date) -> QuerySet[Establishment]:
    return (Establishment.objects.within(unit).filter(valid_from__lte=day)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
            .select_related("unit", "trade"))


def counted_levels(unit: Unit, day: dt.date) -> QuerySet[SkillLevel]:
    """The levels held on `day` by the serving people of the subtree (by their current unit)."""
    return (SkillLevel.objects.within(unit)
            .filter(person__is_active=True, started_on__lte=day)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
            .select_related("trade", "person", "person__unit"))


@dataclass
class Staffing:
    """Required and actual per (unit id, trade id, band) over a subtree."""

    unit: Unit
    day: dt.date
    cells: dict[tuple[int, int, str], Cell] = field(default_factory=dict)
    paths: dict[int, str] = field(default_factory=dict)
    trades: list[Trade] = field(default_factory=list)

    def rows(self) -> list[tuple[Unit, Trade, str, Cell]]:
        """Units with an establishment (or people) per trade and band, their own people only."""
        units = {u.pk: u for u in Unit.objects.filter(pk__in={k[0] for k in self.cells})}
        trades = {t.pk: t for t in self.trades}
        out = [(units[u], trades[t], b, cell) for (u, t, b), cell in self.cells.items()
               if cell.required]
        return sorted(out, key=lambda r: (r[0].path, r[1].order, r[1].name, r[2] != "low"))

    def rolled(self, unit: Unit, trade: Trade | None = None, band: str | None = None) -> Cell:
        """Required and actual over the unit's subtree, for one trade (and band) or all."""
        total = Cell()
        for (unit_id, trade_id, cell_band), cell in self.cells.items():
            if not self.paths[unit_id].startswith(unit.path):
                continue
            if (trade is None or trade_id == trade.pk) and (band is None or cell_band == band):
                total.add(cell)
        return total

    def heat_map(self) -> tuple[list[Trade], list[tuple[Unit, list[Cell], Cell]]]:
        """The direct subordinates (and the unit itself) × the trades with an establishment."""
        trades = [t for t in self.trades
                  if any(k[1] == t.pk and c.required for k, c in self.cells.items())]
        units = [self.unit, *Unit.objects.filter(parent=self.unit).order_by("path")]
        lines = []
        for unit in units:
            if unit.pk == self.unit.pk:
                own = {k: c for k, c in self.cells.items() if k[0] == unit.pk}
                cells = []
                for trade in trades:
                    cell = Cell()
                    for k, c in own.items():
                        if k[1] == trade.pk:
                            cell.add(c)
                    cells.append(cell)
                total = Cell()
                for cell in cells:
                    total.add(cell)
            else:
                cells = [self.rolled(unit, trade) for trade in trades]
                total = self.rolled(unit)
            if total.required or total.actual:
                lines.append((unit, cells, total))
        return trades, lines


def staffing(unit: Unit, day: dt.date | None = None) -> Staffing:
    """One computation of the establishment against the people: each serving person's current
    level counts once, in the trade and band of the level, at the person's current unit; a
    parent's figures are the sum over its subtree."""
    day = day or timezone.localdate()
    result = Staffing(unit=unit, day=day, trades=list(Trade.objects.all()))
    for row in establishment_on(unit, day):
        cell = result.cells.setdefault((row.unit_id, row.trade_id, row.band), Cell())
        cell.required += row.required
        result.paths[row.unit_id] = row.unit.path
    for level in counted_levels(unit, day):
        key = (level.person.unit_id, level.trade_id, level.trade.band(level.level))
        result.cells.setdefault(key, Cell()).actual += 1
        result.paths[level.person.unit_id] = level.person.unit.path
    return result


def band_label(band: str) -> str:
    return str(dict(Band.choices).get(band, band))


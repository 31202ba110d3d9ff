"""One registry of named measures: "what is measure M for scope S over period P?"

Every screen, Excel sheet, Word document, API answer, target and score asks that question here,
so a figure is computed once and can always be opened to the records behind it.

An indicator is declared in the app that owns its records, in that app's `indicators.py`:

    @register("storage.investment", name=_("Money invested"), definition=_("…"), unit="VND",
              kind=Kind.FLOW, amount="cost_vnd", date_field="year",
              dimensions=(Dimension("funding_source", _("Funding source"),
                                    "funding_source_id", labels=funding_source_labels),))
    def investment(unit: Unit, period: Period) -> QuerySet:
        return Investment.objects.within(unit).filter(year__range=(…))

The decorated function returns the records of the subtree that the value counts (`amount`
summed, or the rows counted), so `records()` and `compute()` share their filter and the records
always add up to the value. A stock may add a `fast` function that reads the same figure
through the as-at selectors (snapshots of closed periods); one generated test checks that
it equals the sum of its records. A ratio names a numerator and a denominator indicator and is
Σ numerator / Σ denominator over any set of units, never an average of ratios.

This module imports no domain app: apps import it.
"""

import contextlib
import contextvars
import enum
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kythuat.org.models import PATH_STEP, Unit
from kythuat.org.selectors import (
    ScopePart,
    all_moves,
    as_is_parts,
    as_was_parts,
    children_then,
    heirs,
    moves_after,
)

from .periods import Period, Scope, View
from .periods import as_scope as _as_scope

__all__ = ["REGISTRY", "Dimension", "Direction", "Indicator", "Kind", "Period", "Row", "Scope",
           "SubordinateValue", "Value", "View", "all_indicators", "as_scope", "by_subordinates",
           "compute", "current_view", "get", "memo", "records", "register", "register_ratio",
           "remember", "use_view"]

Amounts = dict[tuple, Decimal]


class Kind(enum.StrEnum):
    STOCK = "stock"  # as at the period's end
    FLOW = "flow"  # counted or summed over the period
    RATIO = "ratio"  # Σ numerator / Σ denominator

    @property
    def label(self) -> str | Promise:
        return {Kind.STOCK: _("stock (as at the end of the period)"),
                Kind.FLOW: _("flow (over the period)"),
                Kind.RATIO: _("ratio (numerator over denominator)")}[self]


class Direction(enum.StrEnum):
    HIGHER = "higher"
    LOWER = "lower"

    @property
    def label(self) -> str | Promise:
        return {Direction.HIGHER: _("higher is better"),
                Direction.LOWER: _("lower is better")}[self]


def _plain_labels(keys: Collection) -> dict:
    return {key: "—" if key is None else str(key) for key in sorted(keys, key=_sort_key)}


def _sort_key(key: object) -> tuple:
    return (key is None, str(type(key)), key if key is not None else 0)


@dataclass(frozen=True)
class Dimension:
    """A named breakdown of an indicator's value (grade, branch, funding source …).

    `field` is the lookup on the records that gives the key. `labels(keys)` returns
    {key: label} in display order; it may add keys that have no records (shown as 0)."""

    name: str
    label: str | Promise
    field: str
    labels: Callable[[Collection], dict] = _plain_labels


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str | Promise
    definition: str | Promise
    unit: str | Promise  # unit of measure of the value: "chiếc", "VND", "%"
    kind: Kind
    direction: Direction = Direction.HIGHER
    dimensions: tuple[Dimension, ...] = ()
    records: Callable[[Unit, Period], QuerySet] | None = None
    amount: str | None = None  # field of the records that is summed; None counts them
    path_field: str = "unit__path"  # a record's unit's path (or an annotation giving one)
    date_field: str | None = None  # shown beside each record on the records page
    record_link: str | None = None  # attribute of a record whose page opens it ("movement")
    link: Callable[[Unit, Period, Mapping[str, object]], str] | None = None  # the app's screen
    # The same amounts through a faster read: (unit, period, fields, prefix) → amounts, each
    # key led by the first `prefix` characters of the record's unit path when prefix is given.
    fast: Callable[[Unit, Period, Sequence[str], int | None], Amounts] | None = None
    numerator: str | None = None
    denominator: str | None = None
    scale: Decimal = Decimal(100)  # a ratio in per cent
    places: int = 1  # decimals kept in a ratio
    unit_code: str = ""  # unit of measure as a plain code ("piece", "vnd", "percent", "km")
    entered: bool = False  # figures entered by units, not computed from records

    def dimension(self, name: str) -> Dimension:
        for dimension in self.dimensions:
            if dimension.name == name:
                return dimension
        raise KeyError(name)

    @property
    def parts(self) -> tuple[str, ...]:
        return (self.numerator, self.denominator) if self.kind == Kind.RATIO else ()  # type: ignore[return-value]


@dataclass(frozen=True)
class Row:
    key: tuple  # one key per dimension, in the indicator's order
    labels: tuple[str, ...]
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


@dataclass(frozen=True)
class Value:
    """The value of an indicator for a scope and a period: a number, and the table of numbers
    by its dimensions (each row labelled), never an untyped structure."""

    code: str
    period: Period
    total: Decimal | None  # None: a ratio with nothing to divide by
    rows: tuple[Row, ...] = ()
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    dimensions: tuple[str, ...] = ()

    def by(self, name: str) -> list[Row]:
        """The value broken down by one dimension, in the dimension's display order."""
        index = self.dimensions.index(name)
        indicator = get(self.code)
        # A ratio is broken down by the dimensions of its parts.
        dimension = (get(indicator.denominator) if indicator.kind == Kind.RATIO  # type: ignore[arg-type]
                     else indicator).dimension(name)
        values: dict = defaultdict(Decimal)
        numerators: dict = defaultdict(Decimal)
        denominators: dict = defaultdict(Decimal)
        for row in self.rows:
            key = row.key[index]
            values[key] += row.value or 0
            numerators[key] += row.numerator or 0
            denominators[key] += row.denominator or 0
        labels = _labels(dimension, set(values))
        result = []
        for key, label in labels.items():
            if indicator.kind == Kind.RATIO:
                result.append(Row((key,), (str(label),),
                                  _ratio(indicator, numerators[key], denominators[key]),
                                  numerators[key], denominators[key]))
            else:
                result.append(Row((key,), (str(label),), values.get(key, Decimal(0))))
        return result


@dataclass(frozen=True)
class SubordinateValue:
    unit: Unit  # a direct subordinate, or the unit itself for its own records
    is_self: bool
    value: Value


REGISTRY: dict[str, Indicator] = {}
# Functions that give indicators defined as data (entered indicators), asked at each look-up.
PROVIDERS: list[Callable[[], Iterable[Indicator]]] = []


def register(code: str, **declaration):
    """Decorator: the function of (unit, period) returning the records behind the value."""

    def wrap(function: Callable[[Unit, Period], QuerySet]) -> Callable[[Unit, Period], QuerySet]:
        _add(Indicator(code=code, records=function, **declaration))
        return function

    return wrap


def register_ratio(code: str, *, numerator: str, denominator: str, **declaration) -> None:
    _add(Indicator(code=code, kind=Kind.RATIO, numerator=numerator, denominator=denominator,
                   **declaration))


def _add(indicator: Indicator) -> None:
    if indicator.code in REGISTRY:
        raise ValueError(f"Indicator {indicator.code} is registered twice.")
    if indicator.kind != Kind.RATIO and indicator.records is None:
        raise ValueError(f"Indicator {indicator.code} has no records.")
    REGISTRY[indicator.code] = indicator


def all_indicators() -> list[Indicator]:
    found = list(REGISTRY.values())
    for provider in PROVIDERS:
        found.extend(provider())
    return found


def get(code: str) -> Indicator:
    if code in REGISTRY:
        return REGISTRY[code]
    for provider in PROVIDERS:
        for indicator in provider():
            if indicator.code == code:
                return indicator
    raise KeyError(code)


def records(code: str, scope: Scope | Unit, period: Period, *,
            where: Mapping[str, object] | None = None, part: str = "") -> QuerySet:
    """The records behind a value (or behind one row of its breakdown, `where` naming a key per
    dimension). For a ratio, `part` is "numerator" or "denominator" (the default)."""
    indicator = get(code)
    if indicator.kind == Kind.RATIO:
        return records(indicator.numerator if part == "numerator" else indicator.denominator,  # type: ignore[arg-type]
                       scope, period, where=where)
    queryset = None
    for part in scope_parts(as_scope(scope), period):
        found = indicator.records(part.unit, period)  # type: ignore[misc]
        if queryset is None:
            queryset = found
        elif part.sign > 0:
            queryset = queryset | found
        else:
            queryset = queryset.exclude(pk__in=found.values("pk"))
    for name, key in (where or {}).items():
        queryset = queryset.filter(**{indicator.dimension(name).field: key})
    return queryset


_MEMO: contextvars.ContextVar[dict | None] = contextvars.ContextVar("indicator_memo",
                                                                    default=None)


@contextlib.contextmanager
def memo():
    """Within the block, a value asked twice (a ratio's denominator is also shown on its own)
    is computed once. Screens wrap one request in it; nothing outlives the block."""
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def remember(key: tuple, read: Callable[[], Any]) -> Any:
    """Within a `memo()` block, `read()` once per key: the small tables an indicator looks up
    (the catalogue's types) are read once per request however many figures it shows."""
    cache = _MEMO.get()
    if cache is None:
        return read()
    if key not in cache:
        cache[key] = read()
    return cache[key]


VIEW_KEY = ("view",)


def use_view(view: View) -> None:
    """Within a `memo()` block (one request), a bare unit is seen in this view: the screen's
    "as it was / as it is" switch then reaches every figure it shows."""
    cache = _MEMO.get()
    if cache is not None:
        cache[VIEW_KEY] = View(view)


def current_view() -> View:
    cache = _MEMO.get()
    return cache.get(VIEW_KEY, View.AS_WAS) if cache is not None else View.AS_WAS


def as_scope(scope: Scope | Unit) -> Scope:
    """A scope as asked; a bare unit in the view of the request (as it was by default)."""
    if isinstance(scope, Scope):
        return scope
    return _as_scope(scope) if current_view() == View.AS_WAS else Scope(scope, current_view())


def compute(code: str, scope: Scope | Unit, period: Period, *, breakdown: bool = True) -> Value:
    """The value for a unit's subtree over a period, with its breakdown by every dimension
    (`breakdown=False`: the total only, which reads fewer tables — targets need no more)."""
    cache = _MEMO.get()
    if cache is None:
        return _compute(code, scope, period, breakdown)
    scope = as_scope(scope)
    key = (code, scope.unit.pk, scope.view, period, breakdown)  # the view changes the scope
    if key not in cache:
        cache[key] = _compute(code, scope, period, breakdown)
    return cache[key]


def _compute(code: str, scope: Scope | Unit, period: Period, breakdown: bool) -> Value:
    indicator = get(code)
    if indicator.kind == Kind.RATIO:
        numerator = compute(indicator.numerator, scope, period, breakdown=breakdown)  # type: ignore[arg-type]
        denominator = compute(indicator.denominator, scope, period, breakdown=breakdown)  # type: ignore[arg-type]
        return _ratio_value(indicator, period, numerator, denominator)
    amounts = _scoped_amounts(indicator, as_scope(scope), period, breakdown=breakdown)
    return _value(indicator, period, amounts, breakdown=breakdown)


def scope_parts(scope: Scope, period: Period) -> list:
    """The subtrees a scope adds and takes away (org.selectors): "as it was", the unit's
    subtree with the units re-parented after the period put back where they were; "as it is",
    today's subtree with the history of closed units rolled into their successors."""
    if scope.view == View.AS_IS:
        heir_map = remember(("heirs",), heirs)
        return remember(("scope", scope.unit.pk),
                        lambda: as_is_parts(scope.unit, heir_map))
    moved = moves_after(period.end, remember(("moves",), all_moves))
    if not moved:
        return [ScopePart(scope.unit, 1, None)]
    return remember(("scope-was", scope.unit.pk, period.end),
                    lambda: as_was_parts(scope.unit, period.end, moved))


def _scoped_amounts(indicator: Indicator, scope: Scope, period: Period,
                    prefix: int | None = None, *, breakdown: bool = True) -> Amounts:
    """The amounts of every part of the scope, each with its sign; a part reported under a
    fixed group (a closed unit's history under its successor) is keyed by that group's path."""
    parts = scope_parts(scope, period)
    if len(parts) == 1:
        return _amounts(indicator, parts[0].unit, period, prefix, breakdown=breakdown)
    found: Amounts = defaultdict(Decimal)
    for part in parts:
        if part.group is None:
            amounts = _amounts(indicator, part.unit, period, prefix, breakdown=breakdown)
        else:
            amounts = _amounts(indicator, part.unit, period, None, breakdown=breakdown)
            if prefix:
                amounts = {(part.group, *key): value for key, value in amounts.items()}
        for key, value in amounts.items():
            found[key] += part.sign * value
    return found


def by_subordinates(code: str, scope: Scope | Unit, period: Period, *, breakdown: bool = True
                    ) -> tuple[list[SubordinateValue], Value]:
    """The value for each direct subordinate of the unit (and for the unit's own records) and
    the total, in one query per indicator: each record is grouped under the subordinate whose
    subtree holds it."""
    unit = as_scope(scope).unit
    indicator = get(code)
    children = _subordinates(as_scope(scope), period)
    if indicator.kind == Kind.RATIO:
        numerators, numerator = by_subordinates(indicator.numerator, scope, period,  # type: ignore[arg-type]
                                                breakdown=breakdown)
        denominators, denominator = by_subordinates(indicator.denominator, scope, period,  # type: ignore[arg-type]
                                                    breakdown=breakdown)
        parts = {row.unit.pk: row.value for row in numerators}
        rows = [SubordinateValue(row.unit, row.is_self,
                                 _ratio_value(indicator, period,
                                              parts.get(row.unit.pk) or Value(
                                                  numerator.code, period, Decimal(0)),
                                              row.value))
                for row in denominators]
        return rows, _ratio_value(indicator, period, numerator, denominator)
    # Each record is grouped, in the database, under the path of the subordinate above it.
    prefix = len(unit.path) + PATH_STEP
    amounts = _scoped_amounts(indicator, as_scope(scope), period, prefix, breakdown=breakdown)
    grouped: dict[str, Amounts] = defaultdict(lambda: defaultdict(Decimal))
    for (path, *key), amount in amounts.items():
        grouped[path[:prefix] if len(path) >= prefix else unit.path][tuple(key)] += amount
    listed = {child.path for child in children}
    hidden = [path for path, part in grouped.items()
              if path not in listed and path != unit.path and any(part.values())]
    if hidden:  # a unit with records that the view would not list is still shown
        children += list(Unit.objects.filter(path__in=hidden).order_by("name"))
    labels = _all_labels(indicator, grouped.values()) if breakdown else []
    result = [SubordinateValue(child, False, _value(indicator, period, grouped.get(child.path, {}),
                                                    labels, breakdown=breakdown))
              for child in children]
    if grouped.get(unit.path):
        own = _value(indicator, period, grouped[unit.path], labels, breakdown=breakdown)
        result.insert(0, SubordinateValue(unit, True, own))
    total: Amounts = defaultdict(Decimal)
    for part in grouped.values():
        for key, amount in part.items():
            total[key] += amount
    return result, _value(indicator, period, total, labels, breakdown=breakdown)


def _subordinates(scope: Scope, period: Period) -> list[Unit]:
    """The direct subordinates listed: "as it was", those that existed during the period;
    "as it is", those that exist today."""
    if scope.view == View.AS_IS:
        children = scope.unit.children.active()
    else:
        children = children_then(scope.unit, period.start, period.end)
    return list(children.order_by("name"))


def _amounts(indicator: Indicator, unit: Unit, period: Period, prefix: int | None = None, *,
             breakdown: bool = True) -> Amounts:
    """{key: amount}, each key led by the path prefix of the record's unit (when `prefix` is
    given, computed by the database), then the dimensions' keys (none without the breakdown)."""
    fields = [dimension.field for dimension in indicator.dimensions] if breakdown else []
    if indicator.fast is not None:
        return indicator.fast(unit, period, fields, prefix)
    expressions = ({"subordinate_path": Substr(indicator.path_field, 1, prefix)}
                   if prefix else {})
    queryset = indicator.records(unit, period)  # type: ignore[misc]
    measure = Sum(indicator.amount) if indicator.amount else Count("pk")
    if not fields and not expressions:
        total = queryset.aggregate(value=measure)["value"]
        return {(): Decimal(total or 0)}
    names = [*expressions, *fields]
    rows = queryset.values(*fields, **expressions).annotate(value=measure).order_by()
    found: Amounts = defaultdict(Decimal)
    for row in rows:
        found[tuple(row[name] for name in names)] += Decimal(row["value"] or 0)
    return found


def _value(indicator: Indicator, period: Period, amounts: Mapping[tuple, Decimal],
           labels: list[dict] | None = None, *, breakdown: bool = True) -> Value:
    total = sum(amounts.values(), Decimal(0))
    names = tuple(dimension.name for dimension in indicator.dimensions) if breakdown else ()
    if not names:
        return Value(indicator.code, period, total)
    if labels is None:
        labels = _all_labels(indicator, [amounts])
    rows = tuple(Row(key, tuple(str(labels[i].get(part, part)) for i, part in enumerate(key)),
                     amount)
                 for key, amount in sorted(amounts.items(),
                                           key=lambda item: tuple(map(_sort_key, item[0]))))
    return Value(indicator.code, period, total, rows, dimensions=names)


def _all_labels(indicator: Indicator, groups: Iterable[Mapping[tuple, Decimal]]) -> list[dict]:
    """The labels of every key of each dimension found in the groups: one look-up each."""
    groups = list(groups)
    return [_labels(dimension, {key[i] for amounts in groups for key in amounts})
            for i, dimension in enumerate(indicator.dimensions)]


def _labels(dimension: Dimension, keys: set) -> dict:
    cache = _MEMO.get()
    if cache is None:
        return dimension.labels(keys)
    key = ("labels", dimension.name, dimension.field, frozenset(keys))
    if key not in cache:
        cache[key] = dimension.labels(keys)
    return cache[key]


def _ratio(indicator: Indicator, numerator: Decimal | None, denominator: Decimal | None
           ) -> Decimal | None:
    if not denominator:
        return None
    quantum = Decimal(1).scaleb(-indicator.places)
    return (indicator.scale * (numerator or 0) / denominator).quantize(quantum)


def _ratio_value(indicator: Indicator, period: Period, numerator: Value, denominator: Value
                 ) -> Value:
    parts = dict.fromkeys([row.key for row in denominator.rows], Decimal(0))
    numerators = {row.key: row.value for row in numerator.rows}
    rows = tuple(Row(row.key, row.labels, _ratio(indicator, numerators.get(row.key), row.value),
                     numerators.get(row.key, Decimal(0)), row.value)
                 for row in denominator.rows if row.key in parts)
    return Value(indicator.code, period, _ratio(indicator, numerator.total, denominator.total),
                 rows, numerator.total, denominator.total, denominator.dimensions)


"""Holdings by quality grade and subordinate unit, as at a date."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.catalog.models import EquipmentType, UsageGroup
from kythuat.catalog.selectors import serviceable_grades
from kythuat.holdings.renderers import qty
from kythuat.holdings.selectors import subtree_balances_as_of
from kythuat.org.models import PATH_STEP, Unit

ZERO = Decimal(0)
GRADES = (1, 2, 3, 4, 5)


@dataclass
class GradeRow:
    """Figures by grade of one unit (its whole subtree, or its own holdings only)."""

    kind: str  # "unit", "usage" (a split of the unit row above), "total", "total_usage"
    label: str
    uom: str
    by_grade: dict[int, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    unit_id: int | None = None
    serviceable: tuple[int, ...] = (1, 2)
    number: int | None = None  # of a unit row, counted within its type

    @property
    def total(self) -> Decimal:
        return sum(self.by_grade.values(), ZERO)

    def cells(self) -> list[Decimal | int | None]:
        return [qty(self.by_grade.get(grade)) or None for grade in GRADES]

    @property
    def shown_total(self) -> Decimal | int:
        return qty(self.total)

    @property
    def coefficient(self) -> Decimal | None:
        """Share of the serviceable grades, in per cent, one decimal place."""
        if not self.total:
            return None
        good = sum((self.by_grade.get(g, ZERO) for g in self.serviceable), ZERO)
        return (good * 100 / self.total).quantize(Decimal("0.1"))


@dataclass
class GradeSection:
    type: EquipmentType
    rows: list[GradeRow]  # unit rows with their usage-group splits, then the total rows

    @property
    def unit_rows(self) -> list[GradeRow]:
        return [row for row in self.rows if row.kind == "unit"]

    @property
    def total_row(self) -> GradeRow:
        return next(row for row in self.rows if row.kind == "total")


@dataclass
class GradeReport:
    unit: Unit
    day: dt.date | None
    split_usage: bool
    sections: list[GradeSection]

    @property
    def row_count(self) -> int:
        return sum(len(section.rows) + 1 for section in self.sections)


def _owners(unit: Unit, unit_ids: set[int]) -> tuple[dict[int, Unit], list[Unit]]:
    """Each unit id → the direct subordinate of `unit` above it (or `unit` itself), and the
    direct subordinates in tree order."""
    children = list(Unit.objects.filter(parent=unit).only("pk", "name", "path").order_by("path"))
    by_path = {child.path: child for child in children}
    paths = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "path"))
    step = len(unit.path) + PATH_STEP
    return {pk: by_path.get(path[:step], unit) for pk, path in paths.items()}, children


def grade_report(
    *,
    unit: Unit,
    day: dt.date | None,
    branch_id: int | None = None,
    type_id: int | None = None,
    usage_group_id: int | None = None,
    split_usage: bool = False,
) -> GradeReport:
    """Per equipment type: the unit's own holdings, then each direct subordinate with its
    subtree, by grade (optionally split by usage group), and a total row that is their sum."""
    filters: dict = {}
    if branch_id:
        filters["type__branch_id"] = branch_id
    if type_id:
        filters["type_id"] = type_id
    if usage_group_id:
        filters["usage_group_id"] = usage_group_id
    balances = subtree_balances_as_of(
        unit=unit,
        day=day,
        fields=("unit_id", "type_id", "usage_group_id", "grade"),
        filters=filters,
    )
    owners, children = _owners(unit, {key[0] for key in balances})
    order = {unit.pk: 0, **{child.pk: n for n, child in enumerate(children, start=1)}}
    types = EquipmentType.objects.select_related("branch").in_bulk({key[1] for key in balances})
    groups = UsageGroup.objects.in_bulk({key[2] for key in balances})
    good = tuple(serviceable_grades(day or timezone.localdate()))
    # type → owner → usage group → grade → quantity
    tree: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(lambda: defaultdict(Decimal))))
    for (unit_id, etype, usage, grade), quantity in balances.items():
        tree[etype][owners[unit_id].pk][usage][grade] += quantity
    owner_units = {unit.pk: unit, **{child.pk: child for child in children}}
    own_label = _("%(unit)s (own holdings)") % {"unit": unit.name}
    sections = []
    for type_pk in sorted(
        tree, key=lambda t: (types[t].branch.order, types[t].branch.name, types[t].name)
    ):
        etype = types[type_pk]
        rows: list[GradeRow] = []
        total = GradeRow("total", _("Total"), etype.uom, serviceable=good)
        total_usage: dict[int, GradeRow] = {}
        for number, owner_pk in enumerate(sorted(tree[type_pk], key=order.__getitem__), 1):
            label = own_label if owner_pk == unit.pk else owner_units[owner_pk].name
            row = GradeRow(
                "unit", label, etype.uom, unit_id=owner_pk, serviceable=good, number=number
            )
            splits = []
            for usage_pk in sorted(
                tree[type_pk][owner_pk], key=lambda g: (groups[g].order, groups[g].name)
            ):
                split = GradeRow("usage", groups[usage_pk].name, etype.uom, serviceable=good)
                summed = total_usage.setdefault(
                    usage_pk,
                    GradeRow("total_usage", groups[usage_pk].name, etype.uom, serviceable=good),
                )
                for grade, quantity in tree[type_pk][owner_pk][usage_pk].items():
                    row.by_grade[grade] += quantity
                    split.by_grade[grade] += quantity
                    total.by_grade[grade] += quantity
                    summed.by_grade[grade] += quantity
                splits.append(split)
            rows.append(row)
            if split_usage:
                rows.extend(splits)
        rows.append(total)
        if split_usage:
            rows.extend(
                total_usage[pk]
                for pk in sorted(total_usage, key=lambda g: (groups[g].order, groups[g].name))
            )
        sections.append(GradeSection(type=etype, rows=rows))
    return GradeReport(unit=unit, day=day, split_usage=split_usage, sections=sections)

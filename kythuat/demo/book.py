"""Posting the demo's documents through the holdings services.

The book keeps a mirror of what each unit holds (items, and quantities per balance key), so
the demo only drafts documents the posting service will accept, and never has to read the
register back except for the ids of what a receipt created.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from kythuat.catalog.models import Tracking, UsageGroup
from kythuat.holdings import services
from kythuat.holdings.choices import ItemStatus, MovementKind
from kythuat.holdings.models import Item, Lot, Movement, MovementLine
from kythuat.holdings.services import LineSpec
from kythuat.org.models import Unit
from kythuat.storage.models import Facility

from .catalogue import Kind
from .org_tree import Tree, home_facility

MAX_LINES = 200  # a paper document of the kind units keep has at most a few pages of lines

# A quantity balance as the ledger keys it: unit, facility, type, lot, grade, usage group.
StockKey = tuple[int, int | None, int, int | None, int, int]


@dataclass
class NewItem:
    kind: Kind
    serial: str
    year: int
    grade: int
    group: UsageGroup


@dataclass
class NewStock:
    kind: Kind
    quantity: Decimal
    grade: int
    group: UsageGroup
    lot_number: str = ""
    expiry: dt.date | None = None
    maker: str = ""
    year: int | None = None


class Stock:
    """Quantities per balance key, indexed by unit; keys that reach zero are dropped."""

    def __init__(self) -> None:
        self.by_unit: dict[int, dict[StockKey, Decimal]] = defaultdict(dict)

    def __getitem__(self, key: StockKey) -> Decimal:
        return self.by_unit[key[0]].get(key, Decimal(0))

    def add(self, key: StockKey, quantity: Decimal) -> None:
        row = self.by_unit[key[0]]
        row[key] = row.get(key, Decimal(0)) + quantity
        if not row[key]:
            del row[key]


def chunks(rows: Sequence, size: int = MAX_LINES) -> Iterable[Sequence]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


class Book:
    def __init__(self, tree: Tree, kinds: list[Kind], groups: dict[str, UsageGroup]) -> None:
        self.tree = tree
        self.kind_of = {kind.etype.pk: kind for kind in kinds}
        self.groups = groups
        self.group_by_id = {group.pk: group for group in groups.values()}
        self.facility_by_id = {f.pk: f for f in tree.facilities.values()}
        self.unit_by_id = {unit.pk: unit for unit in tree.units.values()}
        self.items: dict[int, dict[int, Item]] = defaultdict(dict)  # unit id → {id: item}
        self.stock = Stock()
        self.lots: dict[int, Lot] = {}
        self.lost: list[Item] = []
        self.documents = 0
        self.lines = 0

    # Reading the mirror

    def held(self, unit: Unit, *categories: str) -> list[Item]:
        items = self.items[unit.pk].values()
        if not categories:
            return list(items)
        return [item for item in items if self.kind_of[item.type_id].category in categories]

    def stock_of(self, unit: Unit, *categories: str) -> list[tuple[StockKey, Decimal]]:
        return [
            (key, quantity)
            for key, quantity in self.stock.by_unit[unit.pk].items()
            if quantity > 0 and (not categories or self.kind_of[key[2]].category in categories)
        ]

    def place(self, unit: Unit, kind: Kind) -> Facility | None:
        return home_facility(self.tree, unit, kind.slot)

    # The only places that write or read the register (a dry run replaces them)

    def _post(self, kind: str, day: dt.date, lines: list[LineSpec], **header) -> Movement:
        movement = services.movement_create(
            actor=None, kind=kind, effective_date=day, lines=lines, **header
        )
        movement = services.movement_post(actor=None, movement=movement)
        self.documents += 1
        self.lines += len(lines)
        return movement

    def _reverse(self, movement: Movement, day: dt.date, reason: str) -> None:
        services.movement_reverse(actor=None, movement=movement, effective_date=day, reason=reason)

    def _registered(self, movement: Movement) -> dict[tuple[int, str], tuple[int | None, Lot]]:
        """(type, serial or lot number) → (new item id, lot) for the lines of a receipt."""
        return {
            (line.type_id, line.serial or line.lot_number): (line.item_id, line.lot)
            for line in MovementLine.objects.filter(movement=movement).select_related("lot__type")
        }

    def _describe_lot(self, lot: Lot, row: "NewStock") -> None:
        services.lot_update(
            actor=None, lot=lot, data={"manufacturer": row.maker, "manufactured_year": row.year}
        )

    # Documents

    def receive(
        self,
        day: dt.date,
        unit: Unit,
        items: list[NewItem],
        stock: list[NewStock],
        *,
        source: str,
        reason: str,
        decision: str = "",
    ) -> list[Movement]:
        """Receipts into the unit, one document per facility and page of lines."""
        by_place: dict[int | None, list] = defaultdict(list)
        for row in [*items, *stock]:
            place = self.place(unit, row.kind)
            by_place[place.pk if place else None].append(row)
        movements = []
        for place_id, rows in by_place.items():
            for page in chunks(rows):
                lines = [self._receipt_line(row) for row in page]
                movement = self._post(
                    MovementKind.RECEIPT,
                    day,
                    lines,
                    to_unit=unit,
                    to_facility=self.facility_by_id.get(place_id),
                    source=source,
                    reason=reason,
                    decision_ref=decision,
                )
                self._register(movement, unit, place_id, page)
                movements.append(movement)
        return movements

    def _receipt_line(self, row: NewItem | NewStock) -> LineSpec:
        if isinstance(row, NewItem):
            return LineSpec(
                type=row.kind.etype,
                serial=row.serial,
                manufactured_year=row.year,
                grade=row.grade,
                usage_group=row.group,
            )
        return LineSpec(
            type=row.kind.etype,
            quantity=row.quantity,
            grade=row.grade,
            usage_group=row.group,
            lot_number=row.lot_number,
            lot_expiry=row.expiry,
        )

    def _register(
        self,
        movement: Movement,
        unit: Unit,
        place_id: int | None,
        rows: Sequence[NewItem | NewStock],
    ) -> None:
        """Mirrors what a posted receipt registered: its new items and lots."""
        created = self._registered(movement)
        for row in rows:
            if isinstance(row, NewItem):
                item_id, _lot = created[(row.kind.etype.pk, row.serial)]
                item = Item(
                    pk=item_id,
                    type=row.kind.etype,
                    serial=row.serial,
                    manufactured_year=row.year,
                    unit_id=unit.pk,
                    facility_id=place_id,
                    grade=row.grade,
                    usage_group=row.group,
                    status=ItemStatus.IN_SERVICE,
                )
                self.items[unit.pk][item.pk] = item
                continue
            lot_id = None
            if row.kind.tracking == Tracking.LOT:
                _item, lot = created[(row.kind.etype.pk, row.lot_number)]
                if lot.pk not in self.lots and row.maker:
                    self._describe_lot(lot, row)
                self.lots[lot.pk] = lot
                lot_id = lot.pk
            key = (unit.pk, place_id, row.kind.etype.pk, lot_id, row.grade, row.group.pk)
            self.stock.add(key, row.quantity)

    def move(
        self,
        kind: str,
        day: dt.date,
        source: Unit,
        target: Unit,
        items: list[Item],
        stock: list[tuple[StockKey, Decimal]],
        *,
        reason: str,
        decision: str = "",
    ) -> list[Movement]:
        """Issues, transfers and returns: one document per pair of facilities."""
        groups: dict[tuple, list] = defaultdict(list)
        for item in items:
            place = self.place(target, self.kind_of[item.type_id])
            groups[(item.facility_id, place.pk if place else None)].append(item)
        for key, quantity in stock:
            place = self.place(target, self.kind_of[key[2]])
            groups[(key[1], place.pk if place else None)].append((key, quantity))
        movements = []
        for (from_place, to_place), rows in groups.items():
            for page in chunks(rows):
                lines = [self._line(row) for row in page]
                movements.append(
                    self._post(
                        kind,
                        day,
                        lines,
                        from_unit=source,
                        to_unit=target,
                        from_facility=self.facility_by_id.get(from_place),
                        to_facility=self.facility_by_id.get(to_place),
                        reason=reason,
                        decision_ref=decision,
                    )
                )
                for row in page:
                    self._relocate(row, target, to_place)
        return movements

    def _line(self, row: Item | tuple[StockKey, Decimal]) -> LineSpec:
        if isinstance(row, Item):
            return LineSpec(type=self.kind_of[row.type_id].etype, item=row)
        key, quantity = row
        return LineSpec(
            type=self.kind_of[key[2]].etype,
            quantity=quantity,
            grade=key[4],
            usage_group=self.group_by_id[key[5]],
            lot=self.lots.get(key[3]),
        )

    def _relocate(self, row, target: Unit, place_id: int | None) -> None:
        if isinstance(row, Item):
            del self.items[row.unit_id][row.pk]
            row.unit_id, row.facility_id = target.pk, place_id
            self.items[target.pk][row.pk] = row
            return
        key, quantity = row
        self.stock.add(key, -quantity)
        self.stock.add((target.pk, place_id, *key[2:]), quantity)

    def regrade(
        self,
        day: dt.date,
        unit: Unit,
        items: list[tuple[Item, int]],
        stock: list[tuple[StockKey, Decimal, int]],
        *,
        reason: str,
        decision: str = "",
    ) -> None:
        """Quality grade changes (phân cấp chất lượng), one document per facility."""
        groups: dict[int | None, list] = defaultdict(list)
        for item, grade in items:
            groups[item.facility_id].append((item, grade))
        for key, quantity, grade in stock:
            groups[key[1]].append((key, quantity, grade))
        for place_id, rows in groups.items():
            for page in chunks(rows):
                lines = [self._regrade_line(row) for row in page]
                self._post(
                    MovementKind.GRADE_CHANGE,
                    day,
                    lines,
                    from_unit=unit,
                    from_facility=self.facility_by_id.get(place_id),
                    reason=reason,
                    decision_ref=decision,
                )
                for row in page:
                    if isinstance(row[0], Item):
                        row[0].grade = row[1]
                    else:
                        key, quantity, grade = row
                        self.stock.add(key, -quantity)
                        self.stock.add((*key[:4], grade, key[5]), quantity)

    def _regrade_line(self, row: tuple) -> LineSpec:
        if isinstance(row[0], Item):
            item, grade = row
            return LineSpec(type=self.kind_of[item.type_id].etype, item=item, grade_to=grade)
        key, quantity, grade = row
        return LineSpec(
            type=self.kind_of[key[2]].etype,
            quantity=quantity,
            grade=key[4],
            grade_to=grade,
            usage_group=self.group_by_id[key[5]],
            lot=self.lots.get(key[3]),
        )

    def regroup(
        self, day: dt.date, unit: Unit, items: list[Item], group: UsageGroup, *, reason: str
    ) -> None:
        """Usage group changes of items, one document per facility."""
        groups: dict[int | None, list[Item]] = defaultdict(list)
        for item in items:
            groups[item.facility_id].append(item)
        for place_id, rows in groups.items():
            for page in chunks(rows):
                lines = [
                    LineSpec(type=self.kind_of[item.type_id].etype, item=item, usage_group_to=group)
                    for item in page
                ]
                self._post(
                    MovementKind.USAGE_CHANGE,
                    day,
                    lines,
                    from_unit=unit,
                    from_facility=self.facility_by_id.get(place_id),
                    reason=reason,
                )
                for item in page:
                    item.usage_group = group

    def remove(
        self,
        kind: str,
        day: dt.date,
        unit: Unit,
        items: list[Item],
        stock: list[tuple[StockKey, Decimal]],
        *,
        reason: str,
        decision: str = "",
    ) -> list[Movement]:
        """Consumption, losses and write-offs: the equipment leaves the books."""
        groups: dict[int | None, list] = defaultdict(list)
        for item in items:
            groups[item.facility_id].append(item)
        for key, quantity in stock:
            groups[key[1]].append((key, quantity))
        movements = []
        for place_id, rows in groups.items():
            for page in chunks(rows):
                movements.append(
                    self._post(
                        kind,
                        day,
                        [self._line(row) for row in page],
                        from_unit=unit,
                        from_facility=self.facility_by_id.get(place_id),
                        reason=reason,
                        decision_ref=decision,
                    )
                )
                for row in page:
                    if isinstance(row, Item):
                        del self.items[unit.pk][row.pk]
                        if kind == MovementKind.LOSS:
                            self.lost.append(row)
                    else:
                        self.stock.add(row[0], -row[1])
        return movements

    def found(self, day: dt.date, unit: Unit, items: list[Item], *, reason: str) -> None:
        """Lost items found again: a "found" document brings the same register rows back."""
        groups: dict[int | None, list[Item]] = defaultdict(list)
        for item in items:
            place = self.place(unit, self.kind_of[item.type_id])
            groups[place.pk if place else None].append(item)
        for place_id, rows in groups.items():
            lines = [
                LineSpec(
                    type=self.kind_of[item.type_id].etype,
                    serial=item.serial,
                    manufactured_year=item.manufactured_year,
                    grade=item.grade,
                    usage_group=item.usage_group,
                )
                for item in rows
            ]
            self._post(
                MovementKind.FOUND,
                day,
                lines,
                to_unit=unit,
                to_facility=self.facility_by_id.get(place_id),
                reason=reason,
            )
            for item in rows:
                self.lost.remove(item)
                item.unit_id, item.facility_id = unit.pk, place_id
                self.items[unit.pk][item.pk] = item

    def hand_over(self, source: Unit, target: Unit) -> None:
        """Mirrors a reorganisation's handover (posted by the reorganisation services): what a
        closed unit held is its successor's, in the same places, since its facilities go to
        the successor with their contents; a lost item, if found, is found by the successor."""
        for item in list(self.items[source.pk].values()):
            del self.items[source.pk][item.pk]
            item.unit_id = target.pk
            self.items[target.pk][item.pk] = item
        for key, quantity in list(self.stock.by_unit[source.pk].items()):
            self.stock.add(key, -quantity)
            self.stock.add((target.pk, *key[1:]), quantity)
        for item in self.lost:
            if item.unit_id == source.pk:
                item.unit_id = target.pk

    def mistake(
        self, kind: str, day: dt.date, source: Unit, wrong: Unit, items: list[Item], *, reason: str
    ) -> None:
        """A document posted to the wrong unit and reversed the same day: the mirror does
        not change. It takes items from one facility (a merged unit keeps several)."""
        items = [item for item in items if item.facility_id == items[0].facility_id]
        place = self.place(wrong, self.kind_of[items[0].type_id])
        lines = [LineSpec(type=self.kind_of[item.type_id].etype, item=item) for item in items]
        movement = self._post(
            kind,
            day,
            lines,
            from_unit=source,
            to_unit=wrong,
            from_facility=self.facility_by_id.get(items[0].facility_id),
            to_facility=place,
            reason=reason,
        )
        self._reverse(movement, day, "Hủy phiếu lập nhầm đơn vị nhận; lập lại phiếu đúng.")
        self.documents += 1
        self.lines += len(lines)

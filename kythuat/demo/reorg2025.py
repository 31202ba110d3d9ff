"""The 2025 reorganisation of Quân khu 1 (DOMAIN.md §9), applied in the middle of the books.

On 01/07/2025, after the documents of the first half-year and before those of the second:

- Quyết định 2786/QĐ-BQP (14/06/2025) dissolves the district commands (Ban CHQS huyện) and
  sets up the Ban CHPTKV that succeed them: each district command's holdings are handed over in
  the ledger, its gun cabinet and its communes go to the Ban CHPTKV;
- a decision of the same day (its number is the demo's own) merges the Bộ CHQS tỉnh Bắc Kạn
  into the Bộ CHQS tỉnh Thái Nguyên, with its holdings, its depot, people and users.

The reorganisation services do the writes (handover documents, facilities, units closed,
lineage, conservation check). The demo's mirror then follows them, so that later documents
go to the successors and never to a closed unit: the closed units leave the tree, what they
held is the successor's, and the moved units and facilities are read back.
"""

import datetime as dt

from kythuat.org.models import Lineage, Unit, UnitKind
from kythuat.reorg import services
from kythuat.reorg.models import Change, Reorganisation
from kythuat.storage.models import Facility

from .book import Book
from .org_tree import DISTRICTS, MERGED_PROVINCES, NEW_AREAS, Tree

EFFECTIVE = dt.date(2025, 7, 1)
SIGNED = dt.date(2025, 6, 14)


def reorganise(tree: Tree, book: Book) -> list[Reorganisation]:
    """Applies the 2025 decisions to the demo tree and brings the mirror up to date."""
    districts = tree.of_role("district")
    merged = [tree.units[code] for code in MERGED_PROVINCES if code in tree.units]
    if not districts and not merged:
        return []
    top = tree.units["BQP"]
    decisions = []
    if districts:
        decisions.append(_dissolve_districts(tree, top, districts))
    if merged:
        decision = services.decision_create(
            actor=None, issuer=top, number="2787/QĐ-BQP",
            title="Hợp nhất Bộ Chỉ huy quân sự tỉnh Bắc Kạn vào Bộ Chỉ huy quân sự tỉnh "
                  "Thái Nguyên", signed_on=SIGNED, effective_on=EFFECTIVE)
        for unit in merged:
            services.change_add(actor=None, decision=decision, kind=Change.Kind.MERGE,
                                unit=unit, successor=tree.units[MERGED_PROVINCES[unit.code]])
        decisions.append(decision)
    for decision in decisions:
        services.decision_apply(actor=None, decision=decision, today=EFFECTIVE)
    follow(tree, book, decisions)
    return decisions


def _dissolve_districts(tree: Tree, top: Unit, districts: list[Unit]) -> Reorganisation:
    decision = services.decision_create(
        actor=None, issuer=top, number="2786/QĐ-BQP",
        title="Giải thể Ban Chỉ huy quân sự cấp huyện, thành lập Ban Chỉ huy Phòng thủ khu "
              "vực thuộc Bộ Chỉ huy quân sự tỉnh", signed_on=SIGNED, effective_on=EFFECTIVE)
    kind = UnitKind.objects.get(code="ban-chptkv")
    created = {}
    for code, number, place, province in NEW_AREAS:
        if province in tree.units:
            created[code] = services.change_add(
                actor=None, decision=decision, kind=Change.Kind.CREATE, code=code,
                name=f"Ban CHPTKV {number} - {place}", short_name=f"PTKV {number} - {place}",
                unit_kind=kind, parent=tree.units[province])
    heir_of = {f"QK1-{province}-{code}": successor
               for province, rows in DISTRICTS.items() for code, *_rest, successor in rows}
    for district in districts:
        successor = heir_of[district.code]
        if successor in created:
            services.change_add(actor=None, decision=decision, kind=Change.Kind.DISSOLVE,
                                unit=district, successor_change=created[successor])
        else:
            services.change_add(actor=None, decision=decision, kind=Change.Kind.DISSOLVE,
                                unit=district, successor=tree.units[successor])
    return decision


def follow(tree: Tree, book: Book, decisions: list[Reorganisation]) -> None:
    """Brings the tree and the book in line with applied decisions whose closed units hand
    everything to their heir (merges and dissolutions, as the demo's decisions are)."""
    for change in Change.objects.filter(reorganisation__in=decisions,
                                        kind=Change.Kind.CREATE).select_related("unit__kind"):
        unit = change.unit
        tree.units[unit.code] = unit
        tree.role[unit.pk] = "ptkv"
        book.unit_by_id[unit.pk] = unit
    heirs = Lineage.objects.filter(decision_id__in=[d.pk for d in decisions], is_heir=True)
    for predecessor_id, successor_id in heirs.values_list("predecessor_id", "successor_id"):
        closed, heir = book.unit_by_id[predecessor_id], book.unit_by_id[successor_id]
        book.hand_over(closed, heir)
        del tree.units[closed.code]
        tree.role.pop(closed.pk, None)
        tree.provinces = [unit for unit in tree.provinces if unit.pk != closed.pk]
        tree.depot_of = {pk: unit for pk, unit in tree.depot_of.items() if unit.pk != closed.pk}
        for (owner, slot), facility in list(tree.facilities.items()):
            if owner == closed.pk:  # kept by the successor, not its home for new equipment
                del tree.facilities[(owner, slot)]
                tree.facilities[(heir.pk, f"{slot}:{closed.code}")] = facility
    fresh = Unit.objects.in_bulk(list(book.unit_by_id))
    for unit in book.unit_by_id.values():
        row = fresh[unit.pk]
        unit.parent_id, unit.path, unit.depth = row.parent_id, row.path, row.depth
        unit.valid_to = row.valid_to
    owners = dict(Facility.objects.filter(pk__in=list(book.facility_by_id))
                  .values_list("pk", "owner_unit_id"))
    for facility in book.facility_by_id.values():
        facility.owner_unit_id = owners[facility.pk]

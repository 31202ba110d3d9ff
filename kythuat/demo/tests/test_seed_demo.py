"""The demo command, run once for the module (it takes seconds): what a user of the demo
finds in it, and that it is consistent, repeatable and safe to run twice."""

import datetime as dt
import itertools
import random
import re
from collections import defaultdict
from contextlib import suppress
from dataclasses import dataclass
from decimal import Decimal
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Q, Sum, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext

from kythuat.catalog import services as catalog_services
from kythuat.catalog.models import Branch, EquipmentType, UsageGroup
from kythuat.demo.book import Book
from kythuat.demo.catalogue import build_catalogue
from kythuat.demo.history import History
from kythuat.demo.logins import DEMO_LOGINS, DEMO_PASSWORD, SUPERUSER
from kythuat.demo.management.commands.seed_demo import SMALL_ITEMS
from kythuat.demo.org_tree import TreeBuilder
from kythuat.demo.reorg2025 import EFFECTIVE
from kythuat.demo.seed import SEED
from kythuat.holdings.models import (
    AuthorizedStrength,
    Balance,
    Item,
    LedgerEntry,
    Lot,
    Movement,
    MovementLine,
    PeriodClose,
)
from kythuat.indicators.periods import Period, Scope, View
from kythuat.indicators.registry import by_subordinates, compute
from kythuat.org.models import Lineage, Unit, User
from kythuat.reorg.models import Reorganisation
from kythuat.storage.models import Facility

pytestmark = pytest.mark.django_db
COUNTED = (
    Unit,
    User,
    EquipmentType,
    Item,
    Lot,
    Movement,
    LedgerEntry,
    Balance,
    PeriodClose,
    AuthorizedStrength,
)


class Rollback(Exception):
    """Raised to roll a savepoint back."""

    pass


class DryBook(Book):
    """Records the documents the demo would post, without touching the register."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.plan: list[tuple] = []
        self.ids = itertools.count(1)
        self.made_lots: dict[tuple[int, str], Lot] = {}

    def _post(self, kind, day, lines, **header):
        self.documents += 1
        self.lines += len(lines)
        source, target = header.get("from_unit"), header.get("to_unit")
        document = (
            kind,
            day,
            source.code if source else None,
            target.code if target else None,
            tuple(_signature(line) for line in lines),
        )
        self.plan.append(document)
        return SimpleNamespace(document=document, lines=lines)

    def _reverse(self, movement, day, reason) -> None:
        kind, _day, source, target, lines = movement.document
        self.plan.append((kind, day, source, target, lines))

    def _registered(self, movement):
        created = {}
        for line in movement.lines:
            if line.serial:
                created[(line.type.pk, line.serial)] = (next(self.ids), None)
            elif line.lot_number:
                key = (line.type.pk, line.lot_number)
                if key not in self.made_lots:
                    self.made_lots[key] = Lot(
                        pk=next(self.ids),
                        type_id=line.type.pk,
                        lot_number=line.lot_number,
                        expiry_date=line.lot_expiry,
                    )
                created[key] = (None, self.made_lots[key])
        return created

    def _describe_lot(self, lot, row) -> None:
        lot.manufacturer, lot.manufactured_year = row.maker, row.year


class DryHistory(History):
    def close(self, year, quarter=None) -> None:
        pass


def _signature(line) -> tuple:
    """A document line as both the plan and the register can tell it."""
    serial = line.item.serial if line.item else line.serial
    lot = line.lot.lot_number if line.lot else line.lot_number
    return (line.type.symbol, serial, lot, int(line.quantity or 1))


def dry_run() -> list[tuple]:
    """The documents the small demo posts, planned without posting them."""
    tree = TreeBuilder(small=True).build()
    kinds = build_catalogue()
    groups = {group.code: group for group in UsageGroup.objects.all()}
    book = DryBook(tree, kinds, groups)
    DryHistory(
        book=book,
        tree=tree,
        kinds=kinds,
        groups=groups,
        items=SMALL_ITEMS,
        today=timezone.localdate(),
        rng=random.Random(SEED),  # noqa: S311
        progress=lambda message: None,
    ).run()
    return book.plan


def posted_documents() -> list[tuple]:
    """The posted documents, without the handovers the 2025 decisions post (the reorganisation
    services draft those, not the demo's books)."""
    handovers = Q()
    for number in Reorganisation.objects.filter(effective_on=EFFECTIVE).values_list("number",
                                                                                 flat=True):
        handovers |= Q(decision_ref__startswith=number)
    lines = defaultdict(list)
    for row in MovementLine.objects.order_by("id").values(
        "movement_id",
        "type__symbol",
        "serial",
        "item__serial",
        "lot_number",
        "lot__lot_number",
        "quantity",
    ):
        lines[row["movement_id"]].append(
            (
                row["type__symbol"],
                row["item__serial"] or row["serial"],
                row["lot__lot_number"] or row["lot_number"],
                int(row["quantity"]),
            )
        )
    return [
        (kind, day, source, target, tuple(lines[pk]))
        for pk, kind, day, source, target in Movement.objects.exclude(handovers)
        .order_by("id").values_list(
            "pk", "kind", "effective_date", "from_unit__code", "to_unit__code"
        )
    ]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def seed_small() -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("seed_demo", "--small", "--force", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@dataclass
class Demo:
    output: str
    progress: str
    plan: list[tuple]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Plans the small demo without posting it (rolled back), then seeds it; everything is
    rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        plan: list[tuple] = []
        with suppress(Rollback), transaction.atomic():
            plan = dry_run()
            raise Rollback
        output, progress = seed_small()
        # PostgreSQL checks deferred foreign keys at every test's end; check the seeded rows
        # once here instead of once per test.
        connection.check_constraints()
        yield Demo(output, progress, plan)
        transaction.set_rollback(True)


def test_tree_has_the_military_region_with_its_provinces_and_division(demo):
    region = Unit.objects.get(code="QK1", name="Quân khu 1", parent__code="BQP")
    provinces = Unit.objects.active().filter(parent=region, kind__code="bo-chqs-tinh")
    assert set(provinces.values_list("name", flat=True)) == {
        "Bộ CHQS tỉnh Bắc Ninh",
        "Bộ CHQS tỉnh Thái Nguyên",
        "Bộ CHQS tỉnh Cao Bằng",
        "Bộ CHQS tỉnh Lạng Sơn",
    }
    former = Unit.objects.get(parent=region, kind__code="bo-chqs-tinh", valid_to__isnull=False)
    assert (former.name, former.valid_to) == ("Bộ CHQS tỉnh Bắc Kạn", dt.date(2025, 6, 30))
    for province in provinces:
        # Today's tree: the reorganisation demo merged one of Lạng Sơn's areas into another.
        areas = Unit.objects.active().filter(parent=province, kind__code="ban-chptkv")
        assert areas.count() >= 1
        for area in areas:
            assert area.name.startswith("Ban CHPTKV ")
            communes = Unit.objects.active().filter(parent=area, kind__code="ban-chqs-xa")
            assert communes.count() >= 2
    division = Unit.objects.get(parent=region, name="Sư đoàn 346", kind__code="su-doan")
    regiments = Unit.objects.filter(parent=division, kind__code="trung-doan")
    assert sorted(regiments.values_list("name", flat=True)) == [
        "Trung đoàn 246",
        "Trung đoàn 677",
        "Trung đoàn 851",
    ]
    for regiment in regiments:
        assert Unit.objects.filter(parent=regiment, kind__code="tieu-doan").count() == 3
    assert Unit.objects.filter(parent=division, kind__code="tram").exists()
    assert Unit.objects.filter(path__startswith=region.path, kind__code="kho").count() >= 2


def test_every_demo_login_has_its_role_unit_and_password(demo):
    for login in DEMO_LOGINS:
        user = User.objects.get(username=login.username)
        assert user.check_password(DEMO_PASSWORD)
        assert user.get_full_name()
        assert user.position
        if login.role == SUPERUSER:
            assert user.is_superuser
        else:
            assert (user.role, user.unit.code) == (login.role, login.unit_code)
    assert User.objects.get(username="xa.clerk").unit.kind.code == "ban-chqs-xa"


def test_cached_balances_equal_the_ledger(demo):
    key = ("unit", "facility", "type", "lot", "grade", "usage_group")
    ledger = defaultdict(Decimal)
    for row in LedgerEntry.objects.values(*key).annotate(total=Sum("quantity")).order_by():
        ledger[tuple(row[field] for field in key)] = row["total"]
    balances = {
        tuple(row[f"{field}_id" if field != "grade" else field] for field in key): row["quantity"]
        for row in Balance.objects.values()
    }
    assert balances
    assert balances == {k: ledger[k] for k in balances}
    assert not {k for k, total in ledger.items() if total and k not in balances}


def test_documents_span_the_years_with_every_kind_of_change(demo):
    today = timezone.localdate()
    posted = Movement.objects.filter(status=Movement.Status.POSTED)
    years = {day.year for day in posted.values_list("effective_date", flat=True)}
    assert min(years) == 2007
    assert len(years) >= 15
    assert posted.filter(effective_date__gt=today).count() == 0
    kinds = set(posted.values_list("kind", flat=True))
    assert {
        "receipt",
        "issue",
        "transfer",
        "return",
        "grade_change",
        "consumption",
        "write_off",
    } <= kinds
    assert Item.objects.count() >= 800
    assert Item.objects.filter(status="written_off").exists()
    held_grades = set(Item.objects.filter(status="in_service").values_list("grade", flat=True))
    assert {1, 2, 3} <= held_grades
    assert Lot.objects.exclude(manufacturer="").exists()


def test_books_are_closed_by_year_then_by_quarter(demo):
    today = timezone.localdate()
    closes = PeriodClose.objects.filter(unit__code="QK1")
    years = set(closes.filter(kind="year").values_list("period_end", flat=True))
    assert years == {dt.date(year, 12, 31) for year in range(2007, today.year - 1)}
    quarters = closes.filter(kind="quarter", period_end__year=today.year - 1)
    assert quarters.count() == 4


def test_authorised_strength_is_above_and_below_what_units_hold(demo):
    rows = AuthorizedStrength.objects.filter(valid_from=dt.date(2007, 1, 1))
    assert {row.unit.kind.code for row in rows} >= {"bo-chqs-tinh", "trung-doan", "tieu-doan"}
    above = below = 0
    for row in rows:
        held = (
            Balance.objects.filter(unit=row.unit, type=row.type).aggregate(total=Sum("quantity"))[
                "total"
            ]
            or 0
        )
        above += row.quantity > held
        below += row.quantity < held
    assert above
    assert below


def test_running_it_twice_changes_nothing(demo):
    before = counts()
    output, _progress = seed_small()
    assert output.strip() == gettext("The demo is already there (unit QK1 exists); nothing to do.")
    assert counts() == before


def test_the_demo_posts_exactly_the_planned_documents(demo):
    """Planning once more from the same seed gives what was posted, line by line."""
    assert len(demo.plan) > 100
    posted = posted_documents()
    assert posted[: len(demo.plan)] == demo.plan
    # After the books, the other apps' demo content posts its own documents: spare parts
    # received by the repair station, parts used and grades changed by repairs, a disposal
    # write-off, stocktake adjustments, the handovers of the reorganisations.
    extra = {kind for kind, *_rest in posted[len(demo.plan):]}
    assert extra <= {"receipt", "consumption", "grade_change", "write_off", "adjust_in",
                     "adjust_out", "transfer"}


def test_progress_is_reported_year_by_year_then_a_summary(demo):
    years = [
        re.search(r"\b20\d\d\b", line)[0] for line in demo.progress.splitlines() if "%" in line
    ]
    assert years == [str(year) for year in range(2007, timezone.localdate().year + 1)]
    assert "(100%)" in demo.progress
    assert str(Unit.objects.count()) in demo.output
    assert "demo_logins" in demo.output


def test_refuses_to_run_without_debug_or_force(db):
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", "--small", stdout=StringIO())


def test_a_taken_code_or_symbol_stops_the_demo_and_changes_nothing(db):
    # Hide the demo's top units if they are there (its other codes then clash), else take a
    # type symbol it uses: either way the run meets a code or symbol already taken.
    Unit.objects.filter(code__in=["BQP", "QK1"]).update(code=Concat("code", Value("-old")))
    if not EquipmentType.objects.filter(symbol="STV-380").exists():
        catalog_services.equipment_type_create(
            actor=None,
            symbol="STV-380",
            name="Súng STV-380",
            uom="khẩu",
            tracking="serial",
            branch=Branch.objects.get(code="quan-khi"),
        )
    before = counts()
    with pytest.raises(CommandError):
        seed_small()
    assert counts() == before


def test_demo_logins_prints_every_login_with_its_unit(demo):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    table = out.getvalue()
    for login in DEMO_LOGINS:
        assert login.username in table
    assert "Bộ CHQS tỉnh Lạng Sơn" in table
    assert "Trung đoàn 246" in table
    assert table.count(DEMO_PASSWORD) == len(DEMO_LOGINS)


def _on_hand(unit: Unit, view: View, period: Period) -> Decimal:
    return compute("holdings.on_hand", Scope(unit, view), period).total


def test_the_2025_reorganisation_is_applied_with_its_handovers(demo):
    """Bắc Kạn's command merged into Thái Nguyên's, district commands dissolved into Ban
    CHPTKV on 01/07/2025: handed over in the ledger, closed, and reported as they were or as
    the organisation is now."""
    decisions = Reorganisation.objects.filter(effective_on=EFFECTIVE)
    assert dict(decisions.values_list("number", "status")) == {
        "2786/QĐ-BQP": "applied", "2787/QĐ-BQP": "applied"}
    closed = list(Unit.objects.filter(valid_to=EFFECTIVE - dt.timedelta(days=1)))
    assert {u.code for u in closed} == {"QK1-BK", "QK1-BK-BB", "QK1-BK-CD", "QK1-TN-PB"}
    posted = Movement.objects.filter(status=Movement.Status.POSTED)
    for unit in closed:
        heir = Lineage.objects.get(predecessor=unit, is_heir=True).successor
        handovers = posted.filter(from_unit=unit, effective_date=EFFECTIVE)
        assert handovers.exists()
        assert set(handovers.values_list("kind", "to_unit")) == {("transfer", heir.pk)}
        assert not Balance.objects.filter(unit=unit, quantity__gt=0).exists()
        assert not Item.objects.filter(unit=unit, status="in_service").exists()
        later = posted.filter(Q(from_unit=unit) | Q(to_unit=unit), effective_date__gt=EFFECTIVE)
        assert not later.exists()
    area = Unit.objects.get(code="QK1-TN-PTKV4", valid_from=EFFECTIVE)
    assert set(area.children.values_list("name", flat=True)) == {"Ban CHQS xã Ba Bể",
                                                                "Ban CHQS xã Chợ Đồn"}
    cabinets = Facility.objects.filter(code__in=["QK1-BK-BB-TS", "QK1-BK-CD-TS"])
    assert set(cabinets.values_list("owner_unit", flat=True)) == {area.pk}
    depot = Facility.objects.get(code="QK1-BK-KHO")
    assert depot.owner_unit.code == "QK1-TN"
    # Its contents stay in place: handed over into the same depot, now Thái Nguyên's.
    assert posted.filter(to_unit=depot.owner_unit, from_facility=depot, to_facility=depot,
                         effective_date=EFFECTIVE).exists()
    province, former = Unit.objects.get(code="QK1-TN"), Unit.objects.get(code="QK1-BK")
    districts = [u for u in closed if u.code.startswith("QK1-BK-")]
    year = Period.year(2022)
    for unit in closed:
        assert _on_hand(unit, View.AS_WAS, year) > 0  # listed as they were in 2022
    assert _on_hand(province, View.AS_IS, year) == (
        _on_hand(province, View.AS_WAS, year) + _on_hand(former, View.AS_WAS, year))
    assert _on_hand(area, View.AS_IS, year) == sum(
        _on_hand(unit, View.AS_WAS, year) for unit in districts)
    region = Unit.objects.get(code="QK1")
    rows = {view: {row.unit.code for row in by_subordinates(
        "holdings.on_hand", Scope(region, view), year)[0]} for view in View}
    assert "QK1-BK" in rows[View.AS_WAS]
    assert "QK1-BK" not in rows[View.AS_IS]
    for period in (year, Period.year(2025), Period.year(timezone.localdate().year)):
        assert _on_hand(region, View.AS_WAS, period) == _on_hand(region, View.AS_IS, period)

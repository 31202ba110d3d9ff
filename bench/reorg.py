"""python -m bench.reorg [--units N] [--items N] [--handed N] [--db sqlite|postgres] [--name NAME]
                       [--reps N] [--profile FILE]

Times applying a merge of two provinces (issue 12: about 1,500 units and 60,000 items at army
scale, ≤ 60 s) and a report "as it is" for the merged province against the same report "as it
was" (≤ 2 ×). It builds its own small tree in a separate database: a region with two provinces,
each with `--units` units below it (Ban CHPTKV and communes) holding `--items` serial items in
all, received through the ledger in 2025; the first province also holds `--handed` items of its
own (its depots), which the merge hands over by transfer documents. The database is dropped and
created afresh (PostgreSQL: `--name`, never a shared benchmark database).
"""

import argparse
import cProfile
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.reorg",
                                     description=__doc__.split("\n\n")[1])
    parser.add_argument("--units", type=int, default=150,
                        help="units below each province (1,500 at army scale)")
    parser.add_argument("--items", type=int, default=6000,
                        help="serial items per province (60,000 at army scale)")
    parser.add_argument("--handed", type=int, default=None,
                        help="serial items held by the first province itself, handed over by "
                             "the merge (default: its share of --items)")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--name", help="SQLite file or PostgreSQL database name")
    parser.add_argument("--reps", type=int, default=5, help="timed repetitions of each report")
    parser.add_argument("--profile", help="write a cProfile of the apply to this file")
    return parser.parse_args(argv)


def configure(args: argparse.Namespace) -> None:
    if args.db == "sqlite":
        name = args.name or "/tmp/kythuat_bench_reorg.sqlite3"  # noqa: S108 - a scratch file
        Path(name).unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{name}"
    else:
        name = args.name or "kythuat_bench_reorg"
        if name == "kythuat_bench":
            raise SystemExit("kythuat_bench is the shared benchmark database; choose --name.")
        from bench import db

        db.create("postgres", name)  # dropped and created afresh: the tree's codes are fixed
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-reorg-not-secret")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    sys.path.insert(0, str(ROOT))


def build(units: int, items: int, handed: int | None):
    from decimal import Decimal

    from kythuat.catalog.models import Branch, EquipmentType, Tracking, UsageGroup
    from kythuat.holdings.services import LineSpec, movement_record
    from kythuat.org.models import Unit, UnitKind

    kinds = {kind.code: kind for kind in UnitKind.objects.all()}
    rifle = EquipmentType.objects.create(symbol="AK-BENCH", name="Súng AK (bench)",
                                         branch=Branch.objects.first(), uom="khẩu",
                                         tracking=Tracking.SERIAL)
    group = UsageGroup.objects.first()
    top = Unit.objects.create(code="B-BQP", name="Bộ Quốc phòng", kind=kinds["bo"])
    region = Unit.objects.create(code="B-QK", name="Quân khu", parent=top, kind=kinds["quan-khu"])
    provinces, serial = [], 0
    for letter in "AB":
        province = Unit.objects.create(code=f"B-{letter}", name=f"Bộ CHQS tỉnh {letter}",
                                       parent=region, kind=kinds["bo-chqs-tinh"])
        provinces.append(province)
        members = [province]
        areas = max(units // 25, 1)
        for area_no in range(areas):
            area = Unit.objects.create(code=f"B-{letter}-K{area_no}", parent=province,
                                       name=f"Ban CHPTKV {area_no + 1}", kind=kinds["ban-chptkv"])
            members.append(area)
            for commune_no in range(units // areas - 1):
                members.append(Unit.objects.create(
                    code=f"B-{letter}-K{area_no}-X{commune_no}", parent=area,
                    name=f"Ban CHQS xã {area_no}-{commune_no}", kind=kinds["ban-chqs-xa"]))
        share = max(items // len(members), 1)
        for member in members:
            count = handed if member == province and handed is not None else share
            for start in range(0, count, RECEIPT_LINES):
                lines = [LineSpec(type=rifle, serial=f"B{serial + n:07d}", grade=1 + n % 3,
                                  usage_group=group, quantity=Decimal(1))
                         for n in range(start, min(start + RECEIPT_LINES, count))]
                movement_record(actor=None, lines=lines, kind="receipt", source="higher_level",
                                to_unit=member, effective_date=dt.date(2025, 3, 1))
            serial += count
    return region, provinces


RECEIPT_LINES = 2000


def timed(function, reps: int) -> float:
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    configure(args)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from kythuat.holdings.models import Item
    from kythuat.indicators.periods import Period, Scope, View
    from kythuat.indicators.registry import by_subordinates
    from kythuat.reorg import services
    from kythuat.reorg.models import Change

    started = time.perf_counter()
    region, (first, second) = build(args.units, args.items, args.handed)
    built = time.perf_counter() - started
    units = first.__class__.objects.filter(path__startswith=first.path).count()
    held = Item.objects.filter(unit__path__startswith=first.path).count()
    own = Item.objects.filter(unit=first).count()
    print(f"[{args.db}] built 2 provinces of {units} units, {held} items each "
          f"({own} held by the first province itself) in {built:.1f} s")
    decision = services.decision_create(actor=None, issuer=region, number="1/QĐ-BENCH",
                                        title="Sáp nhập", signed_on=dt.date(2026, 6, 1),
                                        effective_on=dt.date(2026, 7, 1))
    services.change_add(actor=None, decision=decision, kind=Change.Kind.MERGE, unit=first,
                        successor=second)
    profile = cProfile.Profile() if args.profile else None
    started, cpu = time.perf_counter(), time.process_time()
    if profile:
        profile.enable()
    services.decision_apply(actor=None, decision=decision, today=dt.date(2026, 7, 1))
    if profile:
        profile.disable()
        profile.dump_stats(args.profile)
    merge, merge_cpu = time.perf_counter() - started, time.process_time() - cpu
    period = Period.year(2025)
    was = timed(lambda: by_subordinates("holdings.on_hand", Scope(region, View.AS_WAS), period),
                args.reps)
    now = timed(lambda: by_subordinates("holdings.on_hand", Scope(second, View.AS_IS), period),
                args.reps)
    was_second = timed(lambda: by_subordinates("holdings.on_hand", Scope(second, View.AS_WAS),
                                               period), args.reps)
    print(f"[{args.db}] apply the merge ({units} units re-parented with {held} items, {own} "
          f"handed over): {merge:.2f} s wall, {merge_cpu:.2f} s CPU of this process "
          f"(target ≤ 60 s at 1,500 units and 60,000 items)")
    print(f"[{args.db}] report by subordinates, year 2025: merged province as it is "
          f"{now * 1000:.1f} ms; same province as it was {was_second * 1000:.1f} ms; "
          f"region as it was {was * 1000:.1f} ms; ratio as is / as was "
          f"{now / was_second:.2f} (target ≤ 2)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

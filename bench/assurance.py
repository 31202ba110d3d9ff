"""python -m bench.assurance [--db postgres|sqlite] [--name NAME] [--reps N] [--markdown FILE]

The technical-assurance reads at army scale, on a database kept by `python -m bench.run
--keep` (it is migrated to the current code first): the maintenance due list of a top command
and of the whole army (count + first page, as the screen asks), and the dashboard's alerts
panel (every alert source: overdue maintenance, isolated/expiring lots, out-of-limit readings,
overdue inspections, expired licences …).

The first run adds the maintenance data the generator does not make: two plans per serial type
(bảo dưỡng cấp 1 every 6 months; for vehicle types also every 5,000 km), the last maintenance
of 85 % of the held items at a random date of the last 300 days, and an odometer per vehicle
with its total at that maintenance. Rows are written with bulk_create in chunks.
"""

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

from . import db

SECTION = "assurance"
BEGIN, END = f"<!-- bench:{SECTION} begin -->", f"<!-- bench:{SECTION} end -->"


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.assurance", description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--name", help="default: the database of --scale 1 (kythuat_bench)")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--markdown", type=Path)
    return parser.parse_args(argv)


def add_maintenance_data(today: dt.date, rng: random.Random) -> dict:
    from kythuat.catalog.models import EquipmentType, Tracking
    from kythuat.holdings.choices import HELD_STATUSES
    from kythuat.holdings.models import Item
    from kythuat.maintenance.models import (
        MaintenanceKind,
        MaintenancePlan,
        Meter,
        MeterKind,
        ServiceMeter,
        ServiceRecord,
    )

    if MaintenancePlan.objects.filter(note="bench").exists():
        return {"generated": False}
    started = time.monotonic()
    level1 = MaintenanceKind.objects.get(code="bd-cap-1")
    check = MaintenanceKind.objects.get(code="kiem-tra")
    km = MeterKind.objects.get(code="km")
    serial_types = list(EquipmentType.objects.filter(tracking=Tracking.SERIAL))
    vehicle_types = {t.pk for t in serial_types if t.branch.code in ("xe-may", "tang-thiet-giap")}
    plans = []
    for etype in serial_types:
        plans.append(MaintenancePlan(type=etype, kind=level1, interval_months=6, note="bench"))
        if etype.pk in vehicle_types:
            plans.append(MaintenancePlan(type=etype, kind=check, interval_months=12,
                                         meter_kind=km, interval_meter=Decimal(5000),
                                         note="bench"))
    MaintenancePlan.objects.bulk_create(plans)
    items = Item.objects.filter(status__in=HELD_STATUSES).values_list("pk", "type_id")
    records = meters = 0
    chunk_records, chunk_meters = [], []

    def flush() -> None:
        nonlocal chunk_records, chunk_meters
        ServiceRecord.objects.bulk_create(chunk_records, batch_size=5000)
        Meter.objects.bulk_create(chunk_meters, batch_size=5000)
        chunk_records, chunk_meters = [], []

    for item_id, type_id in items.iterator(chunk_size=20_000):
        if rng.random() < 0.85:
            chunk_records.append(ServiceRecord(item_id=item_id, kind=level1,
                                               done_on=today - dt.timedelta(rng.randint(0, 300))))
            records += 1
        if type_id in vehicle_types:
            total = Decimal(rng.randint(1_000, 60_000))
            chunk_meters.append(Meter(item_id=item_id, kind=km, value=total, total=total,
                                      first_total=Decimal(0), read_on=today))
            meters += 1
            if rng.random() < 0.85:
                chunk_records.append(ServiceRecord(
                    item_id=item_id, kind=check, done_on=today - dt.timedelta(rng.randint(0, 400))))
                records += 1
        if len(chunk_records) >= 20_000:
            flush()
    flush()
    # The odometer total at the last check: 0–7,000 km before the current total.
    service_meters = []
    checks = ServiceRecord.objects.filter(kind=check).values_list("pk", "item_id")
    meter_of = dict(Meter.objects.filter(kind=km).values_list("item_id", "pk"))
    total_of = dict(Meter.objects.filter(kind=km).values_list("pk", "total"))
    for record_id, item_id in checks.iterator(chunk_size=20_000):
        meter_id = meter_of.get(item_id)
        if meter_id is not None:
            back = Decimal(rng.randint(0, 7_000))
            service_meters.append(ServiceMeter(record_id=record_id, meter_id=meter_id,
                                               total=max(Decimal(0), total_of[meter_id] - back)))
    ServiceMeter.objects.bulk_create(service_meters, batch_size=5000)
    return {"generated": True, "plans": len(plans), "records": records, "meters": meters,
            "seconds": round(time.monotonic() - started, 1)}


def timed(call, reps: int) -> tuple[float, float, int, object]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        answer = call()  # warm-up, and the statements one call sends
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, len(queries), answer


def measure(reps: int) -> tuple[list[dict], dict]:
    from django.db.models import Count
    from django.utils import timezone

    from kythuat.indicators import alerts
    from kythuat.maintenance.selectors import due_list
    from kythuat.org.models import Unit

    today = timezone.localdate()
    army = Unit.objects.get(depth=0) if Unit.objects.filter(depth=0).count() == 1 else None
    top = Unit.objects.filter(name__icontains="Quân khu 7").first() or Unit.objects.filter(
        depth=1).annotate(n=Count("items")).order_by("-n").first()
    units = [u for u in (top, army) if u is not None]
    rows = []
    for unit in units:
        def page(unit=unit):
            listing = due_list(unit, today)
            return listing.count(), list(listing[:50])

        p50, p95, queries, (count, _first) = timed(page, reps)
        rows.append({"measure": f"Due list, {unit.name}: count + first 50 rows",
                     "p50": p50, "p95": p95, "queries": queries,
                     "answer": f"{count:,} due (item, plan) pairs"})
        p50, p95, queries, found = timed(lambda unit=unit: alerts.collect(unit), reps)
        rows.append({"measure": f"Alerts panel, {unit.name}: every source",
                     "p50": p50, "p95": p95, "queries": queries,
                     "answer": f"{len(found)} alerts: " + ", ".join(
                         f"{a.source} {a.count:,}" for a in found)})
    return rows, {"sources": sorted(alerts.SOURCES)}


def markdown(rows: list[dict], info: dict, command: str) -> str:
    lines = [BEGIN, "", f"Command: `{command}`", "",
             f"Machine: {info['machine']}; database: {info['database']}; {info['data']}.", "",
             f"Alert sources measured: {', '.join(info['sources'])}.", "",
             "| Measure | p50 ms | p95 ms | Statements | Answer |",
             "| --- | ---: | ---: | ---: | --- |"]
    for row in rows:
        lines.append(f"| {row['measure']} | {row['p50']:.0f} | {row['p95']:.0f} | "
                     f"{row['queries']} | {row['answer']} |")
    lines += ["", END]
    return "\n".join(lines)


def write_section(path: Path, text: str) -> None:
    content = path.read_text()
    if BEGIN in content:
        head, rest = content.split(BEGIN, 1)
        content = head + text + rest.split(END, 1)[1]
    else:
        content = content.rstrip() + "\n\n" + text + "\n"
    path.write_text(content)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse(argv)
    name = args.name or db.default_name(args.db, args.scale)
    if not db.exists(args.db, name):
        print(f"No database {name}: run `python -m bench.run --scale {args.scale:g} --db "
              f"{args.db} --keep --generate-only` first.")
        return 1
    db.configure(args.db, name)
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    db.migrate()
    generated = add_maintenance_data(timezone.localdate(), random.Random(2026))
    print(generated)
    counts = db.prepare_for_reads("org_unit", "holdings_item", "maintenance_servicerecord")
    rows, info = measure(args.reps)
    info.update({
        "machine": db.machine(), "database": connection.vendor,
        "data": "{org_unit:,} units, {holdings_item:,} items, {maintenance_servicerecord:,} "
                "maintenance records".format(**counts),
    })
    for row in rows:
        print(f"{row['measure']:<70} p50 {row['p50']:8.1f} ms  p95 {row['p95']:8.1f} ms  "
              f"{row['queries']:3d} statements  {row['answer']}")
    if args.markdown:
        write_section(args.markdown, markdown(rows, info, "python -m bench.assurance "
                                              + " ".join(argv)))
        print(f"wrote {args.markdown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""python -m bench.pages [--db postgres|sqlite] [--scale S] [--reps N] [--markdown FILE]

The pages people wait on (issue 13 §1), on a database kept by `python -m bench.run --keep`
(migrated to the current code first; the first run adds the maintenance data of
`bench.assurance` and stores every plan's next due): each page is a full request through
Django's test client (middleware, session, view, template), logged in as an officer of the unit
it shows. A figure is the mean CPU milliseconds of one request after a warm-up (this process
plus, on PostgreSQL, its server process), which does not count waiting for a core and so stays
meaningful on a busy machine. The process's peak memory (maximum resident set) is printed at
the end.
"""

import argparse
import resource
import sys
import time
from pathlib import Path

from . import db
from .assurance import write_section

SECTION = "pages"
BEGIN, END = f"<!-- bench:{SECTION} begin -->", f"<!-- bench:{SECTION} end -->"


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.pages", description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--name", help="default: the database of --scale")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--only", help="measure only the pages whose name contains this (or "
                        "one of these, separated by commas)")
    parser.add_argument("--export", type=int, metavar="N",
                        help="also write the Excel item register of about N items, as the job")
    parser.add_argument("--markdown", type=Path)
    return parser.parse_args(argv)


def pages(large, small, army) -> list[tuple[str, str, dict, object, float]]:
    """(measure, URL name, query, unit of the officer, target CPU ms)."""
    region = {"unit": large.pk}
    return [
        ("holdings list, battalion", "holdings:item-list", {"unit": small.pk}, small, 30),
        ("holdings list, military region", "holdings:item-list", region, large, 60),
        ("holdings list, military region, page 50", "holdings:item-list",
         {**region, "page": 50}, large, 60),
        ("document list, military region", "holdings:movement-list", region, large, 100),
        ("lots list, military region", "holdings:lot-list", region, large, 100),
        ("ammunition lots, military region", "ammunition:lot-list", region, large, 100),
        ("period closing, military region", "holdings:period-close-list", region, large, 100),
        ("facilities, military region", "storage:facility-list", region, large, 100),
        ("work orders, military region", "maintenance:work-order-list", region, large, 100),
        ("vehicles, military region", "vehicles:vehicle-list", region, large, 100),
        ("due list, military region", "maintenance:due-list", region, large, 300),
        ("due list, whole army", "maintenance:due-list", {"unit": army.pk}, army, 300),
        ("alerts panel, military region", "dashboard:alerts", region, large, 300),
        ("alerts panel, whole army", "dashboard:alerts", {"unit": army.pk}, army, 300),
    ]


def measure(args) -> tuple[list[dict], dict]:
    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from kythuat.org.models import Unit

    from .measure import Queries, officer, pick_units, timings

    large, small, counts = pick_units(args.scale)
    army = Unit.objects.get(depth=0)
    rows = []
    for name, url_name, query, unit, limit in pages(large, small, army):
        if args.only and not any(part in name for part in args.only.split(",")):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            print(f"{name}: no route {url_name}")
            continue
        client = Client()
        client.force_login(officer(unit))

        def call(client=client, url=url, query=query):
            response = client.get(url, query)
            if response.status_code != 200:
                raise RuntimeError(f"{url} {query} answered {response.status_code}")
            return response

        counter = Queries()
        with connection.execute_wrapper(counter):
            response = call()
        _wall, cpu = timings(call, args.reps, warmup=0)
        row = {"measure": name, "url": f"{url}?{'&'.join(f'{k}={v}' for k, v in query.items())}",
               "cpu": cpu, "limit": limit, "queries": counter.count,
               "kib": len(response.content) / 1024, "unit": unit.name,
               "items": counts.get(unit.pk, 0)}
        rows.append(row)
        print(f"{name:<45} {cpu:8.1f} ms CPU (≤ {limit:.0f}) {counter.count:3d} statements "
              f"{row['kib']:7.1f} KiB  {unit.name} ({row['items']:,} items)", flush=True)
    if args.export:
        rows.append(export_measure(counts, args.export))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return rows, {"peak_mib": peak, "large": large.name, "small": small.name}


def export_measure(counts: dict, size: int) -> dict:
    """The Excel file of the item register of the unit whose subtree holds nearest `size`
    items, as the background job writes it (the same function), once: CPU seconds."""
    from django.http import QueryDict

    from kythuat.holdings.views.items import write_items
    from kythuat.org.models import Unit

    from .measure import CpuClock, officer

    unit = Unit.objects.get(pk=min(counts, key=lambda pk: abs(counts[pk] - size)))
    user = officer(unit)
    ticks = []
    with CpuClock() as cpu:
        _name, data = write_items(user, QueryDict(f"unit={unit.pk}"), "xlsx",
                                  progress=lambda done, total: ticks.append(done), every=5000)
    row = {"measure": f"item export, Excel, {counts[unit.pk]:,} items (job)",
           "url": f"job holdings.items_export unit={unit.pk}", "cpu": cpu.seconds * 1000,
           "limit": 5000.0, "queries": 0, "kib": len(data) / 1024, "unit": unit.name,
           "items": counts[unit.pk]}
    print(f"{row['measure']:<45} {row['cpu']:8.0f} ms CPU (≤ 5000) {row['kib']:7.0f} KiB "
          f"{len(ticks)} progress reports", flush=True)
    return row


def markdown(rows: list[dict], info: dict, command: str) -> str:
    lines = [BEGIN, "", f"Command: `{command}`", "",
             f"Machine: {info['machine']}; database: {info['database']}; {info['data']}; "
             f"peak memory of the measuring process {info['peak_mib']:.0f} MiB.", "",
             "| page | request | items in the subtree | CPU ms | target | met | statements "
             "| KiB |",
             "| --- | --- | ---: | ---: | ---: | --- | ---: | ---: |"]
    for row in rows:
        met = "yes" if row["cpu"] <= row["limit"] else "**no**"
        lines.append(f"| {row['measure']} | `{row['url']}` | {row['items']:,} | "
                     f"{row['cpu']:.0f} | ≤ {row['limit']:.0f} | {met} | {row['queries']} | "
                     f"{row['kib']:.0f} |")
    lines += ["", END]
    return "\n".join(lines)


def prepare() -> dict:
    """The maintenance data of bench.assurance and the stored next due of every plan."""
    import random

    from django.utils import timezone

    from kythuat.maintenance.models import PlanDue
    from kythuat.maintenance.services.due import due_refresh_all

    from .assurance import add_maintenance_data

    info = add_maintenance_data(timezone.localdate(), random.Random(2026))
    if info.get("generated") or not PlanDue.objects.exists():
        started = time.process_time()
        info["due_rows"] = due_refresh_all()
        info["due_cpu_s"] = round(time.process_time() - started, 1)
    return info


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

    db.migrate()
    db.plain_static_files()
    print(prepare(), flush=True)
    counts = db.prepare_for_reads("org_unit", "holdings_item", "holdings_movement",
                                  "maintenance_plandue")
    rows, info = measure(args)
    info.update({
        "machine": db.machine(), "database": connection.vendor,
        "data": "{org_unit:,} units, {holdings_item:,} items, {holdings_movement:,} documents, "
                "{maintenance_plandue:,} stored (item, plan) due rows".format(**counts),
    })
    print(f"peak memory {info['peak_mib']:.0f} MiB")
    if args.markdown:
        write_section(args.markdown, markdown(rows, info, "python -m bench.pages "
                                              + " ".join(argv)))
        print(f"wrote {args.markdown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""python -m bench.indicators [--db postgres|sqlite] [--scale S] [--reps N] [--markdown FILE]

The indicator registry at army scale, on a database kept by `python -m bench.run --keep`
(migrated to the current code first): every registered indicator for Quân khu 7 over
2007–2022, the same by subordinate unit for the whole army (its 20 top commands), and the
targets page of a military region (the first run adds targets on Quân khu 7 and its
subordinates through the services), and the Campaign 50 ranking of the region's provinces on
every criterion of the demo's grid (the first run saves the grid and the block through the
services; no sheet is scored, so every criterion is computed from the records). Times are the
CPU milliseconds of a call (this process plus, on PostgreSQL, its server process), which stay
meaningful on a busy machine; targets: ≤ 1 s per indicator, ≤ 2 s by subordinates, ≤ 300 ms for
the targets page, ≤ 1 s for the ranking.
"""

import argparse
import datetime as dt
import sys
from pathlib import Path

from . import db
from .assurance import write_section

SECTION = "indicators"
BEGIN, END = f"<!-- bench:{SECTION} begin -->", f"<!-- bench:{SECTION} end -->"
LIMITS = {"value": 1000.0, "subordinates": 2000.0, "page": 300.0, "ranking": 1000.0}


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.indicators", description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--name", help="default: the database of --scale")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--markdown", type=Path)
    parser.add_argument("--strict", action="store_true",
                        help="exit with status 2 when a measure misses its target")
    return parser.parse_args(argv)


def cpu_ms(call, reps: int) -> tuple[float, int, object]:
    """Mean CPU ms of a call after a warm-up, the statements it sends, and its answer."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .measure import timings

    with CaptureQueriesContext(connection) as queries:
        answer = call()
    _wall, cpu = timings(call, reps, warmup=0)
    return cpu, len(queries), answer


BENCH_TARGETS = [  # (clause, indicator, form, stated value)
    ("1", "holdings.technical_coefficient", "absolute", 80),
    ("2", "holdings.on_hand", "absolute", 80_000),
    ("3", "holdings.documents_posted", "absolute", 3_000),
    ("4", "holdings.combat_readiness", "absolute", 80),
    ("5", "vehicles.accidents", "change_percent", -5),
]


def seed_targets(region) -> int:
    """A programme of the region's Party committee with five targets, each split among the
    region's direct subordinates, through the services (the first run only)."""
    from kythuat.directives import services as directives
    from kythuat.directives.models import DirectiveKind
    from kythuat.documents import services as documents
    from kythuat.documents.models import FormatProfile
    from kythuat.indicators import registry
    from kythuat.indicators.periods import Period
    from kythuat.targets import services as targets
    from kythuat.targets.models import PERCENT, Target

    found = Target.objects.filter(unit__path__startswith=region.path)
    if found.exists():
        return found.count()
    issuer = documents.issuer_create(
        actor=None, unit=region, profile=FormatProfile.objects.get(code="party"),
        name=f"Đảng ủy {region.name}", abbreviation="ĐUQK", parent_name="Quân ủy Trung ương",
        place="Thành phố Hồ Chí Minh", valid_from=dt.date(2007, 1, 1),
        term_start=dt.date(2020, 10, 1), term_end=dt.date(2025, 9, 30))
    directive = directives.directive_create(
        actor=None, issuer=issuer, kind=DirectiveKind.objects.get(code="CTHĐ"), number=352,
        issued_on=dt.date(2021, 3, 8), symbol="CTr/ĐUQK",
        title="Chương trình hành động thực hiện Nghị quyết 382 (benchmark)")
    start, deadline = dt.date(2021, 1, 1), dt.date(2027, 12, 31)
    today = dt.date.today()
    for number, code, form, stated in BENCH_TARGETS:
        clause = directives.clause_create(actor=None, directive=directive, number=number,
                                          text=f"Chỉ tiêu {code}")
        indicator = registry.get(code)
        unit_code = PERCENT if form == "change_percent" else indicator.unit_code
        target = targets.target_assign(
            actor=None, clause=clause, indicator_code=code, unit=region, start=start,
            deadline=deadline, form=form, stated_value=stated, stated_unit=unit_code)
        rows, _total = registry.by_subordinates(code, region, Period(start, today))
        shares = [(row.unit, stated if form == "change_percent" or
                   indicator.unit_code == "percent" else max(1, stated // max(len(rows), 1)))
                  for row in rows if not row.is_self]
        targets.target_allocate(actor=None, target=target, shares=shares)
    return found.count()


def seed_block(region, year: int):
    """The Campaign 50 grid of the demo for the kind of the region's largest group of direct
    subordinates, and their emulation block (the first run only)."""
    from collections import Counter

    from kythuat.campaign import services
    from kythuat.campaign.demo import grid
    from kythuat.campaign.models import EmulationBlock, Phase

    phase = next(p for p in Phase.objects.order_by("start") if p.start.year <= year <= p.end.year)
    children = list(region.children.select_related("kind"))
    kind = Counter(unit.kind for unit in children).most_common(1)[0][0]
    block = EmulationBlock.objects.filter(phase=phase, superior=region, level=kind).first()
    members = [unit for unit in children if unit.kind_id == kind.pk]
    if block is None and len(members) < 2:
        return None  # a tiny scale: no block to rank
    if block is None:
        services.grid_save(actor=None, phase=phase, level=kind, groups=grid())
        block = services.block_create(
            actor=None, phase=phase, superior=region, level=kind, name=f"Khối {kind.name}",
            members=members, awards=2)
    return block


def measure_ranking(region, reps: int) -> dict | None:
    from kythuat.campaign.models import Criterion
    from kythuat.campaign.selectors import block_ranking
    from kythuat.indicators import registry

    year = dt.date.today().year - 1
    block = seed_block(region, year)
    if block is None:
        return None

    def rank():
        with registry.memo():  # one request: nothing remembered from the last repetition
            return block_ranking(block, year, live=True)

    cpu, queries, rows = cpu_ms(rank, reps)
    totals = [row.computed for row in rows if row.computed is not None]
    computed = Criterion.objects.filter(group__phase=block.phase, group__level=block.level,
                                        indicator_code__gt="").count()
    return {"kind": "ranking",
            "measure": f"Campaign 50 ranking: {len(rows)} units of {region.name}, {year}, "
                       f"{computed} computed criteria",
            "cpu": cpu, "queries": queries,
            "answer": "computed totals " + "–".join(
                f"{value:g}" for value in (min(totals), max(totals))) if totals else "—",
            "met": cpu <= LIMITS["ranking"]}


def measure(reps: int) -> tuple[list[dict], dict]:
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from kythuat.indicators import registry
    from kythuat.indicators.periods import Period
    from kythuat.org.models import Role, Unit, User

    army = Unit.objects.get(depth=0)
    region = (Unit.objects.filter(name__icontains="Quân khu 7", depth=1).first()
              or Unit.objects.filter(depth=1).order_by("path").first())  # small scales
    period = Period(dt.date(2007, 1, 1), dt.date(2022, 12, 31))
    rows = []
    for indicator in registry.all_indicators():
        cpu, queries, value = cpu_ms(
            lambda code=indicator.code: registry.compute(code, region, period), reps)
        rows.append({"kind": "value", "measure": f"{indicator.code}: {region.name}, 2007–2022",
                     "cpu": cpu, "queries": queries, "answer": _shown(value.total),
                     "met": cpu <= LIMITS["value"]})
    for indicator in registry.all_indicators():
        cpu, queries, (subordinates, total) = cpu_ms(
            lambda code=indicator.code: registry.by_subordinates(code, army, period), reps)
        rows.append({"kind": "subordinates",
                     "measure": f"{indicator.code}: by the {len(subordinates)} top commands",
                     "cpu": cpu, "queries": queries, "answer": _shown(total.total),
                     "met": cpu <= LIMITS["subordinates"]})
    officer = (User.objects.filter(unit=region, role=Role.OFFICER).first()
               or User.objects.create_user(f"bench-officer-{region.pk}", unit=region,
                                           role=Role.OFFICER))
    try:
        url = reverse("targets:target-list")
    except NoReverseMatch:
        url = ""
    if url:
        seeded = seed_targets(region)
        client = Client()
        client.force_login(officer)
        cpu, queries, response = cpu_ms(lambda: client.get(url, {"unit": region.pk}), reps)
        rows.append({"kind": "page",
                     "measure": f"Targets page, {region.name} ({seeded} targets, first page)",
                     "cpu": cpu, "queries": queries,
                     "answer": f"HTTP {response.status_code}, {len(response.content):,} bytes",
                     "met": cpu <= LIMITS["page"] and response.status_code == 200})
    ranking = measure_ranking(region, reps)
    if ranking is not None:
        rows.append(ranking)
    return rows, {"region": region.name, "indicators": len(registry.all_indicators())}


def _shown(value) -> str:
    return "—" if value is None else f"{value:,}"


def markdown(rows: list[dict], info: dict, command: str) -> str:
    lines = [BEGIN, "", f"Command: `{command}`", "",
             f"Machine: {info['machine']}; database: {info['database']}; {info['data']}.", "",
             "| Measure | CPU ms | Target | Statements | Value |",
             "| --- | ---: | --- | ---: | ---: |"]
    for row in rows:
        target = f"≤ {LIMITS[row['kind']]:.0f} ms" + ("" if row["met"] else " **missed**")
        lines.append(f"| {row['measure']} | {row['cpu']:.0f} | {target} | {row['queries']} | "
                     f"{row['answer']} |")
    lines += ["", END]
    return "\n".join(lines)


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

    db.plain_static_files()
    db.migrate()
    counts = db.prepare_for_reads("org_unit", "holdings_item", "holdings_ledgerentry")
    rows, info = measure(args.reps)
    info.update({
        "machine": db.machine(), "database": connection.vendor,
        "data": "{org_unit:,} units, {holdings_item:,} items, {holdings_ledgerentry:,} ledger "
                "entries".format(**counts),
    })
    for row in rows:
        print(f"{row['measure']:<72} {row['cpu']:9.1f} ms CPU {row['queries']:4d} statements  "
              f"{'ok' if row['met'] else 'MISSED'}  {row['answer']}")
    if args.markdown:
        write_section(args.markdown, markdown(rows, info, "python -m bench.indicators "
                                              + " ".join(argv)))
        print(f"wrote {args.markdown}")
    return 2 if args.strict and not all(row["met"] for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())

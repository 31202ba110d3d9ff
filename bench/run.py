"""python -m bench.run [--scale S] [--db sqlite|postgres|both] [--keep] [--reuse] …

Generates the data set in a separate database (SQLite file under /tmp, PostgreSQL database
kythuat_bench on 127.0.0.1), checks it, times each measure next to its SQL floor, prints the
table and, with --markdown, writes it into a Markdown file.
"""

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import db, report

ROOT = Path(__file__).resolve().parent.parent


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description=__doc__.split("\n\n")[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=0.01,
        help="1.0 = 15,000 units, 1,000,000 items, 10,000,000 ledger entries",
    )
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure a database kept by an earlier run of the same scale",
    )
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument("--name", help="SQLite file or PostgreSQL database name")
    parser.add_argument(
        "--reps", type=int, help="timed repetitions per measure (30; 8 below scale 0.1)"
    )
    parser.add_argument(
        "--documents", type=int, help="documents of 100 lines per posting measure (10; 3 below 0.1)"
    )
    parser.add_argument(
        "--verify",
        action="store_true",
        help="check the books in SQL (always done up to scale 0.01)",
    )
    parser.add_argument("--profile", action="store_true", help="profile each measure by layer")
    parser.add_argument("--markdown", type=Path, help="write the results section into a file")
    parser.add_argument("--json", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    small = args.scale < 0.1
    args.reps = args.reps or (8 if small else 30)
    args.documents = args.documents or (3 if small else 10)
    return args


def command(argv: list[str]) -> str:
    return "python -m bench.run " + " ".join(argv)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse(argv)
    if args.db == "both":
        return run_both(args, argv)
    run = run_one(args)
    if run is None:
        return 0
    runs = {args.db: run}
    print()
    print(report.table(runs))
    if args.json:
        args.json.write_text(json.dumps(run))
    if args.markdown:
        write(args, argv, runs)
    return 0 if all(r["matches"] for r in run["results"]) else 1


def write(args: argparse.Namespace, argv: list[str], runs: dict) -> None:
    info = report.machine(next((r["server"] for r in runs.values() if r.get("server")), None))
    text = report.markdown(runs, command(argv), info)
    report.write_section(args.markdown, args.scale, text)
    print(f"\nwrote {args.markdown}")


def run_both(args: argparse.Namespace, argv: list[str]) -> int:
    """Each database in its own process: Django's settings are read once per process."""
    runs, status = {}, 0
    child = [
        "--scale",
        str(args.scale),
        "--reps",
        str(args.reps),
        "--documents",
        str(args.documents),
    ]
    child += [
        f"--{flag.replace('_', '-')}"
        for flag in ("keep", "reuse", "verify", "profile", "generate_only")
        if getattr(args, flag)
    ]
    with tempfile.TemporaryDirectory() as folder:
        for name in ("sqlite", "postgres"):
            out = Path(folder) / f"{name}.json"
            done = subprocess.run(
                [sys.executable, "-m", "bench.run", *child, "--db", name, "--json", str(out)],
                cwd=ROOT,
                check=False,
            )
            status = status or done.returncode
            if out.exists():
                runs[name] = json.loads(out.read_text())
    print()
    print(report.table(runs))
    if args.markdown and runs:
        write(args, argv, runs)
    return status


def run_one(args: argparse.Namespace) -> dict | None:
    name = args.name or db.default_name(args.db, args.scale)
    db.configure(args.db, name)
    import django

    reused = args.reuse and db.exists(args.db, name)
    migrated = reused or db.create_from_template(args.db, name)
    django.setup()
    from django.db import connection

    db.plain_static_files()

    from .generate import Targets, generate

    started = time.perf_counter()
    if reused:
        generation = db.load_meta()
        if generation is None or generation["targets"]["scale"] != args.scale:
            raise SystemExit(f"{name} does not hold a generated data set of scale {args.scale}")
        print(f"[{args.db}] reusing {name}")
    else:
        if not migrated:
            db.migrate()
            connection.close()
            db.save_template(args.db, name)
        seconds = time.perf_counter() - started
        generation = generate(Targets.for_scale(args.scale))
        generation["seconds"]["migrate"] = round(seconds, 1)
        db.save_meta(generation)
    print(f"[{args.db}] {name}: {json.dumps(generation['counts'])}")
    print(f"[{args.db}] seconds: {json.dumps(generation['seconds'])}")
    try:
        if args.verify or args.scale <= 0.01:
            from .verify import verify

            problems = verify()
            print(f"[{args.db}] checks (all must be 0): {json.dumps(problems)}")
            if any(problems.values()):
                raise SystemExit("the generated books do not hold together")
        if args.generate_only:
            return None
        load_before, reference = os.getloadavg(), report.reference_loop()
        results = measure(args, generation)
        load = [round(x, 1) for x in (*load_before, *os.getloadavg())]
    finally:
        connection.close()
        if not args.keep and not args.reuse:
            db.drop(args.db, name)
    server = None
    if args.db == "postgres":
        import psycopg

        with psycopg.connect(f"{db.PG_SERVER}/postgres") as conn:
            server = conn.execute("SHOW server_version").fetchone()[0]
    print(
        f"[{args.db}] load average (1, 5, 15 min) before: {load[:3]}, after: {load[3:]} "
        f"on {os.cpu_count()} cores; reference loop {reference[0]:.2f} s CPU, "
        f"{reference[1]:.2f} s wall"
    )
    return {
        "generation": generation,
        "reused": reused,
        "server": server,
        "load": load,
        "reference": reference,
        "results": [
            {k: v for k, v in vars(r).items() if k != "extra"}
            | {"ratio": r.ratio, "extra": {k: v for k, v in r.extra.items() if k != "app"}}
            for r in results
        ],
    }


def measure(args: argparse.Namespace, generation: dict) -> list:
    from django.utils import timezone

    from kythuat.org.models import Unit

    from . import measure as m
    from .posting import posting_measures
    from .verify import as_of_matches_ledger

    reps, today = args.reps, timezone.localdate()
    large, small, counts = m.pick_units(args.scale, generation.get("units"))
    if "units" not in generation:  # the same units on every later run over this data set
        generation["units"] = {"large": large.pk, "small": small.pk}
        db.save_meta(generation)
    root = Unit.objects.get(depth=0)
    print(
        f"[{args.db}] large subtree: {large.name} ({counts[large.pk]:,} held items); "
        f"small subtree: {small.name} ({counts[small.pk]:,}); whole army "
        f"{counts[root.pk]:,}"
    )
    past = dt.date(today.year - 1, 6, 30)
    results = [
        m.list_measure("holdings list, large subtree", m.officer(large), large, reps),
        m.list_measure("holdings list, small subtree", m.officer(small), small, reps),
        m.rollup_measure("grade × type roll-up, large subtree", large, 100, reps),
        m.rollup_measure("grade × type roll-up, whole army", root, 1000, max(5, reps // 3)),
        m.asof_measure(f"balances as at {past}, large subtree", large, past, reps),
        m.asof_measure(
            f"balances as at {today - dt.timedelta(days=30)}, large",
            large,
            today - dt.timedelta(days=30),
            reps,
        ),
    ]
    rows = m.subtree_balances_as_of(unit=large, day=past, fields=m.FIELDS)
    results[4].matches = results[4].matches and as_of_matches_ledger(large, past, rows)
    if args.profile:
        for result in results:
            print(f"\n[{args.db}] profile of {result.name} (time per call, by layer):")
            print(report.profile(result.extra["app"]))
    results += posting_measures(m.officer(large), large, args.documents, args.profile)
    for result in results:
        print(
            f"[{args.db}] {result.name}: p50 {result.p50:.1f} ms, floor {result.floor_p50:.1f} "
            f"ms, {result.queries} queries{'' if result.matches else ', ANSWER DIFFERS'}"
        )
    return results


if __name__ == "__main__":
    sys.exit(main())

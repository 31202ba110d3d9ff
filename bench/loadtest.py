"""python -m bench.loadtest [--name DB] [--users 50] [--seconds 300] [--port 0]

A bounded load test of headquarters mode against 127.0.0.1 only: gunicorn as `make serve` runs
it (config/gunicorn.conf.py: cores + 1 processes of 4 threads; `--server waitress`: one
process of 8 threads) with DEBUG=false on a PostgreSQL database kept by `python -m bench.run
--keep` (default: scale 0.1, `kythuat_bench_0_1`; it is migrated first). (`bench/load.py` is
the generator's bulk loader, hence this name.)

Each simulated user is an officer of a unit P with a subordinate U that holds serial items; it
signs in through the login form, then until the time is up, with 1–3 s of thinking between
actions: opens lists (items, documents, lots, due list, work orders, vehicles, facilities),
item pages and reports (balances, period report), and drafts then posts documents through
the API that move a few of its items (issue P → U, return U → P). Every response is timed;
an error is any status ≥ 400 or a failed connection. Afterwards the books are checked in SQL:
every balance equals the sum of its ledger entries, and every item is where its last entry
puts it. Prints p50/p95/p99 per kind of request and writes them with --markdown.
"""

import argparse
import collections
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from . import db

SECTION = "loadtest"
BEGIN, END = f"<!-- bench:{SECTION} begin -->", f"<!-- bench:{SECTION} end -->"
PASSWORD = "Load-Test-2026!"  # noqa: S105 (users of a throwaway bench database)
ROOT = Path(__file__).resolve().parent.parent
LOG = Path(tempfile.gettempdir()) / "kythuat-loadtest-server.log"


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.loadtest", description=__doc__)
    parser.add_argument("--name", default="kythuat_bench_0_1")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    parser.add_argument("--server", choices=["gunicorn", "waitress"], default="gunicorn",
                        help="gunicorn: as `make serve` runs it (config/gunicorn.conf.py)")
    parser.add_argument("--workers", type=int, help="gunicorn processes (default: as make serve)")
    parser.add_argument("--threads", type=int, help="threads per process (default: as make "
                        "serve: 4 for gunicorn, 8 for waitress)")
    parser.add_argument("--ramp", type=float, default=5.0,
                        help="seconds over which the users arrive (each signs in first: a "
                        "password hash of ~0.5 s of CPU)")
    parser.add_argument("--markdown", type=Path)
    return parser.parse_args(argv)


def setup(users: int) -> list[dict]:
    """Officers of units that have a subordinate holding serial items, with the items."""
    from django.db.models import Count

    from kythuat.holdings.choices import HELD_STATUSES
    from kythuat.holdings.models import Item
    from kythuat.org.models import Role, Unit, User

    held = (Item.objects.filter(status__in=HELD_STATUSES, unit__depth__gte=3,
                                type__tracking="serial")
            .values("unit_id").annotate(n=Count("id")).filter(n__gte=6).order_by("unit_id"))
    plans, used = [], set()
    for row in held:
        unit = Unit.objects.select_related("parent").get(pk=row["unit_id"])
        parent = unit.parent
        if parent is None or parent.pk in used or unit.pk in used:
            continue
        used |= {parent.pk, unit.pk}
        items = list(Item.objects.filter(unit=unit, status__in=HELD_STATUSES)
                     .values_list("pk", flat=True)[:6])
        user, _created = User.objects.update_or_create(
            username=f"load-{len(plans):02d}", defaults={"unit": parent, "role": Role.OFFICER,
                                                         "is_active": True})
        user.set_password(PASSWORD)
        user.save()
        plans.append({"username": user.username, "parent": parent.pk, "child": unit.pk,
                      "items": items})
        if len(plans) == users:
            break
    return plans


def books_check() -> dict:
    """Balances = the sum of the ledger per key; items where their last entry puts them."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT COUNT(*) FROM holdings_balance b
            LEFT JOIN (SELECT unit_id, facility_id, type_id, lot_id, grade, usage_group_id,
                              SUM(quantity) AS q
                       FROM holdings_ledgerentry
                       GROUP BY unit_id, facility_id, type_id, lot_id, grade, usage_group_id) l
              ON l.unit_id = b.unit_id AND l.type_id = b.type_id AND l.grade = b.grade
             AND l.usage_group_id = b.usage_group_id
             AND l.facility_id IS NOT DISTINCT FROM b.facility_id
             AND l.lot_id IS NOT DISTINCT FROM b.lot_id
            WHERE b.quantity <> COALESCE(l.q, 0)""")
        wrong_balances = cursor.fetchone()[0]
        cursor.execute("""
            SELECT COUNT(*) FROM holdings_item i
            JOIN LATERAL (SELECT unit_id, quantity FROM holdings_ledgerentry e
                          WHERE e.item_id = i.id
                          ORDER BY effective_date DESC, id DESC LIMIT 1) last ON TRUE
            WHERE i.status IN ('in_service', 'in_repair')
              AND (last.quantity <= 0 OR last.unit_id <> i.unit_id)
              AND i.id IN (SELECT item_id FROM holdings_movementline l
                           JOIN holdings_movement m ON m.id = l.movement_id
                           WHERE m.reason = 'load test')""")
        wrong_items = cursor.fetchone()[0]
    return {"balances not equal to the ledger": wrong_balances,
            "moved items not where their last entry is": wrong_items}


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = collections.defaultdict(list)
        self.errors: list[str] = []

    def add(self, kind: str, ms: float, error: str | None = None) -> None:
        with self.lock:
            self.times[kind].append(ms)
            if error:
                self.errors.append(f"{kind}: {error}")


def simulated_user(base: str, plan: dict, deadline: float, rec: Recorder, seed: int) -> None:
    import requests

    rng = random.Random(seed)
    session = requests.Session()
    unit = plan["parent"]

    def call(kind, method, path, **kwargs):
        start = time.perf_counter()
        try:
            response = session.request(method, base + path, timeout=60, **kwargs)
        except requests.RequestException as error:
            rec.add(kind, (time.perf_counter() - start) * 1000, repr(error))
            return None
        ms = (time.perf_counter() - start) * 1000
        rec.add(kind, ms, None if response.status_code < 400 else
                f"{response.status_code} {path} {response.text[:200]}")
        return response

    page = call("login", "GET", "/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text if page else "")
    # Signed in straight onto the item list (the dashboard is measured by bench.pages).
    call("login", "POST", "/accounts/login/?next=/holdings/items/", data={
        "username": plan["username"], "password": PASSWORD, "next": "/holdings/items/",
        "csrfmiddlewaretoken": token.group(1) if token else ""},
        headers={"Referer": base + "/accounts/login/"})
    csrf = session.cookies.get("csrftoken", "")
    where = dict.fromkeys(plan["items"], plan["child"])  # item → unit it is in now
    lists = ["/holdings/items/", "/holdings/documents/", "/holdings/lots/", "/maintenance/",
             "/maintenance/work-orders/", "/vehicles/", "/facilities/"]
    reports = ["/holdings/balances/", "/holdings/reports/period/"]
    while time.monotonic() < deadline:
        roll = rng.random()
        if roll < 0.45:
            call("list", "GET", rng.choice(lists), params={"unit": unit})
        elif roll < 0.65:
            call("item page", "GET", f"/holdings/items/{rng.choice(plan['items'])}/")
        elif roll < 0.80:
            call("report", "GET", rng.choice(reports), params={"unit": unit})
        else:
            source = rng.choice([plan["child"], plan["parent"]])
            moving = [i for i, at in where.items() if at == source][:rng.randint(1, 3)]
            if not moving:
                continue
            target = plan["parent"] if source == plan["child"] else plan["child"]
            kind = "return" if source == plan["child"] else "issue"
            draft = call("draft (API)", "POST", "/api/v1/movements/", json={
                "kind": kind, "effective_date": time.strftime("%Y-%m-%d"),
                "from_unit": source, "to_unit": target, "reason": "load test",
                "lines": [{"item": item} for item in moving]},
                headers={"X-CSRFToken": csrf, "Referer": base + "/"})
            if draft is not None and draft.status_code == 201:
                posted = call("post (API)", "POST",
                              f"/api/v1/movements/{draft.json()['id']}/post/",
                              headers={"X-CSRFToken": csrf, "Referer": base + "/"})
                if posted is not None and posted.status_code == 200:
                    for item in moving:
                        where[item] = target
        time.sleep(rng.uniform(1.0, 3.0))


def server(args, env: dict) -> subprocess.Popen:
    """Headquarters mode as scripts/serve.sh starts it, on the bench database."""
    bin_dir = Path(sys.executable).parent
    if args.server == "waitress":
        command = [str(bin_dir / "waitress-serve"), f"--listen=127.0.0.1:{args.port}",
                   f"--threads={args.threads or 8}", "bench.loadtest_wsgi:application"]
    else:
        command = [str(bin_dir / "gunicorn"), "--config", "config/gunicorn.conf.py",
                   f"--bind=127.0.0.1:{args.port}", "bench.loadtest_wsgi:application"]
        env = {**env, **({"WORKERS": str(args.workers)} if args.workers else {}),
               **({"THREADS": str(args.threads)} if args.threads else {})}
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=open(LOG, "w"))


def peak_memory(proc: subprocess.Popen) -> float:
    """The largest peak resident set (VmHWM, MiB) of the server's processes: waitress's one,
    or gunicorn's workers (its master only forks them)."""
    pids = [proc.pid]
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    if children.exists():
        pids += [int(pid) for pid in children.read_text().split()]
    peaks = []
    for pid in pids:
        try:
            found = re.search(r"VmHWM:\s+(\d+)", Path(f"/proc/{pid}/status").read_text())
        except OSError:
            continue
        if found:
            peaks.append(int(found.group(1)) / 1024)
    return max(peaks, default=float("nan"))


def server_name(args) -> str:
    if args.server == "waitress":
        return f"waitress, 1 process of {args.threads or 8} threads"
    workers = args.workers or len(os.sched_getaffinity(0)) + 1
    return f"gunicorn, {workers} processes of {args.threads or 4} threads"


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main(argv=None) -> int:
    import requests

    args = parse(sys.argv[1:] if argv is None else argv)
    db.configure("postgres", args.name)
    import django

    django.setup()
    db.migrate()
    plans = setup(args.users)
    print(f"{len(plans)} simulated users", flush=True)
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.name}",
           "DEBUG": "false", "SECRET_KEY": "load-test-only-" + "x" * 50,
           "ALLOWED_HOSTS": "127.0.0.1,localhost", "BEHIND_TLS_PROXY": "false",
           "SECURE_SSL_REDIRECT": "false", "SECURE_HSTS_SECONDS": "0",
           "SESSION_COOKIE_SECURE": "false", "CSRF_COOKIE_SECURE": "false",
           "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{args.port}"}
    if not args.port:
        with socket.socket() as probe:  # a port nobody listens on
            probe.bind(("127.0.0.1", 0))
            args.port = probe.getsockname()[1]
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", args.port)) == 0:
            print(f"Port {args.port} is in use: choose another (--port 0 picks a free one).")
            return 1
    env["CSRF_TRUSTED_ORIGINS"] = f"http://127.0.0.1:{args.port}"
    proc = server(args, env)
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _n in range(120):
            try:
                if requests.get(base + "/accounts/login/", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(1)
        if proc.poll() is not None:
            print("The server did not start: see", LOG)
            return 1
        rec = Recorder()
        deadline = time.monotonic() + args.seconds
        threads = [threading.Thread(target=simulated_user, args=(base, plan, deadline, rec, n))
                   for n, plan in enumerate(plans)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
            time.sleep(args.ramp / max(len(threads), 1))
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        if proc.poll() is not None:
            print("The server stopped during the test: see", LOG)
            return 1
        peak = peak_memory(proc)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    # Signing in (a password hash, once per user, at the start) is reported on its own line.
    everything = [ms for kind, values in rec.times.items() if kind != "login" for ms in values]
    rows = [(kind, len(values), statistics.median(values), percentile(values, 0.95),
             percentile(values, 0.99)) for kind, values in sorted(rec.times.items())]
    rows.append(("all but sign-in", len(everything), statistics.median(everything),
                 percentile(everything, 0.95), percentile(everything, 0.99)))
    books = books_check()
    for kind, n, p50, p95, p99 in rows:
        print(f"{kind:<14} {n:6d} requests  p50 {p50:7.0f} ms  p95 {p95:7.0f} ms  "
              f"p99 {p99:7.0f} ms")
    print(f"errors: {len(rec.errors)}; {server_name(args)}; peak memory of one server "
          f"process {peak:.0f} MiB; {elapsed:.0f} s")
    for error in rec.errors[:10]:
        print("  ", error)
    print(books)
    if args.markdown:
        from .assurance import write_section

        lines = [BEGIN, "", f"Command: `python -m bench.loadtest {' '.join(argv or sys.argv[1:])}`",
                 "", f"Machine: {db.machine()}; {len(plans)} simulated users for {elapsed:.0f} s; "
                 f"{server_name(args)}, DEBUG=false, PostgreSQL `{args.name}`; "
                 f"peak memory of one server process (VmHWM) {peak:.0f} MiB; "
                 f"errors {len(rec.errors)}; "
                 f"books afterwards: {books}.", "",
                 "| requests | count | p50 ms | p95 ms | p99 ms |",
                 "| --- | ---: | ---: | ---: | ---: |"]
        lines += [f"| {kind} | {n} | {p50:.0f} | {p95:.0f} | {p99:.0f} |"
                  for kind, n, p50, p95, p99 in rows]
        lines += ["", END]
        write_section(args.markdown, "\n".join(lines))
    return 0 if not rec.errors and not any(books.values()) else 2


if __name__ == "__main__":
    sys.exit(main())

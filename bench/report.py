"""The table, the machine it ran on, the Markdown section, and a profile by layer."""

import datetime as dt
import os
import platform
import re
import sqlite3
import subprocess
import time
from pathlib import Path

import django

HEAD = (
    f"{'measure':<44} {'DB':<8} {'p50 ms':>8} {'p95 ms':>8} {'floor p50':>9} "
    f"{'floor p95':>9} {'×floor':>7} {'CPU ms':>7} {'floor CPU':>9} {'queries':>7}  "
    f"{'target':<24} met"
)


def row(db: str, r: dict) -> str:
    met = "yes" if r["met"] else "NO"
    same = "" if r["matches"] else "  (ANSWER DIFFERS FROM FLOOR)"
    return (
        f"{r['name']:<44} {db:<8} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['floor_p50']:>9.1f} "
        f"{r['floor_p95']:>9.1f} {r['ratio']:>7.1f} {r['cpu']:>7.1f} {r['floor_cpu']:>9.1f} "
        f"{r['queries']:>7}  {r['target']:<24} "
        f"{met}{same}"
    )


def table(runs: dict[str, dict]) -> str:
    lines = [HEAD, "-" * len(HEAD)]
    for db, run in runs.items():
        lines += [row(db, r) for r in run["results"]]
    lines.append("")
    for db, run in runs.items():
        lines += [f"{db}: {r['name']}: {r['note']}" for r in run["results"]]
    return "\n".join(lines)


def reference_loop() -> tuple[float, float]:
    """CPU and wall seconds of ten million Python additions: how fast the machine was and how
    much of a core the run had (wall well above CPU: other processes were running)."""
    wall, cpu, total = time.perf_counter(), time.process_time(), 0
    for n in range(10_000_000):
        total += n
    return round(time.process_time() - cpu, 2), round(time.perf_counter() - wall, 2)


def machine(postgres_version: str | None) -> dict[str, str]:
    def first(pattern: str, text: str) -> str:
        found = re.search(pattern, text, re.MULTILINE)
        return found.group(1).strip() if found else "?"

    cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    memory = Path("/proc/meminfo").read_text()
    release = Path("/etc/os-release").read_text() if Path("/etc/os-release").exists() else ""
    model, cores = first(r"^Model name:\s*(.+)$", cpu), first(r"^CPU\(s\):\s*(\d+)", cpu)
    kib = int(first(r"^MemTotal:\s*(\d+)", memory))
    system = first(r'^PRETTY_NAME="?([^"]+)', release)
    return {
        "CPU": f"{model}, {cores} cores",
        "RAM": f"{kib / 1024**2:.0f} GiB",
        "OS": f"{system}, Linux {platform.release()}",
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "SQLite": sqlite3.sqlite_version,
        "PostgreSQL": postgres_version or "not used",
    }


def markdown(runs: dict[str, dict], command: str, info: dict[str, str]) -> str:
    scale = next(iter(runs.values()))["generation"]["targets"]["scale"]
    out = [
        f"### Scale {scale:g} — {dt.datetime.now():%Y-%m-%d %H:%M}",
        "",
        f"Command: `{command}`",
        "",
        "Machine: " + "; ".join(f"{k} {v}" for k, v in info.items()) + ".",
        "",
    ]
    for db, run in runs.items():
        gen = run["generation"]
        counts, seconds = gen["counts"], gen["seconds"]
        made = f"generated in {seconds['total']:.0f} s" + (
            " by an earlier run" if run.get("reused") else ""
        )
        load, reference = run.get("load") or [0] * 6, run.get("reference") or [0, 0]
        out.append(
            f"- {db}: {counts['unit']:,} units, {counts['type']:,} types, "
            f"{counts['item']:,} items, {counts['movement']:,} documents, "
            f"{counts['line']:,} lines, {counts['entry']:,} ledger entries, "
            f"{counts['balance']:,} balances, {counts['close']:,} closings, "
            f"{counts['snapshot']:,} snapshot rows; {made} "
            f"(rows {seconds['rows']:.0f} s, indexes {seconds['indexes']:.0f} s, "
            f"statistics {seconds['analyze']:.0f} s); load average while measuring "
            f"{load[0]:.1f} → {load[3]:.1f} on {os.cpu_count()} cores; reference loop "
            f"{reference[0]:.2f} s CPU, {reference[1]:.2f} s wall"
        )
    out += [
        "",
        "| measure | DB | p50 ms | p95 ms | floor p50 | floor p95 | × floor | CPU ms "
        "| floor CPU | queries | target | met |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|---|",
    ]
    for db, run in runs.items():
        for r in run["results"]:
            met = "yes" if r["met"] else "**no**"
            out.append(
                f"| {r['name']} | {db} | {r['p50']:.1f} | {r['p95']:.1f} | "
                f"{r['floor_p50']:.1f} | {r['floor_p95']:.1f} | {r['ratio']:.1f} | "
                f"{r['cpu']:.1f} | {r['floor_cpu']:.1f} | {r['queries']} | {r['target']} "
                f"| {met} |"
            )
    out.append("")
    for db, run in runs.items():
        out += [f"- {db}, {r['name']}: {r['note']}" for r in run["results"]]
    return "\n".join(out) + "\n"


def write_section(path: Path, scale: float, text: str) -> None:
    """Replaces this scale's section between its markers, or appends it."""
    start, end = f"<!-- bench scale={scale:g} start -->", f"<!-- bench scale={scale:g} end -->"
    block = f"{start}\n{text}{end}\n"
    old = path.read_text() if path.exists() else "# Benchmarks\n\n"
    if start in old and end in old:
        new = old[: old.index(start)] + block + old[old.index(end) + len(end) + 1 :]
    else:
        new = old.rstrip("\n") + "\n\n" + block
    path.write_text(new)


def profile(call, repeat: int = 10) -> str:
    """Where the time of `repeat` calls goes, by layer, from a sampling profiler."""
    from .sampler import Sampler

    with Sampler() as sampler:
        for _n in range(repeat):
            call()
    return sampler.summary(repeat)

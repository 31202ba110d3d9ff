"""The benchmark runs end to end at a tiny scale: it generates consistent books, and prints
every measure with its timings next to the SQL floor for the same answer."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEASURES = [
    "holdings list, large subtree",
    "holdings list, small subtree",
    "grade × type roll-up, large subtree",
    "grade × type roll-up, whole army",
    "balances as at",
    "posting: receipts of 100 lines",
    "posting: transfers of 100 lines",
]
NUMBER = r"\d+\.\d"


def test_benchmark_runs_at_a_tiny_scale(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.run",
            "--scale",
            "0.0005",
            "--db",
            "sqlite",
            "--reps",
            "3",
            "--documents",
            "1",
            "--name",
            str(tmp_path / "bench.sqlite3"),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    out = result.stdout
    checks = re.search(r"checks \(all must be 0\): (\{.*\})", out)
    assert checks, out
    assert set(re.findall(r": (\d+)", checks.group(1))) == {"0"}, checks.group(1)
    table = out[out.index("floor p50") :]
    for name in MEASURES:
        line = next((line for line in table.splitlines() if line.startswith(name)), None)
        assert line, f"{name} missing from\n{table}"
        # p50, p95, floor p50, floor p95, ratio: all numbers
        assert len(re.findall(NUMBER, line)) >= 5, line
    assert "ANSWER DIFFERS" not in out
    assert not (tmp_path / "bench.sqlite3").exists()  # dropped unless --keep


def test_indicator_benchmark_runs_at_a_tiny_scale(tmp_path):
    """bench.indicators on a kept tiny data set measures every registered indicator, by
    subordinates, and the targets page (with the targets it adds). Times are not asserted:
    the benchmark says whether a target is met, a test on a busy machine cannot."""
    name = str(tmp_path / "bench.sqlite3")
    common = {"cwd": ROOT, "env": {**os.environ, "PYTHONWARNINGS": "ignore"},
              "capture_output": True, "text": True, "timeout": 300, "check": False}
    generated = subprocess.run(
        [sys.executable, "-m", "bench.run", "--scale", "0.0005", "--db", "sqlite", "--keep",
         "--generate-only", "--name", name], **common)
    assert generated.returncode == 0, generated.stdout[-2000:] + generated.stderr[-3000:]
    result = subprocess.run(
        [sys.executable, "-m", "bench.indicators", "--db", "sqlite", "--name", name,
         "--reps", "1"], **common)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert any(line.startswith("holdings.technical_coefficient: ") and "2007–2022" in line
               for line in lines), result.stdout
    assert any("by the" in line and "top commands" in line for line in lines)
    assert any(line.startswith("Targets page") and "HTTP 200" in line for line in lines)

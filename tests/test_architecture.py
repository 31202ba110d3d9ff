"""Dependencies point one way (docs/architecture.md, ADR 0006): the import-linter contracts in
pyproject.toml, run in `make test` so an upward import fails the suite with the chain that
breaks the rule."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_each_app_imports_only_the_apps_below_it():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT)}, check=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout

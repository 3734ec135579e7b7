"""ruff's rules (pyproject.toml, [tool.ruff]) hold for the whole repository, so `make test`
fails when they do not, as it does for the import contracts (test_architecture)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers.site import ROOT


def test_ruff_finds_nothing():
    ruff = Path(sys.executable).with_name("ruff")
    run = subprocess.run([str(ruff), "check", "--no-cache", "--output-format", "concise"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]

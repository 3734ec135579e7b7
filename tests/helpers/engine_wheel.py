"""The engine built as a wheel, from a copy of just what pyproject.toml packages.

Built from a copy in a temporary folder, not in place: setuptools leaves build/ and
an .egg-info folder beside the sources it builds, and two test runs in one checkout
would share them. Built with this virtualenv's setuptools and wheel (requirements.txt)
and no build isolation, so nothing is fetched.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .site import ROOT

# Everything [tool.setuptools] in pyproject.toml reads: the plugins, the theme, the schemas.
SOURCES = ("pyproject.toml", "README.md", "plugins", "theme", "data/schema")
_LEFT_OUT = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".import_linter_cache")


def build_wheel(tmp: Path) -> Path:
    source = tmp / "source"
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=_LEFT_OUT)
        else:
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    wheels = tmp / "wheels"
    run = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                          "--no-index", "--disable-pip-version-check", "--wheel-dir", str(wheels), str(source)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    (wheel,) = wheels.glob("said_and_done-*.whl")
    return wheel

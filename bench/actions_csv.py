"""How long `actions export` and `actions import` take on a large register: figures, never a pass or fail.

    .venv/bin/python bench/actions_csv.py [SIZES ...]     (default: 1000 10000 records)

For each size, a synthetic register (synthetic.py) is written to a temporary folder, then
timed as staff run it: export every action; import the sheet unchanged (every row compared,
nothing written); import it with 20 actions changed (their records edited, the whole
register checked as make check would, then written).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from synthetic import write_project  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from helpers.project_settings import write_settings  # noqa: E402

EDITED = 20


def timed(project: Path, *args: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "said_and_done", "actions", *args, "--settings", "pelicanconf.py"],
                          cwd=project, env=env, capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"actions {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return took


def bench(n: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-actions-") as tmp:
        project = write_project(Path(tmp) / "project", n)
        write_settings(project, "SAID_AND_DONE = {**SAID_AND_DONE, 'data_path': 'data'}")
        sheet = project / "actions.csv"
        export = timed(project, "export", "--output", str(sheet))
        text = sheet.read_bytes().decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        unchanged = timed(project, "import", str(sheet))
        for row in [r for r in rows if r["status"] == "planned"][:EDITED]:
            row["status"], row["progress"] = "in-progress", "10"
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
        sheet.write_bytes(out.getvalue().encode("utf-8-sig"))
        edited = timed(project, "import", str(sheet))
        return {"records": n, "actions": len(rows), "export": export, "unchanged": unchanged, "edited": edited}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    args = parser.parse_args()
    print(f"{'records':>8} {'actions':>8} {'export s':>9} {'import unchanged s':>19} {f'import {EDITED} edited s':>18}")
    for n in args.sizes:
        r = bench(n)
        print(f"{r['records']:>8} {r['actions']:>8} {r['export']:>9.2f} {r['unchanged']:>19.2f} {r['edited']:>18.2f}",
              flush=True)


if __name__ == "__main__":
    main()

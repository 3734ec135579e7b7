"""Build benchmark: Said & Done against plain Pelican on the same text, at 1k and 10k records.

    python bench/build.py                 # N = 1,000 and 10,000
    python bench/build.py 100000          # on request
    python bench/build.py 1000 --no-plain # skip the plain-Pelican comparison

For each N it generates N valid synthetic records (bench/synthetic.py) in a temp folder,
builds them with the real pipeline (`python -m said_and_done build`, every plugin in
pelicanconf.py) and prints records, pages written, wall time per phase, pages per second
and peak memory; then rebuilds after editing one record; then builds the same text as N
plain Markdown articles with plain Pelican and prints the ratio. Targets are printed
beside the figures. Figures, never pass/fail: this is not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from synthetic import write_project  # noqa: E402

PYTHON = sys.executable


def run(cmd, env=None, cwd=None) -> tuple[float, float]:
    """Run a command; return (wall seconds, peak resident memory in MB)."""
    start = time.perf_counter()
    # stderr goes to a file, not a pipe: a build that warns a lot (clash warnings on a
    # large register) would fill a pipe nobody reads until wait4 returns, and hang.
    with tempfile.TemporaryFile() as stderr:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        stderr.seek(0)
        err = stderr.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed:\n{err[-3000:]}")
    return wall, usage.ru_maxrss / 1024


def project_settings(project: Path) -> Path:
    settings = project / "pelicanconf.py"
    settings.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / 'plugins')!r})\n"
        f"exec(compile(open({str(ROOT / 'pelicanconf.py')!r}).read(), 'pelicanconf.py', 'exec'))\n"
        f"THEME = {str(ROOT / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
        "SAID_AND_DONE = {**SAID_AND_DONE, 'data_path': 'data'}\n",
        encoding="utf-8",
    )
    return settings


def said_and_done_build(project: Path, output: Path, timings: Path) -> tuple[float, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "SOURCE_DATE_EPOCH": "1795392000"}  # 2026-11-23
    return run([PYTHON, "-m", "said_and_done", "build", "--settings", str(project / "pelicanconf.py"),
                "--output", str(output), "--timings-file", str(timings)], env=env, cwd=project)


def plain_pelican(project: Path, n: int) -> tuple[float, float]:
    """The same words as N plain Markdown articles, built by Pelican with its defaults."""
    plain = project / "plain"
    content = plain / "content"
    content.mkdir(parents=True)
    for path in sorted((project / "data" / "consultations").glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        parts = [data["summary"]]
        for theme in data.get("outcome", {}).get("you_said", []):
            parts += [theme["theme"], theme["said"], theme["we_did"], theme.get("reason", "")]
        writeup = project / "content" / "outcomes" / f"{path.stem}.md"
        if writeup.exists():
            parts.append(writeup.read_text(encoding="utf-8").split("\n\n", 1)[1])
        body = "\n\n".join(p for p in parts if p)
        (content / f"{path.stem}.md").write_text(
            f"Title: {data['title']}\nSlug: {path.stem}\nDate: {data['dates']['opens']}\nCategory: consultations\n\n{body}\n",
            encoding="utf-8")
    conf = plain / "conf.py"
    conf.write_text("SITENAME = 'Plain'\nAUTHOR = 'Bench'\nTIMEZONE = 'Europe/London'\nDEFAULT_LANG = 'en'\n"
                    "PATH = 'content'\nSITEURL = ''\n", encoding="utf-8")
    return run([PYTHON, "-m", "pelican", str(content), "-s", str(conf), "-o", str(plain / "output"), "-q"], cwd=plain)


def snapshot(folder: Path) -> dict:
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def bench(n: int, with_plain: bool) -> None:
    with tempfile.TemporaryDirectory(prefix=f"bench-{n}-") as tmp:
        project = Path(tmp)
        t0 = time.perf_counter()
        write_project(project, n)
        generated = time.perf_counter() - t0
        project_settings(project)
        output, timings = project / "output", project / "timings.json"

        wall, peak = said_and_done_build(project, output, timings)
        phases = json.loads(timings.read_text())
        pages = sum(1 for _ in output.rglob("*.html"))
        files = sum(1 for p in output.rglob("*") if p.is_file())

        before = snapshot(output)
        record = sorted((project / "data" / "consultations").glob("*.yaml"))[n // 2]
        text = record.read_text(encoding="utf-8")
        record.write_text(text.replace("title: ", "title: Edited ", 1), encoding="utf-8")
        re_wall, re_peak = said_and_done_build(project, output, timings)
        after = snapshot(output)
        rewritten = sum(1 for p, m in after.items() if before.get(p) != m)

        print(f"\n== {n:,} records (generated in {generated:.1f} s) ==")
        print(f"{'records':<34}{n:>12,}")
        print(f"{'pages written (.html)':<34}{pages:>12,}   ({files:,} files in all)")
        for name, seconds in phases.items():
            print(f"{'  ' + name:<34}{seconds:>11.2f}s")
        print(f"{'wall, cold build':<34}{wall:>11.2f}s")
        print(f"{'pages per second':<34}{pages / wall:>12,.0f}")
        target_mem = 1024 if n <= 10_000 else 4096
        print(f"{'peak memory':<34}{peak:>10,.0f}MB   target <= {target_mem:,} MB")
        print(f"{'rebuild after editing one record':<34}{re_wall:>11.2f}s   target <= 2 s (at 10,000)")
        print(f"{'  files rewritten by the rebuild':<34}{rewritten:>12,}   target: only pages whose inputs changed")
        print(f"{'  peak memory, rebuild':<34}{re_peak:>10,.0f}MB")
        if with_plain:
            plain_wall, plain_peak = plain_pelican(project, n)
            print(f"{'plain Pelican, same text':<34}{plain_wall:>11.2f}s   ({plain_peak:,.0f} MB)")
            print(f"{'ratio said&done / plain':<34}{wall / plain_wall:>12.2f}   target <= 0.40 (at 10,000, search index included)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--no-plain", action="store_true", help="skip the plain-Pelican comparison")
    args = parser.parse_args()
    print(f"Said & Done build benchmark on {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for n in args.sizes:
        bench(n, not args.no_plain)


if __name__ == "__main__":
    main()

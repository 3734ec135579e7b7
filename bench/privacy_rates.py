"""Print how well the personal-data detector does on the labelled corpus (tests/fixtures/privacy/).

    .venv/bin/python bench/privacy_rates.py [--before path/to/old/detect.py] [--list]

Prints the detection rate (positives found / positives) and the false-positive rate (clean
lines flagged / clean lines) with counts, by kind and by source of clean text. With
--before, also the same figures for another detector module (for example the one from
before a change, `git show REV:plugins/privacy/detect.py > /tmp/detect.py`), read the way
the check read text then: as written, without rendering Markdown. --list prints every miss
and every clean line flagged.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT / "tests")]

from helpers.privacy_corpus import load_detector, measure  # noqa: E402
from said_and_done.domain.personal_data import find_personal_data  # noqa: E402


def _print(rates, title: str, listing: bool) -> None:
    text = rates.report(title)
    if not listing:
        text = "\n".join(line for line in text.splitlines() if not line.startswith(("  missed:", "  flagged:")))
    print(text)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="another detector module to compare, read without rendering")
    parser.add_argument("--list", action="store_true", help="print each miss and each clean line flagged")
    args = parser.parse_args(argv)
    if args.before:
        _print(measure(load_detector(args.before), rendered=False), f"before ({args.before}):", args.list)
    _print(measure(find_personal_data), "now (said_and_done/domain/personal_data.py, text as published):", args.list)
    return 0


if __name__ == "__main__":
    sys.exit(main())

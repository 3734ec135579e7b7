"""Time the preview's first look at an edited record on a built project (run by bench/build.py).

    PYTHONPATH=plugins python bench/first_look.py PROJECT OUTPUT RECORD

Does what `make preview` does after a save that touches only a record: a resident
build of the project (said_and_done.preview.resident), then the record edited, then the
resident asked for the record's own pages. Prints one JSON line: the seconds the
first look took (from the request to the pages written, which is what staff wait
for after the preview notices the save), the pages, whether they show the edit, and
the resident's memory while it waits.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from pelican.settings import read_settings

from said_and_done.preview import resident
from said_and_done.preview import watch as preview


def resident_memory_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    project, output, record = (Path(a).resolve() for a in sys.argv[1:4])
    os.chdir(project)
    settings_path = project / "pelicanconf.py"
    preview._warm_up(read_settings(str(settings_path)))
    folder = resident.first_look_folder(output)
    code, staying = resident.build(settings_path, output, folder)
    if code != 0 or staying is None:
        raise SystemExit(f"the resident build failed ({code})")
    try:
        text = record.read_text(encoding="utf-8")
        record.write_text(text.replace("title: ", "title: First look ", 1), encoding="utf-8")
        started = time.perf_counter()
        look = staying.first_look([record])
        seconds = time.perf_counter() - started
        shown = all("First look" in (folder / p.lstrip("/") / "index.html").read_text(encoding="utf-8")
                    for p in look["pages"])
        print(json.dumps({"seconds": seconds, "pages": look["pages"], "problems": look["problems"],
                          "shows_edit": bool(look["pages"]) and shown,
                          "resident_mb": resident_memory_mb(staying.pid)}))
    finally:
        staying.close()
        resident.clear(folder)


if __name__ == "__main__":
    main()

"""Runs the Pagefind commands for the shards of a search index, one after another.

    python run_shards.py plan.json     # prints one JSON result per line

Started by the search plugin (generator.SearchBuild.start) as soon as the pages it
indexes are written, so Pagefind works while the build renders its other pages and
exports. One process runs the shards in turn, never two at once, so Pagefind's memory
stays that of one shard. Only the standard library: it runs as a script, by path.

The plan is a list of {"cwd", "command", "timeout"}. Each result is
{"shard": i, "returncode": n, "said": last lines of output, "timed_out": bool,
"seconds": wall time of that Pagefind run};
it stops after the first run that fails, and stops everything if the build that
started it goes away (its parent process changes), so a failed or interrupted
build leaves no Pagefind writing into a folder that is being removed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

POLL = 0.02  # seconds between looks at a running Pagefind


def run(plan: list, parent: int) -> int:
    for shard, step in enumerate(plan):
        with tempfile.TemporaryFile() as said:
            try:
                proc = subprocess.Popen(step["command"], cwd=step["cwd"], stdout=said, stderr=subprocess.STDOUT)
            except OSError as exc:
                print(json.dumps({"shard": shard, "returncode": None, "timed_out": False,
                                  "said": f"Pagefind ({step['command'][0]}) could not be run: {exc}"}), flush=True)
                return 1
            started = time.monotonic()
            deadline = started + step["timeout"]
            timed_out = False
            while proc.poll() is None:
                if os.getppid() != parent:  # the build is gone: nobody will read the index
                    proc.kill()
                    proc.wait()
                    return 1
                if time.monotonic() > deadline:
                    timed_out = True
                    proc.kill()
                    proc.wait()
                    break
                time.sleep(POLL)
            said.seek(0)
            tail = "\n".join(said.read().decode("utf-8", "replace").strip().splitlines()[-5:])
        result = {"shard": shard, "returncode": proc.returncode, "said": tail, "timed_out": timed_out,
                  "seconds": round(time.monotonic() - started, 3)}
        print(json.dumps(result), flush=True)
        if timed_out or proc.returncode != 0:
            return 1
    return 0


def main(argv: list) -> int:
    with open(argv[1], encoding="utf-8") as plan:
        steps = json.load(plan)
    return run(steps, int(argv[2]))


if __name__ == "__main__":
    sys.exit(main(sys.argv))

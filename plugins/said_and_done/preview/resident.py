"""Preview builds that stay, so a saved record's own pages show at once (the "first look").

`make preview` builds again after every save, and on a large register that takes
seconds (about 15 s at 10,000 records) though staff mostly want the record they
just saved. So each preview build that publishes stays alive afterwards as the
resident, holding what it built: the register, the compiled templates and the
context every other plugin filled in. When only records or write-ups change, the
resident loads and checks those files alone against its register (records.load_one)
and renders their own pages (the consultation's page and its "You said, we did"
page) into the first-look folder, which the preview's web server serves in front
of the site (preview_server.py). The full build then runs as before, in a process
of its own; when it publishes, it becomes the resident and the first-look folder is
emptied, since the full build's pages are the ones that count. When it fails, the
folder is emptied too, so the site served is the last one that built.

A first look is the record as it will be published, with what other records say
about it (clashes, lists, counts) as they were at the last build: the full build a
few seconds later brings those up to date.

Each build, resident or not, is forked from the preview process before it starts,
so nothing a resident holds passes into the next build.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import sys
import time
import traceback
from pathlib import Path

# Files an editor writes beside the one being saved (vim's .swp, emacs's #file# and
# file~, sed's sedXXXXXX): a change to them alone says nothing about the site.
_EDITOR_LEFTOVERS = (".swp", ".swx", ".tmp", "~", "#")


def first_look_folder(output: Path) -> Path:
    """Where first-look pages go: beside the output, never inside it (it is not a published site)."""
    return output.parent / f".{output.name}.first-look"


def clear(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def record_folders(settings: dict) -> tuple[Path, Path | None]:
    """(the folder of consultation records, the folder of write-ups or None), resolved."""
    from ..site.options import options_from

    options = options_from(settings)
    outcomes = Path(options.outcomes_path).resolve() if options.outcomes_path else None
    return (Path(options.data_path) / "consultations").resolve(), outcomes


def is_leftover(path: Path) -> bool:
    return not path.suffix or path.name.startswith((".", "#")) or path.name.endswith(_EDITOR_LEFTOVERS)


def only_records(changed, settings: dict) -> list:
    """The records and write-ups among changed paths, if nothing else changed; else []."""
    records, outcomes = record_folders(settings)
    found = []
    for path in (Path(p).resolve() for p in changed):
        if path.parent == records and path.suffix == ".yaml" or outcomes and outcomes in path.parents and path.suffix == ".md":
            found.append(path)
        elif not (is_leftover(path) and (path.parent == records or (outcomes and outcomes in path.parents))):
            return []  # a template, reference data or page changed: only the full build shows that
    return sorted(found)


# -- inside the resident ---------------------------------------------------------

def _names(writeup: Path) -> str | None:
    """The consultation id a write-up names on its 'Consultation:' line, if it can be read."""
    from ..domain.writeup_files import front_matter as _front_matter
    from ..domain.yaml_source import read_text

    text, _ = read_text(writeup, str(writeup))  # an ordinary file only: never a link, never a pipe
    if text is None:
        return None
    meta, _, _ = _front_matter(text)
    return meta.get("consultation")


def first_look(generator, paths: list, folder: Path) -> dict:
    """Load, check and render the pages of the consultations whose files are in paths, into folder.

    Returns {"pages": [address...], "problems": [text...]}. The generator is the
    resident's ConsultationsGenerator after its build: its register is read, never changed.
    """
    from pelican.writers import Writer

    from ..build.page_writer import render
    from ..domain.derive import fill_in
    from ..domain.records import load_one
    from ..hooks import consultation_derived, record_checks
    from ..site.generator import consultation_pages

    register = generator.register
    records, _ = record_folders(generator.settings)
    wanted: dict = {}  # id -> [record, write-up or None]
    for path in map(Path, paths):
        if path.suffix == ".yaml":
            wanted.setdefault(path.stem, [path, None])
        else:
            cid = _names(path)
            if cid:
                wanted.setdefault(cid, [records / f"{cid}.yaml", None])[1] = path
    pages, problems = [], []
    writer = Writer(str(folder), settings=generator.settings)
    for cid, (record, writeup) in sorted(wanted.items()):
        if not record.exists():
            continue  # removed: the full build takes its pages away
        before = register.by_id.get(cid)
        if writeup is None and before and before.outcome and before.outcome.writeup:
            writeup = (register.root or records.parent.parent) / before.outcome.writeup.source
        c, found = load_one(register, record, records.parent, writeup if writeup and writeup.exists() else None)
        if c is not None and all(r in register.by_id for r in c.related_ids):
            fill_in(c, register.build_date, register.by_id)
            for _receiver, more in record_checks.send(c, register=register):
                found += more or []
        elif c is not None:
            continue  # it names a record new since the last build: the full build shows it
        errors = [str(p) for p in sorted(found) if p.is_error]
        problems += errors
        if c is None or errors:
            continue
        c.history = before.history if before else None
        consultation_derived.send(c, register=register)
        for name, template, kwargs in consultation_pages(c):
            render(generator, writer, name, template, kwargs)
            pages.append("/" + name.removesuffix("index.html"))
    return {"pages": pages, "problems": problems}


class _Captured:
    generator = None

    def __call__(self, generators):
        from ..site.generator import ConsultationsGenerator

        self.generator = next((g for g in generators if isinstance(g, ConsultationsGenerator)), None)


def _answer(requests_fd: int, replies, generator, folder: Path) -> None:
    with os.fdopen(requests_fd, encoding="utf-8") as requests:
        for line in requests:
            started = time.perf_counter()
            try:
                reply = first_look(generator, json.loads(line)["paths"], folder)
            except Exception as exc:  # noqa: BLE001 - a first look that fails only means waiting for the full build
                reply = {"error": f"{type(exc).__name__}: {exc}"}
            reply["seconds"] = time.perf_counter() - started
            replies.write(json.dumps(reply) + "\n")
            replies.flush()


# -- in the preview process --------------------------------------------------------

class Resident:
    """The preview's handle on a resident build: ask it for a first look, or let it go."""

    def __init__(self, pid: int, requests: int, replies):
        self.pid, self._requests, self._replies = pid, requests, replies

    def ends(self) -> tuple:
        """This process's ends of the pipes to the resident, while it is held."""
        return () if self.pid is None else (self._requests, self._replies.fileno())

    def first_look(self, paths: list, timeout: float = 10.0) -> dict | None:
        """Ask for the pages of these records and write-ups; None if the resident did not answer in time."""
        if self.pid is None:
            return None
        try:
            os.write(self._requests, (json.dumps({"paths": [str(p) for p in paths]}) + "\n").encode("utf-8"))
            ready, _, _ = select.select([self._replies], [], [], timeout)
            line = self._replies.readline() if ready else ""
        except OSError:
            line = ""
        if not line:
            # Gone, or too slow: its late answer would be read as the next one's. Let it go.
            self.close(wait=0)
            return None
        return json.loads(line)

    def close(self, wait: float = 10) -> None:
        """Let the resident go (it exits when its requests end); after `wait` seconds, stop it."""
        if self.pid is None:
            return
        os.close(self._requests)
        self._replies.close()
        deadline = time.monotonic() + wait
        while True:
            pid, _ = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() >= deadline:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
                break
            time.sleep(0.02)
        self.pid = None


def build(settings_path: Path, output: Path, folder: Path, living=()) -> tuple[int, Resident | None]:
    """One build, as `said_and_done build` runs it, in a forked copy of this process.

    living: the residents this process still holds. The copy closes its copies of
    their pipes first: a write end held by a new resident would keep an old one
    waiting for requests after it was let go. Returns the build's exit code and, if
    it published, the Resident it became.
    """
    from pelican import signals

    from ..site import run

    sys.stdout.flush()
    sys.stderr.flush()
    requests_read, requests_write = os.pipe()
    replies_read, replies_write = os.pipe()
    # Ctrl+C in the terminal reaches every process in it. The preview handles it (it
    # lets the resident go, or stops the build with SIGTERM); the copy must ignore it
    # from its first instruction, or a SIGINT between fork() and signal() kills it with
    # a traceback. So SIGINT is held back across fork() and let through in both once
    # the copy ignores it: held in the copy, a pending SIGINT would not survive fork()
    # anyway, and held in the parent it is delivered as soon as fork() returns.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pid = os.fork()
    except BaseException:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        raise
    if pid == 0:  # the copy: build, then stay if it published; never tidy up what the parent owns
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        os.close(requests_write)
        os.close(replies_read)
        for held in living:
            for fd in held.ends():
                os.close(fd)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        code = 1
        try:
            captured = _Captured()
            signals.all_generators_finalized.connect(captured, weak=False)
            code = run.build(settings_path, output)
            stays = code == 0 and captured.generator is not None
            replies = os.fdopen(replies_write, "w", encoding="utf-8")
            replies.write(json.dumps({"built": code, "stays": stays}) + "\n")
            replies.flush()
            if stays:
                # SIGINT has been ignored since fork(): the preview lets the resident go
                # when it stops, and a resident that is let go just exits.
                _answer(requests_read, replies, captured.generator, folder)
        except BaseException:  # noqa: BLE001 - reported here; the parent sees the exit code
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    os.close(requests_read)
    os.close(replies_write)
    replies = os.fdopen(replies_read, encoding="utf-8")
    try:
        line = replies.readline()
    except BaseException:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        raise
    outcome = json.loads(line) if line else None
    if outcome and outcome["stays"]:
        return outcome["built"], Resident(pid, requests_write, replies)
    os.close(requests_write)
    replies.close()
    _, status = os.waitpid(pid, 0)
    return (outcome["built"] if outcome else os.waitstatus_to_exitcode(status) or 1), None

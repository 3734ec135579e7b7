"""Each consultation's public change history, read from git in one pass.

One `git log` over the records folder and the write-ups folder serves the whole
build: a register can reach 100,000 records, and a subprocess per record would
take hours. Commit dates and subjects become "last updated" and the list of
changes on each consultation page, so staff should write commit messages for
residents ("Publish the results", not "fix").

A commit message cannot be edited by changing a file, so one holding personal data (a
resident's phone number in "Add Jane's comments, 07700 900123") is never published: the
change is listed with PLACEHOLDER instead, and the build warns, naming the commit and
what kind of data it held (docs/personal-data.md). Control characters in a subject
(terminal escapes, right-to-left overrides) are replaced before anything prints it.

Outside a git checkout, or where git is not installed, there is simply no
history: the build carries on. In a shallow clone the oldest commit fetched
looks as if it added every file; it is left out and the history is marked
incomplete rather than wrongly dated.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from said_and_done.api import consultation_news, find_personal_data, options_from, without_controls

from .options import open_data_options

logger = logging.getLogger(__name__)

RECORD = "record"
WRITEUP = "write-up"
# What each part is called on the page, in a fixed order.
PART_NAMES = {RECORD: "consultation details", WRITEUP: "results write-up"}

# Field and commit separators git is asked to print; they cannot occur in
# paths and (in practice) never in a commit subject.
_COMMIT = "\x1e"
_FIELD = "\x1f"
_FORMAT = f"{_COMMIT}%H{_FIELD}%cs{_FIELD}%s"
PLACEHOLDER = "Change description withheld: it contained personal data"


def published_message(sha: str, subject: str) -> str:
    """A commit subject as the page and the data files may show it: one line, no control
    characters, and PLACEHOLDER (with a warning) if it holds personal data."""
    found = find_personal_data(subject)
    if found:
        kinds = ", ".join(sorted({f.kind for f in found}))
        logger.warning("Commit %s's message contains personal data (%s), so its change history shows \"%s\" instead. "
                       "A commit message cannot be changed by editing a file: see docs/personal-data.md.",
                       sha[:12], kinds, PLACEHOLDER)
        return PLACEHOLDER
    return " ".join(without_controls(subject).split()) or "(no description)"


@dataclass(frozen=True)
class Change:
    """One commit that touched a consultation's record or its write-up."""

    date: date
    message: str
    parts: tuple  # RECORD and/or WRITEUP, in PART_NAMES order

    @property
    def what(self) -> str:
        return " and ".join(PART_NAMES[p] for p in self.parts)


# News from the record that the page history lists on the day it happened, beside the commits:
# results entered weeks later (backfilled) still show the day they were published.
HISTORY_NEWS = ("results", "withheld", "update", "decision", "withdrawn")


@dataclass(frozen=True)
class Happened:
    """Something the record dates (results published, a decision, an update): listed by its own date."""

    date: date
    message: str
    what: str = ""  # commits say which part of the page changed; news is not a change to the page


@dataclass
class RecordHistory:
    changes: list = field(default_factory=list)  # newest first, at most the configured limit
    total: int = 0  # every change found, including those not kept
    complete: bool = True  # False in a shallow clone: older changes are unknown
    events: tuple = ()  # Happened, newest first

    @property
    def entries(self) -> list:
        """Commits and dated news together, newest first; on one day, what happened before the page changed."""
        return sorted([*self.changes, *self.events], key=lambda e: (e.date, isinstance(e, Change)), reverse=True)

    @property
    def last_updated(self) -> date | None:
        return self.changes[0].date if self.changes else None

    @property
    def not_listed(self) -> int:
        return self.total - len(self.changes)


@dataclass
class History:
    """The history of every consultation, or why there is none."""

    by_id: dict = field(default_factory=dict)
    available: bool = False
    complete: bool = True
    reason: str = ""
    commits: int = 0  # commits read that touched a record or write-up


def _git_env() -> dict:
    env = dict(os.environ)
    # Never take the index lock (other people may be committing in this tree)
    # and never stop to ask for a password.
    env.update({"GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"})
    return env


def _run(args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=_git_env(), capture_output=True, check=False)


def _relative(path: Path, top: Path) -> str | None:
    try:
        return PurePosixPath(path.resolve().relative_to(top)).as_posix()
    except ValueError:
        return None


def read_history(root: Path, records_dir: Path, outcomes_dir: Path | None, writeups: dict, ids, limit: int,
                 git: str = "git") -> History:
    """History for every id in `ids`.

    records_dir holds <id>.yaml; outcomes_dir holds the write-ups, and
    writeups maps each write-up's path to its consultation id. Returns
    History(available=False, reason=...) when there is no git checkout or no
    git: that is never an error.
    """
    executable = shutil.which(git)
    if executable is None:
        return History(reason=f"'{git}' is not installed, so no change history is shown")
    root = Path(root).resolve()
    if not root.is_dir():
        return History(reason=f"{root} is not a folder")
    checkout = _checkout(executable, root)
    if isinstance(checkout, History):
        return checkout
    top, boundary = checkout
    records_rel = _relative(Path(records_dir), top)
    if records_rel is None:
        return History(reason=f"{records_dir} is outside the git checkout at {top}")
    owners = {}  # path relative to the checkout -> (id, part), for paths other than <records>/<id>.yaml
    for path, cid in writeups.items():
        rel = _relative(Path(path), top)
        if rel is not None:
            owners[rel] = (cid, WRITEUP)
    outcomes_rel = _relative(Path(outcomes_dir), top) if outcomes_dir else None
    pathspecs = [records_rel] + ([outcomes_rel] if outcomes_rel is not None and owners else [])
    log = _Log(History(available=True, complete=not boundary), _Owners(records_rel, owners), boundary,
               set(ids), limit)
    return _stream(executable, top, pathspecs, log)


def _checkout(executable: str, root: Path):
    """(the checkout's top folder, the commits a shallow clone stops at), or a History saying why none."""
    try:
        probe = _run([executable, "rev-parse", "--show-toplevel", "--is-shallow-repository",
                      "--git-path", "shallow"], root)
    except OSError as exc:
        return History(reason=f"git could not be run ({exc})")
    if probe.returncode != 0:
        message = probe.stderr.decode("utf-8", "replace").strip().splitlines()
        return History(reason="the project is not a git checkout" if not message or "not a git repository" in message[0]
                       else f"git said: {message[0]}")
    top_line, shallow_line, shallow_path = probe.stdout.decode("utf-8", "replace").splitlines()[:3]
    boundary = set()
    if shallow_line.strip() == "true":
        shallow_file = root / shallow_path  # relative to the folder git ran in, or absolute
        if shallow_file.is_file():
            boundary = set(shallow_file.read_text(encoding="ascii", errors="replace").split())
    return Path(top_line).resolve(), boundary


class _Owners:
    """Which consultation, and which part of it, a path in the checkout belongs to."""

    def __init__(self, records_rel: str, owners: dict):
        self.records_prefix = records_rel.rstrip("/") + "/"
        self.owners = owners

    def __call__(self, path: str):
        if path in self.owners:
            return self.owners[path]
        prefix = self.records_prefix
        if path.startswith(prefix) and path.endswith(".yaml") and "/" not in path[len(prefix):]:
            return (path[len(prefix):-len(".yaml")], RECORD)
        return None

    def renamed(self, old: str, who) -> None:
        # Older commits touched the old name: they belong to the same record.
        self.owners[old] = who


class _Log:
    """The commits of one `git log`, taken one by one into a History."""

    def __init__(self, history: History, owner: _Owners, boundary: set, wanted: set, limit: int):
        self.history, self.owner, self.boundary, self.wanted, self.limit = history, owner, boundary, wanted, limit

    def take(self, raw: bytes) -> None:
        chunk = raw.decode("utf-8", "replace")
        header, _, body = chunk.partition("\0")
        sha, day, subject = (header.split(_FIELD, 2) + ["", "", ""])[:3]
        if sha in self.boundary or not day:
            return
        touched = self._touched(body.lstrip("\n").split("\0"))
        if touched:
            self._add(date.fromisoformat(day), sha, subject, touched)

    def _touched(self, tokens: list) -> dict:
        """id -> the parts of it (record, write-up) a commit's --name-status lines touched."""
        touched: dict = {}
        i = 0
        while i < len(tokens):
            status = tokens[i]
            if not status:
                i += 1
                continue
            if status[0] in "RC":  # renamed or copied: old path, new path
                old, new = tokens[i + 1:i + 3]
                i += 3
                who = self.owner(new)
                if status[0] == "R":
                    self.owner.renamed(old, who)
            else:
                who = self.owner(tokens[i + 1]) if i + 1 < len(tokens) else None
                i += 2
            if who:
                touched.setdefault(who[0], set()).add(who[1])
        return touched

    def _add(self, when: date, sha: str, subject: str, touched: dict) -> None:
        history = self.history
        history.commits += 1
        message = None  # looked at only if some page lists this change
        for cid, parts in touched.items():
            if cid not in self.wanted:
                continue
            record = history.by_id.get(cid)
            if record is None:
                record = history.by_id[cid] = RecordHistory(complete=history.complete)
            record.total += 1
            if len(record.changes) < self.limit:
                message = message or published_message(sha, subject)
                record.changes.append(Change(when, message, tuple(p for p in PART_NAMES if p in parts)))


def _stream(executable: str, top: Path, pathspecs: list, log: _Log) -> History:
    """Run `git log` and take its commits as it streams, so a long history never sits in memory whole."""
    args = [executable, "-c", "core.quotePath=false", "--literal-pathspecs", "log", "-z", "--no-merges",
            "-M", "--name-status", f"--format={_FORMAT}", "--"] + pathspecs
    # A file, not a pipe: a chatty stderr must not stall the read. Closed below, once read.
    errors = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        process = subprocess.Popen(args, cwd=top, env=_git_env(), stdout=subprocess.PIPE, stderr=errors)
    except OSError as exc:
        errors.close()
        return History(reason=f"git could not be run ({exc})")
    # Split on bytes, then decode each commit whole, so a character is never cut in two.
    separator = _COMMIT.encode()
    pending = b""
    with process.stdout:
        for block in iter(lambda: process.stdout.read(1 << 16), b""):
            *complete, pending = (pending + block).split(separator)
            for chunk in complete:
                if chunk:
                    log.take(chunk)
    if pending:
        log.take(pending)
    returncode = process.wait()
    with errors:
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace").strip()
    if returncode != 0:
        # An empty repository (no commits yet) is not a problem; anything else is reported.
        if "does not have any commits" in stderr:
            return History(reason="the git checkout has no commits yet")
        first = stderr.splitlines()[0] if stderr else f"exit status {returncode}"
        return History(reason=f"git log failed: {first}")
    return log.history


# Where the whole register's History is kept, in register.derived.
DERIVED_KEY = "open_data.history"


def add_history(register) -> None:
    """register_derived: read the change history once and give each consultation its own.

    Sent before any generator renders, so every page and data file sees the history,
    and page keys include it, whatever order the plugins are listed in.
    """
    options = open_data_options(register.settings)
    if not options.history:
        history = History(reason="change history is turned off (OPEN_DATA['history'] is False)")
    else:
        said = options_from(register.settings)
        root = register.root or said.root
        writeups = {
            Path(root) / c.outcome.writeup.source: c.id
            for c in register.consultations
            # A write-up's changes show only once its results are public.
            if c.has_published_outcome and c.outcome.writeup
        }
        history = read_history(root, said.data_path / "consultations", said.outcomes_path, writeups,
                               [c.id for c in register.consultations], options.history_limit)
        if not history.available:
            # Building from a download or a container without git is normal: say so, quietly.
            logger.info("No change history on consultation pages: %s.", history.reason)
        elif not history.complete:
            logger.warning("This is a shallow git clone, so consultation pages list only the changes it holds. "
                           "Fetch the full history (git fetch --unshallow) to show them all.")
    for c in register.consultations:
        c.history = history.by_id.get(c.id)
        if c.history is not None:
            c.history.events = tuple(Happened(n.date, n.title) for n in reversed(consultation_news(c, register.build_date))
                                     if n.happened and n.kind in HISTORY_NEWS)
    register.derived[DERIVED_KEY] = history


def history_of(register) -> History:
    """The whole register's History, as add_history found it for this build."""
    return register.derived[DERIVED_KEY]

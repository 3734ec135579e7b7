"""The manifest: every address the site has ever published, one path a line, sorted.

It is committed with the records and only ever grows. `make check` and every
build compare it with what the site would publish, so a renamed or deleted
record cannot quietly break a link that partners have used for years.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from said_and_done.api import ERROR, WARNING, Problem

HEADER = """\
# Every address this site has ever published, one path a line, sorted.
# Never delete a line: partners and residents link to these for years.
# If a page moves, keep its old address working: for a consultation, list the
# old id under `aliases` in its record; for another page, add it to
# data/redirects.yaml. After a build, `make urls` adds new addresses here;
# commit this file with the records.
"""
# A path as it appears after the host name: no spaces, query, fragment or "..".
# Segments split by single slashes, the last may be empty: the same paths as the old
# ^/([A-Za-z0-9._~%+-]+/?)*$, whose nested quantifiers backtracked exponentially on a
# long segment followed by one bad character. Each character here has one way to match.
_URL_PATH = re.compile(r"/(?:[A-Za-z0-9._~%+-]+/)*[A-Za-z0-9._~%+-]*")
FIELD = "(published address)"
# A later page of a list (/consultations/page/2/): what it holds shifts whenever the
# list grows or shrinks, and the page goes when the list gets shorter, so it is not
# an address to promise. The list's own address (page 1) is.
_LATER_PAGE = re.compile(r"/page/[0-9]+/$")


@dataclass
class Manifest:
    display: str
    exists: bool = False
    # address -> the line it is on
    urls: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)

    def problem(self, url: str, message: str, severity: str = ERROR) -> Problem:
        return Problem(self.display, self.urls.get(url, 1), 1, url, message, severity)


def valid_url_path(url: str) -> bool:
    return bool(_URL_PATH.fullmatch(url)) and "/../" not in url + "/" and "/./" not in url + "/"


def read_manifest(path: Path, display: str) -> Manifest:
    """Read the manifest, noting lines that are not addresses; a missing file is an empty manifest."""
    manifest = Manifest(display)
    if not path.exists():
        return manifest
    manifest.exists = True
    previous = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not valid_url_path(line):
            manifest.problems.append(Problem(
                display, number, 1, FIELD,
                f"expected an address path starting with / (like /consultations/2026-food-waste-collections/), found '{line}'"))
            continue
        if line in manifest.urls:
            manifest.problems.append(Problem(
                display, number, 1, line,
                f"expected each address once, found it again (first on line {manifest.urls[line]}); "
                "run make urls to tidy the file", WARNING))
            continue
        if line < previous:
            manifest.problems.append(Problem(
                display, number, 1, line,
                f"expected addresses in sorted order, found this after '{previous}'; run make urls to tidy the file",
                WARNING))
        previous = max(previous, line)
        manifest.urls[line] = number
    return manifest


def write_manifest(path: Path, urls) -> None:
    """Write the addresses sorted under the explanatory header; callers pass every old address too."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "".join(f"{url}\n" for url in sorted(set(urls)))
    path.write_text(HEADER + body, encoding="utf-8")


def output_file(url: str) -> str:
    """Where an address lives in the built site: /a/b/ is a/b/index.html, /a.json is a.json."""
    path = url.lstrip("/")
    return path + "index.html" if url.endswith("/") else path


def url_of(relative: str) -> str:
    """The address of a built file: a/b/index.html is /a/b/, index.html is /."""
    if relative == "index.html" or relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative


def exists_in(output: Path, url: str, files=None) -> bool:
    """Whether the built site has a page at url; `files` (relative paths) stands for the
    folder when the build keeps unchanged pages outside it (said_and_done.build.outputs)."""
    relative = output_file(url)

    def is_file(rel: str) -> bool:
        return (output / rel).is_file() if files is None else rel in files

    if url.endswith("/"):
        return is_file(relative)
    # /consultations/x (no slash) is served by its folder's index.html too.
    return is_file(relative) or is_file(f"{relative}/index.html")


def published_urls(output: Path, extensions, skipped, files=None) -> set[str]:
    """Every address in a built site that partners may link to, for `make urls`."""
    urls = set()
    if files is None:
        files = (f.relative_to(output).as_posix() for f in output.rglob("*") if f.is_file())
    for relative in files:
        # A setting ending in / skips a folder; otherwise one file.
        if any(relative.startswith(s) if s.endswith("/") else relative == s for s in skipped):
            continue
        if PurePosixPath(relative).suffix.lower() not in extensions:
            continue
        url = url_of(relative)
        if valid_url_path(url) and not _LATER_PAGE.search(url):
            urls.add(url)
    return urls


@dataclass(frozen=True)
class Removal:
    """The commit that last took an address out of the manifest."""

    commit: str  # short hash
    date: str  # YYYY-MM-DD
    subject: str

    def __str__(self) -> str:
        return f'commit {self.commit} ({self.date}, "{self.subject}")'


@dataclass
class History:
    """What git remembers of the manifest: the last committed version, and every address a commit removed."""

    committed: set[str] | None = None  # None when the file was never committed
    removed: dict = field(default_factory=dict)  # address -> Removal, for addresses the last commit lacks
    shallow: bool = False  # a shallow clone: older commits, and what they removed, are not here


_COMMIT = "\x1e"  # starts each commit's line in the log: a character no commit subject holds
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


def _git(path: Path, *args: str) -> subprocess.CompletedProcess | None:
    try:
        done = subprocess.run(["git", "-C", str(path.parent), *args], capture_output=True, text=True,
                              errors="replace", timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    return done if done.returncode == 0 else None


def manifest_history(path: Path) -> History | None:
    """The manifest's committed history, or None outside a git checkout.

    One `git log` for the whole build, however many records: every version of the file
    along the first-parent line, oldest first, as the lines each commit added and
    removed. Replaying them gives the last committed version (so a line deleted by hand
    is caught before it is committed) and every address a commit ever removed (so a
    committed deletion is caught too: the file alone cannot show what is gone from it).
    """
    shallow = _git(path, "rev-parse", "--is-shallow-repository")
    if shallow is None:
        return None
    log = _git(path, "log", "--first-parent", "--diff-merges=first-parent", "--reverse", "-p", "-U0",
               "--no-color", "--no-ext-diff", "--no-renames", "--date=short",
               f"--format={_COMMIT}%h%x09%ad%x09%s", "HEAD", "--", path.name)
    history = History(shallow=shallow.stdout.strip() == "true")
    if log is None or not log.stdout.strip():
        return history  # no commit yet, or the file was never committed
    current: set[str] = set()
    commit = None
    for line in log.stdout.split("\n"):  # not splitlines(): it would split at the \x1e too
        if line.startswith(_COMMIT):
            commit = Removal(*(_CONTROLS.sub("?", part) for part in line[1:].split("\t", 2)))
            continue
        if line[:1] not in "+-" or line.startswith(("+++", "---")):
            continue
        url = line[1:].strip()
        if not url or url.startswith("#"):
            continue
        if line[0] == "+":
            current.add(url)
        else:
            current.discard(url)
            history.removed[url] = commit
    history.committed = current
    history.removed = {url: removal for url, removal in history.removed.items() if url not in current}
    return history

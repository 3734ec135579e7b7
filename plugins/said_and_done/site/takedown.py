"""`takedown`: every place a piece of text is published, every source that holds it, every commit.

When personal data slips through, the first question is where it is now. This answers
it from the built site (pages, search index, data files, feeds and calendars), from
the records and write-ups to edit, and from git's history, which keeps the text after
the source is edited (docs/takedown.md gives the steps under UK GDPR). It reads and
never writes: nothing is changed, so it is safe to run as often as needed.

Exit status: 0 when the text is nowhere, 1 when it was found (so a script can use it),
2 when the command was given something it cannot search for.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..domain.limits import without_controls
from .options import SettingsError, options_from
from .published_text import binary_view, clue_of, first_lines, holds, may_hold, needle_of, views

PUBLISHED, SEARCH, DATA, FEEDS, OTHER, SOURCES, HISTORY = (
    "Published pages", "Search index", "Data files", "Feeds & calendars", "Other published files",
    "Sources to edit", "Git history")
GROUPS = (PUBLISHED, SEARCH, DATA, FEEDS, OTHER, SOURCES, HISTORY)
_GROUP_OF = {".html": PUBLISHED, ".htm": PUBLISHED, ".json": DATA, ".csv": DATA, ".xml": FEEDS, ".ics": FEEDS}
# Files of the built site that hold text a reader or a program may see. Pictures, fonts and
# Pagefind's own program files (its scripts and WebAssembly) hold no one's words.
_TEXT = frozenset({*_GROUP_OF, ".txt", ".svg", ".conf", ""})
_SOURCE_TEXT = frozenset({".yaml", ".yml", ".md", ".markdown", ".txt", ".json", ".csv", ".html", ".rst"})
# The shortest phrase worth searching for: shorter ones are in every page.
SHORTEST = 3
_SEPARATOR = "\x1e"  # between commits in git log's output: a character no commit holds


@dataclass
class Findings:
    text: str
    places: dict = field(default_factory=lambda: {group: [] for group in GROUPS})
    notes: list = field(default_factory=list)

    def add(self, group: str, place: str) -> None:
        self.places[group].append(without_controls(place))

    @property
    def found(self) -> int:
        return sum(len(found) for found in self.places.values())


def _at(lines: list[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:5]) + (f" and {len(lines) - 5} more" if len(lines) > 5 else "")
    return f"line {shown}" if len(lines) == 1 else f"lines {shown}"


def page_url(relative: str) -> str:
    if relative == "index.html" or relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative


def _search_index(path: Path, relative: str, needle: str, findings: Findings) -> None:
    """A Pagefind file: gzip-compressed; a fragment is JSON about one page, the rest binary lists."""
    import json

    try:
        data = gzip.decompress(path.read_bytes())
    except (OSError, EOFError, gzip.BadGzipFile):
        return  # not compressed: Pagefind's scripts and program, no one's words
    text = data.decode("utf-8", errors="replace")
    if relative.endswith(".pf_fragment"):
        body = text[text.find("{"):]
        if not may_hold(body, ".json", clue_of(needle)) or not any(holds(v, needle) for v in views(body, ".json")):
            return
        try:
            url = json.loads(body).get("url", "?")
        except ValueError:
            url = "?"
        findings.add(SEARCH, f"the search result for {url} ({relative})")
    elif holds(binary_view(data), needle):
        kind = "filter values" if "/filter/" in relative else "word list" if "/index/" in relative else "details"
        findings.add(SEARCH, f"the search index's {kind} ({relative})")


def _files_in(folder: Path) -> list[str]:
    """Every file's path under the folder, relative and sorted (os.walk: a large site has many thousands)."""
    found = []
    for top, _folders, files in os.walk(folder):
        prefix = Path(top).relative_to(folder).as_posix()
        found += [name if prefix == "." else f"{prefix}/{name}" for name in files]
    return sorted(found)


def search_output(output: Path, needle: str, findings: Findings) -> None:
    if not output.is_dir():
        findings.notes.append(f"There is no built site at {output}, so published files were not checked; "
                              "build it first (make html), or give its folder with --output.")
        return
    for relative in _files_in(output):
        path = output / relative
        if relative.startswith("pagefind/"):
            _search_index(path, relative, needle, findings)
            continue
        suffix = PurePosixPath(relative).suffix.lower()
        if suffix not in _TEXT:
            continue
        lines = first_lines(path.read_text(encoding="utf-8", errors="replace"), suffix, needle)
        if lines is None:
            continue
        group = _GROUP_OF.get(suffix, OTHER)
        where = f"{page_url(relative)} ({relative}, {_at(lines)})" if group == PUBLISHED else f"{relative}, {_at(lines)}"
        findings.add(group, where)


def search_sources(folders: list[tuple[Path, str]], needle: str, findings: Findings) -> None:
    """Records, reference data and write-ups: file:line of each place to edit."""
    for folder, shown in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() not in _SOURCE_TEXT or not path.is_file():
                continue
            lines = first_lines(path.read_text(encoding="utf-8", errors="replace"), path.suffix.lower(), needle)
            for line in lines or ():
                findings.add(SOURCES, f"{shown}/{path.relative_to(folder).as_posix()}:{line}")


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, errors="replace",
                          timeout=300)


def _commits(output: str) -> list[tuple[str, list[str]]]:
    """(hash, date, subject) line and the files, for each commit in `git log --name-only` output."""
    found = []
    for chunk in output.split(_SEPARATOR)[1:]:
        head, _, rest = chunk.partition("\n")
        found.append((head, [name for name in rest.splitlines() if name.strip()]))
    return found


def search_history(root: Path, text: str, findings: Findings) -> None:
    """Every commit, on any branch or tag, that added or removed the text in a file or names it in its message."""
    try:
        inside = _git(root, "rev-parse", "--is-inside-work-tree", "--is-shallow-repository")
    except (OSError, subprocess.SubprocessError):
        findings.notes.append("git is not installed here, so the history was not checked.")
        return
    if inside.returncode != 0:
        findings.notes.append(f"{root} is not a git repository, so there is no history to check.")
        return
    if inside.stdout.split()[-1:] == ["true"]:
        findings.notes.append("This is a shallow clone: older history is not here. Run this again in a full clone.")
    shape = [f"--format={_SEPARATOR}%h  %ad  %s", "--date=short"]
    # Each value joined to its option, so a text starting with "-" is never read as an option.
    changed = _git(root, "log", "--all", "-i", f"-S{text}", "--name-only", *shape)
    told = _git(root, "log", "--all", "-i", "-F", f"--grep={text}", *shape)
    seen = {}
    for head, files in _commits(changed.stdout):
        seen[head] = f"{head}: added or removed it in {', '.join(files[:5])}" + (
            f" and {len(files) - 5} more" if len(files) > 5 else "")
    for head, _files in _commits(told.stdout):
        seen[head] = f"{seen[head]}; and in its message" if head in seen else f"{head}: in its message"
    for place in seen.values():
        findings.add(HISTORY, place)


def find(text: str, output: Path, sources: list[tuple[Path, str]], root: Path) -> Findings:
    findings = Findings(text)
    needle = needle_of(text)
    search_output(output, needle, findings)
    search_sources(sources, needle, findings)
    search_history(root, text, findings)
    return findings


NEXT_STEPS = """\
What to do next (the full steps, under UK GDPR, are in docs/takedown.md):
  1. Tell your data protection officer now: the clock for reporting to the ICO (72 hours) may have started.
  2. Edit each source listed above, then rebuild and publish (make publish), and run this again
     until nothing but git history is listed.
  3. Ask the host to clear its cache, and ask search engines to drop their copies.
  4. Rewrite the git history with git filter-repo, push it, and have everyone clone afresh.
  5. Record what happened, what you did and when."""


def report(findings: Findings, out=None) -> None:
    out = out or sys.stdout
    shown = without_controls(findings.text)
    if not findings.found:
        print(f'"{shown}" was not found in the built site, the sources or the git history.', file=out)
    else:
        print(f'"{shown}" was found in {findings.found} place(s):', file=out)
    for group in GROUPS:
        places = findings.places[group]
        if group == OTHER and not places:
            continue
        print(f"\n{group}: " + (f"{len(places)}" if places else "none"), file=out)
        for place in places:
            print(f"  {place}", file=out)
    for note in findings.notes:
        print(f"\nNote: {without_controls(note)}", file=out)
    if findings.found:
        print(f"\n{NEXT_STEPS}", file=out)
    else:
        print("\nIf it was published before, search for a shorter part of it too (a surname, the domain of an "
              "email address). See docs/takedown.md.", file=out)


def _problem_with(text: str) -> str | None:
    if len(text.strip()) < SHORTEST:
        return f"expected text of at least {SHORTEST} characters to search for, found {text.strip()!r}"
    if without_controls(text) != text or "\n" in text or "\t" in text:
        return "expected text on one line without control characters; search for one line at a time"
    return None


def takedown(text: str, settings_path, output=None) -> int:
    """Report every place the text is; 0 when nowhere, 1 when found, 2 on a usage error."""
    from pelican.settings import read_settings

    problem = _problem_with(text)
    if problem:
        print(f"takedown: {problem}", file=sys.stderr)
        return 2
    if not Path(settings_path).is_file():
        print(f"takedown: expected a settings file, found nothing at {settings_path}", file=sys.stderr)
        return 2
    try:
        settings = read_settings(str(settings_path))
        options = options_from(settings)
    except SettingsError as exc:
        print(f"{settings_path}: {exc}", file=sys.stderr)
        return 2
    root = options.root
    content = Path(settings["PATH"])

    def shown(path: Path) -> str:
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)

    sources = [(options.data_path, shown(options.data_path)), (content, shown(content))]
    findings = find(text.strip(), Path(output or settings["OUTPUT_PATH"]), sources, root)
    report(findings)
    return 1 if findings.found else 0

"""Problems printed for whoever reads them: staff in a terminal, GitHub's pull request view, a program.

    text    file:line:column: field: message, errors then warnings (the default)
    github  one workflow command per problem, so each shows on the pull request's changed line:
            ::error file=<path>,line=<n>,col=<n>,title=<field>::<message>
    json    one document: counts and every problem with its parts, for other tools
    gitlab  a Code Quality report (GitLab's subset of the Code Climate format), so a merge request
            shows each problem beside the changed line

The exit status is the caller's and does not change with the format.
"""

from __future__ import annotations

import hashlib
import json
import sys

from ..domain.problems import ERROR, Problem

FORMATS = ("text", "github", "json", "gitlab")


def report(problems, fmt: str = "text", out=None, summary: str = "") -> None:
    """Print problems (errors and warnings) in fmt; summary is the closing line of a clean check."""
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    if fmt == "github":
        out = out or sys.stdout
        for p in [*errors, *warnings]:
            print(github_command(p), file=out)
        if summary:
            print(summary, file=out)
    elif fmt == "gitlab":
        print(json.dumps([code_quality(p) for p in [*errors, *warnings]], indent=2, ensure_ascii=False),
              file=out or sys.stdout)
    elif fmt == "json":
        print(json.dumps({
            "errors": len(errors), "warnings": len(warnings), "summary": summary,
            "problems": [{"file": p.file, "line": p.line, "column": p.column, "field": p.field,
                          "message": p.message, "severity": p.severity} for p in [*errors, *warnings]],
        }, indent=2, ensure_ascii=False), file=out or sys.stdout)
    else:
        _text(errors, warnings, out or sys.stderr)
        if summary:
            print(summary)


def settings_problem(path: str, message: str, fmt: str = "text", out=None) -> None:
    """A settings file that cannot be used: no line to point at, the file is enough."""
    if fmt == "github":
        print(f"::error file={_property(path)},title=settings::{_data(message)}", file=out or sys.stdout)
    elif fmt == "gitlab":
        print(json.dumps([code_quality(Problem(path, 1, 1, "settings", message, ERROR))], indent=2,
                         ensure_ascii=False), file=out or sys.stdout)
    elif fmt == "json":
        print(json.dumps({"errors": 1, "warnings": 0, "summary": "", "problems": [
            {"file": path, "line": None, "column": None, "field": "settings", "message": message,
             "severity": "error"}]}, indent=2, ensure_ascii=False), file=out or sys.stdout)
    else:
        print(f"{path}: {message}", file=out or sys.stderr)


def code_quality(p) -> dict:
    """One problem as a GitLab Code Quality entry; the fingerprint tells GitLab which problems are the
    same between two pipelines (new, fixed), so it is made from what the problem is, not its line."""
    what = f"{p.file}\0{p.field}\0{p.message}"
    return {
        "description": f"{p.field}: {p.message}",
        "check_name": "said-and-done",
        "fingerprint": hashlib.sha256(what.encode("utf-8")).hexdigest(),
        "severity": "major" if p.is_error else "minor",
        "location": {"path": p.file, "lines": {"begin": p.line}},
    }


def github_command(p) -> str:
    kind = "error" if p.is_error else "warning"
    return (f"::{kind} file={_property(p.file)},line={p.line},col={p.column},"
            f"title={_property(p.field)}::{_data(p.message)}")


def _text(errors, warnings, out) -> None:
    if errors:
        print(f"{len(errors)} error(s) - nothing was published:", file=out)
        for p in errors:
            print(f"  {p}", file=out)
    if warnings:
        print(f"{len(warnings)} warning(s):", file=out)
        for p in warnings:
            print(f"  {p}", file=out)


# The workflow-command grammar (GitHub's toolkit, command.ts): in a message, % CR and LF
# are escaped; in a property value also ':' and ',', which separate properties.
def _data(text: str) -> str:
    return str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")

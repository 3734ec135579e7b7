"""Where a warning points in a record: the line and column of a field, found after loading.

Positions are not kept for every record (at 100,000 records they were most of the
build's memory), so a record is parsed again to find the lines of its warnings, and
each position is kept between builds under the file's hash (a warning repeats every
build). Checks that warn about many records at once ask for all their lines together:
each record is parsed once for all its paths, the records by the register's
map_records (on every core, in a build). A first build of 1,000 records had parsed
about 1,100 records again, one at a time, to point its warnings at lines.
"""

from __future__ import annotations

from pathlib import Path

from .problems import Problem, field_name
from .yaml_source import load_yaml


def problems_at(register, wanted) -> list:
    """A Problem for each (consultation_id, path, message, severity) of wanted, in order."""
    wanted = [(cid, tuple(path), message, severity) for cid, path, message, severity in wanted]
    where, unknown = {}, {}
    for cid, path, _, _ in wanted:
        c = register.by_id[cid]
        found = register.positions.get(f"{c.content_hash}|{path!r}") if c.content_hash else None
        if found is None:
            unknown.setdefault(cid, []).append(path)
        else:
            where[cid, path] = found
    parse = [(register.root or Path.cwd(), register.by_id[cid].source, paths) for cid, paths in unknown.items()]
    for (cid, paths), found in zip(unknown.items(), register.map_records(parse, _where), strict=True):
        where.update(((cid, path), at) for path, at in zip(paths, found, strict=True))
    problems = []
    for cid, path, message, severity in wanted:
        c = register.by_id[cid]
        if c.content_hash:
            register.positions.put(f"{c.content_hash}|{path!r}", where[cid, path])
        line, column = where[cid, path]
        problems.append(Problem(c.source, line, column, field_name(path), message, severity))
    return problems


def _where(item) -> list:
    """[(line, column) of each path] in one record file, parsed again."""
    root, display, paths = item
    source, _ = load_yaml(root / display, display)
    return [source.where(path) for path in paths]

"""Where a warning points in a record: the line and column of a field, found after loading.

Positions are not kept for every record (at 100,000 records they were most of the
build's memory), so a record is parsed again to find the lines of its warnings, and
each position is kept between builds under the file's hash (a warning repeats every
build). Checks that warn about many records at once ask for all their lines together:
each record is parsed once for all its paths, the records by the register's
map_records (on every core, in a build). A first build of 1,000 records had parsed
about 1,100 records again, one at a time, to point its warnings at lines.

A record parsed in this build (every record, on a first build) has its positions
packed beside the register until the checks are done (Register.parsed_places, about
700 bytes a record), so it is not parsed again at all: each check asks on its own, and
a first build of 10,000 records had still parsed 11,500 records a second time, as long
again as loading them.
"""

from __future__ import annotations

from pathlib import Path

from .problems import Problem, field_name
from .yaml_source import load_yaml, unpacked_source


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
    parse = {}
    for cid, paths in unknown.items():
        c = register.by_id[cid]
        packed = register.parsed_places.get(c.content_hash) if c.content_hash else None
        if packed is None:
            parse[cid] = (register.root or Path.cwd(), c.source, paths)
        else:  # parsed in this build: its positions were kept, packed
            source = unpacked_source(c.source, packed)
            where.update(((cid, path), source.where(path)) for path in paths)
    for (cid, (_, _, paths)), found in zip(parse.items(), register.map_records(list(parse.values()), _where),
                                           strict=True):
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

"""Read YAML the way staff mean it, remembering where every value came from.

PyYAML's default loader turns `2026-02-30` into an exception, `NO` into False
and silently keeps the last of two duplicate keys. Here dates stay as text (the
schema checks them), duplicate keys are problems, and every key and value keeps
its line and column so each problem can point at the place to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem, field_name

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """SafeLoader (libyaml's when present: several times faster) without implicit timestamps:
    dates are checked as text by the schema."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Source:
    """A parsed YAML file: its data plus where each piece of it is."""

    file: str
    data: object = None
    # path tuple -> (line, column), 1-based; keys point at the key, items at the item
    places: dict = field(default_factory=dict)
    # path tuple -> the scalar exactly as typed, to explain surprises like NO -> false
    raw: dict = field(default_factory=dict)

    def where(self, path: tuple) -> tuple[int, int]:
        path = tuple(path)
        while path:
            if path in self.places:
                return self.places[path]
            path = path[:-1]
        return self.places.get((), (1, 1))

    def problem(self, path, message, severity="error") -> Problem:
        line, column = self.where(path)
        return Problem(self.file, line, column, field_name(tuple(path)), message, severity)


def _place(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def read_text(path, display: str) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8, or say exactly where it is not."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, [
            Problem(
                display, line, column, "(encoding)",
                f"expected UTF-8 text, found the byte 0x{data[exc.start]:02x}; "
                "save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
            )
        ]


def load_yaml(path, display: str) -> tuple[Source, list[Problem]]:
    """Parse one YAML file. Problems come back as a list; nothing is raised."""
    text, problems = read_text(path, display)
    if text is None:
        return Source(display), problems
    return parse_yaml(text, display)


def parse_yaml(text: str, display: str) -> tuple[Source, list[Problem]]:
    """Parse YAML already read with read_text, as load_yaml does, so a caller that
    looks at the text first need not read the file twice. Nothing is raised."""
    source = Source(display)
    problems = []
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return source, [Problem(display, 1, 1, "(whole file)", "expected YAML content, found an empty file")]
        source.data = _build(node, (), loader, source, problems)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = _place(mark) if mark else (1, 1)
        what = " ".join(filter(None, [exc.context, exc.problem]))
        problems.append(
            Problem(display, line, column, "(YAML syntax)",
                    f"expected valid YAML, found a syntax problem: {what}. "
                    "Check indentation, and put text containing a colon in quotes")
        )
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks nearly everything
        problems.append(Problem(display, 1, 1, "(YAML syntax)", f"expected valid YAML: {exc}"))
    finally:
        loader.dispose()
    return source, problems


def _build(node, path, loader, source, problems):
    source.places.setdefault(path, _place(node.start_mark))
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_object(node, deep=True)
        source.raw[path] = node.value
        return value
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(child, path + (i,), loader, source, problems)
            for i, child in enumerate(node.value)
        ]
    if isinstance(node, yaml.MappingNode):
        result = {}
        first_seen = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(
                    Problem(source.file, *_place(key_node.start_mark), field_name(path),
                            "expected plain fields, found a YAML merge key (<<); write the fields out in full")
                )
                continue
            key = str(loader.construct_object(key_node, deep=True)) if isinstance(key_node, yaml.ScalarNode) else "?"
            here = _place(key_node.start_mark)
            if key in first_seen:
                problems.append(
                    Problem(source.file, *here, field_name(path + (key,)),
                            f"expected each field once, found '{key}' again "
                            f"(first on line {first_seen[key]}); keep one and delete the other")
                )
                continue
            first_seen[key] = here[0]
            source.places[path + (key,)] = here
            result[key] = _build(value_node, path + (key,), loader, source, problems)
        return result
    raise yaml.constructor.ConstructorError(None, None, f"unexpected node {node.tag}", node.start_mark)


class LazySource(Source):
    """A record whose checked data came from a store: positions are found again only if a problem needs one."""

    def __init__(self, file: str, data, path: Path):
        super().__init__(file, data)
        self._path = path
        self._parsed = None

    def where(self, path: tuple) -> tuple[int, int]:
        if self._parsed is None:
            self._parsed, _ = load_yaml(self._path, self.file)
        return self._parsed.where(path)

"""Read YAML the way staff mean it, remembering where every value came from.

PyYAML's default loader turns `2026-02-30` into an exception, `NO` into False
and silently keeps the last of two duplicate keys. Here dates stay as text (the
schema checks them), duplicate keys are problems, and every key and value keeps
its line and column so each problem can point at the place to fix.

Files come from many partners, so the YAML is composed here under the limits of
limits.py: nesting at most MAX_DEPTH deep, at most MAX_VALUES values written and
MAX_ALIAS_VALUES made by aliases (counted, never built), no alias inside the value
it names, no string over MAX_TEXT_CHARS and no control characters in text.
"""

from __future__ import annotations

import pickle
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .limits import (
    MAX_ALIAS_VALUES,
    MAX_DEPTH,
    MAX_TEXT_CHARS,
    MAX_VALUES,
    read_regular_file,
    text_problem,
    without_controls,
)
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
    """Read an ordinary file as UTF-8, or say exactly why not (limits.read_regular_file)."""
    data, problems = read_regular_file(path, display)
    if data is None:
        return None, problems
    return decode_text(data, display)


def decode_text(data: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """Bytes as UTF-8 text, or the line and column of the first byte that is not."""
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
        node = _Composer(loader, display).single_node()
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
    except _Refused as exc:
        problems.append(exc.problem)
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks nearly everything
        problems.append(Problem(display, 1, 1, "(YAML syntax)", f"expected valid YAML: {exc}"))
    finally:
        loader.dispose()
    return source, problems


class _Refused(Exception):
    """A file the composer stops reading: too deep, too many alias values, or an alias inside itself."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


class _Composer:
    """PyYAML's composer (events to nodes) with limits, so no file can make the loader recurse
    without end or expand aliases without end.

    An alias stays one shared node, as in PyYAML; what it would expand to is only counted: each
    anchored node's values (itself and everything under it, aliases expanded) and height.
    """

    def __init__(self, loader, display: str):
        self.loader = loader
        self.display = display
        self.anchors: dict = {}  # anchor -> node
        self.shapes: dict = {}  # anchor -> (values, height), once its node is complete
        self.alias_values = 0
        self.written = 0  # values written out in the file, aliases not counted

    def single_node(self):
        loader = self.loader
        loader.get_event()  # stream start
        node = None
        if not loader.check_event(yaml.StreamEndEvent):
            loader.get_event()  # document start
            node, _, _ = self.node(1, ())
            loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            event = loader.get_event()
            raise yaml.composer.ComposerError("expected a single document in the stream", node.start_mark,
                                              "but found another document", event.start_mark)
        loader.get_event()
        return node

    def refuse(self, mark, path, message):
        name = field_name(path[:6]) + ("..." if len(path) > 6 else "")  # the line says where; keep the name short
        raise _Refused(Problem(self.display, *_place(mark), name, message))

    def too_deep(self, mark, path):
        self.refuse(mark, path, f"expected values nested at most {MAX_DEPTH} levels deep, found deeper nesting "
                                "(lists or fields inside each other, or YAML aliases); flatten it")

    def node(self, depth: int, path: tuple):
        """(node, values, height) for the next value, depth levels down from the top."""
        event = self.loader.get_event()
        if depth > MAX_DEPTH:
            self.too_deep(event.start_mark, path)
        self.written += 1
        if self.written > MAX_VALUES:
            self.refuse(event.start_mark, path, f"expected at most {MAX_VALUES:,} values in one record, found more; "
                                                "a record lists a few hundred at most: split it or shorten its lists")
        if isinstance(event, yaml.AliasEvent):
            return self.alias(event, depth, path)
        anchor = event.anchor
        if anchor is not None and anchor in self.anchors:
            raise yaml.composer.ComposerError(f"found duplicate anchor {anchor!r}; first occurrence",
                                              self.anchors[anchor].start_mark, "second occurrence", event.start_mark)
        if isinstance(event, yaml.ScalarEvent):
            tag = event.tag if event.tag not in (None, "!") else self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
            values, height = 1, 1
        else:
            node, values, height = self.collection(event, anchor, depth, path)
        if anchor is not None:
            self.anchors[anchor] = node
            self.shapes[anchor] = (values, height)
        return node, values, height

    def collection(self, start, anchor, depth, path):
        mapping = isinstance(start, yaml.MappingStartEvent)
        kind, end = (yaml.MappingNode, yaml.MappingEndEvent) if mapping else (yaml.SequenceNode, yaml.SequenceEndEvent)
        tag = start.tag if start.tag not in (None, "!") else self.loader.resolve(kind, None, start.implicit)
        node = kind(tag, [], start.start_mark, None, flow_style=start.flow_style)
        if anchor is not None:
            self.anchors[anchor] = node  # no shape yet: an alias to it now is inside it
        values, height = 1, 0
        while not self.loader.check_event(end):
            if mapping:
                key, key_values, key_height = self.node(depth + 1, path)
                name = key.value if isinstance(key, yaml.ScalarNode) else "?"
                item, item_values, item_height = self.node(depth + 1, path + (name,))
                node.value.append((key, item))
                values += key_values + item_values
                height = max(height, key_height, item_height)
            else:
                item, item_values, item_height = self.node(depth + 1, path + (len(node.value),))
                node.value.append(item)
                values += item_values
                height = max(height, item_height)
        node.end_mark = self.loader.get_event().end_mark
        return node, values, height + 1

    def alias(self, event, depth, path):
        name = event.anchor
        if name not in self.anchors:
            raise yaml.composer.ComposerError(None, None, f"found undefined alias {name!r}", event.start_mark)
        if name not in self.shapes:
            self.refuse(event.start_mark, path, f"expected a value, found the YAML alias *{name} inside the value "
                                                f"it names (&{name}), which would repeat forever; write the value out")
        values, height = self.shapes[name]
        self.alias_values += values
        if self.alias_values > MAX_ALIAS_VALUES:
            self.refuse(event.start_mark, path, f"expected at most {MAX_ALIAS_VALUES:,} values made by YAML aliases "
                                                "(*name), found more; write the values out instead of repeating aliases")
        if depth + height - 1 > MAX_DEPTH:
            self.too_deep(event.start_mark, path)
        return self.anchors[name], values, height


def _build(node, path, loader, source, problems):
    source.places.setdefault(path, _place(node.start_mark))
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node, path, loader, source, problems)
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
            key = _value(key_node, loader) if isinstance(key_node, yaml.ScalarNode) else "?"
            key = key if isinstance(key, str) else str(key)
            here = _place(key_node.start_mark)
            wrong = text_problem(key)
            if wrong:
                problems.append(Problem(source.file, *here, field_name(path), "in a field name: " + wrong))
                continue
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


_STR = "tag:yaml.org,2002:str"


def _value(node, loader):
    """A scalar's value. Text (most of a record) is the node's own value, as the loader's
    constructor would return it, without the constructor's bookkeeping for every node."""
    if node.tag == _STR:
        return node.value
    return loader.construct_object(node, deep=True)


def _scalar(node, path, loader, source, problems):
    """One scalar's value; a string too long or with control characters is a problem (and cleaned)."""
    source.raw[path] = node.value
    if len(node.value) > MAX_TEXT_CHARS:
        problems.append(source.problem(path, text_problem(node.value)))
        return None
    try:
        value = _value(node, loader)
    except ValueError:  # an integer of more digits than Python converts
        problems.append(source.problem(path, "expected a number of at most 4,300 digits, found a longer one; "
                                             "put it in quotes if it is text"))
        return None
    if isinstance(value, str):
        wrong = text_problem(value)
        if wrong:
            problems.append(source.problem(path, wrong))
            return without_controls(value)
    return value


def pack_places(places: dict) -> bytes:
    """A parsed file's positions (Source.places) as bytes: about 700 for a record, where the
    dict takes 12 KB, so a first build can keep every record's until its checks are done."""
    return zlib.compress(pickle.dumps(places, protocol=5), 1)


def unpacked_source(file: str, packed: bytes) -> Source:
    """The positions pack_places kept, as a Source that answers where(path)."""
    return Source(file, places=pickle.loads(zlib.decompress(packed)))


class LazySource(Source):
    """A record whose checked data came from a store: positions are found again only if a problem needs one,
    from its positions packed when it was parsed in this build (pack_places), or by parsing it again."""

    def __init__(self, file: str, data, path: Path, packed_places: bytes | None = None):
        super().__init__(file, data)
        self._path = path
        self._packed = packed_places
        self._parsed = None

    def where(self, path: tuple) -> tuple[int, int]:
        if self._parsed is None:
            if self._packed is not None:
                self._parsed = unpacked_source(self.file, self._packed)
            else:
                self._parsed, _ = load_yaml(self._path, self.file)
        return self._parsed.where(path)

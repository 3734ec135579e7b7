"""Field lists for /data/, read from a JSON Schema's own descriptions.

The page describes every field by walking the published schema, so adding a
field to the schema documents it, and a field without a description is
caught by the tests rather than shipped unexplained.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    path: str  # for example outcome.you_said[].decision
    kind: str  # plain English: text, date, true or false, list, one of ...
    description: str
    depth: int  # 0 for top-level fields; lets the page indent nested ones


def _resolve(node: dict, root: dict) -> dict:
    """The node with a local $ref followed; the node's own keys (its description) win."""
    while "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/"):
            raise ValueError(f"only local $ref is supported, found {ref!r}")
        target = root
        for part in ref[2:].split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _types(node: dict) -> list:
    declared = node.get("type")
    return declared if isinstance(declared, list) else [declared] if declared else []


def _nullable(node: dict, root: dict) -> tuple:
    """(the non-null alternative, whether null is allowed)."""
    if "anyOf" in node:
        options = [_resolve(o, root) for o in node["anyOf"]]
        rest = [o for o in options if _types(o) != ["null"]]
        if len(rest) == 1 and len(rest) < len(options):
            merged = {**rest[0], **{k: v for k, v in node.items() if k != "anyOf"}}
            return merged, True
    types = _types(node)
    if "null" in types:
        return {**node, "type": [t for t in types if t != "null"]}, True
    return node, False


def _kind(node: dict) -> str:
    if "const" in node:
        return f"always {node['const']}"
    if "enum" in node:
        return "one of: " + ", ".join(str(v) for v in node["enum"])
    types = _types(node)
    kind = types[0] if types else ""
    if kind == "string":
        fmt = node.get("format")
        if fmt == "date":
            return "date (YYYY-MM-DD)"
        if fmt in ("uri", "uri-reference"):
            return "web address"
        return "text"
    return {"integer": "whole number", "number": "number", "boolean": "true or false",
            "object": "group of fields", "array": "list"}.get(kind, "value")


def fields(schema: dict, start: dict | None = None) -> list:
    """Every field under `start` (default: the schema's top level), parents before children."""
    found = []

    def walk(node, prefix, depth):
        node = _resolve(node, schema)
        for name, child in node.get("properties", {}).items():
            child = _resolve(child, schema)
            child, nullable = _nullable(child, schema)
            path = f"{prefix}{name}"
            kind = _kind(child)
            item = None
            if "array" in _types(child):
                item, _ = _nullable(_resolve(child.get("items", {}), schema), schema)
                kind = "list of groups of fields" if "properties" in item else f"list; each is {_kind(item)}"
            if nullable:
                kind += ", or null"
            description = child.get("description", "")
            found.append(Field(path, kind, description, depth))
            if "properties" in child:
                walk(child, path + ".", depth + 1)
            elif item is not None and "properties" in item:
                walk(item, path + "[].", depth + 1)

    walk(start if start is not None else schema, "", 0)
    return found

"""A record's JSON Schema as Decap CMS form fields: one widget for every field the schema has.

The schema is the one truth about a record, so the form is made from it, never
written by hand: a field added to the schema appears in the form at the next build.
Fields whose values are slugs of reference data become selects listing the names
(the slug is what is saved); dates become date pickers; lists of themes and actions
become lists of small forms. A field the walk cannot map stops the build naming it,
rather than leaving staff a form that silently drops it.
"""

from __future__ import annotations

# Fields holding slugs of a reference file, by their path in the record (list items
# add no step: outcome.actions.lead is the lead of each action).
REFERENCE_FIELDS = {
    "lead_organisation": "organisations",
    "partners": "organisations",
    "localities": "localities",
    "topics": "topics",
    "audiences": "audiences",
    "methods": "methods",
    "evaluation.groups_reached": "audiences",
    "evaluation.groups_not_reached": "audiences",
    "outcome.actions.lead": "organisations",
    "decision.by": "organisations",
}
# Fields holding ids of other consultations: a search-as-you-type list of their titles.
CONSULTATION_FIELDS = ("related",)

# What the form cannot say in full, shown to staff beside the field. Each is a value
# the schema allows in two shapes; Decap widgets have one, so the common shape is
# offered and the other is kept as written when the field is not touched.
HINTS = {
    "localities": "Choose each locality it covers. An area-wide consultation says localities: all in its "
                  "file; the form keeps that as long as you leave this field alone.",
    "outcome.actions.due": "A date written YYYY-MM-DD, like 2027-03-31. An action that waits for something "
                           "(due: when: ...) is written in its file; the form keeps it as long as you leave "
                           "this field alone.",
}
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


class UnmappedField(Exception):
    """A schema field this walk has no widget for: the form would silently lose it."""


def label(name: str) -> str:
    return name.replace("_", " ").capitalize()


class FormFields:
    """Walks one JSON Schema (its $defs for $ref) into Decap fields.

    reference: {file name: [(slug, name), ...]} for the reference selects.
    consultations: the collection name consultation ids come from.
    """

    def __init__(self, schema: dict, reference: dict, consultations: str = "consultations"):
        self.defs = schema.get("$defs", {})
        self.reference = reference
        self.consultations = consultations

    def resolve(self, spec: dict) -> tuple[dict, str | None]:
        """The spec with its $ref followed (the outer description kept), and the $def's name."""
        ref = spec.get("$ref")
        if not ref:
            return spec, None
        name = ref.rsplit("/", 1)[-1]
        target, _ = self.resolve(self.defs[name])
        return {**target, **{k: v for k, v in spec.items() if k != "$ref"}}, name

    def fields(self, spec: dict, path: str = "", required: bool = True) -> list[dict]:
        """The fields of an object spec; a child is required only when its whole chain is."""
        spec, _ = self.resolve(spec)
        needed = set(spec.get("required", ()))
        return [self.field(name, child, f"{path}.{name}" if path else name, required and name in needed)
                for name, child in spec.get("properties", {}).items()
                if not self.is_free_map(child)]

    def is_free_map(self, spec: dict) -> bool:
        """A map whose keys staff choose (responses_by: a slug or an age band to a count), or a group of
        only such maps. Decap has no widget for keys chosen by the editor, so these stay in the file:
        the form leaves them out (FREE_MAPS_NOTE), and Decap keeps what the file already holds."""
        spec, _ = self.resolve(spec)
        if spec.get("type") != "object":
            return False
        children = spec.get("properties")
        if not children:
            return True
        return all(self.is_free_map(child) for child in children.values())

    def field(self, name: str, spec: dict, path: str, required: bool) -> dict:
        spec, kind = self.resolve(spec)
        field = {"name": name, "label": label(name), "required": required}
        hint = HINTS.get(path) or spec.get("description")
        if path in REFERENCE_FIELDS and path not in HINTS:
            # Staff pick names; the description speaks of slugs, which the form hides.
            hint = f"Start typing a name to choose from data/{REFERENCE_FIELDS[path]}.yaml."
        if hint:
            field["hint"] = hint
        field.update(self.widget(spec, kind, path))
        if field["widget"] == "object":
            # An optional group's fields are optional in the form too (Decap would
            # otherwise insist on them even when the group is left empty); `make check`
            # says which belong together once it is filled in.
            field["fields"] = self.fields(spec, path, required)
        return field

    def widget(self, spec: dict, kind: str | None, path: str) -> dict:
        if path in REFERENCE_FIELDS:
            return self.reference_select(path, spec)
        if path in CONSULTATION_FIELDS:
            return {"widget": "relation", "collection": self.consultations, "value_field": "{{slug}}",
                    "search_fields": ["title"], "display_fields": ["title"], "multiple": True}
        if "enum" in spec:
            return {"widget": "select", "options": list(spec["enum"])}
        if "if" in spec and "then" in spec:
            # due: a date or a condition. The date is the usual shape (see HINTS).
            return {"widget": "string", "pattern": [DATE_PATTERN, "a date written YYYY-MM-DD, like 2027-03-31"]}
        kinds = {"boolean": lambda *_: {"widget": "boolean", "default": False}, "array": self.array, "object": self.object, "integer": self.number, "number": self.number,
                 "string": self.string}
        kind_of = spec.get("type")
        if isinstance(kind_of, list):
            # ["integer", "null"]: a value that may be left out ("not published"); the form leaves it empty.
            kind_of = next((k for k in kind_of if k != "null"), None)
        make = kinds.get(kind_of)
        if make is None:
            raise UnmappedField(f"{path}: no form widget for a field like {spec!r}")
        return make(spec, kind, path)

    def reference_select(self, path: str, spec: dict) -> dict:
        name = REFERENCE_FIELDS[path]
        options = [{"label": title, "value": slug} for slug, title in self.reference[name]]
        many = spec.get("type") == "array" or "anyOf" in spec
        return {"widget": "select", "options": options, "multiple": many}

    def array(self, spec: dict, kind: str | None, path: str) -> dict:
        items, item_kind = self.resolve(spec.get("items", {}))
        if "enum" in items:
            return {"widget": "select", "options": list(items["enum"]), "multiple": True}
        if items.get("type") == "object":
            return {"widget": "list", "collapsed": True, "fields": self.fields(items, path)}
        return {"widget": "list", "field": {"name": "item", "label": label(path.rsplit(".", 1)[-1]),
                                            **self.widget(items, item_kind, path)}}

    def object(self, spec: dict, kind: str | None, path: str) -> dict:
        return {"widget": "object", "collapsed": True}  # its fields: field() knows if they are required

    def number(self, spec: dict, kind: str | None, path: str) -> dict:
        widget = {"widget": "number", "value_type": "int" if spec["type"] == "integer" else "float"}
        for bound in ("minimum", "maximum"):
            if bound in spec:
                widget[bound[:3]] = spec[bound]
        return widget

    def string(self, spec: dict, kind: str | None, path: str) -> dict:
        if spec.get("format") == "date":
            return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD",
                    "time_format": False, "picker_utc": True}
        widget = {"widget": "text" if kind == "text" else "string"}
        if "pattern" in spec:
            widget["pattern"] = [spec["pattern"], spec.get("x-expected", "the form shown in the hint")]
        return widget

"""Digests of what a page is made from, so an unchanged page need not be rendered again.

A digest hashes the pickled value (pickle's "fast" mode, without its memo, so the
bytes depend on values and order, not on which objects are shared). Two kinds of
object are replaced by a digest of what they were made from, which is smaller
than what they hold: a consultation (the hashes of its record, write-up and
related records, see consultation_digest) and any object with a digest_inputs()
method (a locality's view, say). A value pickle cannot take raises Undigestable,
and the caller renders the page as usual: a page is only skipped on a digest that
covers everything it was given.
"""

from __future__ import annotations

import copyreg
import dataclasses
import hashlib
import io
import json
import operator
import pickle
from datetime import date, datetime
from pathlib import Path

from ..domain.model import Audience, Consultation, Locality, Method, Organisation, Topic

# Organisations, localities, topics, audiences and methods: read from the reference data files.
REFERENCE_TYPES = (Organisation, Locality, Topic, Audience, Method)


class Undigestable(TypeError):
    """A value whose content cannot be described stably."""


def digest_of(value) -> str:
    """Hex digest of value's content; raises Undigestable.

    The value is pickled without pickle's memo ("fast" mode), so the bytes depend
    only on the values and their order, never on which objects happen to be shared;
    consultations and `digest_once` objects are replaced by their own digests.
    Equal bytes mean equal content; a value pickle cannot take (a lambda, a cycle)
    is Undigestable.
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True
    pickler.dispatch_table = _REDUCERS
    try:
        pickler.dump(value)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError, ValueError) as exc:
        raise Undigestable(f"cannot describe {type(value).__qualname__}: {exc}") from exc
    return hashlib.blake2b(buffer.getbuffer(), digest_size=20).hexdigest()


class _Ref(tuple):
    """What a consultation, a reference item or a view is pickled as: its kind and its digest or slug."""


def _as_consultation(obj):
    return _Ref, ("consultation", consultation_digest(obj))


def _as_reference(obj):
    # The reference data is in the build fingerprint: its slug says the rest.
    return _Ref, (type(obj).__name__, obj.slug)


def _as_inputs(obj):
    return _Ref, ("inputs", _once(obj))


class _Reducers(dict):
    """How each type is pickled, decided once per type (pickle's dispatch_table).

    Pickle looks a type up here in C and calls Python only for the types with a
    reducer of ours; everything else is reduced as pickle always does it, through
    a C callable. On a large register the keys pickle millions of objects; with a
    reducer_override hook (a Python call for every object and every class) pickling
    the register's list pages took twice as long (0.076 s against 0.035 s for 500).
    """

    def __missing__(self, kind):
        if issubclass(kind, Consultation):
            reducer = _as_consultation
        elif issubclass(kind, REFERENCE_TYPES):
            reducer = _as_reference
        elif hasattr(kind, "digest_inputs"):
            reducer = _as_inputs
        elif _plain_slotted_dataclass(kind):
            reducer = _as_fields(kind)
        else:
            # as pickle would without a table of ours: copyreg's table (re.Pattern, complex), or the object's own way
            reducer = copyreg.dispatch_table.get(kind, _AS_USUAL)
        self[kind] = reducer
        return reducer


_AS_USUAL = operator.methodcaller("__reduce_ex__", 5)


def _plain_slotted_dataclass(kind) -> bool:
    """A dataclass with slots that pickles as dataclasses make it: its fields' values and nothing else."""
    return (dataclasses.is_dataclass(kind) and kind.__dictoffset__ == 0
            and getattr(kind, "__getstate__", None) is getattr(dataclasses, "_dataclass_getstate", object())
            and kind.__reduce_ex__ is object.__reduce_ex__ and kind.__reduce__ is object.__reduce__)


def _as_fields(kind):
    """The class and its fields' values, which is all its usual pickle holds (dataclasses' own
    __getstate__), without looking its fields up again for each object: the page views hold
    half a million of them at 10,000 records, and the lookups were 40 % of the keys' time."""
    names = tuple(f.name for f in dataclasses.fields(kind))
    values = operator.attrgetter(*names) if names else (lambda obj: ())
    return lambda obj: (kind, (values(obj),))


_REDUCERS = _Reducers()


def _once(value) -> str:
    """The digest of an object that says what it is made from (its digest_inputs()), once.

    A list page's view (every item of a locality, say) is passed to each of its pages;
    describing it again for every page would cost the square of its length. The
    digest is kept on the object, as a consultation's is: views are made afresh each
    build and not changed once made (one-way flow), so it cannot go stale.
    """
    cached = value.__dict__.get("_digest_once")
    if cached is None:
        cached = value.__dict__["_digest_once"] = digest_of((type(value).__qualname__, value.digest_inputs()))
    return cached


def consultation_digest(c: Consultation) -> str:
    """What a consultation holds, described by what it was made from.

    Everything derive adds (status, days left, overdue flags) is worked out from the
    record, the build date and the reference data, and the last two are in every
    key through the build fingerprint; so the hashes of the record and write-up,
    the git history, and the same for each related consultation describe it
    fully, at a fraction of the cost of describing every field. A consultation made
    in memory (no file behind it) is described field by field.
    """
    cached = c.__dict__.get("_digest")
    if cached is None:
        if c.content_hash:
            form = [c.content_hash, _writeup_hash(c), c.history,
                    [[r.content_hash, _writeup_hash(r), r.history] for r in c.related]]
        else:
            form = _consultation_form(c, shallow=False)
        cached = c.__dict__["_digest"] = _hash(_dumps(form))
    return cached


def _writeup_hash(c: Consultation) -> str:
    writeup = c.outcome.writeup if c.outcome else None
    return writeup.content_hash if writeup else ""


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def _dumps(value) -> str:
    try:
        return json.dumps(value, default=_default, ensure_ascii=False, separators=(",", ":"), allow_nan=True)
    except ValueError as exc:  # a reference cycle
        raise Undigestable(str(exc)) from exc


def _consultation_form(c: Consultation, shallow: bool) -> dict:
    form = {f.name: getattr(c, f.name) for f in dataclasses.fields(c)}
    if shallow:
        form["related"] = [r.id for r in c.related]
    else:
        form["related"] = [_Shallow(r) for r in c.related]
    form["__"] = "Consultation"
    return form


class _Shallow:
    __slots__ = ("consultation",)

    def __init__(self, consultation):
        self.consultation = consultation


def _default(value):
    if isinstance(value, Consultation):
        return consultation_digest(value)
    if hasattr(type(value), "digest_inputs"):
        return _once(value)
    if isinstance(value, _Shallow):
        return _consultation_form(value.consultation, shallow=True)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        form = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        form["__"] = type(value).__name__
        return form
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, tuple):  # namedtuples reach here only through default
        return list(value)
    state = getattr(value, "__dict__", None)
    if state is not None and not callable(value):
        return {"__": type(value).__qualname__, **{k: v for k, v in state.items() if not k.startswith("_digest")}}
    slots = getattr(type(value), "__slots__", None)
    if slots:
        return {"__": type(value).__qualname__, **{k: getattr(value, k, None) for k in slots}}
    raise Undigestable(f"cannot describe a {type(value).__qualname__} stably")

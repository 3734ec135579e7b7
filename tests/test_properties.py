"""Property tests: any valid record builds and is at its address; any broken one gets our errors.

Valid records are generated to follow data/schema/consultation.schema.json and
name the fixture reference data (tests/fixtures/reference/). Broken ones are a
valid record with one mutation (a wrong type, a missing field, a bad date, an
unknown key), or random bytes or random YAML in its place: loading must fail
with RecordErrors, each error naming file, line and field, never with any
other exception.

Example counts are kept modest: CI runs the whole suite on two cores.
"""

from __future__ import annotations

import contextlib
import io
import shutil
from datetime import date, timedelta
from pathlib import Path

import jinja2
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from helpers.site import FIXTURES, ROOT
from said_and_done import cli
from said_and_done.domain.personal_data import find_personal_data
from said_and_done.domain.problems import RecordErrors
from said_and_done.domain.records import load_register

BUILD_DATE = date(2026, 11, 23)
REFERENCE = {name: [item["slug"] for item in yaml.safe_load((FIXTURES / "reference" / f"{name}.yaml").read_text())]
             for name in ("organisations", "localities", "topics", "audiences", "methods")}
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- strategies that follow the schema -----------------------------------------------------

# Text as staff type it, plus the characters that must be escaped and some that are
# not ASCII (Welsh, Polish, Urdu, an emoji). No control characters: YAML cannot hold them.
_ALPHABET = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?'\"()-&<>/#%£")
                            + ["ŵ", "ł", "é", "ی", "ü", "—", "‘", "’", "😀", "\u00a0"])
# Every published text is checked for personal data (random letters can spell a postcode, c3G 7LZ),
# so the text drawn here has none.
line = st.text(_ALPHABET, min_size=1, max_size=60).filter(lambda s: s.strip() and not find_personal_data(s))
text = st.lists(line, min_size=1, max_size=3).map(lambda parts: "\n\n".join(parts)).filter(
    lambda s: not find_personal_data(s))
said = text  # residents' words, with no personal data in them
slug_words = st.from_regex(r"[a-z][a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)
url = slug_words.map(lambda s: f"https://www.{s}.example/consult")
email = slug_words.map(lambda s: f"{s}@council.example")
phone = st.sampled_from(["01632 960000", "01632 960123", "0113 496 0000", "+44 20 7946 0018"])


def subset(values, min_size=1):
    return st.lists(st.sampled_from(values), min_size=min_size, max_size=len(values), unique=True)


@st.composite
def dates(draw):
    start = date(2022, 1, 1) + timedelta(days=draw(st.integers(0, 365 * 6)))
    steps = [draw(st.integers(0, 120)) for _ in range(3)]
    announced = start
    opens = announced + timedelta(days=steps[0])
    closes = opens + timedelta(days=steps[1])
    feedback_due = closes + timedelta(days=steps[2])
    return {"announced": announced, "opens": opens, "closes": closes, "feedback_due": feedback_due}


@st.composite
def themes(draw):
    theme = {"theme": draw(line), "said": draw(said), "we_did": draw(text),
             "decision": draw(st.sampled_from(["adopted", "partly-adopted", "not-adopted", "under-review",
                                               "no-change-needed"]))}
    if draw(st.booleans()):
        theme["count"] = draw(st.integers(0, 10_000))
    if draw(st.booleans()):
        theme["percent"] = draw(st.one_of(st.integers(0, 100), st.floats(0, 100, allow_nan=False).map(lambda f: round(f, 1))))
    if theme["decision"] in ("not-adopted", "partly-adopted") or draw(st.booleans()):
        theme["reason"] = draw(text)
    return theme


@st.composite
def actions(draw, after):
    status = draw(st.sampled_from(["planned", "in-progress", "done", "dropped"]))
    action = {"we_will": draw(text), "lead": draw(st.sampled_from(REFERENCE["organisations"])),
              "due": after + timedelta(days=draw(st.integers(0, 400))), "status": status,
              "updated": after + timedelta(days=draw(st.integers(0, 200)))}
    if status == "dropped":
        action["reason"] = draw(text)
    return action


@st.composite
def records(draw):
    """(id, record) for a record the schema and cross-checks accept."""
    when = draw(dates())
    cid = f"{when['opens'].year}-{draw(slug_words)}"
    record = {
        "title": draw(line),
        "summary": draw(text),
        "lead_organisation": draw(st.sampled_from(REFERENCE["organisations"])),
        "localities": draw(st.one_of(st.just("all"), subset(REFERENCE["localities"]))),
        "topics": draw(subset(REFERENCE["topics"])),
        "level": draw(st.sampled_from(["inform", "consult", "involve", "collaborate", "empower"])),
        "audiences": draw(subset(REFERENCE["audiences"])),
        "methods": draw(subset(REFERENCE["methods"])),
        "dates": {key: value.isoformat() for key, value in when.items()},
        "contact": draw(st.one_of(st.fixed_dictionaries({"name": line, "email": email}),
                                  st.fixed_dictionaries({"name": line, "phone": phone}),
                                  st.fixed_dictionaries({"name": line, "email": email, "phone": phone}))),
    }
    optional = {
        "partners": subset(REFERENCE["organisations"], min_size=0),
        "how_to_take_part": st.fixed_dictionaries({}, optional={
            "online": url, "email": email, "phone": phone, "address": text,
            "events": st.lists(st.fixed_dictionaries(
                {"date": st.just(when["opens"].isoformat()), "place": line}, optional={"time": line, "details": text}),
                max_size=2)}),
        "documents": st.lists(st.fixed_dictionaries({"title": line, "url": url, "format": st.sampled_from(["PDF", "Word"])},
                                                    optional={"size": st.just("1.2 MB"), "pages": st.integers(1, 300)}),
                              max_size=2),
        "alternative_formats": st.fixed_dictionaries({"how_to_request": text}, optional={
            "available": subset(["easy-read", "large-print", "braille", "audio", "bsl", "other-languages"], 0),
            "languages": st.lists(line, max_size=2)}),
        "summary_translations": st.lists(st.fixed_dictionaries(
            {"lang": st.sampled_from(["pl", "ur", "cy"]), "language": line, "summary": text}), max_size=2,
            unique_by=lambda t: t["lang"]),
        "responses": st.integers(0, 100_000),
        "aliases": st.lists(slug_words.map(lambda s: f"2019-{s}"), max_size=2, unique=True),
        "evaluation": st.fixed_dictionaries({}, optional={
            "what_worked": text, "what_to_improve": text,
            "groups_reached": subset(REFERENCE["audiences"], 0), "groups_not_reached": subset(REFERENCE["audiences"], 0)}),
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            record[key] = draw(strategy)
    ending = draw(st.sampled_from(["none", "outcome", "withdrawn"]))
    if ending == "outcome":
        published = when["closes"] + timedelta(days=draw(st.integers(0, 200)))
        record["outcome"] = {"published": published.isoformat(), "summary": draw(text)}
        if draw(st.booleans()):
            record["outcome"]["decision_by"] = draw(line)
        record["outcome"]["you_said"] = draw(st.lists(themes(), max_size=3))
        record["outcome"]["actions"] = [{**a, "due": a["due"].isoformat(), "updated": a["updated"].isoformat()}
                                        for a in draw(st.lists(actions(published), max_size=2))]
    elif ending == "withdrawn":
        record["withdrawn"] = {"date": (when["announced"] + timedelta(days=draw(st.integers(0, 60)))).isoformat(),
                               "reason": draw(text)}
    return cid, record


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """One fixture project for all examples of a test: the schema stays at one path, so its
    compiled validator is reused, and each example only swaps the consultation files."""
    folder = tmp_path_factory.mktemp("properties")
    data = folder / "data"
    (data / "consultations").mkdir(parents=True)
    for item in (FIXTURES / "reference").glob("*.yaml"):
        shutil.copy(item, data)
    shutil.copytree(ROOT / "data" / "schema", data / "schema")
    (folder / "content" / "outcomes").mkdir(parents=True)
    (folder / "content" / "pages").mkdir()
    return folder


def holding(project: Path, entries: dict[str, str | bytes]) -> Path:
    """The project with exactly these consultation files (name -> content) and no output."""
    folder = project / "data" / "consultations"
    shutil.rmtree(folder)
    folder.mkdir()
    shutil.rmtree(project / "output", ignore_errors=True)
    for name, content in entries.items():
        if isinstance(content, bytes):
            (folder / name).write_bytes(content)
        else:
            (folder / name).write_text(content, encoding="utf-8")
    return project


class _CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once for all builds in this module (Jinja checks each source's
    checksum, so an edited template is compiled again). Compiling is most of a small build."""

    def __init__(self):
        self.compiled = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_TEMPLATES = _CompiledTemplates()


def build(project: Path) -> Path:
    """Build the project as helpers.site.build_site does, with every configured plugin."""
    from pelican import Pelican
    from pelican.settings import read_settings

    jinja = read_settings(str(ROOT / "pelicanconf.py"))["JINJA_ENVIRONMENT"]
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(project / "content"), "OUTPUT_PATH": str(project / "output"), "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "SAID_AND_DONE": {"data_path": str(project / "data"), "build_date": BUILD_DATE.isoformat(),
                          "public_url": "https://register.test.example"},
        "JINJA_ENVIRONMENT": {**jinja, "bytecode_cache": _TEMPLATES},
    })
    Pelican(settings).run()
    return project / "output"


def dump(record) -> str:
    return "# yaml-language-server: $schema=../schema/consultation.schema.json\n" + yaml.safe_dump(
        record, allow_unicode=True, sort_keys=False)


# -- valid records build ---------------------------------------------------------------------

@SLOW
@given(st.lists(records(), min_size=1, max_size=3, unique_by=lambda r: r[0]))
def test_valid_records_build_and_are_at_their_address(project, generated):
    ids = {cid for cid, _ in generated}
    for _, record in generated:
        assume(not set(record.get("aliases", [])) & ids)
    holding(project, {f"{cid}.yaml": dump(record) for cid, record in generated})
    output = build(project)
    for cid, record in generated:
        page = output / "consultations" / cid / "index.html"
        assert page.is_file(), cid
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert " ".join(soup.find("h1").get_text().split()) == " ".join(record["title"].split())
        published = "outcome" in record and date.fromisoformat(record["outcome"]["published"]) <= BUILD_DATE
        assert (output / "consultations" / cid / "you-said-we-did" / "index.html").is_file() == published
        for alias in record.get("aliases", []):
            assert (output / "consultations" / alias / "index.html").is_file()


# -- broken records fail with our errors, never a traceback --------------------------------------

def leaves(value, path=()):
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from leaves(sub, path + (key,))
    elif isinstance(value, list) and value and path[-1:] not in (("localities",), ("topics",)):
        for i, sub in enumerate(value):
            yield from leaves(sub, path + (i,))
    yield path, value


def replaced(record, path, new):
    if not path:
        return new
    copy = dict(record) if isinstance(record, dict) else list(record)
    copy[path[0]] = replaced(record[path[0]], path[1:], new)
    return copy


def removed(record, path):
    copy = dict(record) if isinstance(record, dict) else list(record)
    if len(path) == 1:
        del copy[path[0]]
    else:
        copy[path[0]] = removed(record[path[0]], path[1:])
    return copy


def wrong_type_for(value):
    if isinstance(value, bool):
        return st.sampled_from(["maybe", 7, []])
    if isinstance(value, str):
        return st.sampled_from([42, 3.5, True, None, [value], {"text": value}])
    if isinstance(value, (int, float)):
        return st.sampled_from(["many", True, None, [value], {"n": value}])
    if isinstance(value, list):
        return st.sampled_from([7, True, None, {"items": 1}])
    return st.sampled_from([7, "text", True, None, [1, 2]])


@st.composite
def wrong_types(draw):
    cid, record = draw(records())
    spots = [(path, value) for path, value in leaves(record) if path]
    path, value = draw(st.sampled_from(spots))
    return cid, replaced(record, path, draw(wrong_type_for(value)))


REQUIRED = ["title", "summary", "lead_organisation", "localities", "topics", "level", "audiences", "methods",
            "dates", "contact", ("dates", "announced"), ("dates", "opens"), ("dates", "closes"),
            ("dates", "feedback_due"), ("contact", "name")]


@st.composite
def missing_fields(draw):
    cid, record = draw(records())
    spot = draw(st.sampled_from(REQUIRED))
    return cid, removed(record, spot if isinstance(spot, tuple) else (spot,))


BAD_DATES = ["2026-02-30", "2026-13-01", "31/01/2026", "2026-1-5", "tomorrow", "2026-02-29", "0000-00-00", "20260105",
             "2026-01-05T10:00", ""]


@st.composite
def bad_dates(draw):
    cid, record = draw(records())
    spots = [p for p, v in leaves(record) if p and p[-1] in ("announced", "opens", "closes", "feedback_due",
                                                            "published", "date", "due", "updated")]
    return cid, replaced(record, draw(st.sampled_from(spots)), draw(st.sampled_from(BAD_DATES)))


@st.composite
def unknown_keys(draw):
    cid, record = draw(records())
    spots = [()] + [p for p, v in leaves(record) if p and isinstance(v, dict)]
    where = draw(st.sampled_from(spots))
    key = draw(st.from_regex(r"[a-z_]{3,12}", fullmatch=True).filter(lambda k: k not in ("outcome", "withdrawn")))
    target = record
    for part in where:
        target = target[part]
    assume(key not in target)
    return cid, replaced(record, where, {**target, key: draw(line)})


def assert_our_errors_only(project: Path, cid: str, content: str | bytes) -> None:
    holding(project, {f"{cid}.yaml": content})
    try:
        load_register(project / "data", project / "content" / "outcomes", build_date=BUILD_DATE, root=project)
    except RecordErrors as exc:
        assert exc.errors
        for error in exc.errors:
            assert error.file.startswith("data/") and error.line >= 1 and error.column >= 1
            assert error.field and "expected" in error.message
    else:
        raise AssertionError(f"a broken record was accepted:\n{content!r}"[:2000])


@FAST
@given(wrong_types())
def test_a_wrong_type_gives_our_error(project, case):
    cid, record = case
    assert_our_errors_only(project, cid, dump(record))


@FAST
@given(missing_fields())
def test_a_missing_required_field_gives_our_error(project, case):
    cid, record = case
    assert_our_errors_only(project, cid, dump(record))


@FAST
@given(bad_dates())
def test_a_bad_date_gives_our_error(project, case):
    cid, record = case
    assert_our_errors_only(project, cid, dump(record))


@FAST
@given(unknown_keys())
def test_an_unknown_key_gives_our_error(project, case):
    cid, record = case
    assert_our_errors_only(project, cid, dump(record))


@FAST
@given(st.binary(max_size=400))
def test_random_bytes_give_our_error(project, content):
    assert_our_errors_only(project, "2026-random-bytes", content)


yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), line, st.dates().map(str)),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.one_of(line, st.sampled_from(["title", "dates", "outcome", "contact"])),
                                               children, max_size=4)),
    max_leaves=12)


@FAST
@given(st.one_of(yaml_values.map(lambda v: yaml.safe_dump(v, allow_unicode=True)),
                 st.lists(st.one_of(line, st.sampled_from(["\n", "  ", "- ", ": ", "{", "[", "]", "}", "&a", "*a", "!!",
                                                           "title: ", "dates:\n  opens: ", "---\n", "'", '"'])),
                          max_size=30).map("".join)))
def test_random_yaml_gives_our_error(project, content):
    assert_our_errors_only(project, "2026-random-yaml", content)


@settings(max_examples=15, deadline=None)
@given(st.one_of(st.binary(max_size=200), st.text(max_size=200)))
def test_make_check_reports_random_files_without_a_traceback(project, content):
    holding(project, {"2026-random.yaml": content if isinstance(content, bytes)
                      else content.encode("utf-8", "surrogatepass")})
    settings_path = project / "pelicanconf.py"
    settings_path.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / 'plugins')!r})\n"
        f"exec(compile(open({str(ROOT / 'pelicanconf.py')!r}).read(), 'pelicanconf.py', 'exec'))\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
        "SAID_AND_DONE = {'build_date': '2026-11-23', 'public_url': 'https://register.test.example'}\n",
        encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(["check", "--settings", str(settings_path)]) == 1
    assert "data/consultations/2026-random.yaml:" in err.getvalue()
    assert "Traceback" not in err.getvalue()

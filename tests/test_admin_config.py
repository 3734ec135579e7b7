"""The browser editor's config.yml (plugins/admin): made from the record schema and the
reference data, so every field has a widget, every select lists the reference data's own
slugs, and nothing of it is built unless ADMIN is enabled."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
import yaml

from admin.config import admin_config, config_yaml
from admin.generator import reference_lists
from admin.options import admin_options
from admin.widgets import HINTS, REFERENCE_FIELDS, FormFields, UnmappedField
from helpers.site import ROOT, Site, build_site
from said_and_done.api import SettingsError

SCHEMAS = ROOT / "data" / "schema"
SCHEMA = json.loads((SCHEMAS / "consultation.schema.json").read_text(encoding="utf-8"))
DECAP = ROOT / "node_modules" / "decap-cms" / "dist"


@pytest.fixture(scope="module")
def reference(demo_register):
    return reference_lists(demo_register)


@pytest.fixture(scope="module")
def config(reference):
    return admin_config(schemas=SCHEMAS, reference=reference, backend={"name": "local", "port": 8081}, root=ROOT,
                        data_path=ROOT / "data", outcomes_path=ROOT / "content" / "outcomes",
                        media_folder="content/uploads")


def collection(config, name):
    return next(c for c in config["collections"] if c["name"] == name)


def resolve(spec):
    while "$ref" in spec:
        spec = {**SCHEMA["$defs"][spec["$ref"].rsplit("/", 1)[-1]], **{k: v for k, v in spec.items() if k != "$ref"}}
    return spec


def schema_paths(spec, path=""):
    """Every field of the schema by path (list items add no step), with its spec, $refs followed."""
    spec = resolve(spec)
    if spec.get("type") == "array" and "items" in spec:
        spec = resolve(spec["items"])
    for name, child in spec.get("properties", {}).items():
        child_path = f"{path}.{name}" if path else name
        yield child_path, child
        yield from schema_paths(child, child_path)


def form_paths(fields, path=""):
    """Every field of the form by path, the same way."""
    for field in fields:
        field_path = f"{path}.{field['name']}" if path else field["name"]
        yield field_path, field
        yield from form_paths(field.get("fields", []), field_path)


# Maps whose keys staff choose (a slug or an age band to a count): no Decap widget has editor-chosen
# keys, so they stay in the file (docs/browser-editor.md) and the form leaves them out.
FREE_MAPS = {"responses_by"}


def test_every_schema_field_has_a_widget(config):
    form = dict(form_paths(collection(config, "consultations")["fields"]))
    schema = {path: spec for path, spec in schema_paths(SCHEMA) if path.split(".")[0] not in FREE_MAPS}
    assert set(schema) == set(form), "each field in the schema is in the form, and nothing else"
    assert not any(path.split(".")[0] in FREE_MAPS for path in form)
    for path, field in form.items():
        assert field["widget"] in {"string", "text", "select", "relation", "datetime", "number", "list", "object",
                                   "boolean"}, path


def test_no_form_group_is_empty(config):
    # Decap refuses a config with an object of no fields (its form then never loads).
    empty = [path for path, field in form_paths(collection(config, "consultations")["fields"])
             if field["widget"] == "object" and not field.get("fields")]
    assert empty == []


def test_a_field_the_walk_cannot_map_stops_the_build_naming_it():
    schema = {"properties": {"outcome": {"type": "object", "properties": {"mystery": {"type": "null"}}}}}
    with pytest.raises(UnmappedField, match=r"^outcome\.mystery: "):
        FormFields(schema, {}).fields(schema)


def test_required_fields_are_required_in_the_form_and_optional_ones_are_not(config):
    form = dict(form_paths(collection(config, "consultations")["fields"]))
    for name in set(SCHEMA["properties"]) - FREE_MAPS:
        assert form[name]["required"] is (name in SCHEMA["required"]), name
    assert form["dates.opens"]["required"] is True
    # An optional group's fields never block saving a record that leaves the group empty.
    assert form["outcome.published"]["required"] is False
    # In a list, an item's own required fields are required once the item is added.
    assert form["outcome.actions.status"]["required"] is True


def test_fields_with_two_shapes_say_so_beside_the_field(config):
    """A field the schema allows in two shapes (anyOf, if/then) gets one widget and a hint for the other."""
    form = dict(form_paths(collection(config, "consultations")["fields"]))
    def shapes(spec):
        # An anyOf of `required` lists only (contact: an email or a phone; a decision: by or body) is
        # about which of its fields is filled in, not its shape.
        spec = resolve(spec)
        return "if" in spec or any(set(branch) != {"required"} for branch in spec.get("anyOf", ()))

    two_shaped = {path for path, spec in schema_paths(SCHEMA) if shapes(spec)}
    assert two_shaped == set(HINTS)
    for path in HINTS:
        assert form[path]["hint"] == HINTS[path]


@pytest.mark.parametrize("path", sorted(REFERENCE_FIELDS))
def test_selects_list_the_reference_data_slugs_as_values_and_names_as_labels(config, path):
    form = dict(form_paths(collection(config, "consultations")["fields"]))
    source = yaml.safe_load((ROOT / "data" / f"{REFERENCE_FIELDS[path]}.yaml").read_text(encoding="utf-8"))
    assert form[path]["widget"] == "select"
    assert form[path]["options"] == [{"label": item["name"], "value": item["slug"]} for item in source]


def test_every_slug_field_is_a_select_or_a_consultation_search(config):
    form = dict(form_paths(collection(config, "consultations")["fields"]))
    slug_fields = {path for path, spec in schema_paths(SCHEMA)
                   if spec.get("$ref") in ("#/$defs/slug", "#/$defs/slugs") or path == "localities"}
    # A proposal's id is named in the record itself, and a theme points at it: no list to choose from.
    local_ids = {"scope.proposals.id", "outcome.you_said.proposal"}
    assert slug_fields - set(REFERENCE_FIELDS) == {"related", "aliases"} | local_ids
    assert form["related"]["widget"] == "relation" and form["related"]["collection"] == "consultations"
    # Former ids are this record's own past names: free text, checked as slugs.
    assert form["aliases"]["widget"] == "list"
    for path in local_ids:
        assert form[path]["widget"] == "string", path


def test_dates_are_date_pickers_writing_the_schemas_format(config):
    form = dict(form_paths(collection(config, "consultations")["fields"]))
    dates = [path for path, spec in schema_paths(SCHEMA) if resolve(spec).get("format") == "date"]
    assert len(dates) >= 10
    for path in dates:
        assert form[path]["widget"] == "datetime" and form[path]["format"] == "YYYY-MM-DD", path
        assert form[path]["time_format"] is False


def test_themes_and_actions_are_lists_of_small_forms(config):
    form = dict(form_paths(collection(config, "consultations")["fields"]))
    assert form["outcome.you_said"]["widget"] == "list"
    assert [f["name"] for f in form["outcome.you_said"]["fields"]] == list(SCHEMA["$defs"]["theme"]["properties"])
    assert form["outcome.actions"]["widget"] == "list"
    assert form["outcome.actions.status"]["options"] == SCHEMA["$defs"]["action"]["properties"]["status"]["enum"]


def test_collections_point_at_the_projects_folders(config):
    assert collection(config, "consultations")["folder"] == "data/consultations"
    assert collection(config, "outcomes")["folder"] == "content/outcomes"


def test_no_collection_edits_a_file_that_is_a_list_at_the_top_level(config):
    """Decap shows such a file (every reference file) as an empty list, and a save would write over it."""
    assert [c["name"] for c in config["collections"]] == ["consultations", "outcomes"]
    for name in ("organisations", "localities", "topics", "audiences", "methods"):
        assert isinstance(yaml.safe_load((ROOT / "data" / f"{name}.yaml").read_text(encoding="utf-8")), list)
    assert "root" not in config_yaml(config)


def test_config_yml_is_yaml_that_reads_back_the_same(config):
    assert yaml.safe_load(config_yaml(config)) == config


@pytest.mark.parametrize(("backend", "expected"), [
    ({"name": "local", "port": 9000}, {"name": "proxy", "proxy_url": "http://127.0.0.1:9000/api/v1", "branch": "main"}),
    ({"name": "github", "repo": "my-council/consultations"},
     {"name": "github", "repo": "my-council/consultations", "branch": "main"}),
    ({"name": "gitlab", "repo": "my-council/consult", "branch": "trunk", "publish_mode": "editorial_workflow"},
     {"name": "gitlab", "repo": "my-council/consult", "branch": "trunk"}),
])
def test_the_backend_comes_from_settings(reference, backend, expected):
    options = admin_options({"ADMIN": {"enabled": True, "backend": backend}}, ROOT)
    made = admin_config(schemas=SCHEMAS, reference=reference, backend=options.backend, root=ROOT,
                        data_path=ROOT / "data", outcomes_path=ROOT / "content" / "outcomes", media_folder="x")
    assert made["backend"] == expected
    assert made.get("publish_mode", "simple") == backend.get("publish_mode", "simple")


@pytest.mark.parametrize(("admin", "message"), [
    ({"enabled": "yes"}, r"ADMIN\['enabled'\]: expected True or False, found 'yes'"),
    ({"backend": {"name": "bitbucket"}}, r"ADMIN\['backend'\]: expected a dict whose name is one of github, gitlab, local"),
    ({"backend": {"name": "github"}}, r"ADMIN\['backend'\]\['repo'\]: expected the repository as owner/name"),
    ({"backend": {"name": "local", "port": 0}}, r"ADMIN\['backend'\]\['port'\]: expected a port number"),
    ({"backend": {"name": "local", "repo": "a/b"}}, r"unknown setting\(s\) repo for the local backend"),
    ({"enable": True}, r"ADMIN: unknown setting\(s\) enable"),
])
def test_a_mistake_in_the_settings_is_named(admin, message):
    with pytest.raises(SettingsError, match=message):
        admin_options({"ADMIN": admin}, ROOT)


def test_off_by_default_and_the_demo_builds_no_admin(demo_site):
    assert admin_options({}, ROOT).enabled is False
    assert not (demo_site.root / "admin").exists()
    assert "admin" not in demo_site.html("robots.txt")
    assert "/admin/" not in demo_site.html("sitemap.xml")


@pytest.fixture(scope="module")
def enabled_site(tmp_path_factory):
    output = tmp_path_factory.mktemp("admin") / "output"
    return Site(build_site(output, pelican_settings={"ADMIN": {"enabled": True}}))


def test_enabled_it_writes_the_editor_kept_out_of_search_sitemap_and_robots(enabled_site):
    page = enabled_site.soup("admin/")
    assert page.select_one("[data-pagefind-body]") is None
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    assert [s["src"] for s in page.find_all("script")] == ["cms/decap-cms.js", "admin.js"]
    assert not page.find_all("script", src=False) and not page.find_all("style"), "no inline script or style"
    assert "/admin/" not in enabled_site.html("sitemap.xml")
    assert "Disallow: /admin/" in enabled_site.html("robots.txt").splitlines()
    made = yaml.safe_load(enabled_site.html("admin/config.yml"))
    assert made["backend"]["proxy_url"] == "http://127.0.0.1:8081/api/v1"
    copied = enabled_site.root / "admin" / "cms" / "decap-cms.js"
    assert copied.read_bytes() == (DECAP / "decap-cms.js").read_bytes(), "the lock file's Decap, as installed"
    chunks = {p.name for p in DECAP.glob("*.decap-cms.js")}
    assert chunks and chunks <= {p.name for p in copied.parent.iterdir()}, "the parts Decap loads when needed"
    assert not list(copied.parent.glob("*.map"))


def test_without_the_npm_packages_the_build_says_what_to_do(tmp_path):
    with pytest.raises(Exception, match=r"decap-cms\.js, but that file is not there\. Install the npm packages"):
        build_site(tmp_path / "output", pelican_settings={"ADMIN": {"enabled": True, "node_modules": str(tmp_path)}})


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node")
def test_every_demo_write_up_reads_and_writes_back_unchanged_in_the_editors_format():
    """admin.js's header format for write-ups, run in node on every demo write-up."""
    script = ("const fs = require('fs'); let format; global.window = {CMS: {registerCustomFormat: "
              "(name, ext, f) => { format = f; }}}; require(process.argv[1]); const out = {};"
              "for (const path of process.argv.slice(2)) { const text = fs.readFileSync(path, 'utf8');"
              "const data = format.fromFile(text); out[path] = [data, format.toFile(data)]; }"
              "console.log(JSON.stringify(out));")
    writeups = sorted((ROOT / "content" / "outcomes").glob("*.md"))
    admin_js = ROOT / "plugins" / "admin" / "static" / "admin.js"
    run = subprocess.run(["node", "-e", script, str(admin_js), *map(str, writeups)], capture_output=True, text=True,
                         timeout=120, check=True)
    results = json.loads(run.stdout)
    for path in writeups:
        data, written = results[str(path)]
        text = path.read_text(encoding="utf-8")
        assert data["consultation"] == path.stem
        assert set(data) == {"title", "consultation", "date", "body"}
        assert written == text.rstrip() + "\n", path.name

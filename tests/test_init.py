"""`said-and-done init`: a new partnership's repository that checks and builds with the installed engine alone."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest
import yaml
from pelican.settings import read_settings

from admin.options import admin_options
from helpers.engine_wheel import build_wheel
from helpers.site import ROOT
from said_and_done.api import options_from
from said_and_done.cli import main
from said_and_done.scaffold import answers

FLAGS = ["--name", "Wyvern Vale Partnership", "--url", "https://consult.wyvern.example",
         "--lead", "Wyvern Vale Council", "--lead-website", "https://www.wyvern.example",
         "--email", "consult@wyvern.example", "--host", "netlify"]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


@pytest.fixture
def no_terminal(monkeypatch):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)


def _init(folder: Path, *extra: str) -> int:
    return main(["init", str(folder), *FLAGS, *extra])


def test_init_writes_the_settings_data_example_and_pins_the_engine(tmp_path, no_terminal):
    assert _init(tmp_path / "wyvern", "--timezone", "Europe/Belfast") == 0
    site = tmp_path / "wyvern"
    settings: dict = {}
    exec((site / "pelicanconf.py").read_text(encoding="utf-8"), settings)  # noqa: S102 - the file init just wrote
    assert settings["SAID_AND_DONE"] == {"partnership": "Wyvern Vale Partnership", "build_date": None,
                                         "public_url": "https://consult.wyvern.example"}
    assert (settings["TIMEZONE"], settings["HOSTING"]) == ("Europe/Belfast", "netlify")
    assert settings["OWNERS"] == {"editors": []}
    assert "PLUGIN_PATHS" not in settings and Path(settings["THEME"], "templates", "base.html").is_file()
    organisations = yaml.safe_load((site / "data" / "organisations.yaml").read_text(encoding="utf-8"))
    assert organisations == [{"slug": "wyvern-vale-council", "name": "Wyvern Vale Council", "type": "other",
                              "website": "https://www.wyvern.example"}]
    for name in ("localities", "topics", "audiences", "methods"):
        assert len(yaml.safe_load((site / "data" / f"{name}.yaml").read_text(encoding="utf-8"))) == 1, name
    (example,) = (site / "data" / "consultations").glob("*-example.yaml")
    assert yaml.safe_load(example.read_text(encoding="utf-8"))["lead_organisation"] == "wyvern-vale-council"
    assert f"said-and-done=={VERSION}" in (site / "requirements.txt").read_text(encoding="utf-8").splitlines()
    # The schemas come with the engine, so upgrading it (its pin) brings them too.
    assert not (site / "data" / "schema").exists()
    for made in (".github/workflows/check.yml", ".github/workflows/publish.yml", ".gitlab-ci.yml", ".gitignore",
                 "Makefile", "README.md", "publishconf.py", "content/pages/about.md", "content/pages/how-we-consult.md",
                 "data/published-urls.txt", "data/redirects.yaml"):
        assert (site / made).is_file(), made
    makefile = (site / "Makefile").read_text(encoding="utf-8")
    # The installed command, never this checkout's plugins folder.
    assert "PYTHONPATH" not in makefile and "\n\t$(SAID_AND_DONE) build --settings publishconf.py" in makefile


def test_init_without_a_terminal_names_every_missing_flag(tmp_path, no_terminal, capsys):
    assert main(["init", str(tmp_path / "new"), "--name", "Wyvern Vale Partnership"]) == 2
    error = capsys.readouterr().err
    for flag in ("--url", "--lead", "--lead-website", "--email", "--host"):
        assert flag in error
    assert "--name" not in error.split("give ")[1] and "--timezone" not in error
    assert not (tmp_path / "new").exists()


def test_init_refuses_a_folder_with_anything_in_it(tmp_path, no_terminal, capsys):
    (tmp_path / "notes.txt").write_text("ours", encoding="utf-8")
    assert _init(tmp_path) == 2
    assert "expected a new or empty folder" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_init_refuses_a_wrong_answer_naming_its_flag(tmp_path, no_terminal, capsys):
    assert main(["init", str(tmp_path / "new"), *FLAGS[:-1], "wordpress"]) == 2
    assert "--host: expected one of github-pages" in capsys.readouterr().err
    assert _init(tmp_path / "new", "--url", "consult.wyvern.example") == 2
    assert "--url: expected a full address" in capsys.readouterr().err
    assert _init(tmp_path / "new", "--engine", "pelican==4.12.0") == 2
    assert "--engine: expected a requirement for said-and-done" in capsys.readouterr().err
    assert not (tmp_path / "new").exists()


def test_until_the_engine_is_on_an_index_requirements_pin_it_as_given(tmp_path, no_terminal):
    pinned = "said-and-done @ git+https://git.example/said-and-done@v0.1.0"
    assert _init(tmp_path / "new", "--engine", pinned) == 0
    assert pinned in (tmp_path / "new" / "requirements.txt").read_text(encoding="utf-8").splitlines()


def test_in_a_terminal_init_asks_again_until_an_answer_is_right(tmp_path, capsys):
    replies = iter(["Wyvern Vale Partnership", "consult.wyvern.example", "https://consult.wyvern.example",
                    "Wyvern Vale Council", "https://www.wyvern.example", "consult@wyvern.example", "github-pages",
                    "", ""])
    args = argparse.Namespace(**{q.key: None for q in answers.QUESTIONS}, engine=None)
    got = answers.answers_from(args, "9.9.9", interactive=True, ask=lambda prompt: next(replies))
    assert got["public_url"] == "https://consult.wyvern.example"
    assert (got["timezone"], got["sitename"]) == ("Europe/London", "Said & Done: Wyvern Vale Partnership")
    assert got["engine_requirement"] == "said-and-done==9.9.9"
    assert "expected a full address" in capsys.readouterr().err


def test_init_knows_every_host_the_permalinks_plugin_writes_files_for():
    from permalinks.hostfiles import HOSTS

    assert answers.HOSTS == HOSTS


def test_a_site_made_by_init_checks_and_builds_with_the_installed_engine_alone(tmp_path):
    """The engine installed from a wheel of this checkout into a new virtualenv; nothing else of the checkout.

    Installing every dependency into the new virtualenv would fetch them from the package
    index, minutes a run and no network in tests; instead a .pth file puts this
    virtualenv's site-packages (the pinned dependencies, and no part of this checkout)
    after the new one's on the import path, and the engine itself is installed for real.
    """
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    purelib = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  capture_output=True, text=True, check=True).stdout.strip())
    ours = Path(sysconfig.get_paths()["purelib"]).resolve()
    assert not (ours / "said_and_done").exists(), "the engine must not be installed in this virtualenv"
    (purelib / "dependencies.pth").write_text(f"{ours}\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SOURCE_DATE_EPOCH", "VIRTUAL_ENV")}
    wheel = build_wheel(tmp_path / "engine")
    install = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                              "--disable-pip-version-check", str(wheel)], cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]

    command = venv / "bin" / "said-and-done"
    site = tmp_path / "wyvern"
    made = subprocess.run([str(command), "init", str(site), *FLAGS], cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stdout + made.stderr
    where = subprocess.run([str(python), "-c", "import said_and_done, open_data, said_and_done.api as api; "
                            "print(said_and_done.__file__); print(open_data.__file__); print(api.theme_path())"],
                           cwd=site, env=env, capture_output=True, text=True, timeout=60)
    for path in where.stdout.split():
        assert Path(path).resolve().is_relative_to(purelib.resolve()), where.stdout
        assert not Path(path).resolve().is_relative_to(ROOT), where.stdout

    check = subprocess.run([str(command), "check", "--format", "json"], cwd=site, env=env,
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout[-3000:] + check.stderr[-3000:]
    assert '"errors": 0' in check.stdout
    build = subprocess.run([str(command), "build"], cwd=site, env=env, capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    output = site / "output"
    (example,) = (site / "data" / "consultations").glob("*-example.yaml")
    for page in (f"consultations/{example.stem}/index.html", "consultations/index.html", "404.html", "index.html",
                 "about/index.html", "accessibility/index.html", "schema/consultation.schema.json",
                 "pagefind/pagefind.js", "_redirects"):
        assert (output / page).is_file(), page
    assert "Wyvern Vale Partnership" in (output / "index.html").read_text(encoding="utf-8")


def _make_targets(makefile: str) -> set[str]:
    return set(re.findall(r"^([a-z][\w-]*):", makefile, flags=re.M))


def test_the_new_repositorys_workflows_are_this_repositorys_and_run_only_its_make_targets():
    """The workflows test_workflows.py checks are the ones init writes: a fix here reaches new partnerships."""
    skeleton = ROOT / "plugins" / "said_and_done" / "skeleton"
    pairs = [(ROOT / ".github/workflows/check.yml", skeleton / "dot-github/workflows/check.yml"),
             (ROOT / ".github/workflows/publish.yml", skeleton / "dot-github/workflows/publish.yml"),
             (ROOT / ".gitlab-ci.yml", skeleton / "dot-gitlab-ci.yml")]
    targets = _make_targets((skeleton / "Makefile").read_text(encoding="utf-8"))
    for ours, theirs in pairs:
        # Only the pointer to the engine's docs differs: a partnership has no docs/ of its own.
        differ = [(a, b) for a, b in zip(ours.read_text(encoding="utf-8").splitlines(),
                                         theirs.read_text(encoding="utf-8").splitlines(), strict=True)
                  if a != b and "docs/operating.md" not in a]
        assert differ == [], theirs.name
        used = set(re.findall(r"\bmake ([a-z][\w-]*)", theirs.read_text(encoding="utf-8")))
        assert used and used <= targets, theirs.name


# Targets for developing the engine itself: a partnership's repository runs the engine's released
# wheel, so it has no test suite or benchmarks of its own to run.
ENGINE_ONLY_TARGETS = {"system-deps", "test"}


def test_a_new_repository_has_every_staff_command_this_one_has():
    """A target added to this Makefile for staff (make edit, make actions-import, ...) reaches new partnerships."""
    ours = _make_targets((ROOT / "Makefile").read_text(encoding="utf-8"))
    skeleton_makefile = (ROOT / "plugins/said_and_done/skeleton/Makefile").read_text(encoding="utf-8")
    theirs = _make_targets(skeleton_makefile)
    staff = {target for target in ours - ENGINE_ONLY_TARGETS if not target.startswith("bench")}
    assert sorted(staff - theirs) == []
    # Each of their commands is explained by make help.
    helped = set(re.findall(r'@echo "make ([a-z][\w-]*)', skeleton_makefile))
    unexplained = theirs - helped - {"help", "setup", "require-ssh", "require-s3"}
    assert sorted(unexplained) == []


def test_the_new_repositorys_tools_are_pinned_as_this_repositorys():
    pins = set((ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines())
    skeleton = (ROOT / "plugins/said_and_done/skeleton/requirements.txt.jinja").read_text(encoding="utf-8")
    tools = [line for line in skeleton.splitlines() if "==" in line and not line.startswith("#")]
    assert tools and set(tools) <= pins


# The browser editor's packages: Decap CMS (copied into /admin/ by the build) and decap-server (make edit).
EDITOR_PACKAGES = ("decap-cms", "decap-server")
DECAP = ROOT / "node_modules" / "decap-cms" / "dist" / "decap-cms.js"


def _locked(lock: dict) -> dict:
    return {name: lock["packages"][f"node_modules/{name}"]["version"] for name in EDITOR_PACKAGES}


def test_the_new_repositorys_editor_packages_are_pinned_as_this_repositorys(tmp_path, no_terminal):
    """The editor a partnership installs is the one this repository's tests drive, down to each dependency."""
    assert _init(tmp_path / "wyvern") == 0
    site = tmp_path / "wyvern"
    ours = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    package = json.loads((site / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((site / "package-lock.json").read_text(encoding="utf-8"))
    pins = _locked(ours)
    # Exact versions, and nothing of the engine's test tools (axe-core, vnu-jar).
    assert package["devDependencies"] == pins and not package.get("dependencies")
    assert lock["packages"][""]["devDependencies"] == pins, "package-lock.json is not package.json's: run npm install"
    assert _locked(lock) == pins
    # Made from this repository's lock (copy it beside the skeleton's package.json, then
    # npm install --package-lock-only), so no dependency is a version the tests never ran.
    differ = sorted(name for name, entry in lock["packages"].items()
                    if name and entry.get("version") != ours["packages"].get(name, {}).get("version"))
    assert differ == []
    assert "node_modules/" in (site / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_a_new_repository_has_the_editor_off_and_make_edit_runs_it_with_editconf(tmp_path, no_terminal):
    assert _init(tmp_path / "wyvern") == 0
    site = tmp_path / "wyvern"
    # Read as Pelican reads it, from another folder: the editor's packages are looked for
    # in the partnership's folder, wherever the command was run from.
    settings = read_settings(str(site / "pelicanconf.py"))
    assert "admin" in settings["PLUGINS"]
    options = admin_options(settings, options_from(settings).root)
    assert options.enabled is False
    assert options.node_modules == site / "node_modules"
    dry = subprocess.run(["make", "-n", "edit"], cwd=site, capture_output=True, text=True, timeout=60)
    assert dry.returncode == 0, dry.stderr
    assert "npm ci" in dry.stdout and "node node_modules/decap-server/dist/index.js" in dry.stdout
    assert "preview --settings editconf.py" in dry.stdout


@pytest.mark.skipif(not DECAP.is_file(), reason="needs this repository's npm packages (npm ci)")
def test_a_new_repository_builds_the_editor_with_its_editconf(tmp_path, no_terminal):
    """editconf.py (what make edit builds with) turns the editor on; Decap comes from the repository's own
    node_modules, linked into the new one as npm ci would have put it there, so nothing is fetched."""
    assert _init(tmp_path / "wyvern") == 0
    site = tmp_path / "wyvern"
    (site / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    env = {**{k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}, "PYTHONPATH": str(ROOT / "plugins"),
           "EDIT_PORT": "8123"}
    output = tmp_path / "output"
    build = subprocess.run([sys.executable, "-m", "said_and_done", "build", "--settings", "editconf.py",
                            "--output", str(output)], cwd=site, env=env, capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    page = (output / "admin" / "index.html").read_text(encoding="utf-8")
    assert "<title>Edit the register: Wyvern Vale Partnership</title>" in page
    config = yaml.safe_load((output / "admin" / "config.yml").read_text(encoding="utf-8"))
    # The local backend at make edit's port, whatever pelicanconf.py says: trying it never saves elsewhere.
    assert config["backend"]["proxy_url"] == "http://127.0.0.1:8123/api/v1"
    folders = {c.get("folder") for c in config["collections"]}
    assert "data/consultations" in folders
    assert (output / "admin" / "cms" / "decap-cms.js").read_bytes() == DECAP.read_bytes()
    assert "Disallow: /admin/" in (output / "robots.txt").read_text(encoding="utf-8")
    # Never a permanent address: turning the editor off again must not break the build's address check.
    record = subprocess.run([sys.executable, "-m", "permalinks", "record", "--settings", "editconf.py",
                             "--output", str(output)], cwd=site, env=env, capture_output=True, text=True, timeout=300)
    assert record.returncode == 0, record.stdout[-3000:] + record.stderr[-3000:]
    recorded = (site / "data" / "published-urls.txt").read_text(encoding="utf-8").split()
    assert "/consultations/" in recorded and not [url for url in recorded if url.startswith("/admin")]

"""Writes /admin/ when enabled: the page, config.yml, and Decap CMS copied from node_modules.

None of it is announced to Pelican as content: the sitemap lists no /admin/ page,
and the page has no data-pagefind-body, so search never indexes it. robots.txt
asks crawlers to stay out (the core writes it; see ROBOTS_DISALLOW).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from pelican.generators import Generator

from said_and_done.api import BuildFailed, keep_or_write, options_from, schema_folder, unannounced

from .config import admin_config, config_yaml
from .options import admin_options

FOLDER = "admin/"
# The context key the core's robots.txt reads for paths to keep crawlers out of.
ROBOTS_DISALLOW = "robots_disallow"
DECAP = Path("decap-cms") / "dist"
STATIC = Path(__file__).parent / "static"
REFERENCE = ("organisations", "localities", "topics", "audiences", "methods")


def admin_page(partnership: str) -> str:
    # No inline script or style: the page works under a policy that allows only its own files.
    return (
        "<!doctype html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"robots\" content=\"noindex, nofollow\">\n"
        f"<title>Edit the register: {escape(partnership)}</title>\n"
        "<link href=\"config.yml\" type=\"text/yaml\" rel=\"cms-config-url\">\n</head>\n<body>\n"
        "<script src=\"cms/decap-cms.js\"></script>\n<script src=\"admin.js\"></script>\n</body>\n</html>\n"
    )


def decap_files(node_modules: Path) -> list[Path]:
    """Decap's script and the parts it loads when needed (chunks and WebAssembly); not source maps."""
    dist = node_modules / DECAP
    main = dist / "decap-cms.js"
    if not main.is_file():
        raise BuildFailed(
            f"ADMIN is enabled, so the build copies the browser editor from {main}, but that file is not there. "
            "Install the npm packages in the project folder (npm ci, or make edit, which runs it), "
            "or set ADMIN = {\"enabled\": False} in pelicanconf.py.")
    return [main, *sorted(dist.glob("*.decap-cms.js")), *sorted(dist.glob("*.wasm")),
            *sorted(dist.glob("decap-cms.js.LICENSE.txt"))]


def reference_lists(register) -> dict:
    """{file: [(slug, name), ...]} in the order the reference files list them."""
    return {name: [(slug, item.name) for slug, item in getattr(register, name).items()] for name in REFERENCE}


class AdminGenerator(Generator):
    def generate_context(self):
        self.options = admin_options(self.settings, options_from(self.settings).root)
        if self.options.enabled:
            self.context.setdefault(ROBOTS_DISALLOW, []).append("/" + FOLDER)

    def generate_output(self, writer):
        if not self.options.enabled:
            return
        said = options_from(self.settings)
        register = self.context["register"]
        config = admin_config(
            schemas=schema_folder(said.data_path), reference=reference_lists(register),
            backend=self.options.backend, root=said.root, data_path=said.data_path,
            outcomes_path=said.outcomes_path, media_folder=self.options.media_folder)
        files = {
            FOLDER + "index.html": admin_page(said.partnership),
            FOLDER + "config.yml": config_yaml(config),
            FOLDER + "admin.js": (STATIC / "admin.js").read_text(encoding="utf-8"),
        }
        with unannounced():
            for name, text in files.items():
                keep_or_write(self.settings, name, text, lambda text=text: text)
            for path in decap_files(self.options.node_modules):
                stat = path.stat()
                keep_or_write(self.settings, f"{FOLDER}cms/{path.name}", (path.name, stat.st_size, stat.st_mtime_ns),
                              path.read_bytes)

"""The promise checks: no published address may stop working.

- manifest_checks (a register_checks receiver, so it runs in `make check` and in
  every build): every consultation address in the manifest must still be a page
  or a redirect, judged from the records alone, so staff learn before building;
  data/redirects.yaml must make sense; and no line may have been deleted from
  the manifest, since the last commit or by any commit before (git's history of the
  file, read once a build: manifest.manifest_history).
- check_built_site (on Pelican's `finalized`, after every page is written):
  every address in the manifest, or ever in a committed version of it, must exist in
  the built site or be redirected by its `_redirects` file. It raises RecordErrors, so the cli publishes nothing.
"""

from __future__ import annotations

import bisect
import difflib
import logging
from pathlib import Path

from said_and_done.api import ERROR, WARNING, Problem, RecordErrors, current_output, plugin_state, register_own_names

from .hostfiles import ALL_HOST_FILES, NETLIFY_REDIRECTS, old_addresses
from .inputs import KEY, inputs_of
from .manifest import FIELD, exists_in, output_file, published_urls, read_manifest
from .options import permalinks_options
from .redirects import check_redirects, redirect_pages

logger = logging.getLogger(__name__)

RESULTS = "you-said-we-did/"
_MOVED = ("if it moved, keep the old address working: for a renamed consultation add its old id to "
          "`aliases` in the renamed record; for another page add it to data/redirects.yaml")


def current_pages(register) -> set[str]:
    """The addresses the register's own pages have now (lists, consultations, results)."""
    pages = {"/", "/consultations/", "/you-said-we-did/"}
    for c in register.consultations:
        pages.add("/" + c.url)
        if c.has_published_outcome:
            pages.add("/" + c.outcome_url)
    return pages


# Files other plugins make at fixed addresses. Plugins may not import each other
# (pyproject's independent-plugins contract), so they are named here; check_built_site
# compares every redirect with the whole built site, this only lets `make check` say so sooner.
MADE_FILES = frozenset({
    "/sitemap.xml", "/robots.txt", "/calendar.ics", "/feeds/consultations.atom.xml", "/feeds/outcomes.atom.xml",
    "/data/consultations.json", "/data/consultations.csv", "/data/you-said-we-did.csv", "/data/actions.csv",
    "/404.html", *(f"/{name}" for name in ALL_HOST_FILES),
})
MADE_FOLDERS = ("/pagefind/", "/schema/", "/data/openconsult/", "/_nginx/", "/_s3/")
# What a consultation id, or a former id in `aliases`, may not be: a name the site itself uses
# directly under /consultations/, where each id gets its folder (and open_data its <id>.json).
# The register's later pages live at /consultations/page/N/ (as paginate makes them); index
# (index.html, index.json) is a folder's own page to every host; and any file or folder
# another plugin makes under /consultations/ at a fixed address (MADE_FILES, MADE_FOLDERS).
# tests/test_permalinks_reserved.py builds the demo and fails if the site puts anything else there.
_REGISTER = "consultations/"


def reserved_ids() -> set[str]:
    names = register_own_names()
    for made in (*MADE_FILES, *MADE_FOLDERS):
        if made.startswith(f"/{_REGISTER}"):
            names.add(made.removeprefix(f"/{_REGISTER}").split("/", 1)[0].split(".", 1)[0])
    return names


def made_in_advance(settings) -> tuple[frozenset, tuple]:
    static = "/" + settings.get("THEME_STATIC_DIR", "theme").strip("/") + "/"
    return MADE_FILES, (*MADE_FOLDERS, static)


def reserved_id_problems(register) -> list[Problem]:
    """A consultation id or a former id that is a name the site uses under /consultations/ itself."""
    reserved = reserved_ids()
    taken = ", ".join(sorted(reserved))
    problems = [Problem(c.source, 1, 1, "id", (
        f"expected an id that is not a path the site uses itself, found '{c.id}', which would clash with "
        f"/consultations/{c.id}/ ({taken} are taken); rename the file"))
        for c in register.consultations if c.id in reserved]
    for c in register.consultations:
        for i, alias in enumerate(c.aliases):
            if alias in reserved:
                problems.append(register.problem(c.id, ("aliases", i), (
                    f"expected a former id that is not a path the site uses itself, found '{alias}': its redirect "
                    f"would stand at /consultations/{alias}/ ({taken} are taken); remove it from aliases"), ERROR))
    return problems


def manifest_checks(register) -> list[Problem]:
    if not register.settings:
        return []  # loaded outside Pelican (a test calling load_register): no settings, no manifest
    found = inputs_of(register)  # read here, the build's first look; kept for the generator and check_built_site
    manifest = found.manifest
    problems = list(found.problems) + reserved_id_problems(register)
    pages = current_pages(register)
    for r, key, message in check_redirects(found.listed, found.aliases, pages, made_in_advance(register.settings)):
        problems.append(found.redirect_problem(r, key, message))
    history = found.history
    if not manifest.exists and not (history and (history.committed or history.removed)):
        return problems
    problems += manifest.problems
    redirected = {r.source for r in found.redirects}
    problems += _missing_consultation_pages(manifest, register, pages | redirected)
    if history is not None:
        problems += _deleted_since_commit(manifest, history.committed or set())
        problems += _removed_consultation_pages(manifest, history, register, pages | redirected)
        if history.shallow:
            problems.append(Problem(manifest.display, 1, 1, FIELD, (
                "expected the whole git history, to check no commit removed an address, found a shallow clone; "
                "only the commits here were checked (clone with the full history, e.g. fetch-depth: 0 in CI)"),
                WARNING))
    unrecorded = sorted(pages - set(manifest.urls))
    if unrecorded:
        shown = ", ".join(unrecorded[:3]) + (f" and {len(unrecorded) - 3} more" if len(unrecorded) > 3 else "")
        problems.append(Problem(manifest.display, 1, 1, FIELD,
                                f"expected every published address to be listed, found {len(unrecorded)} not yet "
                                f"recorded ({shown}); after the build run make urls and commit {manifest.display}",
                                WARNING))
    return problems


def _missing_consultation_pages(manifest, register, known: set) -> list[Problem]:
    """Manifest addresses under /consultations/ that the records no longer give a page or a redirect.

    Other addresses (and other plugins' files inside a consultation's folder) are
    checked against the built site instead, by check_built_site.
    """
    problems = []
    aliases = {alias: c for c in register.consultations for alias in c.aliases}
    for url in manifest.urls:
        if url in known or not url.startswith("/consultations/"):
            continue
        parts = url.split("/")
        cid = parts[2] if len(parts) > 3 else ""
        if not cid:
            continue
        if cid in register.by_id or cid in aliases:
            c = register.by_id.get(cid) or aliases[cid]
            if url == f"/consultations/{cid}/{RESULTS}":
                label = c.status_label.lower()
                problems.append(manifest.problem(url, (
                    f"expected the results page to stay published, found {c.source} has no published results "
                    f"now (its status is {label}); put back its outcome block, or a published date on or "
                    "before the build date")))
            continue
        close = difflib.get_close_matches(cid, list(register.by_id), n=1, cutoff=0.6)
        hint = (f" If it was renamed to '{close[0]}', add `aliases: [{cid}]` to {register.by_id[close[0]].source}."
                if close else "")
        problems.append(manifest.problem(url, (
            f"expected consultation '{cid}' to still have a page, found no record with that id and none that "
            f"lists it in aliases; {_MOVED}, or restore the record.{hint}")))
    return problems


def _where_it_belongs(manifest, url: str) -> int:
    """The line an address belongs on, between its sorted neighbours."""
    listed = sorted(manifest.urls)
    after = bisect.bisect(listed, url)
    return manifest.urls[listed[after]] if after < len(listed) else max(manifest.urls.values(), default=0) + 1


def _deleted_since_commit(manifest, committed: set) -> list[Problem]:
    return [Problem(manifest.display, _where_it_belongs(manifest, url), 1, url, (
        "expected every address ever published to stay listed, found this line deleted since the last "
        f"commit; put it back (the list only grows: {_MOVED})"), ERROR)
        for url in sorted(committed - set(manifest.urls))]


def _removed_problem(manifest, url: str, removal) -> Problem:
    return Problem(manifest.display, _where_it_belongs(manifest, url), 1, url, (
        f"expected every address ever published to keep working, found it removed from {manifest.display} in "
        f"{removal} and no page or redirect at it now; put the line back in {manifest.display} "
        f"(git show {removal.commit} shows what was removed), and {_MOVED}"), ERROR)


def _removed_consultation_pages(manifest, history, register, known: set) -> list[Problem]:
    """Consultation addresses a commit took out of the manifest that the records no longer serve.

    Judged from the records alone, so `make check` says so before a build; any other
    removed address is checked against the built site (check_built_site).
    """
    aliases = {alias for c in register.consultations for alias in c.aliases}
    problems = []
    for url, removal in sorted(history.removed.items()):
        if url in manifest.urls or url in known or not url.startswith("/consultations/"):
            continue
        parts = url.split("/")
        cid = parts[2] if len(parts) > 3 else ""
        if not cid:
            continue
        # A file of another plugin's inside a consultation's folder is for the built site to show.
        if (cid in register.by_id or cid in aliases) and url not in (f"/consultations/{cid}/",
                                                                     f"/consultations/{cid}/{RESULTS}"):
            continue
        problems.append(_removed_problem(manifest, url, removal))
    return problems


def redirected_in(output: Path) -> set[str]:
    """The old addresses the built site's _redirects file redirects."""
    path = output / NETLIFY_REDIRECTS
    if not path.exists():
        return set()
    return {line.split()[0] for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")}


def built_addresses(output: Path, settings, files=None) -> set[str]:
    """The addresses in a built site that are recorded in the manifest (pages and data files)."""
    options = permalinks_options(settings)
    # The theme's CSS and our own host files are not addresses anyone links to.
    static = settings.get("THEME_STATIC_DIR", "theme").strip("/") + "/"
    return published_urls(output, options.recorded_extensions, options.not_recorded + (static, "_nginx/", "_s3/"), files)


def _redirects_over_built_files(found, settings) -> None:
    """No redirect may stand where the build made a file (a feed, the calendar, a stylesheet):
    its host-file 301 would take the file over. A redirect page of our own must still be ours."""
    store = current_output(settings)
    files = store.all_files()
    own = dict(redirect_pages(found.redirects))
    problems = []
    for r in found.redirects:
        relative = output_file(r.source)
        candidates = {relative} if r.source.endswith("/") else {relative, f"{relative}/index.html"}
        for name in sorted(candidates & set(files)):
            if own.get(name) is r and b'http-equiv="refresh"' in store.read_path(name).read_bytes():
                continue
            problems.append(found.redirect_problem(r, "from", (
                f"expected an old address, found '{r.source}', which the build made ({name}); a redirect "
                "would take it over. Remove this redirect")))
            break
    if problems:
        raise RecordErrors(problems)


def check_built_site(pelican) -> None:
    """After the build: every listed address exists or redirects; warn about new unrecorded ones.

    The manifest is the one the register checks read for this build, handed on by the
    redirects generator in the build's plugin state; read afresh only for a Pelican run
    whose generators did not include this plugin's.
    """
    settings = pelican.settings
    found = plugin_state(settings).pop(KEY, None)
    if found is not None:
        _redirects_over_built_files(found, settings)
    if found is None:
        options = permalinks_options(settings)
        manifest = read_manifest(options.manifest, options.manifest_display)
    else:
        manifest = found.manifest
    if not manifest.exists and not (found is not None and found.history and found.history.removed):
        return
    output = Path(pelican.output_path)
    # Pages kept unchanged from the last build are not in the staging folder: ask the build.
    store = current_output(settings)
    files = store.all_files()
    if found is not None:
        redirected = {old for r in found.redirects for old in old_addresses(r.source)}
    else:
        redirected = redirected_in(store.read_path(NETLIFY_REDIRECTS).parent)
    problems = [manifest.problem(url, f"expected this published address in the built site, found no page and no "
                                      f"redirect; {_MOVED}")
                for url in sorted(manifest.urls) if url not in redirected and not exists_in(output, url, files)]
    history = found.history if found is not None else None
    removed = history.removed if history is not None else {}
    problems += [_removed_problem(manifest, url, removal) for url, removal in sorted(removed.items())
                 if url not in manifest.urls and url not in redirected and not exists_in(output, url, files)]
    if problems:
        raise RecordErrors(problems)
    unrecorded = sorted(built_addresses(output, settings, files) - set(manifest.urls))
    if unrecorded:
        logger.warning("%s: %d published address(es) not yet in the list, e.g. %s; run `make urls` and commit "
                       "the file so they are protected too", manifest.display, len(unrecorded), unrecorded[0])

"""Run a check or a whole build with Pelican, atomically: the engine behind the command line and preview.

A build goes to a fresh folder beside the output; only when everything succeeded
is that folder published as the output, in one step (build/outputs.py,
build/publish.py), so a mistake, or a build killed at any moment, never publishes a
half-built site. Pages whose inputs did not change since the last build are kept,
not rendered again, unless clean.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import shutil
import sys
from pathlib import Path

from ..build import outputs, publish, state
from ..build.fingerprint import build_fingerprint
from ..build.progress import Progress
from ..domain.problems import RecordErrors
from ..hooks import BuildFailed, unkeyed_paths
from .generator import forget_earlier_sitemaps, load
from .options import SettingsError, options_from
from .report import report, settings_problem


def _settings(path, override=None):
    from pelican.settings import read_settings
    return read_settings(str(path), override=override or {})


def _connect_plugins(settings) -> None:
    """Load the configured plugins as a build would, so their register_checks receivers run."""
    from pelican.plugins._utils import load_plugins

    for plugin in load_plugins(settings):
        plugin.register()


def check(settings_path, fmt: str = "text") -> int:
    """Validate every record and write-up; print problems in fmt (site/report.py). 0 clean, 1 errors, 2 settings."""
    try:
        settings = _settings(settings_path)
        _connect_plugins(settings)
        options = options_from(settings)
        register = load(options, settings, render_writeups=False)
    except SettingsError as exc:
        settings_problem(str(settings_path), str(exc), fmt)
        return 2
    except RecordErrors as exc:
        report(exc.problems, fmt)
        return 1
    writeups = sum(1 for c in register.consultations if c.outcome and c.outcome.writeup)
    report(register.warnings, fmt, summary=(
        f"Checked {len(register.consultations)} consultation records and {writeups} write-ups "
        f"against {register.build_date}: no errors, {len(register.warnings)} warning(s)."))
    return 0


def build(settings_path, output=None, timings_file=None, clean=False) -> int:
    """Build into a staging folder, then publish it whole (outputs.OutputStore.commit).

    Incremental unless clean: pages whose inputs did not change since the last build
    into the same output are kept, not rendered again.
    """
    with _fewer_collections():
        return _build(settings_path, output, timings_file, clean)


def _build(settings_path, output, timings_file, clean) -> int:
    settings = _settings(settings_path)
    final = publish.output_path(output or settings["OUTPUT_PATH"])
    with publish.lock(final):
        record = outputs.last_record(final)
        # A clean build will not use the spare build folder (outputs.py): it goes with the rest.
        tidied = publish.tidy(final, keep=set() if clean else outputs.spare_named(final, record))
        if tidied:
            print(f"Removed what an interrupted build left beside {final.name}: {', '.join(tidied)}", file=sys.stderr)
        return _build_locked(settings_path, settings, final, timings_file, clean, record)


def _build_locked(settings_path, settings, final: Path, timings_file, clean, record) -> int:
    from pelican import Pelican

    staging = publish.staging_folder(final)
    # Pelican logs some failures (a plugin that cannot register, for one) and carries
    # on; a site built after any logged error is not published.
    errors_logged = _ErrorCounter({"pelican", *(str(p).split(".")[0] for p in settings.get("PLUGINS", []))})
    logging.getLogger().addHandler(errors_logged)
    store = None
    progress = Progress()

    def discard():
        # Background work (the search index) writes into the staging folder: stop it first.
        if store is not None:
            store.close()
        shutil.rmtree(staging, ignore_errors=True)

    try:
        settings = _settings(settings_path, {"OUTPUT_PATH": str(staging), "DELETE_OUTPUT_DIRECTORY": False})
        options = options_from(settings)
        pelican = Pelican(settings)  # runs every plugin's register(), so unkeyed_inputs has its receivers
        forget_earlier_sitemaps()
        store = outputs.open_store(staging, final, build_fingerprint(
            settings, options.data_path, options.outcomes_path, options.build_date,
            unkeyed_paths(settings)), clean=clean, record=record)
        timings = state.begin(settings, store, progress).timings
        pelican.run()
        if errors_logged.count:
            raise RuntimeError(f"the build logged {errors_logged.count} error(s); see above")
    except RecordErrors as exc:
        discard()
        progress.finish()
        report(exc.problems)
        print(f"The existing {final} was left untouched.", file=sys.stderr)
        return 1
    except SettingsError as exc:
        discard()
        progress.finish()
        print(f"{settings_path}: {exc}\nThe existing {final} was left untouched.", file=sys.stderr)
        return 2
    except BuildFailed as exc:
        discard()
        progress.finish()
        print(f"The build failed: {exc}\nThe existing {final} was left untouched.", file=sys.stderr)
        return 1
    except BaseException:
        discard()
        progress.finish()
        print(f"The build failed; the existing {final} was left untouched.", file=sys.stderr)
        raise
    finally:
        logging.getLogger().removeHandler(errors_logged)
        if store is not None:
            store.close()
    try:
        with timings.phase("publish"):
            counts = store.commit()
    except BaseException:
        progress.finish()
        shutil.rmtree(staging, ignore_errors=True)
        print(f"The build failed while publishing; {final} is still a whole build, the last one published.",
              file=sys.stderr)
        raise
    progress.finish()
    # One summary line, always: what was written and kept, the warnings, the time.
    summary = progress.summary(counts["written"], counts["kept"] + counts["unchanged"],
                               timings.figures.get("warnings", 0))
    print(f"Built {final}: {summary} ({counts['unchanged']} rebuilt unchanged, {counts['deleted']} deleted; "
          f"{timings.summary()})", flush=True)
    if timings_file:
        Path(timings_file).write_text(json.dumps({**timings.seconds, "files": counts, "figures": timings.figures},
                                                 indent=2), encoding="utf-8")
    return 0


@contextlib.contextmanager
def _fewer_collections():
    """Run Python's cycle collector less often while a build runs.

    A build holds every record and page object it made until it ends, and the
    collector's default (a pass every 700 new objects) walks them over and over: on
    10,000 records that was 2 of the 12 s a rebuild took, and writing the record of
    the output at the end another 0.7 s of a rebuild with nothing changed. Collections still happen
    (every 50,000 objects), so memory stays as it was (measured: the same peak,
    cold); turning the collector off instead took 75 % more memory and no less time.
    """
    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


class _ErrorCounter(logging.Handler):
    """Counts errors logged by Pelican and the configured plugins.

    Only theirs: an unrelated library logging an error in the same process (asyncio
    tidying up after a test's browser, say) says nothing about the site.
    """

    def __init__(self, sources: set):
        super().__init__(level=logging.ERROR)
        self.sources = sources
        self.count = 0

    def emit(self, record):
        if record.name.split(".")[0] in self.sources:
            self.count += 1

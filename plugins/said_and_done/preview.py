"""`make preview`: build, serve the site locally, and build again each time a file is saved.

For communications staff checking an edit before they commit it. The site is served
at http://127.0.0.1:8000/ by Python's own web server, in a process of its own; this
process watches the records, write-ups, pages and theme (watchfiles, which Pelican
itself uses) and, on each change, builds exactly as `make html` does: into a
staging folder, publishing only if everything passed, so a mistake is listed with
its file and line and the page in the browser stays as it was.

Each build runs in a forked copy of this process, which already has Pelican, the
plugins, their libraries and the plain-English dictionary loaded (a one-shot
`make html` spends over a second on that before it reads a record), and which
exits when the build ends: no state from one build can leak into the next. A
change to plugin code or the settings file restarts the whole preview, so the
new code is what builds.
"""

from __future__ import annotations

import importlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .options import options_from

# Libraries the plugins load lazily on their first use in a build; loaded once here so
# every forked build starts with them (textstat's dictionary alone is 0.7 s).
_WARM_UP = ("pelican", "jinja2", "markdown", "nh3", "icalendar", "feedparser", "textstat", "jsonschema_rs")


def watched_paths(settings: dict, settings_path: Path) -> tuple[list, list]:
    """(folders and files whose change means a rebuild, those whose change means a restart)."""
    options = options_from(settings)
    rebuild = {Path(settings["PATH"]), Path(options.data_path), Path(settings["THEME"])}
    if options.outcomes_path:
        rebuild.add(Path(options.outcomes_path))
    restart = {settings_path.resolve()}
    restart.update(Path(p) for p in settings.get("PLUGIN_PATHS", []))
    return sorted(p.resolve() for p in rebuild if p.exists()), sorted(p.resolve() for p in restart if p.exists())


def _warm_up(settings) -> None:
    from pelican.plugins._utils import load_plugins

    for name in _WARM_UP:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    load_plugins(settings)  # imports every plugin module
    try:
        from textstat.backend.utils._get_cmudict import get_cmudict
        get_cmudict("en_US")
    except Exception:  # noqa: BLE001 - only a head start: another textstat loads it in the first build instead
        pass


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def build_in_fork(settings_path: Path, output: Path) -> int:
    """One build, as `said_and_done build` runs it, in a forked copy of this process; its exit code."""
    from . import cli

    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the copy: build, then leave without tidying up what the parent owns
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        code = 1
        try:
            code = cli.build(settings_path, output)
        except BaseException:
            import traceback
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def _serve(output: Path, port: int, bind: str) -> subprocess.Popen:
    output.mkdir(parents=True, exist_ok=True)
    # --directory is a path resolved on every request, so a first build's swapped-in folder is served too.
    return subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", bind, "--directory", str(output)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _relative(paths, root: Path) -> str:
    """The changed files, for the message: an editor's or sed's temporary files (no suffix) left out."""
    shown = []
    for p in sorted(p for p in paths if p.suffix) or sorted(paths):
        try:
            shown.append(str(Path(p).relative_to(root)))
        except ValueError:
            shown.append(str(p))
    return ", ".join(shown[:3]) + (f" and {len(shown) - 3} more" if len(shown) > 3 else "")


def preview(settings_path, output=None, port: int = 8000, bind: str = "127.0.0.1") -> int:
    import watchfiles

    from . import cli

    settings_path = Path(settings_path).resolve()
    settings = cli._settings(settings_path)
    output = Path(output or settings["OUTPUT_PATH"]).resolve()
    rebuild, restart = watched_paths(settings, settings_path)
    root = settings_path.parent
    _warm_up(settings)

    started = time.perf_counter()
    code = build_in_fork(settings_path, output)
    print(f"First build {'done' if code == 0 else 'failed'} in {time.perf_counter() - started:.1f} s.", flush=True)
    server = _serve(output, port, bind)
    print(f"Serving {output} at http://{bind}:{port}/ - save a record, write-up or template to build again; "
          "Ctrl+C stops.", flush=True)

    stop = signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as Ctrl+C does, server and all
    try:
        for changes in watchfiles.watch(*rebuild, *restart, debounce=400, step=50, raise_interrupt=False):
            changed = {Path(path) for _, path in changes}
            if any(p == r or r in p.parents for p in changed for r in restart):
                print(f"Changed: {_relative(changed, root)}. Code or settings changed: restarting the preview.",
                      flush=True)
                server.terminate()
                server.wait()
                os.execv(sys.executable, [sys.executable, "-m", "said_and_done", "preview", "--settings",
                                          str(settings_path), "--output", str(output), "--port", str(port),
                                          "--bind", bind])
            started = time.perf_counter()
            code = build_in_fork(settings_path, output)
            outcome = "published" if code == 0 else "NOT published: see the error(s) above"
            print(f"Changed: {_relative(changed, root)}. Built in {time.perf_counter() - started:.1f} s, {outcome}.",
                  flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, stop)
        server.terminate()
        server.wait()
    print("Preview stopped.", flush=True)
    return 0

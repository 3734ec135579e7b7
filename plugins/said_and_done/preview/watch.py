"""`make preview`: build, serve the site locally, and build again each time a file is saved.

For communications staff checking an edit before they commit it. The site is served
at http://127.0.0.1:8000/ by Python's own web server, in a process of its own; this
process watches the records, write-ups, pages and theme (watchfiles, which Pelican
itself uses) and, on each change, builds exactly as `make html` does: into a
staging folder, publishing only if everything passed, so a mistake is listed with
its file and line and the page in the browser stays as it was.

Each build runs in a forked copy of this process, which already has Pelican, the
plugins, their libraries and the plain-English dictionary loaded (a one-shot
`make html` spends over a second on that before it reads a record). A build that
publishes stays alive as the resident (resident.py): when the next save touches
only records or write-ups, the resident shows their own pages within a second (a
"first look", served in front of the site) while the full build runs. No state
from one build passes into the next: each is forked from this process, not from the
resident. A change to plugin code or the settings file restarts the whole preview,
so the new code is what builds.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from ..build import publish
from ..site.options import options_from
from . import resident

# Libraries the plugins load lazily on their first use in a build; loaded once here so
# every forked build starts with them (textstat's dictionary alone is 0.7 s).
_WARM_UP = ("pelican", "jinja2", "markdown", "nh3", "icalendar", "feedparser", "textstat", "jsonschema_rs")


# How long the watcher waits for a change before answering "nothing yet" (ms). Its first
# answer tells the preview it is watching; the later ones are ignored.
READY_MS = 250


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
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    load_plugins(settings)  # imports every plugin module
    try:
        from textstat.backend.utils._get_cmudict import get_cmudict
        get_cmudict("en_US")
    except Exception:  # noqa: BLE001 - only a head start: another textstat loads it in the first build instead
        pass


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _serve(output: Path, first_look: Path, port: int, bind: str) -> tuple[subprocess.Popen, int]:
    """Start the web server; returns it and its port (port 0 asks for any free one).

    The listening socket is opened here and handed to the server process, so the
    address answers from the moment this returns (a request made before the server
    process has started waits in the socket's queue instead of being refused), and a
    port taken by something else fails here, before "Serving" is printed."""
    output.mkdir(parents=True, exist_ok=True)
    listener = socket.create_server((bind, port))
    try:
        # --directory is the output symlink, followed on every request, so each build is served once published.
        server = subprocess.Popen([sys.executable, "-m", "said_and_done.preview.server",
                                   "--listen-fd", str(listener.fileno()), "--bind", bind,
                                   "--directory", str(output), "--first-look", str(first_look)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  pass_fds=[listener.fileno()])
        return server, listener.getsockname()[1]
    finally:
        listener.close()  # the server process holds its own copy: when it stops, the port is free


def _show_first_look(staying, records: list, root: Path, port: int, bind: str) -> None:
    """Ask the resident build for the edited records' own pages, and say where they are."""
    look = staying.first_look(records)
    if not look or look.get("error"):
        return  # no answer in time, or it could not: the full build shows the edit
    if look["problems"]:
        print(f"{len(look['problems'])} error(s) in {_relative(records, root)} (the build below lists every problem):",
              flush=True)
        for problem in look["problems"]:
            print(f"  {problem}", flush=True)
    elif look["pages"]:
        addresses = " ".join(f"http://{bind}:{port}{page}" for page in look["pages"])
        print(f"First look in {look['seconds']:.1f} s: {addresses} (building the rest of the site)", flush=True)


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

    from ..site import run

    settings_path = Path(settings_path).resolve()
    settings = run._settings(settings_path)
    output = publish.output_path(output or settings["OUTPUT_PATH"])  # the symlink, not the folder it names now
    rebuild, restart = watched_paths(settings, settings_path)
    root = settings_path.parent
    _warm_up(settings)

    first_look = resident.first_look_folder(output)
    resident.clear(first_look)
    started = time.perf_counter()
    code, staying = resident.build(settings_path, output, first_look)
    print(f"First build {'done' if code == 0 else 'failed'} in {time.perf_counter() - started:.1f} s.", flush=True)
    server, port = _serve(output, first_look, port, bind)

    stop = signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as Ctrl+C does, server and all
    serving = (f"Serving {output} at http://{bind}:{port}/ - save a record, write-up or template to build again; "
               "Ctrl+C stops.")
    try:
        # "Serving" is said once the site answers and the watcher is watching, so a file saved
        # after it is never missed: the watcher starts inside the first step of this loop, and
        # its first answer (a change, or nothing within READY_MS) comes after it has started.
        for changes in watchfiles.watch(*rebuild, *restart, debounce=400, step=50, raise_interrupt=False,
                                        rust_timeout=READY_MS, yield_on_timeout=True):
            if serving:
                print(serving, flush=True)
                serving = ""
            if not changes:
                continue
            changed = {Path(path) for _, path in changes}
            if any(p == r or r in p.parents for p in changed for r in restart):
                print(f"Changed: {_relative(changed, root)}. Code or settings changed: restarting the preview.",
                      flush=True)
                server.terminate()
                server.wait()
                if staying:
                    staying.close()
                os.execv(sys.executable, [sys.executable, "-m", "said_and_done", "preview", "--settings",
                                          str(settings_path), "--output", str(output), "--port", str(port),
                                          "--bind", bind])
            started = time.perf_counter()
            records = resident.only_records(changed, settings)
            if staying and records:
                resident.clear(first_look)
                _show_first_look(staying, records, root, port, bind)
            code, built = resident.build(settings_path, output, first_look, living=[staying] if staying else [])
            if code == 0:
                if staying:
                    staying.close()
                staying = built
            # Published or not, the site served is now what the last good build made.
            resident.clear(first_look)
            outcome = "published" if code == 0 else "NOT published: see the error(s) above"
            print(f"Changed: {_relative(changed, root)}. Built in {time.perf_counter() - started:.1f} s, {outcome}.",
                  flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, stop)
        server.terminate()
        server.wait()
        if staying:
            staying.close()
        resident.clear(first_look)
    print("Preview stopped.", flush=True)
    return 0

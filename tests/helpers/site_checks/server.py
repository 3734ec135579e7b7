"""Serve a built site on an ephemeral loopback port, as a resident's browser would get it;
or find a free loopback port for a server a test starts itself (the preview)."""

from __future__ import annotations

import contextlib
import functools
import socket
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _Handler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        # LinkChecker limits itself to a few requests a second per host unless the
        # server says it welcomes it; this is our own loopback server, so it does.
        self.send_header("LinkChecker", "welcome")
        super().end_headers()


@contextlib.contextmanager
def served(root: Path):
    """Yields the base URL (no trailing slash) of `root` served over HTTP on 127.0.0.1."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def serve(root: Path):
    """Serve a folder on an ephemeral loopback port in a thread; returns (server, base_url)."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

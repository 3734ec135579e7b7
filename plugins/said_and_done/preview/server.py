"""The preview's web server: the built site, with first-look pages in front of it.

    python -m said_and_done.preview.server PORT --bind 127.0.0.1 --directory output --first-look FOLDER
    python -m said_and_done.preview.server --listen-fd FD --directory output --first-look FOLDER

(the second serves on a listening socket the preview opened and handed over, see watch.py)

Python's own file server, with one difference: a page that is in the first-look
folder (an edited record's pages, rendered at once by the resident build, see
resident.py) is served from there, and everything else from the built site. The
folder is emptied when the full build publishes, so it never outlives the build
that makes its pages part of the site.
"""

from __future__ import annotations

import argparse
import functools
import os
import socket
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer


class FirstLookHandler(SimpleHTTPRequestHandler):
    first_look: str = ""

    def translate_path(self, path: str) -> str:
        site = self.directory
        try:
            self.directory = self.first_look
            candidate = super().translate_path(path)
        finally:
            self.directory = site
        if os.path.isfile(candidate) or os.path.isfile(os.path.join(candidate, "index.html")):
            return candidate
        return super().translate_path(path)

    def end_headers(self):
        # A page can change under the same address between saves: have the browser ask again each time.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - the signature http.server gives
        pass  # staff watch the build's messages, not every request


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("port", type=int, nargs="?")
    parser.add_argument("--listen-fd", type=int, help="serve on this already listening socket instead of a port")
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--directory", required=True)
    parser.add_argument("--first-look", required=True)
    args = parser.parse_args(argv)
    if (args.port is None) == (args.listen_fd is None):
        parser.error("give either a port or --listen-fd")
    handler = type("Handler", (FirstLookHandler,), {"first_look": os.path.abspath(args.first_look)})
    handler = functools.partial(handler, directory=args.directory)
    if args.listen_fd is None:
        server = ThreadingHTTPServer((args.bind, args.port), handler)
    else:
        server = ThreadingHTTPServer((args.bind, 0), handler, bind_and_activate=False)
        server.socket.close()
        server.socket = socket.socket(fileno=args.listen_fd)
        server.server_address = server.socket.getsockname()
        server.server_name, server.server_port = server.server_address[:2]
    with server:
        server.serve_forever()


if __name__ == "__main__":
    main()

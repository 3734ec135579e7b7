"""The preview's web server: the built site, with first-look pages in front of it.

    python -m said_and_done.preview.server PORT --bind 127.0.0.1 --directory output --first-look FOLDER

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
    parser.add_argument("port", type=int)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--directory", required=True)
    parser.add_argument("--first-look", required=True)
    args = parser.parse_args(argv)
    handler = type("Handler", (FirstLookHandler,), {"first_look": os.path.abspath(args.first_look)})
    with ThreadingHTTPServer((args.bind, args.port), functools.partial(handler, directory=args.directory)) as server:
        server.serve_forever()


if __name__ == "__main__":
    main()

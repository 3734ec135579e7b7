"""Configuration files for static hosts, written into the built site.

- `_redirects` and `_headers`: Netlify's format, also read by Cloudflare Pages.
- `_nginx/redirects.map` and `_nginx/security-headers.conf`: for nginx, to
  `include` (README, "Serving the site", shows where).

Every redirect also has an HTML page at its old address, so hosts that read
none of these files still send people on; the host files make it a real 301.
"""

from __future__ import annotations

NETLIFY_REDIRECTS = "_redirects"
NETLIFY_HEADERS = "_headers"
NGINX_REDIRECTS = "_nginx/redirects.map"
NGINX_HEADERS = "_nginx/security-headers.conf"
HOST_FILES = (NETLIFY_REDIRECTS, NETLIFY_HEADERS, NGINX_REDIRECTS, NGINX_HEADERS)

_REDIRECTS_NOTE = ("# Written by the permalinks plugin on every build from the records' aliases and "
                   "data/redirects.yaml; change those, not this file.\n")
_HEADERS_NOTE = ("# Written by the permalinks plugin on every build; change PERMALINKS['headers'] in "
                 "pelicanconf.py, not this file.\n")


def _old_addresses(source: str) -> list[str]:
    # /consultations/old/ is also asked for as /consultations/old.
    return [source, source.rstrip("/")] if source.endswith("/") and source != "/" else [source]


def netlify_redirects(redirects) -> str:
    lines = [_REDIRECTS_NOTE, "# 301! answers with the redirect even though a redirect page exists at the old address.\n"]
    for r in sorted(redirects, key=lambda r: r.source):
        for old in _old_addresses(r.source):
            lines.append(f"{old} {r.target} 301!\n")
    return "".join(lines)


def nginx_redirects_map(redirects) -> str:
    lines = [_REDIRECTS_NOTE,
             "# The entries of a map from $uri; in the http block:\n",
             "#   map $uri $said_and_done_redirect { default \"\"; include /path/to/site/_nginx/redirects.map; }\n",
             "# and in the server block:\n",
             "#   if ($said_and_done_redirect) { return 301 $said_and_done_redirect; }\n"]
    for r in sorted(redirects, key=lambda r: r.source):
        for old in _old_addresses(r.source):
            lines.append(f"\"{old}\" \"{r.target}\";\n")
    return "".join(lines)


def netlify_headers(headers: dict) -> str:
    lines = [_HEADERS_NOTE, "/*\n"]
    lines += [f"  {name}: {value}\n" for name, value in headers.items()]
    return "".join(lines)


def nginx_headers(headers: dict) -> str:
    lines = [_HEADERS_NOTE,
             "# include in the server block. nginx drops these in any location that has add_header of its own.\n"]
    lines += [f"add_header {name} \"{value}\" always;\n" for name, value in headers.items()]
    return "".join(lines)


def host_files(redirects, headers: dict) -> dict[str, str]:
    return {
        NETLIFY_REDIRECTS: netlify_redirects(redirects),
        NETLIFY_HEADERS: netlify_headers(headers),
        NGINX_REDIRECTS: nginx_redirects_map(redirects),
        NGINX_HEADERS: nginx_headers(headers),
    }

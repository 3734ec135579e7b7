"""Configuration files for the host the site is published on (the HOSTING setting), written into the built site.

Only the chosen host's files are written, so nothing meant for another host is
served as a public file:

- `github-pages`, `gitlab-pages`: none. Neither host lets a site set headers or
  answer with a 301 for a path that has a file (GitLab serves the file first), so
  redirects are the HTML pages at each old address (meta refresh, rel=canonical)
  and the security headers cannot be sent (docs/operating.md lists them).
- `netlify`: `_redirects` (`301!`: answer with the redirect although a page exists)
  and `_headers`.
- `cloudflare-pages`: `_redirects` (its redirects come before files; `!` is
  Netlify's alone) and `_headers`, in the same format.
- `nginx`: `_nginx/redirects.map`, `_nginx/security-headers.conf` and
  `_nginx/cors.conf`, to `include` (docs/operating.md shows where).
- `apache`: `.htaccess` (mod_alias redirects, mod_headers headers, the 404 page).
- `s3`: `_s3/website.json`, the bucket's website configuration (index and error
  documents, up to 50 redirect rules), which `make s3_upload` applies and does not upload.

Every redirect also has an HTML page at its old address, so a host that reads none
of these still sends people on; the host files make it a real 301.
"""

from __future__ import annotations

import json
import re

HOSTS = ("github-pages", "gitlab-pages", "netlify", "cloudflare-pages", "nginx", "apache", "s3")
NETLIFY_REDIRECTS = "_redirects"
NETLIFY_HEADERS = "_headers"
NGINX_REDIRECTS = "_nginx/redirects.map"
NGINX_HEADERS = "_nginx/security-headers.conf"
NGINX_CORS = "_nginx/cors.conf"
APACHE = ".htaccess"
S3_WEBSITE = "_s3/website.json"
# Every name any host's files take: a redirect may never replace one, whichever host is chosen.
ALL_HOST_FILES = (NETLIFY_REDIRECTS, NETLIFY_HEADERS, NGINX_REDIRECTS, NGINX_HEADERS, NGINX_CORS, APACHE, S3_WEBSITE)
# S3 refuses a website configuration with more routing rules than this.
S3_MAX_RULES = 50

# Files partners' own web pages may fetch (Access-Control-Allow-Origin: *): the open data,
# its schemas, feeds and calendars. Nothing on the site is private and no cookies are used.
CORS_PATHS = ("/data/*", "/schema/*", "/feeds/*", "/calendar.ics", "/consultations/*", "/localities/*",
              "/organisations/*", "/topics/*", "/audiences/*", "/reports/*")
CORS_EXTENSIONS = ("json", "csv", "ics", "xml")
CORS = {"Access-Control-Allow-Origin": "*"}

_REDIRECTS_NOTE = ("# Written by the permalinks plugin on every build from the records' aliases and "
                   "data/redirects.yaml; change those, not this file.\n")
_HEADERS_NOTE = ("# Written by the permalinks plugin on every build; change PERMALINKS['headers'] in "
                 "pelicanconf.py, not this file.\n")
_CORS_PATTERN = r"\.(" + "|".join(CORS_EXTENSIONS) + r")$"


def old_addresses(source: str) -> list[str]:
    # /consultations/old/ is also asked for as /consultations/old.
    return [source, source.rstrip("/")] if source.endswith("/") and source != "/" else [source]


def _sorted(redirects):
    return sorted(redirects, key=lambda r: r.source)


def pages_redirects(redirects, force: bool) -> str:
    """_redirects for Netlify (force: `301!`, the redirect wins over the page there) or Cloudflare Pages."""
    code = "301!" if force else "301"
    lines = [_REDIRECTS_NOTE]
    if force:
        lines.append("# 301! answers with the redirect even though a redirect page exists at the old address.\n")
    for r in _sorted(redirects):
        for old in old_addresses(r.source):
            lines.append(f"{old} {r.target} {code}\n")
    return "".join(lines)


def pages_headers(headers: dict) -> str:
    lines = [_HEADERS_NOTE, "/*\n"]
    lines += [f"  {name}: {value}\n" for name, value in headers.items()]
    for path in CORS_PATHS:
        lines.append(f"{path}\n")
        lines += [f"  {name}: {value}\n" for name, value in CORS.items()]
    return "".join(lines)


def nginx_redirects_map(redirects) -> str:
    lines = [_REDIRECTS_NOTE,
             "# The entries of a map from $uri; in the http block:\n",
             "#   map $uri $said_and_done_redirect { default \"\"; include /path/to/site/_nginx/redirects.map; }\n",
             "# and in the server block:\n",
             "#   if ($said_and_done_redirect) { return 301 $said_and_done_redirect; }\n"]
    for r in _sorted(redirects):
        for old in old_addresses(r.source):
            lines.append(f"\"{old}\" \"{r.target}\";\n")
    return "".join(lines)


def nginx_headers(headers: dict) -> str:
    lines = [_HEADERS_NOTE,
             "# include in the server block. nginx drops these in any location that has add_header of its own,\n",
             "# so cors.conf includes this file again. Keep _nginx/ itself private:\n",
             "#   location ^~ /_nginx/ { return 404; }\n"]
    lines += [f"add_header {name} \"{value}\" always;\n" for name, value in headers.items()]
    return "".join(lines)


def nginx_cors() -> str:
    return "".join([
        _HEADERS_NOTE,
        "# include in the server block, after security-headers.conf: data files, feeds and calendars\n",
        "# may be fetched by partners' web pages.\n",
        f"location ~* {_CORS_PATTERN} {{\n",
        "    include /path/to/site/_nginx/security-headers.conf;\n",
        *[f"    add_header {name} \"{value}\" always;\n" for name, value in CORS.items()],
        "}\n",
    ])


def apache_htaccess(redirects, headers: dict) -> str:
    lines = [_REDIRECTS_NOTE, _HEADERS_NOTE,
             "ErrorDocument 404 /404.html\n",
             "<IfModule mod_headers.c>\n"]
    lines += [f"  Header always set {name} \"{value}\"\n" for name, value in headers.items()]
    lines.append(f"  <FilesMatch \"{_CORS_PATTERN}\">\n")
    lines += [f"    Header set {name} \"{value}\"\n" for name, value in CORS.items()]
    lines += ["  </FilesMatch>\n", "</IfModule>\n", "<IfModule mod_alias.c>\n"]
    for r in _sorted(redirects):
        # RedirectMatch, not Redirect: Redirect matches a prefix, so /consultations/old
        # would also send /consultations/older-plans/ away.
        old = re.escape(r.source.rstrip("/"))
        tail = "/?" if r.source.endswith("/") and r.source != "/" else ""
        lines.append(f"  RedirectMatch permanent ^{old}{tail}$ {r.target}\n")
    lines.append("</IfModule>\n")
    return "".join(lines)


def s3_website(redirects) -> str:
    """The bucket's website configuration; redirect rules only when all of them fit (S3_MAX_RULES)."""
    config = {"IndexDocument": {"Suffix": "index.html"}, "ErrorDocument": {"Key": "404.html"}}
    internal = [r for r in _sorted(redirects) if r.target.startswith("/")]
    if internal and len(internal) <= S3_MAX_RULES:
        # Longest first: S3 takes the first rule whose prefix matches.
        config["RoutingRules"] = [
            {"Condition": {"KeyPrefixEquals": r.source.lstrip("/")},
             "Redirect": {"ReplaceKeyWith": r.target.lstrip("/"), "HttpRedirectCode": "301"}}
            for r in sorted(internal, key=lambda r: (-len(r.source), r.source))]
    return json.dumps(config, indent=2) + "\n"


def host_files(hosting: str, redirects, headers: dict) -> dict[str, str]:
    """The files the chosen host reads, by output path; {} for hosts that read none."""
    if hosting == "netlify":
        return {NETLIFY_REDIRECTS: pages_redirects(redirects, force=True), NETLIFY_HEADERS: pages_headers(headers)}
    if hosting == "cloudflare-pages":
        return {NETLIFY_REDIRECTS: pages_redirects(redirects, force=False), NETLIFY_HEADERS: pages_headers(headers)}
    if hosting == "nginx":
        return {NGINX_REDIRECTS: nginx_redirects_map(redirects), NGINX_HEADERS: nginx_headers(headers),
                NGINX_CORS: nginx_cors()}
    if hosting == "apache":
        return {APACHE: apache_htaccess(redirects, headers)}
    if hosting == "s3":
        return {S3_WEBSITE: s3_website(redirects)}
    return {}

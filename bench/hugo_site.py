"""The peer site: the same synthetic records as a Hugo site, for bench/peer.py.

What a partnership's web developer would build instead of Said & Done: one Markdown
page per consultation with YAML front matter, taxonomies for localities, topics and
organisations, lists paged by 20, and a minimal layout whose consultation pages mark
their main content for Pagefind (data-pagefind-body), as Said & Done's do. The body
holds the same words Said & Done publishes for a record: summary, what people said
and what was done, and the write-up. Only the standard library and PyYAML, so the
test can check the generated input without Hugo installed.
"""

from __future__ import annotations

from pathlib import Path

import yaml

# Hugo 0.111's names: `paginate` (later versions call it pagination.pagerSize).
CONFIG = """\
baseURL = "/"
title = "Consultations (Hugo peer)"
languageCode = "en-gb"
paginate = 20
# Said & Done lists consultations that open later ("coming up"): Hugo leaves future-dated pages out unless told.
buildFuture = true
disableKinds = ["RSS", "sitemap", "robotsTXT"]
enableRobotsTXT = false

[taxonomies]
  locality = "localities"
  topic = "topics"
  organisation = "organisations"
"""

BASEOF = """\
<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}</title></head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav><a href="{{ "/localities/" | relURL }}">Places</a> <a href="{{ "/topics/" | relURL }}">Topics</a>
<a href="{{ "/organisations/" | relURL }}">Organisations</a></nav></header>
{{ block "main" . }}{{ end }}
</body>
</html>
"""

LIST_BODY = """\
<main><h1>{{ .Title }}</h1>
<ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2 January 2006" }}</li>{{ end }}</ul>
{{ template "_internal/pagination.html" . }}</main>
"""

LAYOUTS = {
    "_default/baseof.html": BASEOF,
    "_default/single.html": """\
{{ define "main" }}<main data-pagefind-body><h1>{{ .Title }}</h1>
<p>Opens {{ .Date.Format "2 January 2006" }}.
{{ with .Params.localities }}Places: {{ range . }}<a href="{{ (printf "/localities/%s/" (. | urlize)) | relURL }}">{{ . }}</a> {{ end }}{{ end }}
{{ with .Params.topics }}Topics: {{ range . }}<a href="{{ (printf "/topics/%s/" (. | urlize)) | relURL }}">{{ . }}</a> {{ end }}{{ end }}
{{ with .Params.organisations }}Organisations: {{ range . }}<a href="{{ (printf "/organisations/%s/" (. | urlize)) | relURL }}">{{ . }}</a> {{ end }}{{ end }}</p>
{{ .Content }}</main>{{ end }}
""",
    "_default/list.html": '{{ define "main" }}' + LIST_BODY + "{{ end }}\n",
    "_default/terms.html": """\
{{ define "main" }}<main><h1>{{ .Title }}</h1><ul>
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}
</ul></main>{{ end }}
""",
    "index.html": '{{ define "main" }}<main><h1>{{ site.Title }}</h1>\n'
                  '<ul>{{ range first 20 (where site.RegularPages "Section" "consultations") }}'
                  '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>'
                  '<p><a href="{{ "/consultations/" | relURL }}">Every consultation</a></p></main>{{ end }}\n',
}


def _body(data: dict, writeup: str | None) -> str:
    parts = [data["summary"]]
    outcome = data.get("outcome") or {}
    if outcome:
        parts.append("## What you said, what we did")
        parts.append(outcome.get("summary", ""))
        for theme in outcome.get("you_said", []):
            parts += [f"### {theme['theme']}", theme["said"], theme["we_did"], theme.get("reason", "")]
    if writeup:
        parts.append(writeup.split("\n\n", 1)[1] if "\n\n" in writeup else writeup)
    return "\n\n".join(p for p in parts if p)


def front_matter(data: dict, names: dict) -> dict:
    """The page's front matter: title, date and the three taxonomies, by display name."""
    localities = data["localities"]
    localities = ["Whole area"] if localities == "all" else [names["localities"][s] for s in localities]
    organisations = [data["lead_organisation"], *data.get("partners", [])]
    return {
        "title": data["title"],
        "date": str(data["dates"]["opens"]),
        "summary": data["summary"],
        "localities": localities,
        "topics": [names["topics"][s] for s in data["topics"]],
        "organisations": [names["organisations"][s] for s in organisations],
    }


def page_text(data: dict, writeup: str | None, names: dict) -> str:
    matter = yaml.safe_dump(front_matter(data, names), sort_keys=False, allow_unicode=True)
    return f"---\n{matter}---\n\n{_body(data, writeup)}\n"


def reference_names(project: Path) -> dict:
    """slug -> name for localities, topics and organisations, from the project's reference data."""
    names = {}
    for kind in ("localities", "topics", "organisations"):
        items = yaml.safe_load((project / "data" / f"{kind}.yaml").read_text(encoding="utf-8"))
        names[kind] = {item["slug"]: item["name"] for item in items}
    return names


def record_page(project: Path, record: Path, names: dict) -> str:
    data = yaml.load(record.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    writeup_path = project / "content" / "outcomes" / f"{record.stem}.md"
    writeup = writeup_path.read_text(encoding="utf-8") if writeup_path.exists() else None
    return page_text(data, writeup, names)


def write_hugo_site(project: Path, site: Path) -> Path:
    """A Hugo site in `site` made from the records and write-ups of the Said & Done project `project`."""
    (site / "content" / "consultations").mkdir(parents=True, exist_ok=True)
    (site / "config.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in LAYOUTS.items():
        path = site / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (site / "content" / "consultations" / "_index.md").write_text("---\ntitle: Consultations\n---\n", encoding="utf-8")
    names = reference_names(project)
    for record in sorted((project / "data" / "consultations").glob("*.yaml")):
        update_page(project, site, record, names)
    return site


def update_page(project: Path, site: Path, record: Path, names: dict | None = None) -> Path:
    """Write (again) the Hugo page for one record, after an edit."""
    page = site / "content" / "consultations" / f"{record.stem}.md"
    page.write_text(record_page(project, record, names or reference_names(project)), encoding="utf-8")
    return page

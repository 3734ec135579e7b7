"""Turn staff-written Markdown into safe HTML.

Write-ups come from many hands, so their HTML passes an allow-list sanitiser:
no script, no event attributes, no javascript: or data: links, no iframes.
"""

from __future__ import annotations

from functools import lru_cache

import markdown
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "strong",
    "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
    "*": {"lang", "dir"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )


@lru_cache(maxsize=8)
def _converter(heading_level: int) -> markdown.Markdown:
    # Building a Markdown instance costs as much as converting a page; reuse one per level.
    return markdown.Markdown(
        extensions=["extra", "sane_lists", "toc"],
        extension_configs={"toc": {"baselevel": heading_level, "anchorlink": False, "permalink": False}},
        output_format="html",
    )


def render_markdown(text: str, heading_level: int = 2) -> str:
    """Markdown to sanitised HTML; `#` becomes <h{heading_level}>, so a write-up's `##` sections nest under the page's own h2."""
    md = _converter(heading_level)
    try:
        return sanitise(md.convert(text))
    finally:
        md.reset()

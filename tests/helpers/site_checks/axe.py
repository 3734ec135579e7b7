"""axe-core, from node_modules (installed by make from package-lock.json), run inside real pages."""

from __future__ import annotations

from ..site import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2 at levels A and AA: what the Public Sector Bodies Accessibility
# Regulations hold us to. (axe tags each rule with the version that introduced it.)
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def run_axe(page, tags=WCAG_AA_TAGS, rules=None) -> list[dict]:
    """The violations axe finds in the page as it is now rendered."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    options = {"resultTypes": ["violations"]}
    options["runOnly"] = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": list(tags)}
    return page.evaluate("options => axe.run(document, options).then(r => r.violations)", options)


def describe(url: str, violations: list[dict]) -> list[str]:
    """One readable line per failing element: where, which rule, what to fix."""
    lines = []
    for v in violations:
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            html = " ".join(node["html"].split())[:200]
            lines.append(f"{url}: {v['id']} ({v.get('impact')}): {v['help']}\n"
                         f"    at {target}\n    {html}\n    {' '.join(node.get('failureSummary', '').split())}")
    return lines

"""data/groups.yaml read and checked, as the core checks its reference files.

The file is optional: a partnership that lists no standing groups has no page for them.
Problems name the file, line and field; partner and locality slugs are checked
against data/organisations.yaml and data/localities.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from said_and_done.api import display_path, load_yaml, options_from, schema_check, schema_folder

FILE = "groups.yaml"
KINDS = {
    "citizens-panel": "Citizens' panel",
    "youth-council": "Youth council",
    "tenant-panel": "Tenant panel",
    "neighbourhood-meeting": "Neighbourhood meeting",
    "pact": "Police and communities together (PACT)",
    "forum": "Forum",
    "other": "Group",
}


@dataclass(frozen=True)
class Group:
    slug: str
    name: str
    kind: str
    partner: str  # organisation slug
    localities: tuple  # locality slugs; empty for the whole area
    about: str
    how_to_join: str
    meets: str
    contact: tuple  # ((key, value), ...): name, and email, phone or url

    @property
    def area_wide(self) -> bool:
        return not self.localities


def data_file(register) -> Path:
    # A register loaded without Pelican's settings (some tests) has its data beside its root.
    if not register.settings.get("PATH"):
        return Path(register.root) / "data" / FILE
    return options_from(register.settings).data_path / FILE


def load(path: Path, root: Path, organisations, localities) -> tuple[list, list]:
    """(groups, problems) from the file at path; no file, no groups and no problems."""
    if not path.exists():
        return [], []
    source, problems = load_yaml(path, display_path(path, root))
    problems = problems or schema_check(source, schema_folder(path.parent) / "groups.schema.json")
    if problems:
        return [], problems
    groups, seen = [], set()
    for i, item in enumerate(source.data):
        found = []
        if item["slug"] in seen:
            found.append(source.problem((i, "slug"), f"expected each slug once, found '{item['slug']}' again"))
        seen.add(item["slug"])
        if item["partner"] not in organisations:
            found.append(source.problem((i, "partner"), "expected an organisation slug from data/organisations.yaml, "
                                                        f"found '{item['partner']}'"))
        places = () if item["localities"] == "all" else tuple(item["localities"])
        for j, slug in enumerate(places):
            if slug not in localities:
                found.append(source.problem((i, "localities", j),
                                            f"expected a locality slug from data/localities.yaml, found '{slug}'"))
        problems += found
        if not found:
            groups.append(Group(slug=item["slug"], name=item["name"].strip(), kind=item["kind"],
                                partner=item["partner"], localities=places, about=item["about"].strip(),
                                how_to_join=item["how_to_join"].strip(), meets=item["meets"].strip(),
                                contact=tuple(item["contact"].items())))
    return groups, problems

"""Write every open data file in one pass over the register.

Each consultation is turned into its export dict once, written to its own
JSON file, appended to the whole-register JSON and cut into CSV rows, then
dropped: memory stays flat however large the register grows.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from said_and_done.api import REFERENCE_FILES, announce_file, consultation_digest, current_output, keep_or_write

from . import export, openconsult, tables

SCHEMA_FOLDER = "schema"
EXPORT_SCHEMA = Path(__file__).parent / "schema" / "register-export.schema.json"
REGISTER_JSON = "data/consultations.json"
# The record contract and its reference lists, in the order /data/ lists them.
PUBLISHED_SCHEMAS = ["consultation.schema.json"] + [f"{name}.schema.json" for name in REFERENCE_FILES]


@dataclass(frozen=True)
class PublishedFile:
    """A file on /data/, as the page lists it."""

    path: str  # under the output folder
    title: str
    description: str
    kind: str  # "JSON", "CSV", "JSON Schema"
    size: int  # bytes
    rows: int | None = None  # CSV data rows, or consultations in a JSON file
    columns: tuple = ()  # CSV: tables.Column

    @property
    def rows_label(self) -> str:
        noun = "consultation" if self.kind == "JSON" else "row"
        return noun if self.rows == 1 else noun + "s"


def publish(register, pub: export.Publication, output: Path, schema_source: Path, settings=None, kept=None) -> dict:
    """Write the files; return what /data/ needs to describe them.

    In a build (its Pelican settings given, output its OUTPUT_PATH) with a BuildCache,
    each consultation's JSON text and CSV rows are kept between builds under its
    digest, and its own JSON file is kept as published when that did not change
    (keep_or_write); every file is announced with content_written. Without settings
    (a benchmark, a test) every file is written.
    """
    fingerprint = current_output(settings).fingerprint if settings is not None else None
    output = Path(output)
    consultations = export.by_id(register)
    datasets = tables.DATASETS + openconsult.DATASETS
    for folder in (output / "data", output / openconsult.FOLDER, output / "consultations", output / SCHEMA_FOLDER):
        folder.mkdir(parents=True, exist_ok=True)

    csv_files = [tables.CsvFile(output / d.path, d.columns) for d in datasets]
    prefix, suffix = export.wrapper(pub, len(consultations))
    one_prefix, one_suffix = export.wrapper(pub, 1)
    try:
        with open(output / REGISTER_JSON, "w", encoding="utf-8", newline="\n") as whole:
            whole.write(prefix)
            for number, c in enumerate(consultations):
                key = f"{consultation_digest(c)}|{fingerprint}" if fingerprint is not None else None
                parts = kept.get(key) if kept is not None and key else None
                if parts is None:
                    item = export.consultation(c, pub)
                    # Encoded once, written to both files; each CSV file's rows as CSV text, and how many.
                    tables_rows = [[tables.cells(source, d.columns) for source in d.rows(item, c)] for d in datasets]
                    parts = (export.compact(item), [(tables.csv_text(rows), len(rows)) for rows in tables_rows])
                    if kept is not None and key:
                        kept.put(key, parts)
                text, rows = parts
                single = f"{one_prefix}\n{text}\n{one_suffix}".encode()
                # A renamed consultation's former ids keep their JSON address working: same
                # file, and its "id" tells a partner's program the current one.
                for cid in [c.id, *c.aliases]:
                    name = export.json_path(cid)
                    if settings is None:
                        (output / name).write_bytes(single)
                    else:
                        keep_or_write(settings, name, c, lambda single=single: single)
                whole.write(("\n" if number == 0 else ",\n") + text)
                for (csv_rows, count), csv_file in zip(rows, csv_files, strict=True):
                    csv_file.write_text(csv_rows, count)
            whole.write(("\n" if consultations else "") + suffix)
    finally:
        for csv_file in csv_files:
            csv_file.close()

    schemas = _copy_schemas(schema_source, output / SCHEMA_FOLDER)
    if settings is not None:  # written as streams, not through keep_or_write: announced here
        for name in [REGISTER_JSON, *(d.path for d in datasets), *(path for path, _, _ in schemas)]:
            announce_file(settings, name)

    def size(path):
        return (output / path).stat().st_size

    files = [PublishedFile(REGISTER_JSON, "All consultations (JSON)",
                           "The whole register: every consultation with every field, slugs and names, "
                           "status, results and actions.", "JSON", size(REGISTER_JSON), len(consultations))]
    files += [PublishedFile(d.path, d.title, d.description, "CSV", size(d.path), f.rows, tuple(d.columns))
              for d, f in zip(datasets, csv_files, strict=True)]
    return {
        "files": [f for f in files if not f.path.startswith(openconsult.FOLDER)],
        "openconsult_files": [f for f in files if f.path.startswith(openconsult.FOLDER)],
        "schemas": [PublishedFile(path, title, description, "JSON Schema", size(path))
                    for path, title, description in schemas],
        "count": len(consultations),
        "example": consultations[0].id if consultations else None,
    }


def _copy_schemas(source: Path, target: Path) -> list:
    """The record schemas exactly as the build validates with, and the export schema beside them.

    Only the contract for records and their reference lists: other schemas in
    data/schema (another plugin's settings files, say) are not for partners.
    """
    copied = [(f"{SCHEMA_FOLDER}/{EXPORT_SCHEMA.name}", "Register export",
               "The shape of consultations.json and of each consultation's JSON file. "
               "Validate the files you download against it.")]
    shutil.copyfile(EXPORT_SCHEMA, target / EXPORT_SCHEMA.name)
    for name in PUBLISHED_SCHEMAS:
        path = Path(source) / name
        shutil.copyfile(path, target / name)  # byte for byte: partners validate with the same file
        title = json.loads(path.read_bytes()).get("title", path.stem)
        copied.append((f"{SCHEMA_FOLDER}/{name}", title, _schema_role(name)))
    return copied


def _schema_role(name: str) -> str:
    if name == "consultation.schema.json":
        return ("The contract for a consultation record: the same file the register checks every "
                "record against before it publishes anything. Use it to write records for this register.")
    return f"The contract for the reference list data/{name.replace('.schema.json', '.yaml')}, which records refer to by slug."

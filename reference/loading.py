"""Load the committed files of `reference/data/` into the database, idempotently.

Used by `manage.py load_reference_data` (after the files were rebuilt: creates what is new, updates what
changed, marks communes that left the official code as inactive instead of deleting rows other content
may point to). The data migration `reference/migrations/0002_load_territories.py` does not use this
module: it holds a frozen copy of the code it needs, so changing this module never changes what
`migrate` does on a fresh database.
"""

import csv
import gzip
import io
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps as django_apps
from django.db import connections, router
from django.utils.text import slugify

from .building import COMMUNES_FILE, DATA_DIR, DEPARTEMENTS_FILE, REGIONS_FILE
from .text import normalise

BATCH_SIZE = 2000


@dataclass
class ReferenceModels:
    region: type
    departement: type
    commune: type
    postcode: type

    @classmethod
    def from_apps(cls, apps):
        return cls(
            region=apps.get_model("reference", "Region"),
            departement=apps.get_model("reference", "Departement"),
            commune=apps.get_model("reference", "Commune"),
            postcode=apps.get_model("reference", "CommunePostcode"),
        )

    @classmethod
    def current(cls):
        return cls.from_apps(django_apps)


@dataclass
class LoadReport:
    created: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)
    deactivated: int = 0
    postcodes_removed: int = 0

    def __str__(self):
        parts = [
            f"{name} : {count} créé(s), {self.updated.get(name, 0)} mis à jour" for name, count in self.created.items()
        ]
        parts.append(f"communes retirées du code officiel : {self.deactivated}")
        parts.append(f"codes postaux retirés : {self.postcodes_removed}")
        return " ; ".join(parts)


def read_rows(data_dir: Path, name: str) -> list[dict]:
    path = Path(data_dir) / name
    if name.endswith(".gz"):
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
    else:
        text = path.read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def load_reference_data(models: ReferenceModels | None = None, data_dir=DATA_DIR) -> LoadReport:
    """Bring the territories in the database in line with the files. Run inside a transaction."""
    models = models or ReferenceModels.current()
    connection = connections[router.db_for_write(models.commune)]
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        # Reference data can be loaded again: no need to wait for the disk at commit (a crash loses the
        # transaction, never consistency). Saves a second at every test-database creation.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
    report = LoadReport()
    regions = _sync(
        models.region,
        [{"code": r["code"], "name": r["name"], "slug": slugify(r["name"])} for r in read_rows(data_dir, REGIONS_FILE)],
        report,
        "régions",
    )
    departements = _sync(
        models.departement,
        [
            {"code": d["code"], "name": d["name"], "slug": slugify(d["name"]), "region_id": regions[d["region"]]}
            for d in read_rows(data_dir, DEPARTEMENTS_FILE)
        ],
        report,
        "départements",
    )
    region_of = dict(models.departement.objects.values_list("id", "region_id"))
    rows = read_rows(data_dir, COMMUNES_FILE)

    def commune_values(row, commune_ids):
        departement_id = departements[row["departement"]]
        search_name = normalise(row["name"])[:120]
        return {
            "code": row["code"],
            "name": row["name"],
            "slug": search_name.replace(" ", "-"),  # "l-abergement-clemenciat"
            "search_name": search_name,
            "kind": row["kind"],
            "parent_id": commune_ids[row["parent"]] if row["parent"] else None,
            "departement_id": departement_id,
            "region_id": region_of[departement_id],
            "population": int(row["population"] or 0),
            "latitude": float(row["latitude"]) if row["latitude"] else None,
            "longitude": float(row["longitude"]) if row["longitude"] else None,
            "coordinates_approximate": row["approximate"] == "1",
            "is_active": True,
        }

    # Communes first, then arrondissements, which point to their commune.
    commune_ids = _sync(
        models.commune, [commune_values(row, {}) for row in rows if not row["parent"]], report, "communes"
    )
    commune_ids = _sync(
        models.commune,
        [commune_values(row, commune_ids) for row in rows if row["parent"]],
        report,
        "communes",
    )
    known = {row["code"] for row in rows}
    gone = [
        pk for code, pk in models.commune.objects.filter(is_active=True).values_list("code", "pk") if code not in known
    ]
    for start in range(0, len(gone), BATCH_SIZE):
        models.commune.objects.filter(pk__in=gone[start : start + BATCH_SIZE]).update(is_active=False)
    report.deactivated = len(gone)
    _sync_postcodes(models.postcode, rows, commune_ids, report)
    return report


def _sync(model, wanted: list[dict], report: LoadReport, label: str) -> dict[str, int]:
    """Create or update rows by code in bulk; return {code: id} for every row of the model."""
    field_names = {f.attname for f in model._meta.concrete_fields}
    wanted_codes = {w["code"] for w in wanted}
    if len(wanted_codes) <= 500:
        existing = {obj.code: obj for obj in model.objects.filter(code__in=wanted_codes)}
    else:  # an IN list of 35,000 codes would exceed SQLite's limit on parameters
        existing = {obj.code: obj for obj in model.objects.all() if obj.code in wanted_codes}
    to_create, to_update, changed_fields = [], [], set()
    for values in wanted:
        values = {key: value for key, value in values.items() if key in field_names}
        obj = existing.get(values["code"])
        if obj is None:
            to_create.append(values)
            continue
        changes = {key: value for key, value in values.items() if getattr(obj, key) != value}
        if changes:
            for key, value in changes.items():
                setattr(obj, key, value)
            changed_fields.update(changes)
            to_update.append(obj)
    insert_rows(model, to_create)
    if to_update:
        model.objects.bulk_update(to_update, sorted(changed_fields), batch_size=BATCH_SIZE)
    report.created[label] = report.created.get(label, 0) + len(to_create)
    report.updated[label] = report.updated.get(label, 0) + len(to_update)
    return dict(model.objects.values_list("code", "id"))


def _sync_postcodes(model, rows: list[dict], commune_ids: dict[str, int], report: LoadReport) -> None:
    wanted = {(commune_ids[row["code"]], code) for row in rows for code in row["postcodes"].split()}
    existing = {
        (commune_id, code): pk for pk, commune_id, code in model.objects.values_list("pk", "commune_id", "code")
    }
    # Postcodes of communes no longer in the files stay, as history of inactive communes.
    current = {commune_ids[row["code"]] for row in rows}
    removed = [pk for key, pk in existing.items() if key[0] in current and key not in wanted]
    for start in range(0, len(removed), BATCH_SIZE):
        model.objects.filter(pk__in=removed[start : start + BATCH_SIZE]).delete()
    insert_rows(
        model, [{"commune_id": commune_id, "code": code} for commune_id, code in sorted(wanted - existing.keys())]
    )
    report.created["codes postaux"] = len(wanted - existing.keys())
    report.updated["codes postaux"] = 0
    report.postcodes_removed = len(removed)


def insert_rows(model, rows: list[dict]) -> None:
    """Insert plain values fast (70,000 rows after the files changed a lot, or after unloading).

    PostgreSQL gets one COPY; other databases multi-row INSERT statements. Both skip bulk_create's
    per-object work, which makes it several times slower for 70,000 rows.
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    fields = [model._meta.get_field(name) for name in rows[0]]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        raw_cursor = getattr(cursor, "cursor", cursor)
        if connection.vendor == "postgresql" and hasattr(raw_cursor, "copy_expert"):  # psycopg2
            raw_cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", io.StringIO(_copy_text(rows)))
            return
        if connection.vendor == "postgresql" and hasattr(raw_cursor, "copy"):  # psycopg 3
            with raw_cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                copy.write(_copy_text(rows))
            return
        max_params = connection.features.max_query_params or 60000
        if connection.vendor == "sqlite" and hasattr(connection.connection, "getlimit"):
            max_params = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        per_statement = max(1, min(1000, max_params // len(fields)))
        placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            params = [value for row in chunk for value in row.values()]
            # Only identifiers from the model's metadata (quoted) are formatted in; values are parameters.
            values = ", ".join([placeholder] * len(chunk))
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {values}", params)  # noqa: S608


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_column(values: tuple) -> list[str]:
    """One column in PostgreSQL's COPY text format, converted with the converter its type needs."""
    sample = next((value for value in values if value is not None), None)
    if isinstance(sample, bool):
        return ["\\N" if value is None else ("t" if value else "f") for value in values]
    if isinstance(sample, int | float):
        return ["\\N" if value is None else repr(value) for value in values]
    return ["\\N" if value is None else str(value).translate(_COPY_ESCAPES) for value in values]


def _copy_text(rows: list[dict]) -> str:
    """Rows in PostgreSQL's COPY text format (tab-separated, \\N for NULL)."""
    columns = [_copy_column(values) for values in zip(*(row.values() for row in rows), strict=True)]
    return "".join("\t".join(values) + "\n" for values in zip(*columns, strict=True))

"""Load régions, départements, communes and postcodes from the files committed in reference/data/.

Self-contained on purpose: a migration must keep doing what it did when it was written, so this file
imports nothing from the project. The reading, name normalisation and bulk-insert code is a frozen copy
of `reference.loading` / `reference.text` as they were at this migration (fresh database: plain inserts,
none of the command's update logic). Change `reference.loading` freely; do not change this file, write a
new migration instead.
"""

import csv
import gzip
import io
import re
import sqlite3
import unicodedata
from pathlib import Path

from django.db import migrations
from django.utils.text import slugify

# reference/migrations/0002_load_territories.py → reference/data/
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
REGIONS_FILE = "regions.csv"
DEPARTEMENTS_FILE = "departements.csv"
COMMUNES_FILE = "communes.csv.gz"

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def normalise(text):
    """Lower case ASCII words separated by single spaces: "Saint-Étienne" → "saint etienne"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    return _NOT_ALNUM.sub(" ", stripped).strip()


def read_rows(name):
    path = DATA_DIR / name
    if name.endswith(".gz"):
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
    else:
        text = path.read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _copy_column(values):
    """One column in PostgreSQL's COPY text format, converted with the converter its type needs."""
    sample = next((value for value in values if value is not None), None)
    if isinstance(sample, bool):
        return ["\\N" if value is None else ("t" if value else "f") for value in values]
    if isinstance(sample, int | float):
        return ["\\N" if value is None else repr(value) for value in values]
    return ["\\N" if value is None else str(value).translate(_COPY_ESCAPES) for value in values]


def _copy_text(rows):
    """Rows in PostgreSQL's COPY text format (tab-separated, \\N for NULL)."""
    columns = [_copy_column(values) for values in zip(*(row.values() for row in rows), strict=True)]
    return "".join("\t".join(values) + "\n" for values in zip(*columns, strict=True))


def insert_rows(connection, model, rows):
    """Insert plain values fast (this runs at every test-database creation): one COPY on PostgreSQL,
    multi-row INSERT statements elsewhere. bulk_create's per-object work is several times slower."""
    if not rows:
        return
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
            values = ", ".join([placeholder] * len(chunk))
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {values}", params)


def load(apps, schema_editor):
    Region = apps.get_model("reference", "Region")
    Departement = apps.get_model("reference", "Departement")
    Commune = apps.get_model("reference", "Commune")
    CommunePostcode = apps.get_model("reference", "CommunePostcode")
    connection = schema_editor.connection
    db = connection.alias
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        # Reference data can be loaded again: no need to wait for the disk at commit.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")

    insert_rows(
        connection,
        Region,
        [{"code": r["code"], "name": r["name"], "slug": slugify(r["name"])} for r in read_rows(REGIONS_FILE)],
    )
    regions = dict(Region.objects.using(db).values_list("code", "id"))
    insert_rows(
        connection,
        Departement,
        [
            {"code": d["code"], "name": d["name"], "slug": slugify(d["name"]), "region_id": regions[d["region"]]}
            for d in read_rows(DEPARTEMENTS_FILE)
        ],
    )
    departements = dict(Departement.objects.using(db).values_list("code", "id"))
    region_of = dict(Departement.objects.using(db).values_list("id", "region_id"))
    rows = read_rows(COMMUNES_FILE)

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
    insert_rows(connection, Commune, [commune_values(row, {}) for row in rows if not row["parent"]])
    commune_ids = dict(Commune.objects.using(db).values_list("code", "id"))
    insert_rows(connection, Commune, [commune_values(row, commune_ids) for row in rows if row["parent"]])
    commune_ids = dict(Commune.objects.using(db).values_list("code", "id"))
    postcodes = {(commune_ids[row["code"]], code) for row in rows for code in row["postcodes"].split()}
    insert_rows(
        connection,
        CommunePostcode,
        [{"commune_id": commune_id, "code": code} for commune_id, code in sorted(postcodes)],
    )


def unload(apps, schema_editor):
    """Remove every territory. Plain DELETEs: the ORM's cascade collector would fetch 70,000 rows first."""
    Region = apps.get_model("reference", "Region")
    Departement = apps.get_model("reference", "Departement")
    Commune = apps.get_model("reference", "Commune")
    CommunePostcode = apps.get_model("reference", "CommunePostcode")
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    commune_table = quote(Commune._meta.db_table)
    parent_column = quote(Commune._meta.get_field("parent").column)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {quote(CommunePostcode._meta.db_table)}")
        cursor.execute(f"DELETE FROM {commune_table} WHERE {parent_column} IS NOT NULL")
        for model in (Commune, Departement, Region):
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]

    operations = [migrations.RunPython(load, unload, elidable=False)]

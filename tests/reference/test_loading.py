"""load_reference_data: idempotent, and brings the database in line with refreshed files."""

import ast
import csv
import gzip
import importlib
import io
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from reference.building import DATA_DIR
from reference.loading import ReferenceModels, _copy_text, load_reference_data, read_rows
from reference.models import Commune, CommunePostcode, Departement, Region

pytestmark = pytest.mark.django_db

# Tests may import a migration module; application code must not.
territories_migration = importlib.import_module("reference.migrations.0002_load_territories")


def run_migration(function):
    """Call a RunPython function of the migration on the test database (only the connection is used)."""
    function(apps, SimpleNamespace(connection=connection))


def territory_counts():
    return [model.objects.count() for model in (Region, Departement, Commune, CommunePostcode)]


def test_reloading_the_committed_files_changes_nothing():
    report = load_reference_data()
    assert report.created == {"régions": 0, "départements": 0, "communes": 0, "codes postaux": 0}
    assert set(report.updated.values()) == {0}
    assert report.deactivated == 0 and report.postcodes_removed == 0


def test_command_output():
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    assert "communes : 0 créé(s), 0 mis à jour" in out.getvalue()
    assert "Référentiel géographique à jour" in out.getvalue()


@pytest.fixture
def refreshed_files(tmp_path):
    """The committed files as a future official code might change them."""
    shutil.copy(DATA_DIR / "regions.csv", tmp_path / "regions.csv")
    departements = (DATA_DIR / "departements.csv").read_text("utf-8").replace("69,Rhône,84", "69,Rhône (nouveau),84")
    (tmp_path / "departements.csv").write_text(departements, "utf-8")
    rows = [row for row in read_rows(DATA_DIR, "communes.csv.gz") if row["code"] != "42218"]
    for row in rows:
        if row["code"] == "69123":
            row.update(population="600000", postcodes="69001 69002 69003 69004 69005 69006 69007 69008 69010")
    rows.append({**rows[0], "code": "01999", "name": "Nouvelle-Commune-sur-Test", "postcodes": "01990"})
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (tmp_path / "communes.csv.gz").write_bytes(gzip.compress(buffer.getvalue().encode("utf-8")))
    return tmp_path


def test_refresh_creates_updates_and_deactivates(refreshed_files):
    saint_etienne = Commune.objects.get(code="42218")
    lyon_id = Commune.objects.get(code="69123").pk

    report = load_reference_data(data_dir=refreshed_files)

    assert report.created["communes"] == 1
    assert report.updated["communes"] == 1
    assert report.updated["départements"] == 1
    assert report.deactivated == 1
    assert report.created["codes postaux"] == 2  # 69010 for Lyon, 01990 for the new commune
    assert report.postcodes_removed == 1  # 69009
    lyon = Commune.objects.get(code="69123")
    assert lyon.pk == lyon_id and lyon.population == 600000
    assert "69010" in lyon.postcodes.values_list("code", flat=True)
    assert "69009" not in lyon.postcodes.values_list("code", flat=True)
    new = Commune.objects.get(code="01999")
    assert new.search_name == "nouvelle commune sur test" and new.slug == "nouvelle-commune-sur-test"
    assert new.region == new.departement.region
    saint_etienne.refresh_from_db()
    assert not saint_etienne.is_active  # kept for the content that points to it
    assert CommunePostcode.objects.filter(commune=saint_etienne).exists()
    assert Departement.objects.get(code="69").name == "Rhône (nouveau)"

    # A second run finds nothing to do.
    again = load_reference_data(data_dir=refreshed_files)
    assert set(again.created.values()) == {0} and set(again.updated.values()) == {0}
    assert again.deactivated == 0 and again.postcodes_removed == 0
    assert Region.objects.count() == 18


def test_migration_imports_no_project_module():
    """Migrations are frozen in time: importing live project code would change what `migrate` does."""
    tree = ast.parse(Path(territories_migration.__file__).read_text("utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    top_level = {name.split(".")[0] for name in imported}
    assert top_level - sys.stdlib_module_names == {"django"}
    assert territories_migration.DATA_DIR == DATA_DIR


def test_migration_unloads_and_loads_again():
    counts = territory_counts()
    assert counts[2] > 34_000
    run_migration(territories_migration.unload)
    assert territory_counts() == [0, 0, 0, 0]
    run_migration(territories_migration.load)
    assert territory_counts() == counts
    # The frozen copy and the live loader agree on today's files.
    report = load_reference_data()
    assert set(report.created.values()) == {0} and set(report.updated.values()) == {0}


def test_load_into_empty_tables():
    models = ReferenceModels.current()
    run_migration(territories_migration.unload)
    assert not Commune.objects.exists() and not Region.objects.exists()
    report = load_reference_data(models)
    assert report.created["communes"] == Commune.objects.count() > 34_000
    lyon = Commune.objects.get(code="69123")
    assert lyon.arrondissements.count() == 9
    assert lyon.postcodes.count() == 9


def test_copy_text_escapes_values():
    rows = [
        {"a": "tab\there", "b": None, "c": True, "d": 1.5, "e": 3},
        {"a": "back\\slash\nnew", "b": "x", "c": False, "d": None, "e": None},
    ]
    assert _copy_text(rows) == "tab\\there\t\\N\tt\t1.5\t3\nback\\\\slash\\nnew\tx\tf\t\\N\t\\N\n"

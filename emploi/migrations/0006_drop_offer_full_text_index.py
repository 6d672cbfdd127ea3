"""The offers' keyword search now goes through Wagtail's search index (one index and one French
configuration for the whole site, see the `search` app): the expression index of 0004 is no longer read."""

from django.db import migrations

INDEX_NAME = "emploi_offer_fulltext"
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON emploi_joboffer USING GIN (("
    "setweight(to_tsvector('french'::regconfig, COALESCE(title, '')), 'A') || "
    "setweight(to_tsvector('french'::regconfig, COALESCE(description, '')), 'B')))"
)
DROP = f"DROP INDEX IF EXISTS {INDEX_NAME}"


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


class Migration(migrations.Migration):
    dependencies = [("emploi", "0005_offer_status_moderated")]

    operations = [migrations.RunPython(drop_index, create_index)]

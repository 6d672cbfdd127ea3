"""PostgreSQL: a GIN index on the offers' French full-text document, the expression `emploi.filters.search_vector`
builds (title weighted A, description B), so keyword searches of the listing use it. Nothing elsewhere."""

from django.db import migrations

INDEX_NAME = "emploi_offer_fulltext"
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON emploi_joboffer USING GIN (("
    "setweight(to_tsvector('french'::regconfig, COALESCE(title, '')), 'A') || "
    "setweight(to_tsvector('french'::regconfig, COALESCE(description, '')), 'B')))"
)
DROP = f"DROP INDEX IF EXISTS {INDEX_NAME}"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("emploi", "0003_offers_index_page_and_partners")]

    operations = [migrations.RunPython(create_index, drop_index)]

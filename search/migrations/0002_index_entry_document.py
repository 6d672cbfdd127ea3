"""PostgreSQL: a GIN index on the whole document of each search index entry (title and body together),
the expression Wagtail's database backend matches a query against (`title || body @@ query`): without it
every search reads each entry of the searched model. Nothing elsewhere."""

from django.db import migrations

INDEX_NAME = "search_indexentry_document"
CREATE = f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON wagtailsearch_indexentry USING GIN ((title || body))"
DROP = f"DROP INDEX IF EXISTS {INDEX_NAME}"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial"), ("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create_index, drop_index)]

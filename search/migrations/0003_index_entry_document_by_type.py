"""PostgreSQL: the GIN index on the search index's documents (title || body) takes the content type as its
first column (extension btree_gin), so that a search of one kind reads only that kind's matching entries
(« économie sociale » matches 83,000 entries over every kind, 36,000 of them articles: searching the 3,000
events read them all then kept the events). It replaces the index of 0002. Nothing elsewhere."""

from django.db import migrations

OLD_INDEX = "search_indexentry_document"
INDEX_NAME = "search_indexentry_type_document"
CREATE = f"""
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON wagtailsearch_indexentry USING GIN (content_type_id, (title || body));
DROP INDEX IF EXISTS {OLD_INDEX};
"""
DROP = f"""
CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON wagtailsearch_indexentry USING GIN ((title || body));
DROP INDEX IF EXISTS {INDEX_NAME};
"""


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_index_entry_document")]

    operations = [migrations.RunPython(create_index, drop_index)]

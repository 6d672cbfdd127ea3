"""A partial index on Wagtail's page table for the main navigation.

Every page of the site lists the home page's children shown in menus. Wagtail's page table has no
index that query can use (every page is under the home page, so the path prefix selects them all): at
40,000 articles it read the whole table, 12 ms on every page view. The few pages shown in menus fit in
a tiny partial index. Plain SQL valid on PostgreSQL and SQLite; Wagtail's own migrations never touch it.
"""

from django.db import migrations

CREATE = "CREATE INDEX IF NOT EXISTS home_page_in_menus ON wagtailcore_page (path) WHERE show_in_menus"
DROP = "DROP INDEX IF EXISTS home_page_in_menus"


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_home_sections_articles_offers_events"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]

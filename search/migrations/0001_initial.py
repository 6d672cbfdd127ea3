"""The search's daily count of unanswered queries and, on PostgreSQL only, what French full-text search
needs: the `unaccent` and `pg_trgm` extensions and the `french_unaccent` text search configuration
(French stemming after accents are removed, so « economie sociale » finds « économie sociale » and
« cooperatives » finds « Coopérative »). WAGTAILSEARCH_BACKENDS names it on PostgreSQL. Nothing on SQLite.
"""

import django.utils.timezone
from django.db import migrations, models


CREATE_CONFIGURATION = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END
$$;
"""
DROP_CONFIGURATION = "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent"


def create_configuration(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_CONFIGURATION)


def drop_configuration(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_CONFIGURATION)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.RunPython(create_configuration, drop_configuration),
        migrations.CreateModel(
            name='UnansweredSearch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('query_string', models.CharField(max_length=255, verbose_name='recherche')),
                ('date', models.DateField(default=django.utils.timezone.localdate, verbose_name='jour')),
                ('hits', models.PositiveIntegerField(default=0, verbose_name='nombre')),
            ],
            options={
                'verbose_name': 'recherche sans résultat',
                'verbose_name_plural': 'recherches sans résultat',
                'constraints': [models.UniqueConstraint(fields=('query_string', 'date'), name='search_unanswered_unique_day')],
            },
        ),
    ]

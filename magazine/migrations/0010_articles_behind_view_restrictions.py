# `is_listed` now means "live and under no view restriction": articles behind a password, login or
# group restriction (on themselves or an ancestor) leave listings, feeds, « À la une » and the sitemap.

from django.db import migrations, models
from django.db.models import Q


def hide_restricted(apps, schema_editor):
    ArticlePage = apps.get_model("magazine", "ArticlePage")
    PageViewRestriction = apps.get_model("wagtailcore", "PageViewRestriction")
    restricted = Q()
    for path in PageViewRestriction.objects.values_list("page__path", flat=True):
        restricted |= Q(path__startswith=path)
    if restricted:
        ArticlePage.objects.filter(restricted, is_listed=True).update(is_listed=False)


def list_live(apps, schema_editor):
    ArticlePage = apps.get_model("magazine", "ArticlePage")
    ArticlePage.objects.filter(live=True, is_listed=False).update(is_listed=True)


class Migration(migrations.Migration):

    dependencies = [
        ('magazine', '0009_press_release_submission_cleanup'),
        ('wagtailcore', '0097_baselogentry_uuid_action_timestamp_indexes'),
    ]

    operations = [
        migrations.AlterField(
            model_name='articlepage',
            name='is_listed',
            field=models.BooleanField(default=False, editable=False, verbose_name='publié et public'),
        ),
        migrations.RunPython(hide_restricted, list_live),
    ]

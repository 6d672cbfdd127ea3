"""Seed the event categories and let the editorial groups edit events' vocabulary and pages' photos."""

from django.db import migrations

from accounts.migration_operations import grant_permissions

CATEGORIES = [
    ("forum", "Forum"),
    ("formation", "Formation"),
    ("salon", "Salon"),
    ("conference", "Conférence"),
    ("webinaire", "Webinaire"),
    ("atelier", "Atelier"),
    ("mois-de-l-ess", "Mois de l’ESS"),
    ("rencontre", "Rencontre"),
    ("assemblee-generale", "Assemblée générale"),
    ("portes-ouvertes", "Portes ouvertes"),
    ("festival", "Festival"),
    ("autre", "Autre"),
]


def seed_categories(apps, schema_editor):
    EventCategory = apps.get_model("agenda", "EventCategory")
    for order, (slug, label) in enumerate(CATEGORIES, start=1):
        EventCategory.objects.update_or_create(slug=slug, defaults={"label": label, "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0001_initial"),
        ("accounts", "0002_editorial_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(seed_categories, migrations.RunPython.noop),
        migrations.RunPython(
            grant_permissions("agenda", ["eventcategory"], ["add", "change", "view"]), migrations.RunPython.noop
        ),
    ]

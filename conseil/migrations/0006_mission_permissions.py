"""Let the editorial groups moderate missions in the admin (same inbox as offers and profiles)."""

from django.db import migrations

from accounts.migration_operations import grant_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("conseil", "0005_missions"),
        ("accounts", "0002_editorial_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(grant_permissions("conseil", ["mission"], ["change", "view"]), migrations.RunPython.noop),
        migrations.RunPython(
            grant_permissions("conseil", ["missionstatechange", "proposal"], ["view"]), migrations.RunPython.noop
        ),
    ]

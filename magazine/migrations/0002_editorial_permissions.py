from django.db import migrations

from accounts.migration_operations import grant_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("magazine", "0001_initial"),
        ("accounts", "0002_editorial_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(
            grant_permissions("magazine", ["author", "pressreviewlink"], ["add", "change", "view"]),
            migrations.RunPython.noop,
        )
    ]

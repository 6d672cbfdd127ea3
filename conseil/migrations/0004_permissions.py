"""Let the editorial groups verify consultant profiles and extend the list of expertises in the admin."""

from django.db import migrations

from accounts.migration_operations import grant_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("conseil", "0003_index_page"),
        ("accounts", "0002_editorial_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(
            grant_permissions("conseil", ["consultantprofile"], ["change", "view"]), migrations.RunPython.noop
        ),
        migrations.RunPython(
            grant_permissions("conseil", ["expertise"], ["add", "change", "view"]), migrations.RunPython.noop
        ),
        migrations.RunPython(
            grant_permissions("conseil", ["consultantstatechange"], ["view"]), migrations.RunPython.noop
        ),
    ]

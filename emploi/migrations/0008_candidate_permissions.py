"""Let the moderators see candidates' profiles and hide an abusive bio in the admin."""

from django.db import migrations

from accounts.migration_operations import grant_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("emploi", "0007_candidate_profiles"),
        ("accounts", "0002_editorial_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(
            grant_permissions("emploi", ["candidateprofile"], ["change", "view"], groups=["Modérateurs"]),
            migrations.RunPython.noop,
        ),
    ]

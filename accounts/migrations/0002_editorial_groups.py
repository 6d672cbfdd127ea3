"""The editorial committee's Wagtail groups: Rédacteurs (write, submit) and Modérateurs (also publish).

Wagtail's own migrations create "Editors" and "Moderators" with page, image and document permissions;
this migration gives them French names and makes sure both can reach the admin.
"""

from django.db import migrations

RENAMES = {"Editors": "Rédacteurs", "Moderators": "Modérateurs"}


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    for old_name, new_name in RENAMES.items():
        group = Group.objects.filter(name=new_name).first()
        if group is None:
            group = Group.objects.filter(name=old_name).first()
            if group is not None:
                group.name = new_name
                group.save()
            else:
                group = Group.objects.create(name=new_name)
        group.permissions.add(access_admin)


def rename_back(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for old_name, new_name in RENAMES.items():
        Group.objects.filter(name=new_name).update(name=old_name)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(create_groups, rename_back)]

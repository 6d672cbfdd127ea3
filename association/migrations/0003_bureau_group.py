"""The « Bureau de l'association » group: the association's officers see the members and prepare the
general assembly (`association.view_members`), follow the « Parler à quelqu'un » requests and record
payments in the admin. Permissions are created here when the post-migrate signal has not run yet
(a fresh database), as accounts' 0002 does for Wagtail's admin access."""

from django.db import migrations

GROUP_NAME = "Bureau de l’association"

# (app label, model, codename, name when it has to be created here)
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
    ("association", "membership", "view_members", "Voir la liste des adhérent·es et préparer l’assemblée générale"),
    ("association", "membership", "view_membership", "Can view adhésion"),
    ("association", "payment", "view_payment", "Can view paiement"),
    ("association", "payment", "add_payment", "Can add paiement"),
    ("association", "payment", "change_payment", "Can change paiement"),
    ("association", "contactrequest", "view_contactrequest", "Can view demande « Parler à quelqu’un »"),
    ("association", "contactrequest", "change_contactrequest", "Can change demande « Parler à quelqu’un »"),
]


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    for app_label, model, codename, name in PERMISSIONS:
        content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
        permission, _created = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        group.permissions.add(permission)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("association", "0002_member_account_set_null"),
        ("accounts", "0002_editorial_groups"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]

"""The editorial committee runs the newsletters: both its groups (Rédacteurs, Modérateurs; see
accounts/0002_editorial_groups) see and manage the subscribers and import them (`add_subscriber`), and
see the lists; Modérateurs also delete subscribers and edit the lists. Sending a letter needs
`publish` on the letter's page, which Modérateurs hold on the whole tree (Wagtail's page permissions):
Rédacteurs compose letters, Modérateurs send them.

Permissions are created here when `post_migrate` has not run yet (a fresh database).
"""

from django.db import migrations

EDITORS, MODERATORS = "Rédacteurs", "Modérateurs"
MODELS = {"subscriber": "abonné·e", "mailinglist": "liste de diffusion"}
GRANTS = {
    EDITORS: [
        ("subscriber", "view"),
        ("subscriber", "add"),
        ("subscriber", "change"),
        ("mailinglist", "view"),
    ],
    MODERATORS: [
        ("subscriber", "view"),
        ("subscriber", "add"),
        ("subscriber", "change"),
        ("subscriber", "delete"),
        ("mailinglist", "view"),
        ("mailinglist", "change"),
    ],
}
NAMES = {"view": "Can view", "add": "Can add", "change": "Can change", "delete": "Can delete"}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for group_name, grants in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for model, action in grants:
            content_type, _ = ContentType.objects.get_or_create(app_label="newsletter", model=model)
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"{NAMES[action]} {MODELS[model]}"},
            )
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, grants in GRANTS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        codenames = [f"{action}_{model}" for model, action in grants]
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="newsletter", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0002_default_lists"),
        ("accounts", "0002_editorial_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

"""Operations that data migrations of several apps share.

Migrations that landed call these functions: change their behaviour only in a backwards-compatible way.
"""

EDITORIAL_GROUPS = ("Rédacteurs", "Modérateurs")


def grant_permissions(app_label: str, model_names, actions, groups=EDITORIAL_GROUPS):
    """A RunPython function giving `groups` the `actions` ("add", "change", "view"…) on the models.

    Permissions do not exist yet on a fresh database (Django creates them after migrating): it makes them.
    """

    def forwards(apps, schema_editor):
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
        ContentType = apps.get_model("contenttypes", "ContentType")
        permissions = []
        for model_name in model_names:
            model = apps.get_model(app_label, model_name)
            content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model_name)
            for action in actions:
                permission, _ = Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=f"{action}_{model_name}",
                    defaults={"name": f"Can {action} {model._meta.verbose_name_raw}"},
                )
                permissions.append(permission)
        for group in Group.objects.filter(name__in=groups):
            group.permissions.add(*permissions)

    return forwards

"""The outbox's `next_attempt_at` (due-time re-queue), bodies cleared from emails already sent, and the
Modérateurs group allowed to view the outbox in the Wagtail admin (read-only)."""

import django.utils.timezone
from django.db import migrations, models

MODERATOR_GROUP = "Modérateurs"


def clear_sent_bodies(apps, schema_editor):
    OutgoingEmail = apps.get_model("home", "OutgoingEmail")
    OutgoingEmail.objects.filter(status="sent").update(text_body="", html_body="", headers={})


def allow_moderators_to_view(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="home", model="outgoingemail")
    view, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="view_outgoingemail", defaults={"name": "Can view courriel sortant"}
    )
    for group in Group.objects.filter(name=MODERATOR_GROUP):
        group.permissions.add(view)


def disallow_moderators_to_view(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.filter(content_type__app_label="home", codename="view_outgoingemail").first()
    if view is not None:
        for group in Group.objects.filter(name=MODERATOR_GROUP):
            group.permissions.remove(view)


class Migration(migrations.Migration):

    dependencies = [
        ('home', '0002_sitesettings_accessibility_page'),
        ('accounts', '0002_editorial_groups'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.AddField(
            model_name='outgoingemail',
            name='next_attempt_at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='prochaine tentative'),
        ),
        migrations.AddIndex(
            model_name='outgoingemail',
            index=models.Index(fields=['status', 'next_attempt_at'], name='outgoing_email_due_idx'),
        ),
        migrations.RunPython(clear_sent_bodies, migrations.RunPython.noop),
        migrations.RunPython(allow_moderators_to_view, disallow_moderators_to_view),
    ]

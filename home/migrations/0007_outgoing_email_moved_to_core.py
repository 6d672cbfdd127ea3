"""The outbox moved to `core` (the shared framework): its rows are copied, with their ids, into
`core_outgoingemail`, the Modérateurs keep their read-only access (the permission follows the model), and
the old table goes. The editorial page body gains the shared document and embed blocks."""

import wagtail.fields
from django.db import migrations

COLUMNS = (
    "id", "to", "subject", "text_body", "html_body", "headers", "from_email", "status", "attempts",
    "last_error", "created_at", "sent_at", "next_attempt_at",
)


def copy_outbox(apps, schema_editor):
    Old = apps.get_model("home", "OutgoingEmail")
    New = apps.get_model("core", "OutgoingEmail")
    batch = []
    for row in Old.objects.order_by("pk").values(*COLUMNS).iterator(chunk_size=2000):
        batch.append(New(**row))
        if len(batch) == 2000:
            New.objects.bulk_create(batch)
            batch = []
    New.objects.bulk_create(batch)
    if schema_editor.connection.vendor == "postgresql" and New.objects.exists():
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('core_outgoingemail', 'id'), MAX(id)) FROM core_outgoingemail"
            )


def move_permissions(apps, schema_editor):
    """Groups that could view the old outbox can view the new one; the old content type goes."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    old_type = ContentType.objects.filter(app_label="home", model="outgoingemail").first()
    if old_type is None:
        return
    new_type, _ = ContentType.objects.get_or_create(app_label="core", model="outgoingemail")
    for old in Permission.objects.filter(content_type=old_type):
        new, _ = Permission.objects.get_or_create(
            content_type=new_type, codename=old.codename, defaults={"name": old.name}
        )
        for group in old.group_set.all():
            group.permissions.add(new)
        for user in old.user_set.all():
            user.user_permissions.add(new)
    old_type.delete()


class Migration(migrations.Migration):

    dependencies = [
        ('home', '0006_page_menu_index'),
        ('core', '0001_initial'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.RunPython(copy_outbox, migrations.RunPython.noop),
        migrations.RunPython(move_permissions, migrations.RunPython.noop),
        migrations.DeleteModel(
            name='OutgoingEmail',
        ),
        migrations.AlterField(
            model_name='standardpage',
            name='body',
            field=wagtail.fields.StreamField([('paragraph', 0), ('heading', 3), ('image', 8), ('quote', 11), ('callout', 14), ('call_to_action', 20), ('document', 23), ('embed', 26)], blank=True, block_lookup={0: ('wagtail.blocks.RichTextBlock', (), {'features': ['h2', 'h3', 'bold', 'italic', 'ol', 'ul', 'link', 'document-link', 'blockquote'], 'icon': 'pilcrow', 'label': 'Paragraphe'}), 1: ('wagtail.blocks.CharBlock', (), {'label': 'Texte', 'max_length': 120}), 2: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('h2', 'Titre de section'), ('h3', 'Sous-titre')], 'label': 'Niveau'}), 3: ('wagtail.blocks.StructBlock', [[('text', 1), ('level', 2)]], {}), 4: ('wagtail.images.blocks.ImageChooserBlock', (), {'label': 'Image'}), 5: ('wagtail.blocks.CharBlock', (), {'help_text': 'Ce que montre l’image, pour qui ne la voit pas. Vide si elle est décorative.', 'label': 'Texte alternatif', 'required': False}), 6: ('wagtail.blocks.CharBlock', (), {'label': 'Légende', 'required': False}), 7: ('wagtail.blocks.CharBlock', (), {'label': 'Crédit', 'required': False}), 8: ('wagtail.blocks.StructBlock', [[('image', 4), ('alt_text', 5), ('caption', 6), ('credit', 7)]], {}), 9: ('wagtail.blocks.TextBlock', (), {'label': 'Citation'}), 10: ('wagtail.blocks.CharBlock', (), {'label': 'Auteur·rice', 'required': False}), 11: ('wagtail.blocks.StructBlock', [[('quote', 9), ('author', 10)]], {}), 12: ('wagtail.blocks.CharBlock', (), {'label': 'Titre', 'required': False}), 13: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'ul'], 'label': 'Texte'}), 14: ('wagtail.blocks.StructBlock', [[('title', 12), ('text', 13)]], {}), 15: ('wagtail.blocks.CharBlock', (), {'label': 'Titre'}), 16: ('wagtail.blocks.TextBlock', (), {'label': 'Texte', 'required': False}), 17: ('wagtail.blocks.CharBlock', (), {'label': 'Libellé du lien'}), 18: ('wagtail.blocks.PageChooserBlock', (), {'label': 'Page', 'required': False}), 19: ('core.blocks.LinkTargetBlock', (), {'label': 'ou adresse', 'required': False}), 20: ('wagtail.blocks.StructBlock', [[('title', 15), ('text', 16), ('link_label', 17), ('link_page', 18), ('link_url', 19)]], {}), 21: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'label': 'Document'}), 22: ('wagtail.blocks.CharBlock', (), {'help_text': 'Par défaut, son titre.', 'label': 'Libellé du lien', 'required': False}), 23: ('wagtail.blocks.StructBlock', [[('document', 21), ('label', 22)]], {}), 24: ('wagtail.embeds.blocks.EmbedBlock', (), {'label': 'Adresse du contenu (vidéo, publication…)'}), 25: ('wagtail.blocks.CharBlock', (), {'help_text': 'Annoncé avant le chargement.', 'label': 'Titre du contenu'}), 26: ('wagtail.blocks.StructBlock', [[('url', 24), ('title', 25), ('caption', 6)]], {})}, verbose_name='contenu'),
        ),
    ]

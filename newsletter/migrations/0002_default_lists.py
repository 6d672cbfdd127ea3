from django.db import migrations

LISTS = [
    ("hebdo", "La lettre hebdomadaire", "Chaque lundi, l’actualité de l’ESS, les offres et les rendez-vous.", "weekly", 1),
    ("recruteurs", "La lettre des recruteurs", "Chaque mois, les chiffres de l’emploi dans l’ESS et des conseils pour recruter.", "recruiters", 2),
]


def create_lists(apps, schema_editor):
    MailingList = apps.get_model("newsletter", "MailingList")
    for slug, name, description, kind, order in LISTS:
        MailingList.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "kind": kind, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0001_initial")]

    operations = [migrations.RunPython(create_lists, migrations.RunPython.noop)]

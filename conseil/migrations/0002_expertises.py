from django.db import migrations

EXPERTISES = [
    ("strategie", "Stratégie"),
    ("financement", "Financement"),
    ("ressources-humaines", "Ressources humaines"),
    ("numerique", "Numérique"),
    ("juridique", "Juridique"),
    ("evaluation-impact", "Évaluation d’impact"),
    ("accompagnement-dla", "Accompagnement DLA"),
    ("communication", "Communication"),
    ("gouvernance", "Gouvernance"),
    ("comptabilite-gestion", "Comptabilité et gestion"),
    ("formation", "Formation"),
    ("immobilier", "Immobilier"),
]


def add_expertises(apps, schema_editor):
    Expertise = apps.get_model("conseil", "Expertise")
    for order, (slug, label) in enumerate(EXPERTISES, start=1):
        Expertise.objects.update_or_create(slug=slug, defaults={"label": label, "order": order})


class Migration(migrations.Migration):
    dependencies = [("conseil", "0001_initial")]

    operations = [migrations.RunPython(add_expertises, migrations.RunPython.noop)]

"""Seed the job families (métiers) of the ESS and let the editorial groups moderate offers and extend
the vocabulary in the Wagtail admin. Self-contained: the list is frozen here, editors change it later."""

from django.db import migrations

from accounts.migration_operations import grant_permissions

JOB_FUNCTIONS = [
    ("accompagnement-social", "Accompagnement social et éducatif"),
    ("insertion-professionnelle", "Insertion professionnelle et encadrement technique"),
    ("soin-sante", "Soin et santé"),
    ("aide-domicile", "Aide et services à domicile"),
    ("petite-enfance-animation", "Petite enfance et animation"),
    ("formation-enseignement", "Formation et enseignement"),
    ("direction-coordination", "Direction et coordination"),
    ("gestion-projet", "Gestion de projet et développement"),
    ("administration-gestion", "Administration, gestion et comptabilité"),
    ("ressources-humaines", "Ressources humaines"),
    ("communication-mediation", "Communication et médiation"),
    ("collecte-fonds", "Collecte de fonds et mécénat"),
    ("vie-associative-benevolat", "Vie associative et bénévolat"),
    ("commercial-relation-client", "Commercial et relation adhérents"),
    ("logistique-reemploi", "Logistique, tri et réemploi"),
    ("agriculture-environnement", "Agriculture, espaces verts et environnement"),
    ("batiment-energie", "Bâtiment, habitat et énergie"),
    ("restauration-alimentation", "Restauration et alimentation"),
    ("culture-evenementiel", "Culture, spectacle et événementiel"),
    ("numerique-informatique", "Numérique et informatique"),
    ("juridique-plaidoyer", "Juridique, plaidoyer et études"),
    ("finance-solidaire", "Banque, assurance et finance solidaire"),
    ("autre", "Autre métier"),
]


def seed_job_functions(apps, schema_editor):
    JobFunction = apps.get_model("emploi", "JobFunction")
    for order, (slug, label) in enumerate(JOB_FUNCTIONS):
        JobFunction.objects.update_or_create(slug=slug, defaults={"label": label, "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [
        ("emploi", "0001_initial"),
        ("accounts", "0002_editorial_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(seed_job_functions, migrations.RunPython.noop),
        migrations.RunPython(
            grant_permissions("emploi", ["joboffer", "jobfunction"], ["add", "change", "view"]),
            migrations.RunPython.noop,
        ),
        migrations.RunPython(
            grant_permissions("emploi", ["offerstatechange", "offerfeedback"], ["view"]),
            migrations.RunPython.noop,
        ),
    ]

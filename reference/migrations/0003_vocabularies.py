"""Seed the ESS vocabularies (sectors, legal forms, contract types) and let the editorial groups read and
extend them in the Wagtail admin (view, add, change; deleting stays with administrators, since offers,
organisations and profiles will point to these rows)."""

from django.db import migrations

SECTORS = [
    ("action-sociale", "Action sociale et médico-sociale"),
    ("sante", "Santé"),
    ("enfance-jeunesse", "Enfance et jeunesse"),
    ("education-formation", "Éducation et formation"),
    ("insertion-emploi", "Insertion et emploi"),
    ("handicap", "Handicap et inclusion"),
    ("services-personnes", "Services à la personne"),
    ("habitat-logement", "Habitat et logement"),
    ("culture", "Culture, arts et patrimoine"),
    ("sport-loisirs", "Sport et loisirs"),
    ("tourisme-social", "Tourisme social et solidaire"),
    ("education-populaire", "Éducation populaire et vie associative"),
    ("environnement", "Environnement et biodiversité"),
    ("agriculture-alimentation", "Agriculture et alimentation durables"),
    ("economie-circulaire", "Économie circulaire, réemploi et recyclage"),
    ("energie", "Énergie et transition écologique"),
    ("mobilite", "Mobilité"),
    ("commerce-equitable", "Commerce équitable et circuits courts"),
    ("finance-solidaire", "Finance solidaire, banque et assurance"),
    ("numerique", "Numérique, médias et communication"),
    ("developpement-local", "Développement local et territoires"),
    ("solidarite-internationale", "Solidarité internationale"),
    ("droits-citoyennete", "Droits, citoyenneté et égalité"),
    ("accompagnement-ess", "Accompagnement et conseil aux structures de l'ESS"),
    ("autre", "Autre secteur"),
]

# (slug, label, family)
LEGAL_FORMS = [
    ("association", "Association loi 1901", "association"),
    ("association-droit-local", "Association de droit local (Alsace-Moselle)", "association"),
    ("association-rup", "Association reconnue d'utilité publique", "association"),
    ("scop", "SCOP – Société coopérative et participative", "cooperative"),
    ("scic", "SCIC – Société coopérative d'intérêt collectif", "cooperative"),
    ("cae", "CAE – Coopérative d'activité et d'emploi", "cooperative"),
    ("cooperative-agricole", "Coopérative agricole (dont CUMA)", "cooperative"),
    ("cooperative-consommateurs", "Coopérative de consommateurs", "cooperative"),
    ("cooperative-habitants", "Coopérative d'habitants", "cooperative"),
    ("banque-cooperative", "Banque coopérative", "cooperative"),
    ("cooperative", "Autre coopérative", "cooperative"),
    ("mutuelle", "Mutuelle (code de la mutualité)", "mutuelle"),
    ("mutuelle-assurance", "Société d'assurance mutuelle", "mutuelle"),
    ("fondation-rup", "Fondation reconnue d'utilité publique", "fondation"),
    ("fondation-entreprise", "Fondation d'entreprise", "fondation"),
    ("fondation-abritee", "Fondation abritée", "fondation"),
    ("fonds-dotation", "Fonds de dotation", "fondation"),
    ("entreprise-esus", "Entreprise agréée ESUS (entreprise solidaire d'utilité sociale)", "entreprise"),
    ("societe-commerciale-ess", "Société commerciale de l'ESS", "entreprise"),
    ("entreprise-insertion", "EI – Entreprise d'insertion", "insertion"),
    ("etti", "ETTI – Entreprise de travail temporaire d'insertion", "insertion"),
    ("aci", "ACI – Atelier et chantier d'insertion", "insertion"),
    ("association-intermediaire", "AI – Association intermédiaire", "insertion"),
    ("eiti", "EITI – Entreprise d'insertion par le travail indépendant", "insertion"),
    ("entreprise-adaptee", "EA – Entreprise adaptée", "insertion"),
    ("esat", "ESAT – Établissement et service d'accompagnement par le travail", "insertion"),
    ("geiq", "GEIQ – Groupement d'employeurs pour l'insertion et la qualification", "insertion"),
    ("autre", "Autre forme juridique", "autre"),
]

CONTRACT_TYPES = [
    ("cdi", "CDI"),
    ("cdd", "CDD"),
    ("cddi", "CDDI – CDD d'insertion"),
    ("alternance", "Alternance (apprentissage, professionnalisation)"),
    ("stage", "Stage"),
    ("service-civique", "Service civique"),
    ("interim", "Intérim"),
    ("freelance", "Freelance, indépendant"),
    ("benevolat", "Bénévolat"),
]

VOCABULARY_MODELS = ["sector", "legalform", "contracttype"]
EDITORIAL_GROUPS = ["Rédacteurs", "Modérateurs"]
EDITOR_ACTIONS = ["view", "add", "change"]


def seed(apps, schema_editor):
    Sector = apps.get_model("reference", "Sector")
    LegalForm = apps.get_model("reference", "LegalForm")
    ContractType = apps.get_model("reference", "ContractType")
    for order, (slug, label) in enumerate(SECTORS, start=1):
        Sector.objects.update_or_create(slug=slug, defaults={"label": label, "order": order * 10})
    for order, (slug, label, family) in enumerate(LEGAL_FORMS, start=1):
        LegalForm.objects.update_or_create(slug=slug, defaults={"label": label, "family": family, "order": order * 10})
    for order, (slug, label) in enumerate(CONTRACT_TYPES, start=1):
        ContractType.objects.update_or_create(slug=slug, defaults={"label": label, "order": order * 10})

    # Permissions do not exist yet on a fresh database (Django creates them after migrating): make them.
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    permissions = []
    for model_name in VOCABULARY_MODELS:
        model = apps.get_model("reference", model_name)
        content_type, _ = ContentType.objects.get_or_create(app_label="reference", model=model_name)
        for action in EDITOR_ACTIONS:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model_name}",
                defaults={"name": f"Can {action} {model._meta.verbose_name_raw}"},
            )
            permissions.append(permission)
    for group in Group.objects.filter(name__in=EDITORIAL_GROUPS):
        group.permissions.add(*permissions)


def unseed(apps, schema_editor):
    for model_name in VOCABULARY_MODELS:
        apps.get_model("reference", model_name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reference", "0002_load_territories"),
        ("accounts", "0002_editorial_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(seed, unseed)]

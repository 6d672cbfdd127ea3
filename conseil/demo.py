"""Demo consultants: the `/conseil/` page under the home page and ~30 profiles (people and firms, French
names, expertises, territories, references), one of them the demo consultant account's; at full scale,
generated profiles bulk-inserted up to 1,000 in all (the volume `make bench` searches). Idempotent."""

import random

from django.utils import timezone

from accounts.models import User
from core.demo import site_root
from core.models import ModerationStatus
from core.searchables import index_objects
from reference.models import Departement, Region, Sector

from .models import ConsultantIndexPage, ConsultantProfile, ConsultantReference, ConsultantStateChange, Expertise

DEMO_DOMAIN = "conseil.solidaires.test"
FULL_SCALE_CONSULTANTS = 1_000  # profiles in all at full scale
FULL_SCALE_SLUG_PREFIX = "demo-consultant-"

# (name, kind, headline, expertise slugs)
RH, GESTION, DLA, IMPACT = "ressources-humaines", "comptabilite-gestion", "accompagnement-dla", "evaluation-impact"

CONSULTANTS = [
    ("Nadia Ferrand", "person", "Modèles économiques et stratégie des associations", ["strategie", "financement"]),
    ("Julien Marchand", "person", "Financements publics et privés de l’ESS", ["financement", GESTION]),
    (
        "Sophie Lemaire",
        "person",
        "Ressources humaines et dialogue social en SCOP",
        [RH, "gouvernance"],
    ),
    ("Coop’Conseil", "firm", "Coopérative de consultant·es pour les structures de l’ESS", ["strategie", "gouvernance"]),
    ("Thomas Girard", "person", "Transformation numérique des petites associations", ["numerique", "formation"]),
    ("Amandine Rousseau", "person", "Droit des associations et des coopératives", ["juridique", "gouvernance"]),
    ("Impact & Territoires", "firm", "Évaluation d’impact social et études territoriales", [IMPACT]),
    ("Karim Benali", "person", "Accompagnement DLA et consolidation des emplois", [DLA, "strategie"]),
    ("Claire Dubois", "person", "Communication et plaidoyer pour l’ESS", ["communication"]),
    ("Mathieu Lefèvre", "person", "Gestion financière et tableaux de bord", [GESTION, "financement"]),
    ("Élodie Perrin", "person", "Formation des bénévoles et des dirigeant·es", ["formation", "gouvernance"]),
    ("Atelier Foncier Solidaire", "firm", "Projets immobiliers et tiers-lieux", ["immobilier", "financement"]),
    ("Hugo Fontaine", "person", "Stratégie de coopération et fusions d’associations", ["strategie", "juridique"]),
    ("Camille Moreau", "person", "Qualité de vie au travail et management", [RH, "formation"]),
    ("Numérique Commun", "firm", "Outils libres et sobriété numérique", ["numerique"]),
    ("Léa Chevalier", "person", "Mesure d’impact et rapports d’activité", [IMPACT, "communication"]),
    (
        "Antoine Garnier",
        "person",
        "Structuration des SIAE et de l’insertion",
        [DLA, RH],
    ),
    ("Inès Mercier", "person", "Gouvernance partagée et sociocratie", ["gouvernance", "formation"]),
    (
        "Cabinet Ressources ESS",
        "firm",
        "Expertise comptable dédiée aux associations",
        [GESTION, "juridique"],
    ),
    ("Nicolas Blanchard", "person", "Levée de fonds et mécénat d’entreprise", ["financement", "communication"]),
    ("Manon Faure", "person", "Projets alimentaires territoriaux", ["strategie", IMPACT]),
    ("Pierre Roussel", "person", "Tiers-lieux : montage et modèle économique", ["immobilier", "strategie"]),
    ("Sarah Bonnet", "person", "Accompagnement juridique des SCIC", ["juridique"]),
    ("Collectif Transitions", "firm", "Conduite du changement et transition écologique", ["strategie", "formation"]),
    ("Yanis Lambert", "person", "Sites web accessibles et outils collaboratifs", ["numerique", "communication"]),
    ("Chloé Giraud", "person", "Recrutement et gestion des compétences", [RH]),
    (
        "Baptiste Renaud",
        "person",
        "Évaluation de politiques publiques et ESS",
        [IMPACT, DLA],
    ),
    ("Laura Masson", "person", "Budget, trésorerie et pilotage", [GESTION]),
    ("Maxime Dupuis", "person", "Formation de formateur·rices en éducation populaire", ["formation"]),
    ("Alice Vidal", "person", "Montage de projets européens", ["financement", "strategie"]),
]

CLIENTS = [
    "Régie de quartier du Mirail",
    "Ressourcerie La Bricole",
    "SCOP Les Tisserands",
    "Association Cultures du cœur",
    "Épicerie solidaire Le Panier",
    "Mutuelle des Artisans",
    "Fondation Terre d’accueil",
    "SCIC Énergies citoyennes",
]


def seed(scale: str, stdout) -> None:
    ensure_index_page(stdout)
    created = seed_consultants()
    if scale == "full":
        created += seed_many_consultants(FULL_SCALE_CONSULTANTS - len(CONSULTANTS))
    stdout.write(f"Consultant·es : {created} fiches créées, {ConsultantProfile.objects.count()} en tout.")


def ensure_index_page(stdout) -> ConsultantIndexPage | None:
    home = site_root()
    if home is None:
        return None
    page = ConsultantIndexPage.objects.child_of(home).first()
    if page is None:
        page = ConsultantIndexPage(
            title="Consultant·es et expert·es",
            slug="conseil",
            lead="Stratégie, financement, ressources humaines, numérique, droit : des consultant·es qui connaissent "
            "l’économie sociale et solidaire, partout en France.",
            intro="<p>Écrivez-leur directement depuis leur fiche : votre message passe par la messagerie du site.</p>",
            seo_title="Consultant·es de l’économie sociale et solidaire · Solidaires",
            search_description="Trouvez un·e consultant·e ou un cabinet pour accompagner votre association, "
            "coopérative ou entreprise de l’ESS.",
            show_in_menus=True,
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        stdout.write("Page des consultant·es créée.")
    return page


def seed_consultants() -> int:
    rng = random.Random(14)
    expertises = {expertise.slug: expertise for expertise in Expertise.objects.all()}
    sectors = list(Sector.objects.all())
    regions = list(Region.objects.all())
    departements = list(Departement.objects.all())
    created = 0
    for index, (name, kind, headline, slugs) in enumerate(CONSULTANTS):
        user = User.objects.filter(email="consultant@solidaires.test").first() if index == 0 else None
        if user is None:
            email = f"consultant{index + 1}@{DEMO_DOMAIN}"
            user, made = User.objects.get_or_create(email=email, defaults={"is_consultant": True})
            if made:
                first, _, last = name.partition(" ")
                if kind == "person":
                    user.first_name, user.last_name = first, last
                user.set_unusable_password()
                user.save()
        if ConsultantProfile.objects.filter(user=user).exists():
            continue
        low = rng.choice([350, 450, 550, 650])
        profile = ConsultantProfile.objects.create(
            user=user,
            kind=kind,
            name=name,
            headline=headline,
            bio=f"{name} accompagne depuis {rng.randint(5, 25)} ans des structures de l’économie sociale et "
            "solidaire : diagnostic partagé, plan d’action, suivi sur la durée.",
            methods="Entretiens individuels, ateliers collectifs, restitution écrite et suivi à trois mois.",
            languages=rng.choice(["français", "français, anglais", "français, espagnol"]),
            national=index % 5 == 0,
            daily_rate_min=low if index % 3 else None,
            daily_rate_max=low + 250 if index % 3 else None,
            availability=rng.choice(list(ConsultantProfile.Availability.values)),
            status=ModerationStatus.PUBLISHED if index % 2 == 0 else ModerationStatus.DRAFT,
        )
        profile.expertises.set([expertises[slug] for slug in slugs if slug in expertises])
        if sectors:
            profile.sectors.set(rng.sample(sectors, k=min(2, len(sectors))))
        if not profile.national and regions:
            profile.regions.set(rng.sample(regions, k=1))
            if departements:
                profile.departements.set(rng.sample(departements, k=1))
        ConsultantReference.objects.bulk_create(
            ConsultantReference(
                profile=profile,
                organisation=client,
                year=timezone.now().year - rng.randint(0, 6),
                description="Diagnostic, plan d’action partagé et accompagnement de la mise en œuvre.",
            )
            for client in rng.sample(CLIENTS, k=2)
        )
        if profile.status == ModerationStatus.PUBLISHED:
            ConsultantStateChange.objects.create(
                subject=profile, from_status=ModerationStatus.SUBMITTED, to_status=ModerationStatus.PUBLISHED
            )
        created += 1
    return created


FIRST_NAMES = ["Anne", "Bruno", "Céline", "David", "Émilie", "François", "Gaëlle", "Henri", "Isabelle", "Jérôme"]
LAST_NAMES = ["Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Leroy", "Moreau", "Simon"]


def seed_many_consultants(count: int, batch_size: int = 500) -> int:
    """Bulk-insert `count` generated profiles (slugs demo-consultant-N) with their accounts, expertises and
    territories, and index them in the site search; skipped once there."""
    existing = ConsultantProfile.objects.filter(slug__startswith=FULL_SCALE_SLUG_PREFIX).count()
    if existing >= count:
        return 0
    rng = random.Random(16)
    expertises = list(Expertise.objects.all())
    departements = list(Departement.objects.values_list("pk", flat=True))
    headlines = [headline for _name, _kind, headline, _slugs in CONSULTANTS]
    ExpertiseLink = ConsultantProfile.expertises.through
    DepartementLink = ConsultantProfile.departements.through
    now = timezone.now()
    for start in range(existing, count, batch_size):
        numbers = range(start + 1, min(start + batch_size, count) + 1)
        emails = [f"{FULL_SCALE_SLUG_PREFIX}{n}@{DEMO_DOMAIN}" for n in numbers]
        User.objects.bulk_create(
            [User(email=email, is_consultant=True, password="!") for email in emails], ignore_conflicts=True
        )
        users = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
        profiles = []
        for n, email in zip(numbers, emails, strict=True):
            name = f"{FIRST_NAMES[n % 10]} {LAST_NAMES[(n // 10) % 10]} {n}"
            headline = rng.choice(headlines)
            profiles.append(
                ConsultantProfile(
                    user_id=users[email],
                    name=name,
                    slug=f"{FULL_SCALE_SLUG_PREFIX}{n}",
                    headline=headline,
                    bio=f"{name} accompagne les structures de l’économie sociale et solidaire : {headline.lower()}.",
                    methods="Diagnostic partagé, ateliers collectifs et suivi à trois mois.",
                    national=n % 5 == 0,
                    status=ModerationStatus.PUBLISHED if n % 2 else ModerationStatus.DRAFT,
                    published_at=now if n % 2 else None,
                )
            )
        ConsultantProfile.objects.bulk_create(profiles)
        saved = list(
            ConsultantProfile.objects.filter(slug__in=[p.slug for p in profiles]).values_list("pk", "national")
        )
        if expertises:
            ExpertiseLink.objects.bulk_create(
                [ExpertiseLink(consultantprofile_id=pk, expertise_id=rng.choice(expertises).pk) for pk, _n in saved]
            )
        if departements:
            DepartementLink.objects.bulk_create(
                [
                    DepartementLink(consultantprofile_id=pk, departement_id=rng.choice(departements))
                    for pk, national in saved
                    if not national
                ]
            )
        index_objects(ConsultantProfile.objects.filter(pk__in=[pk for pk, _n in saved]))
    return count - existing

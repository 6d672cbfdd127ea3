"""Demo consultants and missions: the `/conseil/` page under the home page, 60 profiles (people and firms,
French names, expertises, territories, references), one of them the demo consultant account's, and 20
missions of the demo organisations in every state, with proposals; `--scale full` bulk-inserts profiles
up to 1,000. Idempotent."""

import random
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import User
from annuaire.models import Organisation, OrganisationMembership
from core.demo import site_root
from core.models import ModerationStatus
from core.searchables import index_objects
from reference.models import Departement, Region, Sector

from .models import (
    ConsultantIndexPage,
    ConsultantProfile,
    ConsultantReference,
    ConsultantStateChange,
    Expertise,
    Mission,
    MissionStateChange,
    Proposal,
)

DEMO_DOMAIN = "conseil.solidaires.test"

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


FIRST_NAMES = [
    "Aurélie", "Bastien", "Céline", "Damien", "Estelle", "Fabien", "Gaëlle", "Hervé", "Isabelle", "Jérôme",
    "Katia", "Lucas", "Marion", "Noémie", "Olivier", "Pauline", "Quentin", "Romane", "Samuel", "Tiphaine",
]  # fmt: skip
LAST_NAMES = [
    "Arnaud", "Barbier", "Caron", "Delmas", "Esnault", "Fournier", "Guillot", "Hamon", "Jacquet", "Leroux",
    "Michaud", "Noël", "Olivier", "Poulain", "Rivière", "Schmitt", "Tessier", "Vasseur", "Weber", "Zimmermann",
]  # fmt: skip
HEADLINES = {
    "strategie": "Stratégie et projet associatif",
    "financement": "Recherche de financements et modèle économique",
    RH: "Ressources humaines et management",
    GESTION: "Gestion financière et contrôle de gestion",
    DLA: "Accompagnement DLA",
    IMPACT: "Évaluation de l’utilité sociale",
    "numerique": "Outils numériques pour les associations",
    "juridique": "Droit de l’ESS et statuts",
    "gouvernance": "Gouvernance et vie démocratique",
    "communication": "Communication et plaidoyer",
    "formation": "Formation des équipes et des bénévoles",
    "immobilier": "Immobilier solidaire et tiers-lieux",
}
TARGET_CONSULTANTS = 60
FULL_SCALE_CONSULTANTS = 1000

# (title, expertise slugs, budget range in € HT); organisations taken in turn among the demo ones.
MISSIONS = [
    ("Diagnostic de notre modèle économique", ["strategie", "financement"], (4000, 8000)),
    ("Accompagnement DLA : consolider nos emplois", [DLA, RH], (3000, 6000)),
    ("Évaluation d’impact de notre chantier d’insertion", [IMPACT], (8000, 15000)),
    ("Refonte de notre site web accessible", ["numerique", "communication"], (5000, 9000)),
    ("Transformation en SCIC : accompagnement juridique", ["juridique", "gouvernance"], (3000, 5000)),
    ("Plan de formation des bénévoles", ["formation"], (2000, 4000)),
    ("Tableaux de bord financiers", [GESTION], (2500, 5000)),
    ("Stratégie de mécénat d’entreprise", ["financement", "communication"], (4000, 7000)),
    ("Projet de tiers-lieu : étude de faisabilité", ["immobilier", "strategie"], (10000, 20000)),
    ("Gouvernance partagée : ateliers du conseil d’administration", ["gouvernance"], (1500, 3000)),
    ("Qualité de vie au travail dans nos ateliers", [RH], (3000, 6000)),
    ("Mesure d’utilité sociale pour nos financeurs", [IMPACT, "communication"], (5000, 10000)),
    ("Montage d’un dossier européen", ["financement"], (6000, 12000)),
    ("Passage à des outils collaboratifs libres", ["numerique", "formation"], (2000, 5000)),
    ("Fusion de deux associations : accompagnement", ["juridique", "strategie"], (8000, 16000)),
    ("Projet alimentaire territorial : animation", ["strategie", IMPACT], (6000, 10000)),
    ("Structuration de notre SIAE", [DLA, GESTION], (4000, 8000)),
    ("Campagne de plaidoyer régionale", ["communication"], (3000, 6000)),
    ("Recrutement d’une direction", [RH, "gouvernance"], (2000, 4000)),
    ("Business plan d’une activité de réemploi", ["financement", GESTION], (5000, 9000)),
]
NEED = (
    "Notre structure a grandi vite ces trois dernières années. Nous cherchons un regard extérieur pour "
    "faire le point avec l’équipe salariée et le conseil d’administration, puis construire la suite ensemble."
)
DELIVERABLES = (
    "Un diagnostic partagé (entretiens, atelier collectif), une restitution écrite et un plan d’action "
    "sur deux ou trois ans ; deux à quatre mois de mission."
)
PROPOSAL_MESSAGE = (
    "Bonjour, votre besoin rejoint des missions que j’ai menées récemment. Je propose trois temps : "
    "entretiens individuels, atelier collectif, restitution et plan d’action. Calendrier et coût détaillés "
    "sur demande."
)


def seed(scale: str, stdout) -> None:
    ensure_index_page(stdout)
    created = seed_consultants()
    created += seed_more_consultants(TARGET_CONSULTANTS)
    if scale == "full":
        created += seed_more_consultants(FULL_SCALE_CONSULTANTS)
    stdout.write(f"Consultant·es : {created} fiches créées, {ConsultantProfile.objects.count()} en tout.")
    missions = seed_missions()
    stdout.write(f"Missions de conseil : {missions} créées, {Mission.objects.count()} en tout.")


def ensure_index_page(stdout) -> ConsultantIndexPage | None:
    home = site_root()
    if home is None:
        return None
    page = ConsultantIndexPage.objects.child_of(home).first()
    if page is None:
        page = ConsultantIndexPage(
            title="Consultant·es et expert·es",
            slug="conseil",
            lead="Stratégie, financement, ressources humaines, numérique, droit : des consultant·es qui connaissent "
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


def seed_more_consultants(target: int) -> int:
    """Bulk-insert generated profiles (demo-consultant-N accounts) until there are `target` profiles."""
    count = ConsultantProfile.objects.count()
    if count >= target:
        return 0
    rng = random.Random(target)
    expertises = list(Expertise.objects.filter(is_active=True))
    sectors = list(Sector.objects.all())
    regions = list(Region.objects.all())
    departements = list(Departement.objects.all())
    start = User.objects.filter(email__startswith="demo-consultant-").count()
    numbers = range(start, start + target - count)
    password = make_password(None)
    User.objects.bulk_create(
        [
            User(
                email=f"demo-consultant-{n}@{DEMO_DOMAIN}",
                first_name=FIRST_NAMES[n % len(FIRST_NAMES)],
                last_name=LAST_NAMES[(n // len(FIRST_NAMES)) % len(LAST_NAMES)],
                password=password,
                is_consultant=True,
            )
            for n in numbers
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    users = {user.email: user for user in User.objects.filter(email__startswith="demo-consultant-")}
    profiles = []
    chosen = {}
    for n in numbers:
        user = users[f"demo-consultant-{n}@{DEMO_DOMAIN}"]
        picked = rng.sample(expertises, k=min(len(expertises), rng.choice([1, 2, 2, 3])))
        name = f"{user.first_name} {user.last_name}" + (f" {n // 400 + 1}" if n >= 400 else "")
        low = rng.choice([350, 450, 550, 650, 750])
        profiles.append(
            ConsultantProfile(
                user=user,
                kind="firm" if n % 9 == 0 else "person",
                name=name if n % 9 else f"Cabinet {user.last_name} & associé·es {n}",
                slug=f"demo-consultant-{n}",
                headline=HEADLINES.get(picked[0].slug, picked[0].label)
                if picked
                else "Conseil aux structures de l’ESS",
                bio="Accompagne des associations, coopératives et entreprises de l’ESS : diagnostic, plan "
                "d’action et suivi sur la durée.",
                methods="Entretiens, ateliers collectifs, restitution écrite.",
                languages=rng.choice(["français", "français, anglais"]),
                national=n % 6 == 0,
                daily_rate_min=low if n % 3 else None,
                daily_rate_max=low + 300 if n % 3 else None,
                availability=rng.choice(list(ConsultantProfile.Availability.values)),
                status=ModerationStatus.PUBLISHED if n % 3 == 0 else ModerationStatus.DRAFT,
            )
        )
        chosen[f"demo-consultant-{n}"] = picked
    ConsultantProfile.objects.bulk_create(profiles, batch_size=1000)
    created = list(ConsultantProfile.objects.filter(slug__in=chosen).only("pk", "slug", "national"))
    through = ConsultantProfile.expertises.through
    through.objects.bulk_create(
        [through(consultantprofile_id=p.pk, expertise_id=e.pk) for p in created for e in chosen[p.slug]],
        batch_size=2000,
        ignore_conflicts=True,
    )
    if sectors:
        sector_through = ConsultantProfile.sectors.through
        sector_through.objects.bulk_create(
            [sector_through(consultantprofile_id=p.pk, sector_id=rng.choice(sectors).pk) for p in created],
            batch_size=2000,
            ignore_conflicts=True,
        )
    region_through = ConsultantProfile.regions.through
    departement_through = ConsultantProfile.departements.through
    local = [p for p in created if not p.national]
    if regions:
        region_through.objects.bulk_create(
            [region_through(consultantprofile_id=p.pk, region_id=rng.choice(regions).pk) for p in local[::2]],
            batch_size=2000,
        )
    if departements:
        departement_through.objects.bulk_create(
            [
                departement_through(consultantprofile_id=p.pk, departement_id=rng.choice(departements).pk)
                for p in local[1::2]
            ],
            batch_size=2000,
        )
    index_objects(ConsultantProfile.objects.filter(slug__in=chosen))
    return len(created)


def seed_missions() -> int:
    """20 missions of the demo organisations: most published (some with proposals, one closed with a pick),
    one waiting for moderation, one refused with its reason."""
    if Mission.objects.exists():
        return 0
    organisations = list(Organisation.objects.filter(is_verified=True).order_by("pk")[:12])
    if not organisations:
        return 0
    expertises = {expertise.slug: expertise for expertise in Expertise.objects.all()}
    regions = list(Region.objects.order_by("code"))
    recruiter = User.objects.filter(email="recruteur@solidaires.test").first()
    members = dict(
        OrganisationMembership.objects.filter(
            organisation__in=organisations, status=OrganisationMembership.Status.APPROVED
        ).values_list("organisation_id", "user_id")
    )
    rng = random.Random(20)
    today = timezone.localdate()
    now = timezone.now()
    consultants = list(ConsultantProfile.objects.visible().order_by("pk")[:40])
    created = 0
    for n, (title, slugs, (low, high)) in enumerate(MISSIONS):
        organisation = organisations[n % len(organisations)]
        status = ModerationStatus.PUBLISHED
        if n == 17:
            status = ModerationStatus.SUBMITTED
        elif n == 18:
            status = ModerationStatus.REFUSED
        elif n == 19:
            status = ModerationStatus.CLOSED
        region = regions[n % len(regions)] if regions and n % 3 else None
        mission = Mission.objects.create(
            organisation=organisation,
            created_by_id=members.get(organisation.pk) or (recruiter.pk if recruiter else None),
            title=title,
            need=NEED,
            deliverables=DELIVERABLES,
            budget_min=low,
            budget_max=high,
            region=region,
            remote=region is None or n % 4 == 0,
            answer_by=today + timedelta(days=10 + 3 * n),
            status=status,
            submitted_at=now - timedelta(days=20 - n % 10),
            published_at=now - timedelta(days=15 - n % 10) if status in ("published", "closed") else None,
            closed_at=now - timedelta(days=1) if status == "closed" else None,
            notified_at=now if status in ("published", "closed") else None,
        )
        mission.expertises.set([expertises[slug] for slug in slugs if slug in expertises])
        history = [MissionStateChange(subject=mission, from_status="draft", to_status="submitted")]
        if status in ("published", "closed"):
            history.append(MissionStateChange(subject=mission, from_status="submitted", to_status="published"))
        if status == "refused":
            history.append(
                MissionStateChange(
                    subject=mission,
                    from_status="submitted",
                    to_status="refused",
                    reason="Précisez le budget et le calendrier attendus.",
                )
            )
        if status == "closed":
            history.append(
                MissionStateChange(
                    subject=mission, from_status="published", to_status="closed", reason="Proposition retenue"
                )
            )
        MissionStateChange.objects.bulk_create(history)
        if status in ("published", "closed") and consultants and (n % 2 == 0 or status == "closed"):
            answering = rng.sample(consultants, k=min(len(consultants), 2 + n % 3))
            Proposal.objects.bulk_create(
                Proposal(
                    mission=mission,
                    consultant=profile,
                    message=PROPOSAL_MESSAGE,
                    status=(
                        ("chosen" if i == 0 else "not_chosen")
                        if status == "closed"
                        else ("shortlisted" if i == 0 and n % 4 == 0 else "sent")
                    ),
                    outcome_sent_at=now if status == "closed" else None,
                )
                for i, profile in enumerate(answering)
            )
        created += 1
    return created

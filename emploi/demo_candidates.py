"""Demo candidates: about 100 people looking for work in the ESS, with varied profiles, CVs (experiences,
education, skills, languages, volunteering, certifications, in varied orders) and bios of every
visibility; the demo candidate account (candidate@solidaires.test) has a full, public one; applications in
every state, with their histories, to the demo recruiter's offers.

Idempotent (skipped when the demo candidates exist); bulk-inserted, so no email is sent. Runs on SQLite.
"""

import random
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.text import slugify

from accounts.demo import DEMO_PASSWORD, FIRST_NAMES, LAST_NAMES
from accounts.models import User
from reference.models import Commune, ContractType, Sector

from . import candidates
from .applications import refusal_template
from .models import (
    DEFAULT_SECTION_ORDER,
    ApplicationStateChange,
    ApplicationStatus,
    BioVisibility,
    CandidateProfile,
    CVEntry,
    CVSection,
    JobFunction,
    JobOffer,
    OfferApplication,
    OfferStatus,
)

DEMO_CANDIDATES = 100
EMAIL_PREFIX = "demo-profil-"
CITIES = [
    "75056", "69123", "13055", "31555", "44109", "33063", "59350", "67482", "34172", "35238",
    "38185", "63113", "21231", "76540", "37261", "87085", "25056", "86194", "42218", "49007",
]  # fmt: skip

# (function slug, headline, sector slug, past job titles, schools)
PATHS = [
    (
        "accompagnement-social",
        "Éducatrice spécialisée, dix ans en protection de l’enfance",
        "action-sociale",
        ["Éducatrice spécialisée", "Monitrice-éducatrice", "Animatrice en foyer de jeunes travailleurs"],
        [("Diplôme d’État d’éducateur spécialisé", "IRTS Auvergne-Rhône-Alpes")],
    ),
    (
        "insertion-professionnelle",
        "Conseiller en insertion professionnelle, ateliers et chantiers d’insertion",
        "insertion-emploi",
        [
            "Conseiller en insertion professionnelle",
            "Encadrant technique d’insertion",
            "Chargé de relations entreprises",
        ],
        [("Titre professionnel CIP", "AFPA"), ("Licence de sociologie", "Université de Lille")],
    ),
    (
        "gestion-projet",
        "Cheffe de projet alimentation durable et circuits courts",
        "agriculture-alimentation",
        ["Chargée de projet alimentation", "Animatrice de réseau d’AMAP", "Coordinatrice d’épicerie solidaire"],
        [("Master Économie sociale et solidaire", "Université Lumière Lyon 2")],
    ),
    (
        "direction-coordination",
        "Directeur de structure de l’ESS, gestion et développement",
        "developpement-local",
        ["Directeur", "Coordinateur de tiers-lieu", "Responsable administratif et financier"],
        [("Master Management des organisations de l’ESS", "Sciences Po Grenoble")],
    ),
    (
        "petite-enfance-animation",
        "Animatrice jeunesse, BPJEPS, projets d’éducation populaire",
        "education-populaire",
        ["Animatrice jeunesse", "Directrice d’accueil de loisirs", "Animatrice périscolaire"],
        [("BPJEPS Loisirs tous publics", "CREPS de Bordeaux"), ("BAFD", "Francas")],
    ),
    (
        "logistique-reemploi",
        "Valoriste et responsable d’atelier réemploi",
        "economie-circulaire",
        ["Responsable d’atelier réemploi", "Valoriste en ressourcerie", "Préparateur de commandes"],
        [("CAP Opérateur logistique", "Lycée professionnel Jean-Jaurès")],
    ),
    (
        "communication-mediation",
        "Chargée de communication associative et de mobilisation citoyenne",
        "numerique",
        ["Chargée de communication", "Community manager", "Chargée de médiation culturelle"],
        [("Master Communication des organisations", "Université Bordeaux Montaigne")],
    ),
    (
        "administration-gestion",
        "Comptable en association, paie et contrôle de gestion",
        "accompagnement-ess",
        ["Comptable", "Assistante de gestion", "Gestionnaire de paie"],
        [("DCG – Diplôme de comptabilité et de gestion", "CNAM")],
    ),
    (
        "aide-domicile",
        "Auxiliaire de vie sociale, accompagnement des personnes âgées",
        "services-personnes",
        ["Auxiliaire de vie sociale", "Aide à domicile", "Agent de service hospitalier"],
        [("DEAES – Accompagnant éducatif et social", "Croix-Rouge compétence")],
    ),
    (
        "agriculture-environnement",
        "Maraîcher bio et animateur nature",
        "environnement",
        ["Maraîcher", "Animateur nature", "Ouvrier agricole en jardin de cocagne"],
        [("BPREA Maraîchage biologique", "CFPPA de Rennes")],
    ),
    (
        "numerique-informatique",
        "Développeuse web, outils libres pour les associations",
        "numerique",
        ["Développeuse web", "Médiatrice numérique", "Technicienne support"],
        [("Titre professionnel Développeur web", "Simplon")],
    ),
    (
        "collecte-fonds",
        "Chargé de mécénat et de collecte de fonds",
        "solidarite-internationale",
        ["Chargé de mécénat", "Chargé de collecte", "Chargé de partenariats"],
        [("Master Management des ONG", "Université Paris 1")],
    ),
]
ORGANISATIONS = [
    "Emmaüs Connect", "Les Restos du Cœur", "Habitat et Humanisme", "Réseau Cocagne", "Envie Rhône-Alpes",
    "Secours populaire", "La Ressourcerie du Pont", "Coopérative Oxalis", "SCOP Ardelaine", "Terre de Liens",
    "Fédération des centres sociaux", "Ligue de l’enseignement", "Le Relais", "Croix-Rouge française",
    "APF France handicap", "Association Aurore", "France Active", "Biocoop La Canopée", "Enercoop",
]  # fmt: skip
SKILLS = [
    ("Conduite de projet", "confirmé"), ("Animation de réunions", "expert"), ("Écoute active", ""),
    ("Tableurs et bases de données", "intermédiaire"), ("Gestion budgétaire", "confirmé"),
    ("Montage de dossiers de subvention", "confirmé"), ("Facilitation graphique", "débutant"),
    ("Permis B", ""), ("Accompagnement de publics en précarité", "expert"), ("Logiciels libres", "confirmé"),
]  # fmt: skip
LANGUAGES = [("Anglais", "B2"), ("Espagnol", "B1"), ("Arabe", "langue maternelle"), ("Allemand", "A2"),
             ("Wolof", "courant"), ("Langue des signes française", "A2"), ("Portugais", "C1")]  # fmt: skip
VOLUNTEERING = [
    ("Bénévole à la distribution alimentaire", "Les Restos du Cœur"),
    ("Trésorière", "AMAP du quartier"),
    ("Administrateur", "Centre social des Pentes"),
    ("Animatrice d’un Repair Café", "Repair Café"),
    ("Accompagnement scolaire", "Association de la Fondation étudiante pour la ville"),
]
CERTIFICATIONS = [
    ("Sauveteur secouriste du travail (SST)", "INRS"),
    ("Certificat de formation à la gestion associative", "Maison des associations"),
    ("PIX – compétences numériques", "Pix"),
    ("Habilitation électrique B0", "Apave"),
]
BIOS = [
    "Je cherche un poste où l’utilité sociale compte autant que la qualité du travail. J’aime construire "
    "avec les équipes et les personnes accompagnées.",
    "Après plusieurs années dans le privé, j’ai rejoint l’ESS et je n’en suis plus sortie : coopérer, "
    "rendre des comptes, donner du sens.",
    "Bénévole depuis longtemps, je souhaite faire de mon engagement mon métier, de préférence dans une "
    "coopérative ou une association de mon territoire.",
    "Polyvalent, à l’aise sur le terrain comme dans les tableaux de bord, je cherche une structure qui "
    "grandit et qui a besoin de s’organiser.",
]


def seed(scale: str, stdout) -> None:
    if CandidateProfile.objects.filter(user__email__startswith=EMAIL_PREFIX).exists():
        return
    rng = random.Random(23)
    functions = {function.slug: function for function in JobFunction.objects.all()}
    sectors = {sector.slug: sector for sector in Sector.objects.all()}
    contracts = list(ContractType.objects.filter(slug__in=["cdi", "cdd", "cddi", "stage", "alternance"]))
    cities = list(Commune.objects.filter(code__in=CITIES).order_by("code"))
    if not functions or not cities:
        return
    password = make_password(DEMO_PASSWORD)
    users = User.objects.bulk_create(
        [
            User(
                email=f"{EMAIL_PREFIX}{number}@solidaires.test",
                first_name=FIRST_NAMES[(number * 7) % len(FIRST_NAMES)],
                last_name=LAST_NAMES[(number * 5 + number // 3) % len(LAST_NAMES)],
                password=password,
                is_candidate=True,
            )
            for number in range(DEMO_CANDIDATES)
        ]
    )
    users = list(User.objects.filter(email__startswith=EMAIL_PREFIX).order_by("pk"))
    demo = User.objects.filter(email="candidate@solidaires.test").first()
    if demo is not None and not CandidateProfile.objects.filter(user=demo).exists():
        users.insert(0, demo)
    taken = set(CandidateProfile.objects.values_list("slug", flat=True))
    profiles = []
    for index, user in enumerate(users):
        base = slugify(user.get_full_name())[:50] or "candidat"
        slug, number = base, 1
        while slug in taken or candidates.slug_error(slug) is not None:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        path = PATHS[index % len(PATHS)]
        order = list(DEFAULT_SECTION_ORDER)
        if index % 4 == 1:  # some put volunteering or skills first
            order.insert(0, order.pop(order.index(CVSection.VOLUNTEERING)))
        elif index % 4 == 2:
            order.insert(0, order.pop(order.index(CVSection.SKILL)))
        city = cities[index % len(cities)]
        visibility = [BioVisibility.PUBLIC, BioVisibility.PUBLIC, BioVisibility.RECRUITERS, BioVisibility.PRIVATE][
            index % 4
        ]
        profiles.append(
            CandidateProfile(
                user=user,
                slug=slug,
                headline=path[1],
                bio=BIOS[index % len(BIOS)],
                commune=city,
                latitude=city.latitude,
                longitude=city.longitude,
                mobility_km=rng.choice([10, 20, 30, 50, 100]),
                remote_ok=index % 5 == 0,
                available_from=date(2026, 1 + index % 12, 1) if index % 3 else None,
                salary_wish=rng.choice([None, 24000, 26000, 28000, 32000, 36000]),
                section_order=",".join(order),
                visibility=BioVisibility.PUBLIC if user == demo else visibility,
            )
        )
    profiles = CandidateProfile.objects.bulk_create(profiles)
    profiles = list(CandidateProfile.objects.filter(user__in=users).order_by("pk"))
    function_links, sector_links, contract_links, entries = [], [], [], []
    Functions = CandidateProfile.functions.through
    Sectors = CandidateProfile.sectors.through
    Contracts = CandidateProfile.contract_types.through
    for index, profile in enumerate(profiles):
        path = PATHS[index % len(PATHS)]
        wanted = {path[0], rng.choice(list(functions))}
        function_links += [Functions(candidateprofile=profile, jobfunction=functions[slug]) for slug in wanted]
        if path[2] in sectors:
            sector_links.append(Sectors(candidateprofile=profile, sector=sectors[path[2]]))
        contract_links += [Contracts(candidateprofile=profile, contracttype=c) for c in rng.sample(contracts, 2)]
        entries += cv_entries(profile, path, rng)
    Functions.objects.bulk_create(function_links, ignore_conflicts=True)
    Sectors.objects.bulk_create(sector_links, ignore_conflicts=True)
    Contracts.objects.bulk_create(contract_links, ignore_conflicts=True)
    CVEntry.objects.bulk_create(entries)
    stdout.write(f"Profils candidat·es : {len(profiles)} créés, avec {len(entries)} entrées de CV.")
    seed_applications(profiles, stdout)


# How an application reached each state (the steps after "sent"), for the demo's histories.
PATHS_TO = {
    ApplicationStatus.SENT: [],
    ApplicationStatus.READ: [ApplicationStatus.READ],
    ApplicationStatus.SHORTLISTED: [ApplicationStatus.READ, ApplicationStatus.SHORTLISTED],
    ApplicationStatus.INTERVIEW: [ApplicationStatus.READ, ApplicationStatus.SHORTLISTED, ApplicationStatus.INTERVIEW],
    ApplicationStatus.REFUSED: [ApplicationStatus.READ, ApplicationStatus.REFUSED],
    ApplicationStatus.HIRED: [ApplicationStatus.SHORTLISTED, ApplicationStatus.INTERVIEW, ApplicationStatus.HIRED],
    ApplicationStatus.WITHDRAWN: [ApplicationStatus.READ, ApplicationStatus.WITHDRAWN],
}
MESSAGES = [
    "Bonjour,\n\nVotre offre correspond à ce que je cherche\u00a0: je serais heureuse d’en parler avec vous.",
    "Bonjour,\n\nJ’ai coordonné des bénévoles pendant cinq ans et je souhaite en faire mon métier.",
    "Madame, Monsieur,\n\nJe vous propose ma candidature\u00a0; mon CV est joint à ce message.",
]


def seed_applications(profiles, stdout) -> None:
    """Applications in every state, with their histories, to the demo recruiter's published offers (two
    per state on each of the first two), so that both sides of applications have something to show."""
    recruiter = User.objects.filter(email="recruteur@solidaires.test").first()
    offers = list(
        JobOffer.objects.filter(created_by=recruiter, status=OfferStatus.PUBLISHED).order_by("pk")[:2]
        if recruiter
        else []
    )
    if not offers or not profiles:
        return
    now = timezone.now()
    rows, paths = [], []
    number = 0
    for offer in offers:
        for status, path in PATHS_TO.items():
            for _copy in range(2):
                profile = profiles[number % len(profiles)]
                number += 1
                sent = now - timedelta(days=20 - number % 15, hours=number)
                rows.append(
                    OfferApplication(
                        offer=offer,
                        applicant=profile.user,
                        name=profile.user.get_full_name(),
                        email=profile.user.email,
                        message=MESSAGES[number % len(MESSAGES)],
                        created_at=sent,
                        status=status,
                        status_changed_at=sent + timedelta(days=len(path)) if path else None,
                    )
                )
                paths.append(path)
    created = OfferApplication.objects.bulk_create(rows)
    changes = []
    for application, path in zip(created, paths, strict=True):
        previous = ApplicationStatus.SENT
        for day, status in enumerate(path, start=1):
            by = application.applicant if status == ApplicationStatus.WITHDRAWN else recruiter
            reason = ""
            if status == ApplicationStatus.INTERVIEW:
                reason = "Nous vous proposons un entretien mardi à 10\u00a0h, dans nos locaux."
            elif status == ApplicationStatus.REFUSED:
                reason = refusal_template(application)
            changes.append(
                ApplicationStateChange(
                    application=application,
                    from_status=previous,
                    to_status=status,
                    by=by,
                    at=application.created_at + timedelta(days=day),
                    reason=reason,
                )
            )
            previous = status
    ApplicationStateChange.objects.bulk_create(changes)
    stdout.write(f"Candidatures : {len(created)} créées, dans chaque état, avec {len(changes)} étapes.")


def cv_entries(profile: CandidateProfile, path, rng: random.Random) -> list[CVEntry]:
    entries = []
    year = 2025
    for position, title in enumerate(path[3][: rng.randint(2, 3)]):
        length = rng.randint(1, 4)
        organisation = rng.choice(ORGANISATIONS)
        entries.append(
            CVEntry(
                profile=profile,
                section=CVSection.EXPERIENCE,
                title=title,
                organisation=organisation,
                place=profile.commune.name if position == 0 and profile.commune else "",
                start_date=date(year - length, rng.randint(1, 12), 1),
                end_date=None if position == 0 else date(year, rng.randint(1, 12), 1),
                description="Accueil et accompagnement des publics, travail en équipe pluridisciplinaire, "
                "suivi des indicateurs et des bilans pour les financeurs.",
                position=position,
            )
        )
        year -= length + 1
    for position, (title, school) in enumerate(path[4]):
        entries.append(
            CVEntry(
                profile=profile,
                section=CVSection.EDUCATION,
                title=title,
                organisation=school,
                start_date=date(year - 2 - position * 2, 9, 1),
                end_date=date(year - position * 2, 6, 1),
                position=position,
            )
        )
    for position, (title, level) in enumerate(rng.sample(SKILLS, 3)):
        entries.append(CVEntry(profile=profile, section=CVSection.SKILL, title=title, level=level, position=position))
    entries.append(CVEntry(profile=profile, section=CVSection.LANGUAGE, title="Français", level="langue maternelle"))
    title, level = rng.choice(LANGUAGES)
    entries.append(CVEntry(profile=profile, section=CVSection.LANGUAGE, title=title, level=level, position=1))
    if rng.random() < 0.7:
        title, organisation = rng.choice(VOLUNTEERING)
        entries.append(
            CVEntry(
                profile=profile,
                section=CVSection.VOLUNTEERING,
                title=title,
                organisation=organisation,
                start_date=date(2020 + rng.randint(0, 4), rng.randint(1, 12), 1),
            )
        )
    if rng.random() < 0.5:
        title, organisation = rng.choice(CERTIFICATIONS)
        entries.append(
            CVEntry(
                profile=profile,
                section=CVSection.CERTIFICATION,
                title=title,
                organisation=organisation,
                start_date=date(2018 + rng.randint(0, 6), rng.randint(1, 12), 1),
            )
        )
    return entries

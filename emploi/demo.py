"""Demo job offers: the `/emploi/` page, ~150 realistic offers in every state (with their history) across
the demo organisations and a partner (CRESS
Auvergne-Rhône-Alpes); at full scale, 25,000 more offers (5,000 open) over the generated organisations.

Idempotent: each part is skipped when already there. Offers are bulk-inserted (their location columns
filled with `JobOffer.location_fields`), so seeding sends no email.
"""

import random
from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from annuaire.demo import NAMED_ORGANISATIONS, siret_for
from annuaire.models import Organisation
from core.demo import site_root
from core.searchables import index_objects
from reference.models import Commune, ContractType, Region, Sector

from .listings import bump_offers_cache_version
from .models import (
    ApplyMode,
    JobFunction,
    JobOffer,
    OffersIndexPage,
    OfferStateChange,
    OfferStatus,
    Partner,
    SalaryPeriod,
    WorkingTime,
)

DEMO_REFERENCE = "DEMO-"
FULL_REFERENCE = "FULL-"
FULL_SCALE_OFFERS = 25_000
FULL_SCALE_OPEN = 5_000
DEMO_PARTNER_SLUG = "cress-auvergne-rhone-alpes"

# (title, function slug, sector slug, contract slug, salary range per year or None)
JOBS = [
    ("Coordinateur·rice de projets alimentaires", "gestion-projet", "agriculture-alimentation", "cdi", (28000, 32000)),
    (
        "Maraîcher·ère en agriculture biologique",
        "agriculture-environnement",
        "agriculture-alimentation",
        "cdd",
        (22000, 24000),
    ),
    ("Chargé·e d’accompagnement social", "accompagnement-social", "action-sociale", "cdi", (25000, 29000)),
    ("Éducateur·rice spécialisé·e", "accompagnement-social", "handicap", "cdi", (26000, 31000)),
    ("Encadrant·e technique d’insertion", "insertion-professionnelle", "insertion-emploi", "cdi", (25000, 28000)),
    (
        "Conseiller·ère en insertion professionnelle",
        "insertion-professionnelle",
        "insertion-emploi",
        "cdd",
        (24000, 27000),
    ),
    ("Valoriste en ressourcerie", "logistique-reemploi", "economie-circulaire", "cddi", (21000, 22000)),
    ("Responsable d’atelier de réparation vélo", "logistique-reemploi", "mobilite", "cdi", (24000, 27000)),
    ("Animateur·rice jeunesse", "petite-enfance-animation", "enfance-jeunesse", "cdd", (21500, 23000)),
    ("Auxiliaire de vie sociale", "aide-domicile", "services-personnes", "cdi", (21000, 23500)),
    ("Infirmier·ère de coordination", "soin-sante", "sante", "cdi", (30000, 36000)),
    ("Directeur·rice d’établissement", "direction-coordination", "action-sociale", "cdi", (42000, 50000)),
    ("Coordinateur·rice de tiers-lieu", "direction-coordination", "developpement-local", "cdi", (27000, 31000)),
    ("Comptable", "administration-gestion", "finance-solidaire", "cdi", (28000, 33000)),
    (
        "Assistant·e administratif·ve et financier·e",
        "administration-gestion",
        "education-populaire",
        "cdd",
        (22000, 24000),
    ),
    ("Chargé·e de ressources humaines", "ressources-humaines", "action-sociale", "cdi", (30000, 35000)),
    ("Chargé·e de communication", "communication-mediation", "culture", "cdd", (25000, 28000)),
    ("Médiateur·rice culturel·le", "communication-mediation", "culture", "cdd", (23000, 25000)),
    ("Chargé·e de collecte de fonds", "collecte-fonds", "solidarite-internationale", "cdi", (30000, 34000)),
    ("Responsable de la vie associative", "vie-associative-benevolat", "education-populaire", "cdi", (26000, 29000)),
    ("Chargé·e de relation adhérent·es", "commercial-relation-client", "finance-solidaire", "cdi", (27000, 31000)),
    ("Électricien·ne en rénovation énergétique", "batiment-energie", "energie", "cdi", (25000, 30000)),
    ("Thermicien·ne", "batiment-energie", "energie", "cdi", (32000, 38000)),
    (
        "Cuisinier·ère en restauration collective",
        "restauration-alimentation",
        "agriculture-alimentation",
        "cdi",
        (22000, 25000),
    ),
    ("Régisseur·se de spectacle", "culture-evenementiel", "culture", "cdd", (24000, 27000)),
    ("Développeur·se web", "numerique-informatique", "numerique", "freelance", None),
    ("Administrateur·rice systèmes et réseaux", "numerique-informatique", "numerique", "cdi", (34000, 40000)),
    ("Juriste en droit des étrangers", "juridique-plaidoyer", "droits-citoyennete", "cdi", (29000, 33000)),
    ("Chargé·e de plaidoyer", "juridique-plaidoyer", "solidarite-internationale", "cdd", (30000, 34000)),
    (
        "Formateur·rice en français langue étrangère",
        "formation-enseignement",
        "education-formation",
        "cdd",
        (24000, 27000),
    ),
    ("Stagiaire chargé·e d’études ESS", "gestion-projet", "accompagnement-ess", "stage", None),
    ("Apprenti·e chargé·e de communication", "communication-mediation", "numerique", "alternance", None),
    (
        "Volontaire en service civique : lien intergénérationnel",
        "vie-associative-benevolat",
        "action-sociale",
        "service-civique",
        None,
    ),
    ("Bénévole accompagnement scolaire", "formation-enseignement", "education-populaire", "benevolat", None),
    ("Agent·e d’entretien des espaces verts", "agriculture-environnement", "environnement", "interim", None),
    ("Chargé·e de mission habitat", "gestion-projet", "habitat-logement", "cdi", (28000, 32000)),
    ("Travailleur·se social·e en hébergement", "accompagnement-social", "habitat-logement", "cdi", (25000, 28000)),
    (
        "Chargé·e d’accompagnement à la création d’entreprise",
        "gestion-projet",
        "accompagnement-ess",
        "cdi",
        (29000, 33000),
    ),
]

MISSIONS = {
    "gestion-projet": [
        "piloter les projets de la structure, de leur conception à leur évaluation",
        "animer les partenariats avec les collectivités et les réseaux de l’ESS",
        "rédiger les dossiers de financement et les bilans",
    ],
    "accompagnement-social": [
        "accompagner les personnes dans leurs démarches d’accès aux droits",
        "construire avec chacune un projet d’insertion adapté",
        "travailler en lien avec les partenaires sociaux et médico-sociaux du territoire",
    ],
    "insertion-professionnelle": [
        "encadrer une équipe de salarié·es en parcours d’insertion",
        "organiser la production et veiller à la sécurité",
        "transmettre les savoir-faire et évaluer les compétences acquises",
    ],
}
DEFAULT_MISSIONS = [
    "assurer les missions du poste au sein d’une équipe engagée",
    "participer à la vie coopérative et aux temps collectifs",
    "contribuer à l’amélioration continue de nos actions",
]
PROFILES = [
    "Vous partagez les valeurs de l’économie sociale et solidaire et aimez travailler en équipe.",
    "Une première expérience associative est appréciée ; les débutant·es motivé·es sont les bienvenu·es.",
    "Autonomie, sens de l’organisation et goût du travail collectif.",
]
PERKS = [
    "ouvert aux personnes en situation de handicap",
    "accessible en transports en commun",
    "avec tickets restaurant et mutuelle prise en charge à 60 %",
]
REFUSAL_REASON = (
    "L’offre ne précise pas le lieu de travail ni les conditions d’emploi : complétez-la puis soumettez-la à nouveau."
)
DEMO_DESCRIPTION = "<p>Offre de démonstration : une structure de l’ESS recrute pour renforcer son équipe.</p>"
# Some big cities, for offers away from the organisation's seat.
OTHER_CITIES = ["75056", "69123", "13055", "31555", "44109", "33063", "59350", "67482", "34172", "35238", "38185"]

# The state mix of the ~150 named offers, in order (the first offers are the demo recruiter's, open).
STATE_MIX = (
    [OfferStatus.PUBLISHED] * 104
    + [OfferStatus.SUBMITTED] * 10
    + [OfferStatus.DRAFT] * 9
    + [OfferStatus.REFUSED] * 6
    + [OfferStatus.WITHDRAWN] * 5
    + ["closed_recent"] * 10
    + ["closed_old"] * 6
)


def seed(scale: str, stdout) -> None:
    ensure_offers_page(stdout)
    created = seed_named_offers()
    if scale == "full":
        created += seed_many_offers(FULL_SCALE_OFFERS, FULL_SCALE_OPEN)
    ensure_partner()
    bump_offers_cache_version()  # bulk creation sends no signal: forget cached listings and feeds
    stdout.write(f"Offres d’emploi : {created} créées, {JobOffer.objects.count()} en tout.")


def ensure_offers_page(stdout) -> OffersIndexPage | None:
    home = site_root()
    if home is None:
        return None
    page = OffersIndexPage.objects.child_of(home).first()
    if page is None:
        page = OffersIndexPage(
            title="Offres d’emploi",
            slug="emploi",
            lead="Les offres d’emploi, de stage, d’alternance et de bénévolat des associations, coopératives, "
            "mutuelles et entreprises de l’économie sociale et solidaire.",
            seo_title="Offres d’emploi de l’économie sociale et solidaire · Solidaires",
            search_description="Trouvez un emploi qui a du sens : CDI, CDD, stages, alternances et services "
            "civiques dans les structures de l’ESS, partout en France.",
            show_in_menus=True,
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        stdout.write("Page des offres d’emploi créée.")
    return page


def description_for(title: str, function_slug: str, organisation: Organisation, rng: random.Random) -> str:
    missions = MISSIONS.get(function_slug, DEFAULT_MISSIONS)
    items = "".join(f"<li>{mission[0].upper()}{mission[1:]}.</li>" for mission in missions)
    return (
        f"<p>{organisation.name} recrute un·e {title.lower()} pour renforcer son équipe. "
        f"{organisation.description}</p><h3>Vos missions</h3><ul>{items}</ul>"
        f"<p>Poste {rng.choice(PERKS)}.</p>"
    )


def seed_named_offers() -> int:
    existing = JobOffer.objects.filter(reference__startswith=DEMO_REFERENCE).count()
    if existing >= len(STATE_MIX):
        return 0
    rng = random.Random(2026)
    organisations = list(
        Organisation.objects.filter(siret__in=[siret_for(n) for n in range(len(NAMED_ORGANISATIONS))])
        .select_related("commune")
        .order_by("siret")
    )
    if not organisations:
        return 0
    verified = [o for o in organisations if o.is_verified] or organisations
    unverified = [o for o in organisations if not o.is_verified]
    contracts = {c.slug: c for c in ContractType.objects.all()}
    functions = {f.slug: f for f in JobFunction.objects.all()}
    sectors = {s.slug: s for s in Sector.objects.all()}
    cities = {c.code: c for c in Commune.objects.filter(code__in=OTHER_CITIES)}
    recruiter = User.objects.filter(email="recruteur@solidaires.test").first()
    moderator = User.objects.filter(email="moderation@solidaires.test").first()
    now = timezone.now()
    today = timezone.localdate()
    offers, histories = [], []
    for n, state in enumerate(STATE_MIX):
        if n < existing:
            continue
        title, function_slug, sector_slug, contract_slug, salary = JOBS[n % len(JOBS)]
        if n < 6:
            organisation = verified[0]  # the demo recruiter's organisation: a few open offers to manage
        elif state in (OfferStatus.DRAFT, OfferStatus.SUBMITTED) and unverified and n % 3 == 0:
            organisation = unverified[0]
        else:
            organisation = verified[n % len(verified)]
        full_remote = function_slug == "numerique-informatique" or n % 17 == 5
        commune = None
        if not full_remote:
            commune = organisation.commune if n % 4 else cities.get(OTHER_CITIES[n % len(OTHER_CITIES)])
            commune = commune or organisation.commune
        published_days_ago = rng.randint(0, 40)
        status = state
        closing_date = today + timedelta(days=rng.randint(7, 90))
        closed_at = None
        if state == "closed_recent":
            status = OfferStatus.CLOSED
            published_days_ago = rng.randint(35, 60)
            closing_date = today - timedelta(days=rng.randint(1, 15))
            closed_at = now - timedelta(days=(today - closing_date).days - 1 or 1)
        elif state == "closed_old":
            status = OfferStatus.CLOSED
            published_days_ago = rng.randint(120, 200)
            closing_date = today - timedelta(days=rng.randint(60, 100))
            closed_at = now - timedelta(days=(today - closing_date).days)
        elif state == OfferStatus.WITHDRAWN:
            closed_at = now - timedelta(days=rng.randint(1, 10))
        published_at = now - timedelta(days=published_days_ago, hours=rng.randint(0, 23))
        submitted_at = published_at - timedelta(days=1)
        if status in (OfferStatus.DRAFT,):
            submitted_at = published_at = None
        elif status in (OfferStatus.SUBMITTED, OfferStatus.REFUSED):
            published_at = None
            submitted_at = now - timedelta(days=rng.randint(0, 5))
        low_high = salary if salary and n % 5 else None
        working_time = WorkingTime.PART_TIME if n % 7 == 3 else WorkingTime.FULL_TIME
        external = n % 4 == 2
        offer = JobOffer(
            organisation=organisation,
            title=title,
            slug=slugify(title)[:180],
            contract_type=contracts[contract_slug],
            working_time=working_time,
            function=functions.get(function_slug) or next(iter(functions.values())),
            sector=sectors.get(sector_slug) or next(iter(sectors.values())),
            commune=commune,
            full_remote=full_remote,
            remote_days=0 if full_remote else rng.choice([0, 0, 1, 2]),
            salary_min=low_high[0] if low_high else None,
            salary_max=low_high[1] if low_high else None,
            salary_period=SalaryPeriod.YEAR,
            description=description_for(title, function_slug, organisation, rng),
            profile=f"<p>{rng.choice(PROFILES)}</p>",
            apply_mode=ApplyMode.EXTERNAL if external else ApplyMode.SITE,
            apply_url=f"https://recrutement.example/offres/{n + 1}" if external else "",
            start_date=closing_date + timedelta(days=rng.randint(7, 30)) if n % 3 == 0 else None,
            closing_date=closing_date,
            reference=f"{DEMO_REFERENCE}{n + 1:03d}",
            status=status,
            submitted_at=submitted_at,
            published_at=published_at,
            closed_at=closed_at,
            created_by=recruiter if organisation == verified[0] else None,
            created_at=(submitted_at or now) - timedelta(days=2),
            views_count=rng.randint(0, 400) if published_at else 0,
            **JobOffer.location_fields(commune),
        )
        offers.append(offer)
    JobOffer.objects.bulk_create(offers)
    index_objects(JobOffer.objects.filter(reference__in=[o.reference for o in offers]))
    saved = {o.reference: o for o in JobOffer.objects.filter(reference__in=[o.reference for o in offers])}
    for offer in offers:
        histories += history_for(saved[offer.reference], recruiter, moderator)
    OfferStateChange.objects.bulk_create(histories)
    return len(offers)


def history_for(offer: JobOffer, recruiter, moderator) -> list[OfferStateChange]:
    """The state changes that led the offer where it is, with plausible dates and reasons."""
    created = offer.created_at
    steps = [("", OfferStatus.DRAFT, recruiter, created, "")]
    if offer.status == OfferStatus.DRAFT:
        return [
            OfferStateChange(offer=offer, from_status=a, to_status=b, by=by, at=at, reason=r)
            for a, b, by, at, r in steps
        ]
    submitted = offer.submitted_at or created
    steps.append((OfferStatus.DRAFT, OfferStatus.SUBMITTED, recruiter, submitted, ""))
    if offer.status == OfferStatus.REFUSED:
        steps.append(
            (
                OfferStatus.SUBMITTED,
                OfferStatus.REFUSED,
                moderator,
                submitted + timedelta(hours=5),
                REFUSAL_REASON,
            )
        )
    elif offer.published_at:
        steps.append((OfferStatus.SUBMITTED, OfferStatus.PUBLISHED, moderator, offer.published_at, ""))
        if offer.status == OfferStatus.CLOSED:
            steps.append(
                (
                    OfferStatus.PUBLISHED,
                    OfferStatus.CLOSED,
                    None,
                    offer.closed_at,
                    "Date limite de candidature atteinte",
                )
            )
        elif offer.status == OfferStatus.WITHDRAWN:
            steps.append((OfferStatus.PUBLISHED, OfferStatus.WITHDRAWN, recruiter, offer.closed_at, "Poste pourvu"))
    return changes(offer, steps)


def changes(offer: JobOffer, steps) -> list[OfferStateChange]:
    return [
        OfferStateChange(offer=offer, from_status=a, to_status=b, by=by, at=at or offer.created_at, reason=r)
        for a, b, by, at, r in steps
    ]


def seed_many_offers(count: int, open_count: int, batch_size: int = 2500) -> int:
    """Bulk-insert generated offers over the generated organisations: `open_count` open, the rest closed
    long ago (with a few recently closed, withdrawn, refused, submitted and drafts)."""
    existing = JobOffer.objects.filter(reference__startswith=FULL_REFERENCE).count()
    if existing >= count:
        return 0
    rng = random.Random(25_000)
    organisations = list(
        Organisation.objects.filter(slug__startswith="demo-structure-").order_by("pk").values_list("pk", flat=True)
    )
    if not organisations:
        return 0
    communes = list(
        Commune.objects.active()
        .filter(latitude__isnull=False)
        .order_by("-population")
        .values_list("pk", "latitude", "longitude", "departement_id", "region_id")[:2000]
    )
    contracts = list(ContractType.objects.values_list("pk", flat=True))
    functions = list(JobFunction.objects.values_list("pk", flat=True))
    sectors = list(Sector.objects.values_list("pk", flat=True))
    now = timezone.now()
    today = timezone.localdate()
    for start in range(existing, count, batch_size):
        batch = []
        for n in range(start, min(start + batch_size, count)):
            title, *_rest = JOBS[n % len(JOBS)]
            full_remote = n % 23 == 0
            place = None if full_remote else communes[rng.randrange(len(communes))]
            if n < open_count:
                status, published = OfferStatus.PUBLISHED, now - timedelta(days=rng.randint(0, 45), minutes=n % 1440)
                closing, closed_at = today + timedelta(days=rng.randint(1, 120)), None
            else:
                kind = n % 50
                published = now - timedelta(days=rng.randint(100, 700))
                closing, closed_at = (
                    today - timedelta(days=rng.randint(60, 600)),
                    now - timedelta(days=rng.randint(60, 600)),
                )
                status = OfferStatus.CLOSED
                if kind == 0:
                    closing, closed_at = today - timedelta(days=5), now - timedelta(days=4)
                elif kind == 1:
                    status = OfferStatus.WITHDRAWN
                elif kind == 2:
                    status, published, closed_at = OfferStatus.REFUSED, None, None
                elif kind == 3:
                    status, published, closed_at = OfferStatus.SUBMITTED, None, None
                    closing = today + timedelta(days=30)
                elif kind == 4:
                    status, published, closed_at = OfferStatus.DRAFT, None, None
                    closing = today + timedelta(days=30)
            salary = rng.choice([None, (22000, 25000), (26000, 30000), (30000, 36000)])
            batch.append(
                JobOffer(
                    organisation_id=organisations[n % len(organisations)],
                    title=title,
                    slug=slugify(title)[:180],
                    contract_type_id=contracts[n % len(contracts)],
                    working_time=WorkingTime.PART_TIME if n % 6 == 0 else WorkingTime.FULL_TIME,
                    function_id=functions[n % len(functions)],
                    sector_id=sectors[(n * 7) % len(sectors)],
                    commune_id=place[0] if place else None,
                    full_remote=full_remote,
                    remote_days=0 if full_remote else n % 3,
                    salary_min=salary[0] if salary else None,
                    salary_max=salary[1] if salary else None,
                    description=DEMO_DESCRIPTION,
                    closing_date=closing,
                    reference=f"{FULL_REFERENCE}{n + 1:05d}",
                    status=status,
                    submitted_at=published - timedelta(days=1) if published else None,
                    published_at=published,
                    closed_at=closed_at if status in (OfferStatus.CLOSED, OfferStatus.WITHDRAWN) else None,
                    latitude=place[1] if place else None,
                    longitude=place[2] if place else None,
                    departement_id=place[3] if place else None,
                    region_id=place[4] if place else None,
                )
            )
        JobOffer.objects.bulk_create(batch)
        index_objects(JobOffer.objects.filter(reference__in=[offer.reference for offer in batch]))
    return count - existing


def ensure_partner() -> Partner:
    partner = Partner.objects.filter(slug=DEMO_PARTNER_SLUG).first()
    if partner is None:
        partner = Partner.objects.create(
            name="CRESS Auvergne-Rhône-Alpes",
            slug=DEMO_PARTNER_SLUG,
            region=Region.objects.filter(code="84").first(),
            items_count=20,
        )
    return partner

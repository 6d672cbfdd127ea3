"""Demo organisations: a few dozen named ESS structures, and 10,000 more at full scale (bulk-inserted);
then (`seed_directory_page`, once the home page exists) the public directory page under the home page."""

import random

from accounts.models import User
from core.demo import site_root
from core.searchables import index_objects
from reference.models import Commune, LegalForm, Sector

from .models import Organisation, OrganisationIndexPage, OrganisationMembership
from .validators import luhn_valid

FULL_SCALE_ORGANISATIONS = 10_000

# (name, legal form slug, city INSEE code, sector slugs, description)
NAMED_ORGANISATIONS = [
    (
        "Coopérative Terres Communes",
        "scic",
        "69123",
        ["agriculture-alimentation"],
        "Une SCIC qui relie maraîchers, cantines scolaires et habitants autour d’une alimentation locale.",
    ),
    (
        "Les Ateliers du Réemploi",
        "association",
        "75056",
        ["environnement"],
        "Une ressourcerie de quartier : collecte, réparation et revente d’objets, ateliers de réparation ouverts.",
    ),
    (
        "Mutuelle Entraide Santé",
        "mutuelle",
        "13055",
        ["sante"],
        "Une mutuelle de santé gérée par ses adhérent·es, engagée dans la prévention.",
    ),
    (
        "Scop Électricité Solidaire",
        "scop",
        "44109",
        ["energie"],
        "Une coopérative d’installateurs spécialisée dans la rénovation énergétique des logements modestes.",
    ),
    (
        "Régie de quartier Nord-Est",
        "aci",
        "59350",
        ["insertion-emploi"],
        "Entretien des espaces communs et insertion professionnelle des habitant·es du quartier.",
    ),
    (
        "Fondation Horizons Partagés",
        "fondation-rup",
        "67482",
        ["action-sociale"],
        "Une fondation qui soutient l’hébergement et l’accompagnement des personnes sans domicile.",
    ),
    (
        "Culture en Partage",
        "association",
        "33063",
        ["culture"],
        "Une compagnie et un tiers-lieu culturel ouverts aux publics éloignés de la culture.",
    ),
    (
        "Vélo Cité Coop",
        "scop",
        "35238",
        ["mobilite"],
        "Livraison à vélo et ateliers d’autoréparation, en coopérative de salarié·es.",
    ),
    (
        "Habitat Solidaire Occitanie",
        "association",
        "31555",
        ["habitat-logement"],
        "Captation de logements et accompagnement vers le logement autonome.",
    ),
    (
        "Finances Éthiques Bretagne",
        "scic",
        "29019",
        ["finance-solidaire"],
        "Un club d’épargnant·es solidaires qui finance les créations d’entreprises de l’ESS.",
    ),
    (
        "Les Petits Débrouillards de Loire",
        "association",
        "42218",
        ["education-populaire"],
        "Éducation populaire aux sciences et au numérique, dans les écoles et les quartiers.",
    ),
    (
        "ESAT Les Tilleuls",
        "esat",
        "21231",
        ["handicap"],
        "Un établissement de travail protégé : restauration, espaces verts, sous-traitance industrielle.",
    ),
]

WORDS = ["Coopérative", "Association", "Atelier", "Réseau", "Collectif", "Maison", "Fabrique", "Union"]
THEMES = ["du Lien", "des Possibles", "Solidaire", "de l’Entraide", "des Communs", "Citoyenne", "Verte", "du Partage"]


def siret_for(n: int) -> str:
    stem = f"9{n:012d}"
    return next(stem + str(key) for key in range(10) if luhn_valid(stem + str(key)))


def seed(scale: str, stdout) -> None:
    legal_forms = {form.slug: form for form in LegalForm.objects.all()}
    sectors = {sector.slug: sector for sector in Sector.objects.all()}
    communes = {c.code: c for c in Commune.objects.filter(code__in=[row[2] for row in NAMED_ORGANISATIONS])}
    created = 0
    for n, (name, form, city, sector_slugs, description) in enumerate(NAMED_ORGANISATIONS):
        organisation, was_created = Organisation.objects.get_or_create(
            siret=siret_for(n),
            defaults=dict(
                name=name,
                legal_form=legal_forms.get(form),
                commune=communes.get(city),
                postcode="",
                description=description,
                website="",
                is_verified=n != len(NAMED_ORGANISATIONS) - 1,  # the last one waits for moderation
            ),
        )
        if was_created:
            organisation.sectors.set([sectors[s] for s in sector_slugs if s in sectors])
            created += 1
    recruiter = User.objects.filter(email="recruteur@solidaires.test").first()
    if recruiter:
        OrganisationMembership.objects.get_or_create(
            organisation=Organisation.objects.get(siret=siret_for(0)),
            user=recruiter,
            defaults={"is_admin": True, "status": OrganisationMembership.Status.APPROVED},
        )
    if scale == "full":
        created += seed_many(FULL_SCALE_ORGANISATIONS, legal_forms, sectors)
    stdout.write(f"Structures : {created} créées, {Organisation.objects.count()} en tout.")


def seed_many(count: int, legal_forms: dict, sectors: dict, batch_size: int = 2000) -> int:
    """Bulk-insert generated organisations (slugs demo-structure-N), spread over the largest communes."""
    existing = Organisation.objects.filter(slug__startswith="demo-structure-").count()
    if existing >= count:
        return 0
    rng = random.Random(42)
    communes = list(Commune.objects.active().order_by("-population").values_list("pk", flat=True)[:2000])
    forms = list(legal_forms.values())
    sector_list = list(sectors.values())
    SectorLink = Organisation.sectors.through
    for start in range(existing, count, batch_size):
        batch = []
        for n in range(start, min(start + batch_size, count)):
            batch.append(
                Organisation(
                    name=f"{rng.choice(WORDS)} {rng.choice(THEMES)} {n + 1}",
                    slug=f"demo-structure-{n + 1}",
                    siret=siret_for(100_000 + n),
                    legal_form=rng.choice(forms) if forms else None,
                    commune_id=rng.choice(communes) if communes else None,
                    description="Structure de démonstration de l’économie sociale et solidaire.",
                    is_verified=rng.random() < 0.9,
                )
            )
        Organisation.objects.bulk_create(batch)
        saved = Organisation.objects.filter(slug__in=[o.slug for o in batch]).values_list("pk", flat=True)
        index_objects(Organisation.objects.filter(pk__in=saved))
        if sector_list:
            SectorLink.objects.bulk_create(
                [SectorLink(organisation_id=pk, sector_id=rng.choice(sector_list).pk) for pk in saved]
            )
    return count - existing


def seed_directory_page(scale: str, stdout) -> OrganisationIndexPage | None:
    """The directory's page (/annuaire/) under the home page, in the menu; idempotent."""
    home = site_root()
    if home is None:
        return None
    page = OrganisationIndexPage.objects.child_of(home).first()
    if page is None:
        page = OrganisationIndexPage(
            title="Annuaire des structures",
            slug="annuaire",
            intro="<p>Associations, coopératives, mutuelles, fondations et entreprises d’insertion : trouvez les "
            "structures de l’économie sociale et solidaire près de chez vous, et écrivez-leur par le site.</p>",
            seo_title="Annuaire des structures de l’économie sociale et solidaire · Solidaires",
            search_description="Les associations, coopératives, mutuelles et fondations de l’ESS, par secteur, "
            "forme juridique et territoire.",
            show_in_menus=True,
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        stdout.write("Page de l’annuaire des structures créée.")
    return page

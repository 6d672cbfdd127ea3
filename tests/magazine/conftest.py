"""A magazine with two rubriques under the test site's home page, and an illustrated article."""

import datetime

import pytest
import wagtail_factories
from django.utils import timezone
from wagtail.rich_text import RichText

from reference.models import Departement, Sector

from .factories import ArticlePageFactory, AuthorFactory, MagazineIndexPageFactory, RubriquePageFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def magazine(home_page):
    return MagazineIndexPageFactory(parent=home_page)


@pytest.fixture
def rubrique(magazine):
    return RubriquePageFactory(parent=magazine, title="ESS", slug="ess")


@pytest.fixture
def other_rubrique(magazine):
    return RubriquePageFactory(parent=magazine, title="Recruteurs", slug="recruteurs")


@pytest.fixture
def image(db):
    return wagtail_factories.ImageFactory(title="Assemblée générale", file__width=1600, file__height=900)


@pytest.fixture
def author(db):
    return AuthorFactory(name="Léa Martin", slug="lea-martin", bio="Journaliste, couvre l’insertion.")


@pytest.fixture
def rhone(db):
    return Departement.objects.select_related("region").get(code="69")


@pytest.fixture
def article(rubrique, author, image, rhone):
    """A published, illustrated article with an author, two tags, a territory and a sector."""
    page = ArticlePageFactory(
        parent=rubrique,
        title="À Lyon, la coopérative d’habitants ouvre ses portes",
        slug="lyon-cooperative-habitants",
        publication_date=timezone.now() - datetime.timedelta(hours=1),
        lead="Vingt familles ont conçu ensemble leur immeuble. Reportage.",
        main_image=image,
        main_image_alt="La façade en bois de l’immeuble",
        body=[
            ("paragraph", RichText("<p>" + "Les habitants ont tout décidé ensemble. " * 60 + "</p>")),
            ("heading", {"text": "Un chantier participatif", "level": "h2"}),
            ("quote", {"quote": "Coopérer prend du temps.", "author": "Nadia"}),
        ],
        authors=[author],
        tag_names=["habitat", "coopératives"],
    )
    page.departements.set([rhone])
    page.regions.set([rhone.region])
    page.sectors.set(Sector.objects.all()[:1])
    page.save()
    return page

"""A site with one of each kind: an article, offers, an event and organisations (PostgreSQL in CI)."""

import datetime

import pytest
from django.utils import timezone

from tests.agenda.factories import AgendaIndexPageFactory, EventPageFactory
from tests.emploi.factories import JobOfferFactory
from tests.emploi.public_support import offers_page_fixture
from tests.factories import OrganisationFactory
from tests.magazine.factories import ArticlePageFactory, MagazineIndexPageFactory, RubriquePageFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def rubrique(home_page):
    magazine = MagazineIndexPageFactory(parent=home_page)
    return RubriquePageFactory(parent=magazine, title="ESS", slug="ess")


@pytest.fixture
def offers_page(home_page):
    return offers_page_fixture(home_page)


@pytest.fixture
def world(home_page, rubrique, offers_page):
    article = ArticlePageFactory(
        parent=rubrique,
        title="L’économie sociale en Bretagne",
        slug="economie-sociale-bretagne",
        publication_date=timezone.now() - datetime.timedelta(days=2),
        lead="Les coopératives bretonnes recrutent : tour d’horizon de l’économie sociale et solidaire.",
    )
    agenda = AgendaIndexPageFactory(parent=home_page)
    event = EventPageFactory(parent=agenda, title="Forum des coopératives", summary="Rencontre régionale.")
    organisation = OrganisationFactory(name="Coopérative Alpha", is_verified=True, description="Une coopérative.")
    offer = JobOfferFactory(title="Chargée de mission coopérative", organisation=organisation)
    return {"article": article, "event": event, "organisation": organisation, "offer": offer}

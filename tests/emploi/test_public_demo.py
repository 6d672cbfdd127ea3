"""The emploi demo: the offers page, ~150 offers in every state with history, a partner; full scale in bulk."""

import io

import pytest
from django.core.management import call_command

from emploi import demo
from emploi.models import JobOffer, OffersIndexPage, OfferStateChange, OfferStatus, Partner
from home.models import HomePage
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=io.StringIO())


def test_demo_offers_in_every_state_with_history(seeded, client):
    offers = JobOffer.objects.filter(reference__startswith=demo.DEMO_REFERENCE)
    assert offers.count() == len(demo.STATE_MIX) >= 140
    assert set(offers.values_list("status", flat=True)) == set(OfferStatus.values)
    assert JobOffer.objects.listed().count() >= 90
    assert offers.filter(full_remote=True).exists() and offers.exclude(salary_min=None).exists()
    assert offers.values("contract_type").distinct().count() >= 8
    assert offers.values("organisation").distinct().count() >= 10
    refused = offers.filter(status=OfferStatus.REFUSED).first()
    assert OfferStateChange.objects.filter(offer=refused, to_status=OfferStatus.REFUSED).exclude(reason="").exists()
    closed = offers.filter(status=OfferStatus.CLOSED).first()
    assert list(OfferStateChange.objects.filter(offer=closed).values_list("to_status", flat=True)) == [
        "draft",
        "submitted",
        "published",
        "closed",
    ]
    page = OffersIndexPage.objects.get()
    assert page.get_parent().specific_class is HomePage and page.slug == "emploi" and page.live
    response = client.get("/emploi/")
    assert response.status_code == 200
    offer = JobOffer.objects.listed().first()
    assert client.get(f"/emploi/{offer.url_key}/").status_code == 200
    home = client.get("/").content.decode()
    assert "Les dernières offres d’emploi" in home


def test_demo_partner(seeded, client):
    partner = Partner.objects.get(slug=demo.DEMO_PARTNER_SLUG)
    assert partner.region.code == "84"
    response = client.get(f"/emploi/partenaires/{partner.token}/widget/")
    assert response.status_code == 200


def test_demo_is_idempotent(seeded):
    before = (JobOffer.objects.count(), OfferStateChange.objects.count(), Partner.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (JobOffer.objects.count(), OfferStateChange.objects.count(), Partner.objects.count()) == before
    assert OffersIndexPage.objects.count() == 1


def test_full_scale_bulk_offers(db):
    for n in range(5):
        OrganisationFactory(slug=f"demo-structure-{n + 1}")
    assert demo.seed_many_offers(600, 120, batch_size=250) == 600
    assert demo.seed_many_offers(600, 120) == 0
    generated = JobOffer.objects.filter(reference__startswith=demo.FULL_REFERENCE)
    assert generated.count() == 600
    assert generated.filter(status=OfferStatus.PUBLISHED).count() == 120
    assert JobOffer.objects.listed().count() == 120
    located = generated.exclude(commune=None).first()
    assert located.latitude is not None and located.departement_id == located.commune.departement_id

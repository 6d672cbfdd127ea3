"""The offer model: denormalised location, the public visibility rule, traits of the factory."""

from datetime import timedelta

import pytest
from django.utils import timezone

from emploi.models import JobFunction, JobOffer, OfferStatus

from .factories import JobOfferFactory, commune

pytestmark = pytest.mark.django_db


def test_job_functions_are_seeded():
    assert JobFunction.objects.count() >= 20
    assert JobFunction.objects.filter(slug="accompagnement-social").exists()


def test_location_copied_from_commune_and_cleared_when_full_remote():
    offer = JobOfferFactory(commune=commune("13055"))
    offer.refresh_from_db()
    marseille = commune("13055")
    assert (offer.latitude, offer.longitude) == (marseille.latitude, marseille.longitude)
    assert offer.departement.code == "13"
    assert offer.region_id == marseille.region_id

    offer.full_remote = True
    offer.save(update_fields=["full_remote"])
    offer.refresh_from_db()
    assert offer.commune is None and offer.latitude is None and offer.departement is None
    assert offer.location_label == "Télétravail complet"


def test_visible_and_listed_rules():
    open_offer = JobOfferFactory()
    expired = JobOfferFactory(expired=True)
    closed = JobOfferFactory(closed=True)
    gone = JobOfferFactory(closed_long_ago=True)
    hidden = [JobOfferFactory(draft=True), JobOfferFactory(submitted=True), JobOfferFactory(refused=True)]
    hidden.append(JobOfferFactory(withdrawn=True))

    visible = set(JobOffer.objects.visible().values_list("pk", flat=True))
    assert visible == {open_offer.pk, expired.pk, closed.pk}
    assert set(JobOffer.objects.listed().values_list("pk", flat=True)) == {open_offer.pk}
    assert open_offer.is_open and not expired.is_open and not closed.is_open
    assert closed.is_shown_closed
    assert gone.pk not in visible
    assert all(offer.pk not in visible for offer in hidden)


def test_url_key_is_slug_then_id():
    offer = JobOfferFactory(title="Directeur·rice d’EHPAD")
    assert offer.url_key == f"directeurrice-dehpad-{offer.pk}"
    assert offer.status == OfferStatus.PUBLISHED


def test_is_visible_agrees_with_the_visible_queryset():
    offers = [
        JobOfferFactory(**({trait: True} if trait else {}))
        for trait in (None, "draft", "submitted", "refused", "withdrawn", "expired", "closed", "closed_long_ago")
    ]
    offers.append(JobOfferFactory(closing_date=timezone.localdate() - timedelta(days=31)))
    visible = set(JobOffer.objects.visible().values_list("pk", flat=True))
    for offer in offers:
        offer.refresh_from_db()
        assert offer.is_visible == (offer.pk in visible), offer.status

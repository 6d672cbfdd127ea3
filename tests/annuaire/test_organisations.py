"""Organisations: SIRET checks, membership rules, and the moderators' admin with its commune chooser."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from annuaire import services
from annuaire.models import Organisation, OrganisationMembership
from annuaire.validators import validate_siret
from reference.models import Commune

from ..factories import OrganisationFactory, RecruiterFactory, luhn_siret

Status = OrganisationMembership.Status


@pytest.mark.parametrize("siret", ["73282932000074", "732 829 320 00074", "35600000000048"])
def test_valid_sirets(siret):
    validate_siret(siret)  # INSEE's own SIRET, with spaces, and La Poste's exception


@pytest.mark.parametrize(
    ("siret", "message"),
    [
        ("7328293200007", "14 chiffres"),
        ("7328293200007A", "14 chiffres"),
        ("73282932000075", "clé de contrôle"),
    ],
)
def test_invalid_sirets(siret, message):
    with pytest.raises(ValidationError, match=message):
        validate_siret(siret)


def test_factory_sirets_are_valid():
    for n in range(20):
        validate_siret(luhn_siret(n))


@pytest.mark.django_db
def test_creating_an_organisation_makes_its_creator_admin_and_leaves_it_unverified():
    recruiter = RecruiterFactory()
    organisation = services.create_organisation(recruiter, name="Les Jardins de Cocagne", siret="732 829 320 00074")
    assert organisation.slug == "les-jardins-de-cocagne"
    assert organisation.siret == "73282932000074"
    assert not organisation.is_verified
    assert services.is_admin(recruiter, organisation)
    assert services.is_member(recruiter, organisation)
    assert not services.is_verified_recruiter(recruiter)
    organisation.verify()
    assert services.is_verified_recruiter(recruiter)
    twin = services.create_organisation(RecruiterFactory(), name="Les Jardins de Cocagne")
    assert twin.slug == "les-jardins-de-cocagne-2"


@pytest.mark.django_db
def test_joining_needs_the_approval_of_an_admin():
    admin, newcomer = RecruiterFactory(), RecruiterFactory()
    organisation = OrganisationFactory(members=[admin])
    membership = services.request_membership(newcomer, organisation)
    assert membership.status == Status.PENDING
    assert not services.is_member(newcomer, organisation)
    services.decide_membership(membership, approve=False, by=admin)
    assert not services.is_member(newcomer, organisation)
    membership = services.request_membership(newcomer, organisation)
    assert membership.status == Status.PENDING and membership.decided_by is None
    services.decide_membership(membership, approve=True, by=admin)
    assert services.is_member(newcomer, organisation)
    assert not services.is_admin(newcomer, organisation)
    assert list(services.member_organisations(newcomer)) == [organisation]


@pytest.mark.django_db
def test_anonymous_visitors_belong_to_nothing(client):
    from django.contrib.auth.models import AnonymousUser

    organisation = OrganisationFactory()
    assert not services.is_member(AnonymousUser(), organisation)
    assert not services.member_organisations(AnonymousUser()).exists()


@pytest.mark.django_db
def test_a_siret_belongs_to_one_organisation():
    from django.db import IntegrityError, transaction

    OrganisationFactory(siret="73282932000074")
    OrganisationFactory(siret="")
    OrganisationFactory(siret="")  # several organisations without SIRET yet
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(siret="73282932000074")


@pytest.mark.django_db
def test_moderator_verifies_an_organisation_in_the_admin(client, moderator):
    organisation = OrganisationFactory(is_verified=False, name="Régie de quartier Nord")
    client.force_login(moderator)
    listing = client.get(reverse("wagtailsnippets_annuaire_organisation:list"))
    assert listing.status_code == 200
    assert "Régie de quartier Nord" in listing.content.decode()
    edit_url = reverse("wagtailsnippets_annuaire_organisation:edit", args=[organisation.pk])
    page = client.get(edit_url)
    assert page.status_code == 200
    lyon = Commune.objects.get(code="69123")
    response = client.post(
        edit_url,
        {
            "name": organisation.name,
            "slug": organisation.slug,
            "siret": "732 829 320 00074",
            "address": "3 rue de la République",
            "postcode": "69001",
            "commune": lyon.pk,
            "website": "",
            "email": "",
            "description": "Une régie de quartier.",
            "is_verified": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    organisation.refresh_from_db()
    assert organisation.is_verified and organisation.commune == lyon and organisation.siret == "73282932000074"


@pytest.mark.django_db
def test_admin_refuses_a_bad_siret(client, moderator):
    organisation = OrganisationFactory()
    client.force_login(moderator)
    response = client.post(
        reverse("wagtailsnippets_annuaire_organisation:edit", args=[organisation.pk]),
        {"name": organisation.name, "slug": organisation.slug, "siret": "12345678901234"},
    )
    assert response.status_code == 200
    assert "clé de contrôle" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.siret != "12345678901234"


@pytest.mark.django_db
def test_commune_chooser_searches_by_name_and_postcode(client, editor):
    client.force_login(editor)
    url = reverse("commune_chooser:choose_results")
    html = client.get(url, {"q": "villeurb"}).content.decode()
    assert "Villeurbanne" in html
    html = client.get(url, {"q": "69100"}).content.decode()
    assert "Villeurbanne" in html
    assert client.get(reverse("commune_chooser:choose")).status_code == 200


@pytest.mark.django_db
def test_recruiters_cannot_reach_the_organisation_admin(client):
    client.force_login(RecruiterFactory())
    response = client.get(reverse("wagtailsnippets_annuaire_organisation:list"))
    assert response.status_code in (302, 403)
    assert Organisation.objects.count() == 0

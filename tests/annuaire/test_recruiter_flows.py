"""Recruiters and organisations: create one (pending verification), find one and ask to join, its admin decides."""

import pytest
from django.core import mail
from django.urls import reverse

from annuaire.models import Organisation, OrganisationMembership
from reference.models import LegalForm, Sector

from ..factories import CandidateFactory, OrganisationFactory, RecruiterFactory, luhn_siret

pytestmark = pytest.mark.django_db

Status = OrganisationMembership.Status
CREATE = reverse("annuaire:create")
FIND = reverse("annuaire:find")
MINE = reverse("annuaire:organisations")


def organisation_data(**overrides):
    data = {
        "name": "La Ressourcerie du Canal",
        "legal_form": str(LegalForm.objects.get(slug="association").pk),
        "siret": "732 829 320 00074",
        "address": "12 quai de la Loire",
        "postcode": "75019",
        "commune": "Paris (75)",
        "website": "https://ressourcerie.example",
        "description": "Collecte et réemploi.",
        "sectors": [str(Sector.objects.get(slug="economie-circulaire").pk)],
        "contact_nickname": "",
    }
    data.update(overrides)
    return data


def test_anonymous_people_are_sent_to_the_login_page(client):
    membership = OrganisationMembership.objects.create(
        organisation=OrganisationFactory(), user=RecruiterFactory(), status=Status.PENDING
    )
    for method, url in [
        ("get", MINE),
        ("get", CREATE),
        ("get", FIND),
        ("post", reverse("annuaire:join", args=[membership.organisation_id])),
        ("post", reverse("annuaire:decide", args=[membership.pk])),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response.url.startswith("/comptes/login/"), url


def test_candidates_are_asked_to_take_the_recruiter_role(client):
    client.force_login(CandidateFactory())
    response = client.get(CREATE)
    assert response.status_code == 302 and response.url == reverse("espace")


def test_recruiter_creates_an_organisation_pending_verification(client, recruiter, django_assert_max_num_queries):
    client.force_login(recruiter)
    client.get(reverse("espace"))
    with django_assert_max_num_queries(15):
        page = client.get(CREATE)
    assert page.status_code == 200 and "Créer une structure" in page.content.decode()
    response = client.post(CREATE, organisation_data())
    assert response.status_code == 302 and response.url == reverse("emploi:space")
    organisation = Organisation.objects.get()
    assert organisation.siret == "73282932000074" and not organisation.is_verified
    assert organisation.commune.code == "75056"
    assert list(organisation.sectors.values_list("slug", flat=True)) == ["economie-circulaire"]
    membership = organisation.memberships.get()
    assert membership.user == recruiter and membership.is_admin and membership.status == Status.APPROVED

    html = client.get(MINE).content.decode()
    assert "La Ressourcerie du Canal" in html and "En attente de vérification" in html


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"siret": "732 829 320 00075"}, "clé de contrôle"),
        ({"siret": "1234"}, "14 chiffres"),
        ({"siret": ""}, "Champ requis"),
        ({"commune": "Atlantide-sur-Mer"}, "Commune inconnue"),
        ({"postcode": "7501"}, "5 chiffres"),
        ({"website": "pas une adresse"}, "adresse web complète"),
        ({"name": ""}, "Champ requis"),
        ({"name": "<b></b><script>alert(1)</script>"}, "Champ requis"),
        ({"website": "ftp://ressourcerie.example/"}, "adresse web complète"),
        ({"contact_nickname": "robot"}, "ressemble à celui d’un robot"),
    ],
)
def test_bad_organisation_input_is_explained_and_nothing_is_saved(client, recruiter, changes, message):
    client.force_login(recruiter)
    response = client.post(CREATE, organisation_data(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Organisation.objects.exists()
    assert not OrganisationMembership.objects.exists()


def test_organisation_texts_are_kept_as_plain_text(client, recruiter):
    client.force_login(recruiter)
    data = organisation_data(
        name="<b>La Ressourcerie</b> du Canal", description="Collecte<script>x()</script>\n\net <i>réemploi</i>."
    )
    assert client.post(CREATE, data).status_code == 302
    organisation = Organisation.objects.get()
    assert (organisation.name, organisation.description) == ("La Ressourcerie du Canal", "Collecte\n\net réemploi.")


def test_creating_organisations_is_rate_limited_but_mistakes_do_not_count(client, recruiter, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "annuaire.organisation": "1/h"}
    client.force_login(recruiter)
    for _attempt in range(3):
        assert client.post(CREATE, organisation_data(siret="1234")).status_code == 400
    assert client.post(CREATE, organisation_data()).status_code == 302
    response = client.post(CREATE, organisation_data(name="Une autre", siret=luhn_siret(12345678)))
    assert response.status_code == 400 and "Trop de structures créées" in response.content.decode()
    assert Organisation.objects.count() == 1


def test_join_requests_are_rate_limited(client, recruiter, settings, django_capture_on_commit_callbacks):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "annuaire.membership_request": "1/h"}
    first, second = OrganisationFactory.create_batch(2, members=[RecruiterFactory()])
    client.force_login(recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("annuaire:join", args=[first.pk]))
    response = client.post(reverse("annuaire:join", args=[second.pk]), follow=True)
    assert "Trop de demandes" in response.content.decode()
    assert OrganisationMembership.objects.filter(user=recruiter).count() == 1


def test_an_existing_siret_points_to_joining_instead(client, recruiter):
    OrganisationFactory(siret="73282932000074")
    client.force_login(recruiter)
    response = client.post(CREATE, organisation_data())
    assert response.status_code == 400
    assert "demandez plutôt à la rejoindre" in response.content.decode()
    assert Organisation.objects.count() == 1


def test_find_by_name_or_siret(client, recruiter, django_assert_max_num_queries):
    target = OrganisationFactory(name="Scop Électricité Solidaire", siret=luhn_siret(4242))
    OrganisationFactory(name="Autre chose")
    client.force_login(recruiter)
    client.get(reverse("espace"))
    with django_assert_max_num_queries(15):
        html = client.get(FIND, {"q": "scop Électricité"}).content.decode()
    assert "Scop Électricité Solidaire" in html and "Autre chose" not in html
    assert reverse("annuaire:join", args=[target.pk]) in html
    html = client.get(FIND, {"q": target.siret[:9]}).content.decode()
    assert "Scop Électricité Solidaire" in html
    html = client.get(FIND, {"q": "zz"}).content.decode()
    assert "au moins 3 caractères" in html


def test_join_request_is_approved_by_the_admin(client, django_capture_on_commit_callbacks):
    admin, newcomer = RecruiterFactory(), RecruiterFactory(first_name="Inès", last_name="Martin")
    organisation = OrganisationFactory(name="Culture en Partage", members=[admin])
    client.force_login(newcomer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("annuaire:join", args=[organisation.pk]), follow=True)
    assert "Votre demande est envoyée" in response.content.decode()
    membership = OrganisationMembership.objects.get(user=newcomer)
    assert membership.status == Status.PENDING
    (request_email,) = mail.outbox
    assert request_email.to == [admin.email] and "Culture en Partage" in request_email.subject
    assert "Inès Martin" in request_email.body and "/espace/structures/" in request_email.body

    # Another member (not admin) cannot decide: 404.
    client.force_login(newcomer)
    assert client.post(reverse("annuaire:decide", args=[membership.pk]), {"decision": "approve"}).status_code == 404

    client.force_login(admin)
    html = client.get(MINE).content.decode()
    assert "Accepter Inès Martin" in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("annuaire:decide", args=[membership.pk]), {"decision": "approve"})
    membership.refresh_from_db()
    assert membership.status == Status.APPROVED and membership.decided_by == admin
    decision_email = mail.outbox[-1]
    assert decision_email.to == [newcomer.email] and "acceptée" in decision_email.body


def test_admin_refuses_a_request(client, django_capture_on_commit_callbacks):
    admin, newcomer = RecruiterFactory(), RecruiterFactory()
    organisation = OrganisationFactory(members=[admin])
    membership = OrganisationMembership.objects.create(organisation=organisation, user=newcomer)
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("annuaire:decide", args=[membership.pk]), {"decision": "refuse"})
    membership.refresh_from_db()
    assert membership.status == Status.REFUSED
    assert "n’ont pas accepté" in mail.outbox[-1].body


def test_admin_of_another_organisation_cannot_decide(client):
    admin_elsewhere = RecruiterFactory()
    OrganisationFactory(members=[admin_elsewhere])
    membership = OrganisationMembership.objects.create(organisation=OrganisationFactory(), user=RecruiterFactory())
    client.force_login(admin_elsewhere)
    response = client.post(reverse("annuaire:decide", args=[membership.pk]), {"decision": "approve"})
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.status == Status.PENDING


def test_joining_twice_sends_one_request(client, django_capture_on_commit_callbacks):
    admin, newcomer = RecruiterFactory(), RecruiterFactory()
    organisation = OrganisationFactory(members=[admin])
    client.force_login(newcomer)
    url = reverse("annuaire:join", args=[organisation.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    html = client.get(FIND, {"q": organisation.name}).content.decode()
    assert "votre demande est en cours" in html
    assert OrganisationMembership.objects.filter(user=newcomer).count() == 1

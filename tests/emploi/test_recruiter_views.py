"""The recruiter space: what a recruiter sees and does, bad input with its French message, permissions."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from emploi import feedback
from emploi.models import JobOffer, OfferFeedback, OfferStatus
from tests.factories import CandidateFactory, OrganisationFactory, RecruiterFactory

from .factories import JobOfferFactory, OfferApplicationFactory

pytestmark = pytest.mark.django_db

SPACE = reverse("emploi:space")
CREATE = reverse("emploi:offer_create")


def offer_urls(offer):
    return {
        "detail": ("get", reverse("emploi:offer_detail", args=[offer.pk])),
        "edit": ("get", reverse("emploi:offer_edit", args=[offer.pk])),
        "withdraw": ("post", reverse("emploi:offer_withdraw", args=[offer.pk])),
        "duplicate": ("post", reverse("emploi:offer_duplicate", args=[offer.pk])),
        "submit": ("post", reverse("emploi:offer_submit", args=[offer.pk])),
        "close": ("post", reverse("emploi:offer_close", args=[offer.pk])),
    }


def test_anonymous_people_are_sent_to_the_login_page(client):
    offer = JobOfferFactory()
    for method, url in [("get", SPACE), ("get", CREATE), *offer_urls(offer).values()]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/comptes/login/?next="), url


def test_people_without_the_recruiter_role_are_sent_to_their_space(client):
    client.force_login(CandidateFactory())
    response = client.get(SPACE, follow=True)
    assert response.redirect_chain[-1][0] == reverse("espace")
    assert "réservé aux recruteur·ses" in response.content.decode()


def test_space_without_organisation_offers_to_create_or_join_one(client, recruiter):
    client.force_login(recruiter)
    html = client.get(SPACE).content.decode()
    assert reverse("annuaire:create") in html and reverse("annuaire:find") in html
    response = client.get(CREATE)
    assert response.status_code == 302 and response.url == reverse("annuaire:organisations")


def test_space_lists_the_organisations_offers_with_state_views_and_applications(
    client, member, django_assert_max_num_queries
):
    published = JobOfferFactory(organisation=member.organisation, title="Coordinateur·rice", views_count=42)
    OfferApplicationFactory.create_batch(3, offer=published)
    refused = JobOfferFactory(refused=True, organisation=member.organisation, title="Comptable")
    refused.state_changes.create(from_status="submitted", to_status="refused", reason="Intitulé trop vague")
    JobOfferFactory(title="Offre d’une autre structure")
    client.force_login(member)
    client.get(reverse("espace"))  # the site's settings row is created on the first page view
    with django_assert_max_num_queries(15):
        response = client.get(SPACE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Coordinateur·rice" in html and "Comptable" in html
    assert "Offre d’une autre structure" not in html
    row = html.split("Coordinateur·rice")[1].split("</tr>")[0]
    assert "publiée" in row and ">42<" in row and ">3<" in row
    assert "Intitulé trop vague" in html
    assert "<caption" in html and 'scope="col"' in html


def test_space_query_count_does_not_grow_with_offers(client, member, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(member)
    JobOfferFactory.create_batch(3, organisation=member.organisation)
    client.get(reverse("espace"))
    with CaptureQueriesContext(connection) as few:
        client.get(SPACE)
    for offer in JobOfferFactory.create_batch(27, organisation=member.organisation):
        OfferApplicationFactory(offer=offer)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(SPACE)
    assert response.content.decode().count('<th scope="row">') == 30


def test_space_is_paginated(client, member, monkeypatch):
    from emploi import views

    monkeypatch.setattr(views, "OFFERS_PER_PAGE", 2)
    titles = [JobOfferFactory(organisation=member.organisation, title=f"Offre {n}").title for n in range(3)]
    client.force_login(member)
    first = client.get(SPACE).content.decode()
    assert titles[2] in first and titles[1] in first and titles[0] not in first
    assert 'rel="next"' in first and "Page 1 sur 2" in first
    second = client.get(SPACE, {"page": 2}).content.decode()
    assert titles[0] in second and titles[2] not in second
    assert client.get(SPACE, {"page": "abc"}).status_code == 200


def test_create_an_offer_then_preview_and_submit_it(client, member, offer_post_data, django_assert_max_num_queries):
    client.force_login(member)
    client.get(reverse("espace"))
    with django_assert_max_num_queries(15):
        form_page = client.get(CREATE)
    assert form_page.status_code == 200
    html = form_page.content.decode()
    assert 'name="contact_nickname"' in html and 'type="date"' in html

    response = client.post(CREATE, offer_post_data(member.organisation, profile="<h3>Profil</h3><p>Curieux</p>"))
    offer = JobOffer.objects.get()
    assert response.status_code == 302 and response.url == reverse("emploi:offer_detail", args=[offer.pk])
    assert offer.status == OfferStatus.DRAFT and offer.commune.code == "69123"

    with django_assert_max_num_queries(15):
        preview = client.get(response.url)
    html = preview.content.decode()
    assert "Aperçu de l’offre" in html and "Vous accueillez les publics." in html and "<h3>Profil</h3>" in html
    assert "Soumettre à la validation" in html and "brouillon" in html
    assert html.count("<h1") == 1

    response = client.post(reverse("emploi:offer_submit", args=[offer.pk]), follow=True)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SUBMITTED
    assert "l’équipe de Solidaires la relit" in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"closing_date": (timezone.localdate() - timedelta(days=1)).isoformat()}, "closing_date", "déjà passée"),
        ({"closing_date": (timezone.localdate() + timedelta(days=200)).isoformat()}, "closing_date", "six mois"),
        ({"salary_min": "40000", "salary_max": "30000"}, "salary_max", "supérieur ou égal au salaire minimum"),
        ({"commune": "Atlantide-sur-Mer"}, "commune", "Commune inconnue"),
        ({"commune": ""}, "commune", "télétravail complet"),
        ({"title": ""}, "title", "Champ requis"),
        ({"apply_mode": "external", "apply_url": "pas une adresse"}, "apply_url", "adresse web complète"),
        ({"apply_mode": "external", "apply_url": ""}, "apply_url", "adresse où candidater"),
        ({"remote_days": "7"}, "remote_days", "choix valide"),
        ({"contact_nickname": "robot"}, None, "ressemble à celui d’un robot"),  # the honeypot: a non-field error
    ],
)
def test_bad_input_shows_a_french_message_next_to_the_field_and_saves_nothing(
    client, member, offer_post_data, changes, field, message
):
    client.force_login(member)
    response = client.post(CREATE, offer_post_data(member.organisation, **changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Le formulaire contient" in html  # the error summary
    if field is not None:
        assert f'id="id_{field}_errors"' in html and 'aria-invalid="true"' in html
    assert not JobOffer.objects.exists()


def test_script_in_the_description_is_stripped(client, member, offer_post_data):
    client.force_login(member)
    data = offer_post_data(member.organisation, description="<p>Poste</p><script>alert('x')</script>")
    response = client.post(CREATE, data, follow=True)
    html = response.content.decode()
    assert "alert(" not in html and "<script>alert" not in html
    assert JobOffer.objects.get().description == "<p>Poste</p>"


def test_title_and_reference_are_plain_text(client, member, offer_post_data):
    client.force_login(member)
    data = offer_post_data(
        member.organisation, title="<em>Animateur</em>·rice<script>x()</script>", reference="<b>R-1</b>"
    )
    client.post(CREATE, data)
    offer = JobOffer.objects.get()
    assert (offer.title, offer.reference) == ("Animateur·rice", "R-1")


def test_a_non_member_cannot_post_for_an_organisation(client, member, offer_post_data):
    other = OrganisationFactory(members=[RecruiterFactory()])
    client.force_login(member)
    response = client.post(CREATE, offer_post_data(other))
    assert response.status_code == 400
    assert "Vous n’êtes pas membre de cette structure" in response.content.decode()
    assert not JobOffer.objects.exists()


def test_the_daily_limit_is_explained(client, member, offer_post_data, settings):
    settings.EMPLOI_MAX_NEW_OFFERS_PER_DAY = 2
    client.force_login(member)
    for _ in range(2):
        assert client.post(CREATE, offer_post_data(member.organisation)).status_code == 302
    response = client.post(CREATE, offer_post_data(member.organisation))
    assert response.status_code == 400
    assert "Vous avez créé 2 offres en 24 heures" in response.content.decode()
    assert JobOffer.objects.count() == 2


def test_another_organisations_offer_is_a_404_for_every_action(client, member):
    foreign = JobOfferFactory(title="Pas à vous")
    client.force_login(member)
    for name, (method, url) in offer_urls(foreign).items():
        response = getattr(client, method)(url)
        assert response.status_code == 404, name
    foreign.refresh_from_db()
    assert foreign.status == OfferStatus.PUBLISHED
    assert JobOffer.objects.count() == 1


def test_editing_a_published_offer_sends_it_back_to_moderation(
    client, member, offer_post_data, django_assert_max_num_queries
):
    offer = JobOfferFactory(organisation=member.organisation, created_by=member)
    client.force_login(member)
    client.get(reverse("espace"))
    with django_assert_max_num_queries(15):
        form = client.get(reverse("emploi:offer_edit", args=[offer.pk]))
    html = form.content.decode()
    assert "repassera en validation" in html
    assert "Vous accompagnez les personnes accueillies dans leur parcours." in html  # plain text, not HTML
    assert 'value="Lyon (69)"' in html

    data = offer_post_data(member.organisation, title="Nouvel intitulé")
    response = client.post(reverse("emploi:offer_edit", args=[offer.pk]), data, follow=True)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SUBMITTED and offer.title == "Nouvel intitulé"
    assert "repasse en validation" in response.content.decode()


def test_editing_with_a_bad_closing_date_changes_nothing(client, member, offer_post_data):
    offer = JobOfferFactory(organisation=member.organisation)
    client.force_login(member)
    past = (timezone.localdate() - timedelta(days=2)).isoformat()
    response = client.post(
        reverse("emploi:offer_edit", args=[offer.pk]),
        offer_post_data(member.organisation, title="Changé", closing_date=past),
    )
    assert response.status_code == 400
    offer.refresh_from_db()
    assert offer.title != "Changé" and offer.status == OfferStatus.PUBLISHED


def test_withdraw_asks_for_confirmation(client, member):
    offer = JobOfferFactory(organisation=member.organisation)
    client.force_login(member)
    url = reverse("emploi:offer_withdraw", args=[offer.pk])
    page = client.get(url)
    assert "Oui, retirer l’offre" in page.content.decode()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED
    client.post(url)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.WITHDRAWN
    # Withdrawn: no more withdrawing, editing form redirects.
    assert client.get(url).status_code == 404
    response = client.get(reverse("emploi:offer_edit", args=[offer.pk]))
    assert response.status_code == 302


def test_duplicate_a_past_offer(client, member):
    past = JobOfferFactory(closed=True, organisation=member.organisation, title="Poste d’hier")
    client.force_login(member)
    response = client.post(reverse("emploi:offer_duplicate", args=[past.pk]))
    copy = JobOffer.objects.exclude(pk=past.pk).get()
    assert response.url == reverse("emploi:offer_edit", args=[copy.pk])
    assert copy.title == "Poste d’hier" and copy.status == OfferStatus.DRAFT


def test_recruiter_closes_an_offer_and_gets_the_feedback_form(client, member, django_capture_on_commit_callbacks):
    offer = JobOfferFactory(organisation=member.organisation, created_by=member)
    client.force_login(member)
    url = reverse("emploi:offer_close", args=[offer.pk])
    assert "Oui, clôturer l’offre" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.CLOSED
    (email,) = mail.outbox
    link = next(word for word in email.body.split() if "/espace/recruteur/retour/" in word)
    path = link.split("://", 1)[1].split("/", 1)[1]

    client.logout()  # the signed link works without signing in
    page = client.get("/" + path)
    assert page.status_code == 200 and "Le poste a-t-il été pourvu" in page.content.decode()
    missing = client.post("/" + path, {})
    assert missing.status_code == 400 and "Champ requis" in missing.content.decode()
    thanks = client.post("/" + path, {"was_filled": "yes", "filled_through_site": "yes", "comment": "Super"})
    assert "Merci pour votre réponse" in thanks.content.decode()
    answer = OfferFeedback.objects.get(offer=offer)
    assert answer.was_filled and answer.filled_through_site and answer.comment == "Super"


def test_feedback_with_a_forged_token_is_a_404(client):
    offer = JobOfferFactory(closed=True)
    assert client.get(reverse("emploi:feedback", args=["forged"])).status_code == 404
    token = feedback.feedback_token(offer)
    assert client.get(reverse("emploi:feedback", args=[token[:-2] + "xx"])).status_code == 404


def test_form_submissions_are_rate_limited_but_mistakes_do_not_count(client, member, offer_post_data, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "emploi.offer_form": "2/h"}
    client.force_login(member)
    for _attempt in range(4):  # invalid: refused, and not counted
        assert client.post(CREATE, offer_post_data(member.organisation, title="")).status_code == 400
    assert client.post(CREATE, offer_post_data(member.organisation)).status_code == 302
    offer = JobOffer.objects.get()
    edit = reverse("emploi:offer_edit", args=[offer.pk])
    assert client.post(edit, offer_post_data(member.organisation, reference="R-2")).status_code == 302
    # The quota (2 an hour) is used: creating and editing are refused with a French message.
    for url in (CREATE, edit):
        response = client.post(url, offer_post_data(member.organisation, reference="R-3"))
        assert response.status_code == 400 and "Trop d’envois" in response.content.decode()
    assert JobOffer.objects.count() == 1
    assert JobOffer.objects.get().reference == "R-2"


def test_espace_links_to_the_recruiter_space(client, member):
    client.force_login(member)
    html = client.get(reverse("espace")).content.decode()
    assert 'href="/espace/recruteur/"' in html and 'href="/espace/structures/"' in html


@pytest.mark.parametrize(
    "description",
    [
        "<p>Vous accompagnez les personnes.</p><p>Deux jours par semaine à l’antenne.</p>",
        '<h3>Missions</h3><ul><li><b>Accueil</b></li><li><a href="https://exemple.org/fiche">Fiche</a></li></ul>',
    ],
)
def test_saving_the_edit_form_unchanged_keeps_the_offer_published(client, member, description):
    offer = JobOfferFactory(organisation=member.organisation, description=description, reference="A")
    client.force_login(member)
    url = reverse("emploi:offer_edit", args=[offer.pk])
    form = client.get(url).context["form"]
    data = {}
    for field in form:
        value = field.value()
        if value is None or value is False:
            continue
        data[field.name] = field.field.prepare_value(value) if field.name == "commune" else value
    data["reference"] = "B"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    offer.refresh_from_db()
    assert offer.reference == "B"
    assert offer.status == OfferStatus.PUBLISHED, offer.state_changes.values_list("reason", flat=True)
    assert offer.description == description


def test_published_offer_detail_within_budget(client, member, django_assert_max_num_queries):
    offer = JobOfferFactory(organisation=member.organisation, views_count=7)
    OfferApplicationFactory.create_batch(2, offer=offer)
    client.force_login(member)
    client.get(reverse("espace"))
    with django_assert_max_num_queries(15):
        html = client.get(reverse("emploi:offer_detail", args=[offer.pk])).content.decode()
    assert "7 vues" in html and "2 candidatures" in html and "Clôturer" in html


def test_an_expired_feedback_link_says_so_in_french(client, member):
    from unittest import mock

    offer = JobOfferFactory(closed=True, organisation=member.organisation)
    url = reverse("emploi:feedback", args=[feedback.feedback_token(offer)])
    later = timezone.now() + feedback.FEEDBACK_LINK_MAX_AGE + timedelta(days=1)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        response = client.get(url)
    assert response.status_code == 404
    assert "n’est valable que 90 jours après la clôture de l’offre" in response.content.decode()
    forged = client.get(reverse("emploi:feedback", args=["forged"]))
    assert forged.status_code == 404
    assert "Ce lien est incomplet" in forged.content.decode()

"""Moderation in the Wagtail admin: the queue, the moderation page, publishing and refusing, editing."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import EDITOR_GROUP, MODERATOR_GROUP
from emploi import feedback
from emploi.models import OfferStatus
from tests.factories import OrganisationFactory

from .factories import JobOfferFactory

pytestmark = pytest.mark.django_db

LIST = reverse("wagtailsnippets_emploi_joboffer:list")


def moderate_url(offer):
    return reverse("wagtailsnippets_emploi_joboffer:moderate", args=[offer.pk])


@pytest.mark.parametrize("group", [EDITOR_GROUP, MODERATOR_GROUP])
def test_editorial_groups_may_moderate_offers(group):
    permissions = set(Group.objects.get(name=group).permissions.values_list("codename", flat=True))
    assert {"change_joboffer", "view_joboffer", "add_jobfunction", "change_jobfunction"} <= permissions
    assert "delete_joboffer" not in permissions


def test_queue_lists_submitted_offers_filtered_by_state_and_organisation(
    client, moderator, django_assert_max_num_queries
):
    cocagne = OrganisationFactory(name="Jardins de Cocagne")
    waiting = JobOfferFactory(submitted=True, organisation=cocagne, title="Maraîcher·e encadrant·e")
    JobOfferFactory(submitted=True, title="Offre d’une autre structure")
    JobOfferFactory(title="Déjà publiée")
    client.force_login(moderator)

    html = client.get(LIST + "?status=submitted").content.decode()
    assert "Maraîcher·e encadrant·e" in html and "Offre d’une autre structure" in html
    assert "Déjà publiée" not in html
    assert moderate_url(waiting) in html and "Modérer" in html

    html = client.get(LIST + "?status=submitted&organisation=cocagne").content.decode()
    assert "Maraîcher·e encadrant·e" in html and "Offre d’une autre structure" not in html

    JobOfferFactory.create_batch(20, submitted=True)
    with django_assert_max_num_queries(40):
        assert client.get(LIST + "?status=submitted").status_code == 200


def test_menu_has_the_queue(client, moderator):
    client.force_login(moderator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "offres-a-valider" in html and "?status=submitted" in html


def test_moderator_previews_and_publishes(client, moderator, member, django_capture_on_commit_callbacks):
    offer = JobOfferFactory(
        submitted=True, organisation=member.organisation, created_by=member, title="Chargé·e de mission"
    )
    client.force_login(moderator)
    page = client.get(moderate_url(offer))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Vous accompagnez les personnes accueillies" in html  # the preview
    assert "Publier l’offre" in html and "Refuser l’offre avec ce motif" in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(moderate_url(offer), {"action": "publish"})
    assert response.status_code == 302 and response.url.endswith("?status=submitted")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED
    assert offer.state_changes.get(to_status="published").by == moderator
    assert [message.to for message in mail.outbox] == [[member.email]]

    # Once decided, no decision buttons any more.
    assert "Publier l’offre" not in client.get(moderate_url(offer)).content.decode()


def test_refusing_needs_a_reason_which_is_emailed(client, moderator, member, django_capture_on_commit_callbacks):
    offer = JobOfferFactory(submitted=True, organisation=member.organisation, created_by=member)
    client.force_login(moderator)
    response = client.post(moderate_url(offer), {"action": "refuse", "reason": ""})
    assert response.status_code == 400
    assert "pourquoi l’offre est refusée" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SUBMITTED

    with django_capture_on_commit_callbacks(execute=True):
        client.post(moderate_url(offer), {"action": "refuse", "reason": "Merci de préciser le lieu."})
    offer.refresh_from_db()
    assert offer.status == OfferStatus.REFUSED
    (email,) = mail.outbox
    assert "Merci de préciser le lieu." in email.body


def test_publishing_twice_is_refused_politely(client, moderator):
    offer = JobOfferFactory(submitted=True)
    client.force_login(moderator)
    client.post(moderate_url(offer), {"action": "publish"})
    response = client.post(moderate_url(offer), {"action": "publish"}, follow=True)
    assert "ne peut pas passer" in response.content.decode()
    assert offer.state_changes.filter(to_status="published").count() == 1


def test_recruiters_cannot_reach_moderation(client, member):
    offer = JobOfferFactory(submitted=True, organisation=member.organisation)
    client.force_login(member)
    for url in (LIST, moderate_url(offer)):
        response = client.get(url)
        assert response.status_code in (302, 403)
    response = client.post(moderate_url(offer), {"action": "publish"})
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SUBMITTED


def test_moderator_edits_an_offer_in_the_admin(client, moderator):
    offer = JobOfferFactory(submitted=True)
    client.force_login(moderator)
    response = client.get(reverse("wagtailsnippets_emploi_joboffer:edit", args=[offer.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="title"' in html and 'name="closing_date"' in html and 'name="commune"' in html


def test_admin_edit_refuses_an_upside_down_salary_in_french(client, moderator):
    offer = JobOfferFactory(submitted=True)
    offer.salary_min, offer.salary_max = 40000, 30000
    with pytest.raises(ValidationError) as error:
        offer.full_clean()
    assert "supérieur ou égal au salaire minimum" in " ".join(error.value.message_dict["salary_max"])
    offer.full_remote, offer.commune = False, None
    with pytest.raises(ValidationError) as error:
        offer.full_clean()
    assert "télétravail complet" in " ".join(error.value.message_dict["commune"])


def test_dashboard_shows_the_queue_and_the_feedback_figures(client, moderator, member):
    JobOfferFactory.create_batch(2, submitted=True)
    JobOfferFactory()
    closed = JobOfferFactory(closed=True, organisation=member.organisation)
    feedback.request_feedback(closed)
    feedback.record_feedback(closed, was_filled=True, filled_through_site=True)
    feedback.request_feedback(JobOfferFactory(closed=True))
    assert feedback.activity_figures() == {
        "submitted": 2,
        "open": 1,
        "requested": 2,
        "answered": 1,
        "filled": 1,
        "filled_through_site": 1,
    }
    client.force_login(moderator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    # The queue is in core's « À modérer » panel, the activity figures in emploi's own.
    assert "1 offre ouverte" in html
    assert "2 offres closes, 1 retours des recruteur·ses, 1 postes pourvus dont 1 grâce au site" in html


def test_offers_queue_is_in_the_moderation_panel(client, moderator):
    JobOfferFactory.create_batch(3, submitted=True)
    JobOfferFactory()
    client.force_login(moderator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    queue_url = reverse("wagtailsnippets_emploi_joboffer:queue")
    assert "À modérer" in html
    assert f'<a href="{queue_url}">Offres d’emploi</a> : 3 en attente' in html
    # The emploi panel no longer repeats the queue.
    assert "offres à valider" not in html.split('id="emploi-activite-section"')[1]

    response = client.get(queue_url, follow=True)
    assert response.redirect_chain[-1][0] == LIST + "?status=submitted"
    assert response.status_code == 200


def test_moderation_panel_is_for_those_who_may_moderate(client, member):
    JobOfferFactory(submitted=True)
    member.is_staff = True  # may reach the admin, without the offers' permissions
    member.save()
    from django.contrib.auth.models import Permission

    member.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(member)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert "À modérer" not in response.content.decode()

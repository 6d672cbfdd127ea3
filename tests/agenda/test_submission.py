"""Proposing an event: who may, what is checked, what is saved (nothing when anything is wrong)."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import WorkflowState

from agenda.models import EventPage, EventSubmission
from agenda.moderation import WORKFLOW_NAME
from tests.factories import OrganisationFactory, RecruiterFactory

from .submit_support import event_post, next_month_day, picture_upload

pytestmark = pytest.mark.django_db
URL = "/agenda/proposer/"


@pytest.fixture
def member(db):
    return RecruiterFactory()


@pytest.fixture
def organisation(member):
    return OrganisationFactory(members=[member])


def nothing_saved():
    return not EventPage.objects.exists() and not EventSubmission.objects.exists()


def test_the_form_is_public(client, agenda_page):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and html.count("<h1") == 1
    assert 'name="email"' in html
    assert 'class="honeypot" aria-hidden="true"' in html and 'name="contact_nickname"' in html


def test_a_member_submits_a_draft_into_the_moderation_workflow(client, agenda_page, member, organisation):
    client.force_login(member)
    response = client.post(URL, event_post(organisation=str(organisation.pk), organiser_name=""))
    assert response.status_code == 302, response.content.decode()[:3000]
    event = EventPage.objects.get()
    assert not event.live
    assert event.get_parent().pk == agenda_page.pk
    assert event.organiser == organisation
    assert event.submitted_by_email == member.email
    assert event.local_start.hour == 14 and event.local_end.hour == 17
    state = WorkflowState.objects.get(object_id=str(event.pk))
    assert state.workflow.name == WORKFLOW_NAME
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    submission = EventSubmission.objects.get()
    assert submission.status == EventSubmission.Status.IN_REVIEW
    assert submission.page_id == event.pk and submission.confirmed_at is not None
    # The description became escaped paragraphs of the body.
    assert "Ateliers le matin" in str(event.body)


def test_an_anonymous_proposal_waits_for_the_address_confirmation(
    client, agenda_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, event_post())
    assert response.status_code == 302
    assert response["Location"].endswith("?confirmation=1")
    assert not EventPage.objects.exists()
    submission = EventSubmission.objects.get()
    assert submission.status == EventSubmission.Status.AWAITING_CONFIRMATION
    (message,) = [m for m in mail.outbox if "contact@cooperative.test" in m.to]
    link = next(word for word in message.body.split() if "/agenda/proposer/confirmer/" in word)
    path = link.split("testserver", 1)[1]
    # Opening the link changes nothing (mail scanners open links); the button does.
    assert client.get(path).status_code == 200
    assert not EventPage.objects.exists()
    assert client.post(path).status_code == 302
    event = EventPage.objects.get()
    assert not event.live and event.submitted_by_email == "contact@cooperative.test"
    assert event.organiser is None and event.organiser_name == "Coopérative du Lien"
    submission.refresh_from_db()
    assert submission.status == EventSubmission.Status.IN_REVIEW and submission.page_id == event.pk
    # A second confirmation creates nothing more.
    client.post(path)
    assert EventPage.objects.count() == 1


def test_a_forged_confirmation_link_is_refused(client, agenda_page):
    response = client.get(reverse("agenda:submission_confirm", args=["abc:def"]))
    assert response.status_code == 400
    assert "Ce lien n’est pas valide" in response.content.decode()


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"end_date": "2000-01-01"}, "end_date", "La fin de l’événement doit venir après son début."),
        ({"end_time": "13:00"}, "end_time", "La fin de l’événement doit venir après son début."),
        (
            {"start_date": (next_month_day(-10)).isoformat()},
            "start_date",
            "Cet événement est déjà passé",
        ),
        (
            {"start_date": (next_month_day(365 * 2 + 30)).isoformat()},
            "start_date",
            "L’événement commence dans plus de deux ans",
        ),
        ({"commune": "Zzyzx-sur-Mer"}, "commune", "Commune inconnue"),
        ({"title": "<script>alert(1)</script>"}, "title", "Champ requis."),
        ({"registration_url": "javascript:alert(1)"}, "registration_url", "Saisissez une adresse web complète"),
        ({"attendance_mode": "online", "online_url": ""}, "online_url", "Indiquez le lien de participation en ligne."),
        ({"is_free": "", "price": ""}, "price", "Indiquez le tarif"),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_is_saved(client, agenda_page, overrides, field, message):
    response = client.post(URL, event_post(**overrides))
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert any(message in error for error in form.errors[field]), form.errors[field]
    assert message.split("<")[0] in response.content.decode().replace("\u00a0", " ").replace("&#x27;", "'")
    assert nothing_saved()
    assert not mail.outbox


def test_script_in_text_fields_is_stripped(client, agenda_page, member, organisation):
    client.force_login(member)
    post = event_post(
        organisation=str(organisation.pk),
        title="Forum <b>solidaire</b><script>alert(1)</script>",
        summary='Un résumé <img src=x onerror="alert(1)"> sans danger',
        description="<script>document.cookie</script>Premier paragraphe\n\n<a href='javascript:x'>lien</a>",
        venue="<iframe src=//evil></iframe>Salle des fêtes",
    )
    assert client.post(URL, post).status_code == 302
    event = EventPage.objects.get()
    assert event.title == "Forum solidaire"
    assert event.summary == "Un résumé sans danger"
    assert event.venue == "Salle des fêtes"
    body = str(event.body)
    assert "<script" not in body and "document.cookie" not in body and "javascript:" not in body
    assert "Premier paragraphe" in body


def test_the_honeypot_refuses_and_saves_nothing(client, agenda_page):
    response = client.post(URL, event_post(contact_nickname="https://spam.example"))
    assert response.status_code == 400
    assert "robot" in response.content.decode()
    assert nothing_saved()


def test_the_rate_limit_per_address(client, agenda_page):
    for n in range(5):
        assert client.post(URL, event_post(title=f"Forum solidaire numéro {n}")).status_code == 302
    response = client.post(URL, event_post(title="Forum de trop"))
    assert response.status_code == 429
    assert "réessayez dans une heure" in response.content.decode()
    assert EventSubmission.objects.count() == 5


def test_the_rate_limit_per_address_of_email(client, agenda_page, settings):
    for n in range(5):
        post = event_post(title=f"Forum solidaire numéro {n}")
        assert client.post(URL, post, REMOTE_ADDR=f"10.0.0.{n}").status_code == 302
    response = client.post(URL, event_post(title="Forum de trop"), REMOTE_ADDR="10.0.0.99")
    assert response.status_code == 429
    assert "réessayez demain" in response.content.decode()


def test_an_image_is_reencoded_and_stored_as_a_wagtail_image(client, agenda_page, member, organisation):
    client.force_login(member)
    post = event_post(organisation=str(organisation.pk), image_alt="L’affiche du forum")
    post["image"] = picture_upload(width=3000, height=2000)
    assert client.post(URL, post).status_code == 302
    event = EventPage.objects.get()
    assert event.image is not None
    assert max(event.image.width, event.image.height) <= 2400
    assert event.image_alt == "L’affiche du forum"


@pytest.mark.parametrize(
    "upload, message",
    [
        ("not-an-image", "n’est pas une image lisible"),
        ("html-as-jpg", "n’est pas une image lisible"),
        ("too-big", "L’image pèse plus de"),
        ("too-large", "trop grande"),
    ],
)
def test_bad_images_are_refused(client, agenda_page, upload, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .submit_support import picture_bytes

    files = {
        "not-an-image": SimpleUploadedFile("a.jpg", b"%PDF-1.4 not a picture", content_type="image/jpeg"),
        "html-as-jpg": SimpleUploadedFile("a.jpg", b"<html><script>alert(1)</script>", content_type="image/jpeg"),
        "too-big": SimpleUploadedFile("a.jpg", b"\xff\xd8" + b"0" * (5 * 1024 * 1024 + 10), content_type="image/jpeg"),
        "too-large": SimpleUploadedFile("a.png", picture_bytes(7000, 300, "PNG", "L"), content_type="image/png"),
    }
    post = event_post(image_alt="Affiche")
    post["image"] = files[upload]
    response = client.post(URL, post)
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors["image"])
    assert nothing_saved()


def test_a_member_cannot_name_another_organisation(client, agenda_page, member, organisation):
    other = OrganisationFactory()
    client.force_login(member)
    response = client.post(URL, event_post(organisation=str(other.pk)))
    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors
    assert nothing_saved()


def test_all_day_event(client, agenda_page, member, organisation):
    client.force_login(member)
    day = next_month_day()
    post = event_post(
        organisation=str(organisation.pk),
        start_time="",
        end_time="",
        end_date=(day + dt.timedelta(days=2)).isoformat(),
        all_day="on",
    )
    assert client.post(URL, post).status_code == 302
    event = EventPage.objects.get()
    assert event.all_day
    assert event.local_start.date() == day and event.local_end.date() == day + dt.timedelta(days=2)


def test_the_form_reads_a_bounded_number_of_queries(
    client, agenda_page, member, organisation, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15):
        assert client.get(URL).status_code == 200
    client.force_login(member)
    with django_assert_max_num_queries(15):
        response = client.get(URL)
    assert organisation.name in response.content.decode()


def confirmation_path(submission):
    return reverse("agenda:submission_confirm", args=[submission.confirmation_token()])


def test_an_expired_link_is_refused(client, agenda_page, monkeypatch):
    client.post(URL, event_post())
    path = confirmation_path(EventSubmission.objects.get())
    monkeypatch.setattr(EventSubmission, "confirmation_max_age", dt.timedelta(seconds=-1))
    response = client.post(path)
    assert response.status_code == 400
    assert "Ce lien a expiré" in response.content.decode()
    assert not EventPage.objects.exists()


def test_an_event_that_passed_before_confirmation_is_refused(client, agenda_page):
    client.post(URL, event_post())
    submission = EventSubmission.objects.get()
    submission.data["end"] = "2020-01-01T10:00:00+01:00"
    submission.save()
    response = client.post(confirmation_path(submission))
    assert response.status_code == 400
    assert "L’événement est passé entre-temps" in response.content.decode()
    assert not EventPage.objects.exists()
    submission.refresh_from_db()
    assert submission.status == EventSubmission.Status.EXPIRED


def test_the_picture_of_an_anonymous_proposal_waits_then_becomes_a_wagtail_image(client, agenda_page):
    post = event_post(image_alt="L’affiche")
    post["image"] = picture_upload()
    client.post(URL, post)
    submission = EventSubmission.objects.get()
    pending = submission.pending_image.name
    assert pending.startswith("agenda/propositions/") and "affiche" not in pending
    client.post(confirmation_path(submission))
    event = EventPage.objects.get()
    assert event.image is not None and event.image_alt == "L’affiche"
    submission.refresh_from_db()
    assert not submission.pending_image


def test_a_signed_in_person_needs_a_verified_address(client, agenda_page):
    from tests.factories import UserFactory

    client.force_login(UserFactory(verified_email=False))
    response = client.post(URL, event_post())
    assert response.status_code == 400
    assert "Confirmez d’abord votre adresse électronique" in response.content.decode()
    assert nothing_saved()


def test_a_signed_in_person_without_organisation_names_the_organiser(client, agenda_page):
    from tests.factories import CandidateFactory

    client.force_login(CandidateFactory())
    response = client.post(URL, event_post(organiser_name=""))
    assert response.status_code == 400
    assert "organiser_name" in response.context["form"].errors
    assert client.post(URL, event_post()).status_code == 302
    event = EventPage.objects.get()
    assert event.organiser_name == "Coopérative du Lien" and event.organiser is None


def test_recruiters_find_the_form_in_their_space(client, member):
    client.force_login(member)
    assert 'href="/agenda/proposer/"' in client.get("/espace/").content.decode()


def test_opening_the_link_again_after_the_event_passed_says_so(client, agenda_page):
    client.post(URL, event_post())
    submission = EventSubmission.objects.get()
    submission.data["end"] = "2020-01-01T10:00:00+01:00"
    submission.save()
    path = confirmation_path(submission)
    client.post(path)
    response = client.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert "L’événement est passé entre-temps" in body
    assert "déjà confirmée" not in body


def test_proposals_with_mistakes_never_use_up_the_quota(client, agenda_page, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "agenda.proposal.ip": "1/h", "agenda.proposal.email": "1/d"}
    for _n in range(3):
        assert client.post(URL, event_post(title="", end_time="13:00")).status_code == 400
    assert client.post(URL, event_post()).status_code == 302
    response = client.post(URL, event_post(title="Un second forum"))
    assert response.status_code == 429
    assert "réessayez dans une heure" in response.content.decode()
    assert EventSubmission.objects.count() == 1


def test_every_post_counts_against_the_attempts_of_an_address(client, agenda_page, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "agenda.attempt.ip": "2/h"}
    for _n in range(2):
        assert client.post(URL, event_post(title="")).status_code == 400
    response = client.post(URL, event_post())
    assert response.status_code == 429
    assert "Trop d’envois depuis votre connexion" in response.content.decode()
    assert nothing_saved()
    # Another address is not slowed down.
    assert client.post(URL, event_post(), REMOTE_ADDR="10.0.0.7").status_code == 302

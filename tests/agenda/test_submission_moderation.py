"""Moderation of proposals: the workflow on the agenda, the decision emailed once to the submitter,
photos of a past event in a draft revision, the workflow made for new agenda pages."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import WorkflowPage, WorkflowState

from agenda.models import EventPage, EventSubmission
from agenda.moderation import WORKFLOW_NAME, ensure_moderation_workflow
from core.models import OutgoingEmail
from tests.factories import ModeratorFactory, OrganisationFactory, RecruiterFactory

from .factories import AgendaIndexPageFactory, EventPageFactory, EventPhotoFactory
from .submit_support import event_post, picture_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db):
    return RecruiterFactory()


@pytest.fixture
def organisation(member):
    return OrganisationFactory(members=[member])


@pytest.fixture
def submitted(client, agenda_page, member, organisation):
    client.force_login(member)
    assert client.post("/agenda/proposer/", event_post(organisation=str(organisation.pk))).status_code == 302
    client.logout()
    return EventPage.objects.get()


def emails_to(address):
    return [email for email in OutgoingEmail.objects.order_by("pk") if address in email.to]


def test_a_new_agenda_page_gets_the_workflow_of_the_editorial_groups(agenda_page):
    state_workflow = WorkflowPage.objects.get(page=agenda_page).workflow
    assert state_workflow.name == WORKFLOW_NAME
    (task,) = state_workflow.tasks
    assert set(task.specific.groups.values_list("name", flat=True)) == {"Rédacteurs", "Modérateurs"}


def test_the_demo_agenda_gets_the_workflow_and_editors_may_publish_it(home_page):
    import io

    from wagtail.models import GroupPagePermission

    from agenda.demo import ensure_agenda_page

    index = ensure_agenda_page(io.StringIO())
    assert WorkflowPage.objects.get(page=index).workflow.name == WORKFLOW_NAME
    assert set(
        GroupPagePermission.objects.filter(page=index, permission__codename="publish_page").values_list(
            "group__name", flat=True
        )
    ) == {"Rédacteurs", "Modérateurs"}


def test_ensure_moderation_workflow_is_idempotent(home_page):
    index = AgendaIndexPageFactory(parent=home_page)
    first = ensure_moderation_workflow(index)
    second = ensure_moderation_workflow(index)
    assert first.pk == second.pk
    assert WorkflowPage.objects.get(page=index).workflow == first


def test_approval_publishes_and_emails_the_submitter_once(submitted, member, django_capture_on_commit_callbacks):
    moderator = ModeratorFactory()
    state = WorkflowState.objects.get(object_id=str(submitted.pk))
    with django_capture_on_commit_callbacks(execute=True):
        state.current_task_state.approve(user=moderator)
    submitted.refresh_from_db()
    assert submitted.live
    (email,) = emails_to(member.email)
    assert "est publié" in email.subject
    assert "Forum de l’emploi solidaire" in email.subject
    submission = EventSubmission.objects.get()
    assert submission.status == EventSubmission.Status.PUBLISHED and submission.decided_at
    # Publishing again (an editor's later correction) sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        submitted.save_revision(user=moderator).publish(user=moderator)
    assert len(emails_to(member.email)) == 1


def test_the_picture_of_a_proposal_is_private_until_the_event_is_published(client, agenda_page, member, organisation):
    client.force_login(member)
    post = event_post(organisation=str(organisation.pk), image_alt="L’affiche du forum")
    post["image"] = picture_upload()
    assert client.post("/agenda/proposer/", post).status_code == 302
    event = EventPage.objects.get()
    assert event.image.collection.name == "Fichiers en attente de publication"
    event.save_revision().publish()
    event.image.refresh_from_db()
    assert event.image.collection.is_root()


def test_rejection_emails_the_reason(submitted, member, django_capture_on_commit_callbacks):
    moderator = ModeratorFactory()
    state = WorkflowState.objects.get(object_id=str(submitted.pk))
    with django_capture_on_commit_callbacks(execute=True):
        state.current_task_state.reject(user=moderator, comment="Cet événement n’est pas lié à l’ESS.")
    submitted.refresh_from_db()
    assert not submitted.live
    (email,) = emails_to(member.email)
    assert "n’a pas été retenu" in email.subject
    (message,) = [message for message in mail.outbox if member.email in message.to]
    assert "Cet événement n’est pas lié à l’ESS." in message.body
    assert email.status == OutgoingEmail.Status.SENT
    submission = EventSubmission.objects.get()
    assert submission.status == EventSubmission.Status.REFUSED
    assert submission.decision_reason == "Cet événement n’est pas lié à l’ESS."


def test_publishing_directly_also_tells_the_submitter(submitted, member, django_capture_on_commit_callbacks):
    moderator = ModeratorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        submitted.get_latest_revision().publish(user=moderator)
    (email,) = emails_to(member.email)
    assert "est publié" in email.subject


def test_the_submitter_gets_no_wagtail_notification(submitted, member):
    state = WorkflowState.objects.get(object_id=str(submitted.pk))
    assert state.requested_by is None
    assert not [message for message in mail.outbox if member.email in message.to]


# --- Photos of a past event ------------------------------------------------------------------


@pytest.fixture
def past_event(agenda_page, organisation):
    start = (timezone.now() - dt.timedelta(days=5)).replace(microsecond=0)
    return EventPageFactory(parent=agenda_page, start=start, end=start + dt.timedelta(hours=3), organiser=organisation)


def photos_post(count=2, **overrides):
    data = {
        "photos": [picture_upload(f"photo-{n}.jpg") for n in range(count)],
        "alt_text": "Les participants du forum",
        "caption": "",
        "credit": "Coopérative du Lien",
        "rights": "on",
        "contact_nickname": "",
    }
    data.update(overrides)
    return data


def test_a_member_sends_photos_into_a_draft_revision(client, past_event, member, django_capture_on_commit_callbacks):
    EventPhotoFactory(event=past_event)  # one photo already published
    client.force_login(member)
    url = f"/agenda/evenements/{past_event.pk}/photos/"
    assert client.get(url).status_code == 200
    response = client.post(url, photos_post())
    assert response.status_code == 302, response.content.decode()[:2000]
    past_event.refresh_from_db()
    # The live page is untouched: the photos wait in the draft revision, under moderation, private.
    assert past_event.photos.count() == 1
    draft = past_event.get_latest_revision_as_object()
    assert draft.photos.count() == 3
    sent = [photo.image for photo in list(draft.photos.all())[1:]]
    assert {image.collection.name for image in sent} == {"Fichiers en attente de publication"}
    assert {photo.caption for photo in list(draft.photos.all())[1:]} == {"Les participants du forum"}
    state = WorkflowState.objects.get(object_id=str(past_event.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    with django_capture_on_commit_callbacks(execute=True):
        state.current_task_state.approve(user=ModeratorFactory())
    past_event.refresh_from_db()
    assert past_event.photos.count() == 3
    assert all(photo.image.collection.is_root() for photo in past_event.photos.all())
    (email,) = emails_to(member.email)
    assert "Vos photos" in email.subject


def test_photos_are_refused_to_non_members_and_for_future_events(client, agenda_page, past_event, organisation):
    outsider = RecruiterFactory()
    client.force_login(outsider)
    assert client.get(f"/agenda/evenements/{past_event.pk}/photos/").status_code == 404
    assert client.post(f"/agenda/evenements/{past_event.pk}/photos/", photos_post()).status_code == 404
    member = organisation.memberships.first().user
    future = EventPageFactory(parent=agenda_page, organiser=organisation)
    client.force_login(member)
    assert client.get(f"/agenda/evenements/{future.pk}/photos/").status_code == 404
    assert client.get("/agenda/evenements/999999/photos/").status_code == 404


def test_photos_need_a_sign_in(client, past_event):
    response = client.get(f"/agenda/evenements/{past_event.pk}/photos/")
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_too_many_or_bad_photos_are_refused(client, past_event, member):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(member)
    url = f"/agenda/evenements/{past_event.pk}/photos/"
    response = client.post(url, photos_post(count=11))
    assert response.status_code == 400
    assert "11 photos envoyées" in response.context["form"].errors["photos"][0]
    bad = photos_post(count=1)
    bad["photos"].append(SimpleUploadedFile("x.jpg", b"<svg onload=alert(1)>", content_type="image/jpeg"))
    response = client.post(url, bad)
    assert response.status_code == 400
    assert "Photo 2" in response.context["form"].errors["photos"][0]
    past_event.refresh_from_db()
    assert past_event.get_latest_revision_as_object().photos.count() == 0
    assert not WorkflowState.objects.filter(object_id=str(past_event.pk)).exists()


def test_an_editor_approves_in_the_admin_and_the_event_is_published(client, submitted, member):
    """Rédacteurs have no publish right elsewhere: the agenda grants it, since approving publishes."""
    from tests.factories import EditorFactory

    client.force_login(EditorFactory())
    assert client.get(f"/admin/pages/{submitted.pk}/edit/").status_code == 200
    state = WorkflowState.objects.get(object_id=str(submitted.pk))
    response = client.post(f"/admin/pages/workflow/action/{submitted.pk}/approve/{state.current_task_state.pk}/")
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED


def test_the_photos_text_alternative_is_kept_even_with_a_caption(client, past_event, member):
    client.force_login(member)
    url = f"/agenda/evenements/{past_event.pk}/photos/"
    response = client.post(url, photos_post(count=1, caption="Table ronde du matin"))
    assert response.status_code == 302
    past_event.refresh_from_db()
    (photo,) = past_event.get_latest_revision_as_object().photos.all()
    assert photo.caption == "Table ronde du matin"
    assert photo.image.description == "Les participants du forum"
    assert photo.alt_text == "Les participants du forum"


def test_refused_photos_leave_the_gallery_and_the_member_is_told_why(
    client, past_event, member, django_capture_on_commit_callbacks
):
    client.force_login(member)
    assert client.post(f"/agenda/evenements/{past_event.pk}/photos/", photos_post()).status_code == 302
    submission = EventSubmission.objects.get(kind=EventSubmission.Kind.PHOTOS)
    assert submission.status == EventSubmission.Status.IN_REVIEW and submission.page_id == past_event.pk
    state = WorkflowState.objects.get(object_id=str(past_event.pk))
    with django_capture_on_commit_callbacks(execute=True):
        state.current_task_state.reject(user=ModeratorFactory(), comment="Photos floues.")
    past_event.refresh_from_db()
    assert past_event.photos.count() == 0
    submission.refresh_from_db()
    assert submission.status == EventSubmission.Status.REFUSED and submission.decision_reason == "Photos floues."
    (email,) = emails_to(member.email)
    assert "n’ont pas été retenues" in email.subject
    (message,) = [message for message in mail.outbox if member.email in message.to]
    assert "Photos floues." in message.body


def test_photo_sets_are_limited_per_account(client, past_event, member, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "agenda.photos.user": "1/h"}
    client.force_login(member)
    url = f"/agenda/evenements/{past_event.pk}/photos/"
    assert client.post(url, photos_post(count=1, rights="")).status_code == 400  # a mistake is not counted
    assert client.post(url, photos_post(count=1)).status_code == 302
    response = client.post(url, photos_post(count=1))
    assert response.status_code == 429
    assert "réessayez dans une heure" in response.content.decode()
    assert EventSubmission.objects.filter(kind=EventSubmission.Kind.PHOTOS).count() == 1


def test_members_find_the_photo_form_on_the_page_of_their_past_event(client, agenda_page, past_event, organisation):
    link = f'href="/agenda/evenements/{past_event.pk}/photos/"'
    assert link not in client.get(past_event.url).content.decode()
    client.force_login(RecruiterFactory())
    assert link not in client.get(past_event.url).content.decode()
    member = organisation.memberships.first().user
    client.force_login(member)
    assert link in client.get(past_event.url).content.decode()
    future = EventPageFactory(parent=agenda_page, organiser=organisation)
    assert "/photos/" not in client.get(future.url).content.decode()

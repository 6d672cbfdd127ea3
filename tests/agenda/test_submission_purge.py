"""Proposals never confirmed are deleted, with their pending picture, once their link has expired."""

import datetime as dt
import importlib
import logging

import pytest
from celery.schedules import crontab
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from agenda import tasks
from agenda.models import EventPage, EventSubmission
from agenda.submission import purge_unconfirmed_submissions

from .submit_support import event_post, picture_bytes, picture_upload

pytestmark = pytest.mark.django_db
URL = "/agenda/proposer/"
Status = EventSubmission.Status
CONFIRMATION_MAX_AGE = EventSubmission.confirmation_max_age
# The link's lifetime and the hour of margin the purge adds.
EXPIRED_AGE = CONFIRMATION_MAX_AGE + dt.timedelta(hours=1, minutes=1)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def propose(client, **overrides) -> EventSubmission:
    """An anonymous proposal with a picture, through the public form (waits for its confirmation)."""
    post = event_post(image_alt="L’affiche", **overrides)
    post["image"] = picture_upload()
    assert client.post(URL, post).status_code == 302
    return EventSubmission.objects.latest("pk")


def submission(status=Status.AWAITING_CONFIRMATION, age=dt.timedelta(0), image=False, **fields) -> EventSubmission:
    item = EventSubmission(
        status=status,
        email=fields.pop("email", "quelquun@cooperative.test"),
        data={"title": "Forum de l’ESS", **fields.pop("data", {})},
        **fields,
    )
    if image:
        item.pending_image.save("affiche.jpg", ContentFile(picture_bytes()), save=False)
    item.save()
    EventSubmission.objects.filter(pk=item.pk).update(created_at=timezone.now() - age)
    return item


def age(item: EventSubmission, delta: dt.timedelta) -> None:
    EventSubmission.objects.filter(pk=item.pk).update(created_at=timezone.now() - delta)


def test_expired_unconfirmed_proposals_are_deleted_with_their_picture(
    client, agenda_page, django_capture_on_commit_callbacks
):
    proposal = propose(client)
    name = proposal.pending_image.name
    assert name.startswith("agenda/propositions/") and default_storage.exists(name)
    age(proposal, EXPIRED_AGE)
    without_image = submission(age=dt.timedelta(days=40))

    with django_capture_on_commit_callbacks(execute=True):
        assert purge_unconfirmed_submissions() == 2

    assert not EventSubmission.objects.filter(pk__in=[proposal.pk, without_image.pk]).exists()
    assert not default_storage.exists(name)
    assert not EventPage.objects.exists()


def test_recent_unconfirmed_proposals_stay_with_their_picture(client, agenda_page, django_capture_on_commit_callbacks):
    proposal = propose(client)
    name = proposal.pending_image.name
    age(proposal, CONFIRMATION_MAX_AGE - dt.timedelta(hours=1))

    with django_capture_on_commit_callbacks(execute=True):
        assert purge_unconfirmed_submissions() == 0

    proposal.refresh_from_db()
    assert proposal.status == Status.AWAITING_CONFIRMATION
    assert proposal.pending_image.name == name and default_storage.exists(name)


def test_the_cutoff_is_the_link_lifetime_plus_an_hour():
    now = timezone.now()
    kept = submission(age=CONFIRMATION_MAX_AGE + dt.timedelta(minutes=59))
    deleted = submission(age=CONFIRMATION_MAX_AGE + dt.timedelta(hours=1, minutes=1))
    assert purge_unconfirmed_submissions(now=now) == 1
    assert list(EventSubmission.objects.all()) == [kept]
    assert not EventSubmission.objects.filter(pk=deleted.pk).exists()
    # `now` decides: a day later, the one kept has expired too.
    assert purge_unconfirmed_submissions(now=now + dt.timedelta(days=1)) == 1
    assert not EventSubmission.objects.exists()


def test_proposals_confirmed_too_late_go_too(django_capture_on_commit_callbacks):
    late = submission(status=Status.EXPIRED, age=EXPIRED_AGE, image=True)
    recent = submission(status=Status.EXPIRED, age=dt.timedelta(hours=1))
    name = late.pending_image.name
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_unconfirmed_submissions() == 1
    assert list(EventSubmission.objects.all()) == [recent]
    assert not default_storage.exists(name)


@pytest.mark.parametrize("status", [Status.IN_REVIEW, Status.PUBLISHED, Status.REFUSED])
def test_other_statuses_stay_whatever_their_age(status, django_capture_on_commit_callbacks):
    old = submission(status=status, age=dt.timedelta(days=400), image=True)
    name = old.pending_image.name
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_unconfirmed_submissions() == 0
    assert EventSubmission.objects.get(pk=old.pk).status == status
    assert default_storage.exists(name)


def test_a_confirmed_proposal_and_its_draft_stay(client, agenda_page, django_capture_on_commit_callbacks):
    confirmed = propose(client)
    confirm = reverse("agenda:submission_confirm", args=[confirmed.confirmation_token()])
    assert client.post(confirm).status_code == 302
    confirmed.refresh_from_db()
    assert confirmed.status == Status.IN_REVIEW
    event = EventPage.objects.get()
    unconfirmed = propose(client, email="autre@cooperative.test", title="Un second forum")
    EventSubmission.objects.update(created_at=timezone.now() - dt.timedelta(days=30))

    with django_capture_on_commit_callbacks(execute=True):
        assert purge_unconfirmed_submissions() == 1

    assert list(EventSubmission.objects.all()) == [confirmed]
    assert not EventSubmission.objects.filter(pk=unconfirmed.pk).exists()
    assert EventPage.objects.get().pk == event.pk
    assert event.image is not None and default_storage.exists(event.image.file.name)


def test_at_most_limit_per_run_the_oldest_first():
    oldest = submission(age=dt.timedelta(days=30))
    newer = submission(age=dt.timedelta(days=10))
    assert purge_unconfirmed_submissions(limit=1) == 1
    assert list(EventSubmission.objects.all()) == [newer]
    assert not EventSubmission.objects.filter(pk=oldest.pk).exists()
    assert purge_unconfirmed_submissions(limit=1) == 1
    assert purge_unconfirmed_submissions(limit=1) == 0


def test_the_count_is_logged(caplog):
    submission(age=dt.timedelta(days=30))
    submission(age=dt.timedelta(days=31))
    with caplog.at_level(logging.INFO, logger="core.submissions"):
        purge_unconfirmed_submissions()
    assert [record.getMessage() for record in caplog.records if record.name == "core.submissions"] == [
        "Purged 2 unconfirmed propositions pour l’agenda"
    ]


def test_the_task_runs_through_celery_and_returns_the_count(django_capture_on_commit_callbacks):
    old = submission(age=dt.timedelta(days=5), image=True)
    name = old.pending_image.name
    recent = submission(age=dt.timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.purge_unconfirmed_event_submissions.apply()
    assert result.successful()
    assert result.get() == 1
    assert list(EventSubmission.objects.all()) == [recent]
    assert not default_storage.exists(name)
    assert tasks.purge_unconfirmed_event_submissions.delay().get() == 0  # eager in the tests


def test_the_beat_schedule_names_an_existing_daily_task(settings):
    (entry,) = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "agenda.tasks.purge_unconfirmed_event_submissions"
    ]
    module_path, name = entry["task"].rsplit(".", 1)
    task = getattr(importlib.import_module(module_path), name)
    assert task.name == entry["task"]
    schedule = entry["schedule"]
    assert isinstance(schedule, crontab)
    assert schedule.hour == {4} and schedule.minute == {40} and len(schedule.day_of_week) == 7

"""A stopped beat does not go unnoticed, for real: Celery beat and a worker on Redis run a job every
second; once beat stops, /sante/ answers 503 naming the job, the admin warns, the administrators get one
email however many checks run at once; when beat starts again, all clears and they are told so."""

import os
import threading
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from celery import beat
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connections
from django.test import Client
from django.urls import reverse

from config.celery import app
from core.jobs.status import job_states
from core.models import JobRun, OutgoingEmail, ScheduledJob
from tests.core.test_celery_redis import celery_worker_on_redis, reachable_redis  # noqa: F401 (fixture)

JOB = "core.tasks.requeue_pending_emails"
LABEL = "Relance des courriels en attente"
EVERY = 1.0  # seconds between two runs
MARGIN = timedelta(seconds=4)  # so the job is overdue 5 s after its last success
DEADLINE = 40  # seconds to wait for what must happen (a loaded machine may be slow, never this slow)


@pytest.fixture
def redis_url():
    """REDIS_URL as given (its database number keeps parallel runs apart), or the local server's 14."""
    return reachable_redis(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/14")


@pytest.fixture
def transactional_db(django_db_setup, django_db_blocker):
    """Real commits (the worker, beat's tasks and the concurrent checks are other threads), then the
    rows this test made are deleted: no flush, which would also remove what migrations created for
    later tests (pytest-django's own `transactional_db`, replaced here, would flush)."""
    models = (JobRun, ScheduledJob, OutgoingEmail, get_user_model())
    with django_db_blocker.unblock():
        marks = {model: model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0 for model in models}
        ScheduledJob.objects.all().delete()
        yield
        for model in models:
            model.objects.filter(pk__gt=marks[model]).delete()
        ScheduledJob.objects.all().delete()
        connections.close_all()


@pytest.fixture
def every_second(settings):
    """One scheduled job, run every second, overdue 5 s after its last success."""
    schedule = {"requeue-pending-emails": {"task": JOB, "schedule": EVERY}}
    settings.CELERY_BEAT_SCHEDULE = schedule
    settings.SCHEDULED_JOBS_MARGIN = {"share": 0, "minimum": MARGIN}
    settings.ADMINS = [("Exploitation", "exploitation@exemple.test")]
    saved = app.conf.beat_schedule
    app.conf.beat_schedule = schedule
    yield
    app.conf.beat_schedule = saved


@contextmanager
def running_beat():
    """Celery beat in a thread of this process, its schedule in memory."""
    service = beat.EmbeddedService(app, thread=True, scheduler_cls=beat.Scheduler)
    service.start()
    try:
        yield
    finally:
        service.stop()
        service.join(10)


def wait_for(condition, what):
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"Still waiting, after {DEADLINE} s, for {what}")


def successes() -> int:
    return JobRun.objects.filter(task=JOB, status=JobRun.Status.SUCCEEDED).count()


def alert_emails():
    return [message for message in mail.outbox if message.subject.startswith("Tâches planifiées")]


def health(client):
    response = client.get("/sante/")
    return response.status_code, response.json()


def concurrent_health_checks(count: int) -> list:
    """`count` calls of /sante/ at the same moment, each in its own thread (own database connection)."""
    barrier = threading.Barrier(count)
    answers = [None] * count

    def call(index):
        try:
            barrier.wait(10)
            answers[index] = health(Client())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=call, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return answers


@pytest.mark.redis
@pytest.mark.usefixtures("transactional_db", "celery_worker_on_redis", "every_second")
def test_a_stopped_beat_is_reported_once_then_clears(client):
    admin = get_user_model().objects.create_superuser(email="admin@exemple.test", password="une-phrase-secrete-42")
    client.force_login(admin)
    started = time.monotonic()

    # Beat and the worker run the job: each run is recorded, /sante/ is healthy, the admin quiet.
    with running_beat():
        wait_for(lambda: successes() >= 2, "two runs of the job")
        status, body = health(client)
        assert (status, body["status"], body["overdue_jobs"]) == (200, "ok", [])
        assert body["jobs"][JOB]["last_run"] == "succeeded"
        assert "data-scheduled-jobs-alert" not in client.get(reverse("wagtailadmin_home")).content.decode()
        assert alert_emails() == []
    run = JobRun.objects.filter(task=JOB, status=JobRun.Status.SUCCEEDED).order_by("-started_at").first()
    assert run.worker  # run by the worker (an eager run has no worker name)
    assert run.finished_at >= run.started_at

    # Beat stopped: once the last success is older than period + margin, the job is overdue…
    wait_for(lambda: any(state.overdue for state in job_states()), "the job to be overdue")
    # …and four monitors asking /sante/ at once get 503 naming it; the administrators get one email.
    answers = concurrent_health_checks(4)
    assert [status for status, _body in answers] == [503] * 4
    assert all(body["overdue_jobs"] == [JOB] for _status, body in answers)
    assert all(body["checks"] == {"database": "ok", "cache": "ok", "jobs": "error"} for _status, body in answers)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    alert = html[html.index("data-scheduled-jobs-alert") :]
    assert f"« {LABEL} » sans exécution réussie depuis le" in alert[: alert.index("</li>")]
    assert health(client)[0] == 503
    emails = alert_emails()
    assert [message.subject for message in emails] == [f"Tâches planifiées en retard : {LABEL}"]
    assert emails[0].to == ["exploitation@exemple.test"]
    assert ScheduledJob.objects.get(task=JOB).alerted_at is not None

    # Beat again: the job succeeds, /sante/ is healthy, the banner gone, one « back to normal » email.
    with running_beat():
        wait_for(lambda: health(client)[0] == 200, "/sante/ to be healthy again")
    assert "data-scheduled-jobs-alert" not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert [message.subject for message in alert_emails()] == [
        f"Tâches planifiées en retard : {LABEL}",
        f"Tâches planifiées rétablies : {LABEL}",
    ]
    assert ScheduledJob.objects.get(task=JOB).alerted_at is None
    assert OutgoingEmail.objects.filter(subject__startswith="Tâches planifiées", status="sent").count() == 2
    Session.objects.filter(session_key=client.session.session_key).delete()
    assert time.monotonic() - started < 60

"""Scheduled jobs never stop silently: each run is recorded, and a job overdue is reported (core.jobs)."""

import json
from datetime import timedelta

import pytest
from celery import shared_task
from celery.schedules import crontab, schedule
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from core import health
from core.jobs import alerts, runs
from core.jobs.periods import check_schedule, period_of, period_text, scheduled_jobs
from core.jobs.status import job_states
from core.models import JobRun, OutgoingEmail, ScheduledJob
from core.tasks import deliver_email, purge_job_runs, purge_old_emails

pytestmark = pytest.mark.django_db

REQUEUE = "core.tasks.requeue_pending_emails"
PURGE = "core.tasks.purge_old_emails"
FAILING = "tests.core.test_jobs.failing_job"


@pytest.fixture(autouse=True)
def _no_history():
    """Each test starts with no run and no job watched yet (browser tests leave theirs committed)."""
    JobRun.objects.all().delete()
    ScheduledJob.objects.all().delete()


@shared_task(name=FAILING)
def failing_job():
    raise ValueError("le fichier du partenaire est illisible")


@pytest.fixture
def two_jobs(settings):
    """A schedule of two jobs: one every 5 minutes (margin 15 min), one daily (margin 6 h)."""
    settings.CELERY_BEAT_SCHEDULE = {
        "requeue": {"task": REQUEUE, "schedule": 300.0},
        "purge": {"task": PURGE, "schedule": crontab(hour=3, minute=0)},
    }
    settings.ADMINS = [("Exploitation", "exploitation@exemple.test")]
    return settings


def success(task, at) -> JobRun:
    return JobRun.objects.create(task=task, status=JobRun.Status.SUCCEEDED, started_at=at, finished_at=at)


def failure(task, at, error="Traceback…\nOperationalError: la base ne répond pas") -> JobRun:
    return JobRun.objects.create(task=task, status=JobRun.Status.FAILED, started_at=at, finished_at=at, error=error)


def state_of(task, now):
    return next(state for state in job_states(now) if state.job.task == task)


# --- The table of jobs ------------------------------------------------------------------------------------


def test_every_beat_entry_of_the_site_is_a_watched_job_with_a_french_label(settings):
    jobs = scheduled_jobs()

    assert set(jobs) == {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "core.tasks.requeue_pending_emails",
        "core.tasks.purge_old_emails",
        "core.tasks.purge_job_runs",
        "magazine.tasks.publish_scheduled_pages",
        "magazine.tasks.purge_unconfirmed_press_releases",
        "agenda.tasks.purge_unconfirmed_event_submissions",
        "emploi.tasks.close_expired_offers",
    } <= set(jobs)
    assert jobs[REQUEUE].period == timedelta(minutes=5)
    assert jobs["magazine.tasks.publish_scheduled_pages"].period == timedelta(minutes=1)
    assert jobs["emploi.tasks.close_expired_offers"].period == timedelta(days=1)
    assert jobs["agenda.tasks.purge_unconfirmed_event_submissions"].period == timedelta(days=1)
    assert str(jobs[REQUEUE].label) == "Relance des courriels en attente"
    assert all(str(job.label) != job.task for job in jobs.values()), "every job of the site has a label"
    assert check_schedule() == []


@pytest.mark.parametrize(
    ("value", "period"),
    [
        (30, timedelta(seconds=30)),
        (86400.0, timedelta(days=1)),
        (timedelta(hours=2), timedelta(hours=2)),
        (schedule(timedelta(minutes=10)), timedelta(minutes=10)),
        (crontab(), timedelta(minutes=1)),
        (crontab(minute="*/15"), timedelta(minutes=15)),
        (crontab(hour=4, minute=40), timedelta(days=1)),
        (crontab(minute=0, hour="*/6"), timedelta(hours=6)),
        (crontab(minute=0, hour="8,12"), timedelta(hours=20)),
        (crontab(minute=0, hour=9, day_of_week="mon-fri"), timedelta(days=3)),
        (crontab(minute=0, hour=3, day_of_week="sunday"), timedelta(days=7)),
        (crontab(minute=0, hour=0, day_of_month=1), timedelta(days=31)),
        (crontab(minute=0, hour=0, day_of_month=29, month_of_year=2), timedelta(days=4 * 365 + 1)),
    ],
)
def test_the_period_of_each_kind_of_schedule_is_its_longest_gap(value, period):
    assert period_of(value) == period


def test_a_schedule_of_another_kind_needs_its_period(settings):
    settings.CELERY_BEAT_SCHEDULE = {"odd": {"task": REQUEUE, "schedule": object()}}
    with pytest.raises(ImproperlyConfigured):
        scheduled_jobs()
    assert [error.id for error in check_schedule()] == ["core.E001"]

    settings.SCHEDULED_JOBS = {REQUEUE: {"period": timedelta(hours=1)}}
    assert scheduled_jobs()[REQUEUE].period == timedelta(hours=1)
    assert check_schedule() == []


def test_a_label_for_no_scheduled_task_is_a_warning(settings):
    settings.SCHEDULED_JOBS = {**settings.SCHEDULED_JOBS, "emploi.tasks.tache_disparue": {"label": "Disparue"}}
    assert [error.id for error in check_schedule()] == ["core.W001"]


def test_margin_is_a_share_of_the_period_with_a_minimum_and_may_be_set_per_job(two_jobs):
    jobs = scheduled_jobs()
    assert jobs[REQUEUE].margin == timedelta(minutes=15)  # a quarter would be 75 s: the minimum
    assert jobs[REQUEUE].allowance == timedelta(minutes=20)
    assert jobs[PURGE].margin == timedelta(hours=6)
    assert jobs[PURGE].allowance == timedelta(hours=30)

    two_jobs.SCHEDULED_JOBS_MARGIN = {"share": 0.5, "minimum": timedelta(minutes=1)}
    two_jobs.SCHEDULED_JOBS = {REQUEUE: {"label": "Relance", "margin": timedelta(minutes=2)}}
    jobs = scheduled_jobs()
    assert jobs[REQUEUE].margin == timedelta(minutes=2)
    assert jobs[PURGE].margin == timedelta(hours=12)


def test_several_entries_of_one_task_count_its_shortest_period(settings):
    settings.CELERY_BEAT_SCHEDULE = {
        "nightly": {"task": REQUEUE, "schedule": crontab(hour=2, minute=0)},
        "hourly": {"task": REQUEUE, "schedule": 3600},
    }
    job = scheduled_jobs()[REQUEUE]
    assert job.period == timedelta(hours=1)
    assert job.entries == ("nightly", "hourly")


def test_periods_read_the_french_way():
    assert period_text(timedelta(minutes=1)) == "toutes les minutes"
    assert period_text(timedelta(minutes=5)) == "toutes les 5 minutes"
    assert period_text(timedelta(hours=6)) == "toutes les 6 heures"
    assert period_text(timedelta(days=1)) == "tous les jours"
    assert period_text(timedelta(days=7)) == "tous les 7 jours"
    assert period_text(timedelta(seconds=90)) == "toutes les 90 secondes"


# --- Recording runs ---------------------------------------------------------------------------------------


def test_each_run_of_a_scheduled_task_is_recorded_with_what_it_did(two_jobs):
    before = timezone.now()
    purge_old_emails.delay()  # eager here; a worker in production (tests/core/test_jobs_redis.py)

    run = JobRun.objects.get()
    assert run.task == PURGE
    assert run.status == JobRun.Status.SUCCEEDED
    assert run.result == "0"
    assert run.error == ""
    assert before <= run.started_at <= run.finished_at <= timezone.now()
    assert run.task_id


@pytest.mark.parametrize("how", ["worker", "eager"])
def test_a_failed_run_is_recorded_with_its_error(settings, how):
    settings.CELERY_BEAT_SCHEDULE = {"failing": {"task": FAILING, "schedule": 60}}

    if how == "worker":  # as a worker runs it: the error is caught and reported by Celery's signals
        assert failing_job.apply(throw=False).failed()
    else:  # eagerly, the error propagating to the caller
        with pytest.raises(ValueError):
            failing_job.delay()

    run = JobRun.objects.get()
    assert run.status == JobRun.Status.FAILED
    assert run.finished_at is not None
    assert run.result == ""
    assert "Traceback" in run.error
    assert run.error.endswith("ValueError: le fichier du partenaire est illisible")
    assert state_of(FAILING, timezone.now()).last_error == "ValueError: le fichier du partenaire est illisible"


def test_tasks_outside_the_schedule_are_not_recorded(two_jobs):
    assert deliver_email.apply(args=(123456, 0)).get() == "skipped"
    assert not JobRun.objects.exists()


def test_a_run_whose_start_was_not_recorded_is_known_by_its_end(two_jobs):
    runs.record_end(task_id="perdu", task=purge_old_emails, retval=4, state="SUCCESS")
    run = JobRun.objects.get()
    assert (run.status, run.result, run.started_at) == (JobRun.Status.SUCCEEDED, "4", run.finished_at)


def test_results_are_kept_short():
    assert runs.summary(None) == ""
    assert runs.summary({"fermées": 3}) == "{'fermées': 3}"
    assert len(runs.summary("x" * 5000)) == runs.RESULT_LENGTH


# --- Overdue or not ---------------------------------------------------------------------------------------


def test_a_job_that_never_ran_is_overdue_one_period_and_margin_after_it_began_to_be_watched(two_jobs):
    start = timezone.now()
    state = state_of(REQUEUE, start)
    assert state.watched_since == start
    assert not state.overdue

    assert not state_of(REQUEUE, start + timedelta(minutes=20)).overdue
    late = state_of(REQUEUE, start + timedelta(minutes=20, seconds=1))
    assert late.overdue
    assert late.since == start
    assert late.last_success_at is None and late.last_run is None


def test_a_job_is_overdue_when_its_last_success_is_older_than_period_and_margin(two_jobs):
    start = timezone.now()
    job_states(start - timedelta(days=3))  # watched for days
    success(PURGE, start)

    assert not state_of(PURGE, start + timedelta(hours=30)).overdue
    state = state_of(PURGE, start + timedelta(hours=30, seconds=1))
    assert state.overdue
    assert not state.failing
    assert state.since == state.last_success_at == start


def test_a_failure_not_put_right_within_the_margin_is_overdue(two_jobs):
    start = timezone.now()
    job_states(start - timedelta(days=3))
    success(PURGE, start)
    failure(PURGE, start + timedelta(hours=2))  # run again by hand, which failed

    state = state_of(PURGE, start + timedelta(hours=8, seconds=1))  # failure + 6 h margin
    assert state.overdue and state.failing
    assert state.since == start + timedelta(hours=2)
    assert state.last_error == "OperationalError: la base ne répond pas"

    success(PURGE, start + timedelta(hours=3))
    state = state_of(PURGE, start + timedelta(hours=8, seconds=1))
    assert not state.overdue and not state.failing
    assert state.last_error == ""


def test_one_failure_that_the_next_run_repairs_is_not_reported(two_jobs):
    start = timezone.now()
    job_states(start - timedelta(days=1))
    success(REQUEUE, start)
    failure(REQUEUE, start + timedelta(minutes=5))
    assert not state_of(REQUEUE, start + timedelta(minutes=9)).overdue
    success(REQUEUE, start + timedelta(minutes=10))
    assert not state_of(REQUEUE, start + timedelta(minutes=25)).overdue


# --- Email to the administrators, once per outage --------------------------------------------------------


def test_administrators_get_one_email_per_outage_and_one_when_it_is_over(two_jobs, django_capture_on_commit_callbacks):
    start = timezone.now()
    job_states(start - timedelta(days=2))
    success(REQUEUE, start)
    success(PURGE, start)
    late = start + timedelta(minutes=21)

    with django_capture_on_commit_callbacks(execute=True):
        for _check in range(3):  # /sante/, an admin page, the check after a request…
            alerts.check(now=late)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["exploitation@exemple.test"]
    assert message.subject == "Tâches planifiées en retard : Relance des courriels en attente"
    assert "Relance des courriels en attente (core.tasks.requeue_pending_emails)" in message.body
    assert "aucune exécution réussie depuis le" in message.body
    assert "http://testserver/admin/snippets/core/jobrun/" in message.body
    assert "http://testserver/sante/" in message.body
    # delivered here, by whoever checked: no worker needed
    assert OutgoingEmail.objects.get(subject=message.subject).status == OutgoingEmail.Status.SENT
    assert ScheduledJob.objects.get(task=REQUEUE).alerted_at == late

    # The daily job goes overdue later: a new email names it, and the other one as still overdue.
    with django_capture_on_commit_callbacks(execute=True):
        alerts.check(now=start + timedelta(hours=31))
        alerts.check(now=start + timedelta(hours=31, minutes=1))
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject == "Tâches planifiées en retard : Effacement des anciens courriels envoyés"
    assert "déjà signalées :\n- Relance des courriels en attente" in mail.outbox[1].body

    # Back to normal: one email, then silence.
    success(REQUEUE, start + timedelta(hours=31, minutes=2))
    with django_capture_on_commit_callbacks(execute=True):
        alerts.check(now=start + timedelta(hours=31, minutes=3))
        alerts.check(now=start + timedelta(hours=31, minutes=4))
    assert len(mail.outbox) == 3
    assert mail.outbox[2].subject == "Tâches planifiées rétablies : Relance des courriels en attente"
    assert "Toujours en retard :\n- Effacement des anciens courriels envoyés" in mail.outbox[2].body
    assert ScheduledJob.objects.get(task=REQUEUE).alerted_at is None

    # Overdue again later: a new outage, a new email.
    with django_capture_on_commit_callbacks(execute=True):
        alerts.check(now=start + timedelta(hours=32))
    assert [m.subject for m in mail.outbox[3:]] == ["Tâches planifiées en retard : Relance des courriels en attente"]


def test_without_admins_the_staff_superusers_are_told(two_jobs, django_capture_on_commit_callbacks):
    two_jobs.ADMINS = []
    users = get_user_model().objects
    users.filter(is_superuser=True).update(is_active=False)  # any left by the browser tests
    users.create_superuser(email="admin@exemple.test", password="une-phrase-secrete-42")
    users.create_superuser(email="partie@exemple.test", password="une-phrase-secrete-42", is_active=False)
    users.create_user(email="redaction@exemple.test", password="une-phrase-secrete-42", is_staff=True)
    start = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        alerts.check(now=start)
        alerts.check(now=start + timedelta(minutes=21))

    assert [message.to for message in mail.outbox] == [["admin@exemple.test"]]


def test_a_subject_names_two_jobs_and_counts_the_others(settings, django_capture_on_commit_callbacks):
    settings.CELERY_BEAT_SCHEDULE = {
        name: {"task": task, "schedule": 60}
        for name, task in [("a", REQUEUE), ("b", PURGE), ("c", "magazine.tasks.publish_scheduled_pages")]
    }
    settings.ADMINS = [("Exploitation", "exploitation@exemple.test")]
    start = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        alerts.check(now=start)
        alerts.check(now=start + timedelta(minutes=17))

    [message] = mail.outbox
    assert message.subject == (
        "Tâches planifiées en retard : Relance des courriels en attente, "
        "Effacement des anciens courriels envoyés et 1 autre"
    )
    assert "Publication programmée des pages (magazine.tasks.publish_scheduled_pages)" in message.body


def test_the_email_says_a_job_fails_and_its_error(two_jobs, django_capture_on_commit_callbacks):
    start = timezone.now()
    job_states(start - timedelta(days=2))
    success(PURGE, start)
    failure(PURGE, start + timedelta(hours=1))

    with django_capture_on_commit_callbacks(execute=True):
        alerts.check(now=start + timedelta(hours=7, seconds=1))

    body = mail.outbox[-1].body
    assert "Effacement des anciens courriels envoyés (core.tasks.purge_old_emails) : en échec depuis le" in body
    assert "Dernière erreur : OperationalError: la base ne répond pas" in body


# --- The purge ---------------------------------------------------------------------------------------------


def test_purge_keeps_30_days_at_most_n_runs_a_job_and_each_last_success(two_jobs, monkeypatch):
    monkeypatch.setattr(runs, "RUNS_KEPT_PER_JOB", 3)
    now = timezone.now()
    last_success = success(PURGE, now - timedelta(days=40))
    old_failures = [failure(PURGE, now - timedelta(days=39 - day)) for day in range(3)]
    recent = [success(REQUEUE, now - timedelta(minutes=5 * step)) for step in range(5)]
    ScheduledJob.objects.create(task="emploi.tasks.ancienne_tache")
    job_states(now)

    assert purge_job_runs.delay().get() == 5

    remaining = set(JobRun.objects.values_list("pk", flat=True))
    assert last_success.pk in remaining  # the check counts from it
    assert not remaining & {run.pk for run in old_failures}
    assert {run.pk for run in recent[:3]} <= remaining and not remaining & {run.pk for run in recent[3:]}
    # the purge's own run, recorded like any scheduled job's (when the schedule has it)
    assert set(ScheduledJob.objects.values_list("task", flat=True)) == {REQUEUE, PURGE}


def test_the_purge_is_a_scheduled_job_itself(settings):
    assert "core.tasks.purge_job_runs" in scheduled_jobs()
    purge_job_runs.delay()
    assert JobRun.objects.get().task == "core.tasks.purge_job_runs"


# --- /sante/ ----------------------------------------------------------------------------------------------


def test_health_is_200_when_all_is_well(client, two_jobs):
    success(REQUEUE, timezone.now())
    response = client.get("/sante/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "cache": "ok", "jobs": "ok"}
    assert body["overdue_jobs"] == []
    assert body["jobs"][REQUEUE]["status"] == "ok"
    assert body["jobs"][REQUEUE]["last_run"] == "succeeded"
    assert body["jobs"][REQUEUE]["period_seconds"] == 300
    assert body["jobs"][PURGE]["last_success"] is None
    assert client.head("/sante/").status_code == 200
    assert client.post("/sante/").status_code == 405


def test_health_is_503_naming_an_overdue_job_without_its_error(client, two_jobs, django_capture_on_commit_callbacks):
    long_ago = timezone.now() - timedelta(days=2)
    ScheduledJob.objects.create(task=REQUEUE, watched_since=long_ago)
    failure(REQUEUE, long_ago, error="ValueError: adresse camille@exemple.test refusée")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/sante/")
        client.get("/sante/")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["jobs"] == "error"
    assert body["overdue_jobs"] == [REQUEUE]
    assert body["jobs"][REQUEUE]["status"] == "overdue"
    assert body["jobs"][REQUEUE]["last_run"] == "failed"
    assert body["jobs"][PURGE]["status"] == "ok"
    assert "camille" not in response.content.decode()  # no error text, no personal data
    # The check behind /sante/ told the administrators, once; a monitor calling it every minute does not
    # bring them Django's server-error report each time.
    assert [message.subject for message in mail.outbox] == [
        "Tâches planifiées en retard : Relance des courriels en attente"
    ]


class BrokenConnection:
    def cursor(self):
        raise OperationalError("could not connect to server")


class BrokenCache:
    def set(self, *args, **kwargs):
        raise ConnectionError("Redis is down")


def test_health_is_503_when_the_database_does_not_answer(client, two_jobs, monkeypatch):
    monkeypatch.setattr(health, "connection", BrokenConnection())
    response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "error", "cache": "ok", "jobs": "unknown"}


def test_health_is_503_when_the_cache_does_not_answer(client, two_jobs, monkeypatch):
    monkeypatch.setattr(health, "cache", BrokenCache())
    response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "error", "jobs": "ok"}


# --- In the admin --------------------------------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(email="admin@exemple.test", password="une-phrase-secrete-42")


@pytest.fixture
def overdue_job(two_jobs):
    long_ago = timezone.now() - timedelta(days=2)
    ScheduledJob.objects.create(task=REQUEUE, watched_since=long_ago)
    success(REQUEUE, long_ago)
    return long_ago


def alert_of(html: str) -> str:
    start = html.find("data-scheduled-jobs-alert")
    return html[start : html.find("</li>", start)] if start >= 0 else ""


@pytest.mark.parametrize("who", ["superuser", "editor"])
def test_every_admin_page_warns_staff_of_an_overdue_job(
    client, request, overdue_job, who, django_capture_on_commit_callbacks
):
    client.force_login(request.getfixturevalue(who))

    for url in (reverse("wagtailadmin_home"), reverse("wagtailadmin_explore_root"), reverse("wagtailimages:index")):
        with django_capture_on_commit_callbacks(execute=True):
            html = client.get(url).content.decode()
        alert = alert_of(html)
        assert "Tâche planifiée en retard" in alert, url
        assert "« Relance des courriels en attente » sans exécution réussie depuis le" in alert
        # among Wagtail's messages, at the top of the page
        assert html.index('data-w-messages-target="container">') < html.index("data-scheduled-jobs-alert")
        assert html.index("data-scheduled-jobs-alert") < html.index('id="main"') + 2000
    runs_url = reverse("wagtailsnippets_core_jobrun:list")
    assert (runs_url in alert) == (who == "superuser")
    assert len(mail.outbox) == 1


def test_no_warning_while_jobs_are_on_time(client, superuser, two_jobs):
    client.force_login(superuser)
    assert alert_of(client.get(reverse("wagtailadmin_home")).content.decode()) == ""


def test_superusers_see_the_jobs_panel_and_the_runs(client, superuser, overdue_job):
    failure(PURGE, timezone.now(), error="Traceback…\nValueError: fichier illisible")
    client.force_login(superuser)

    html = client.get(reverse("wagtailadmin_home")).content.decode()
    panel = html[html.index('id="taches-planifiees-section"') :]
    assert "Relance des courriels en attente" in panel and "toutes les 5 minutes" in panel
    assert "dernière exécution en échec" in panel and "ValueError: fichier illisible" in panel

    run = JobRun.objects.get(task=PURGE)
    inspect_url = reverse("wagtailsnippets_core_jobrun:inspect", args=[run.pk])
    runs_page = client.get(reverse("wagtailsnippets_core_jobrun:list"))
    assert runs_page.status_code == 200
    assert "Effacement des anciens courriels envoyés" in runs_page.content.decode()
    assert runs_page.content.decode().count("/admin/snippets/core/jobrun/inspect/") == 2
    filtered = client.get(reverse("wagtailsnippets_core_jobrun:list"), {"task": PURGE}).content.decode()
    assert filtered.count("/admin/snippets/core/jobrun/inspect/") == 1 and inspect_url in filtered
    inspect = client.get(inspect_url).content.decode()
    assert "ValueError: fichier illisible" in inspect
    for action in ("add", "edit", "delete"):
        url = reverse(f"wagtailsnippets_core_jobrun:{action}", **({} if action == "add" else {"args": [run.pk]}))
        assert client.get(url).status_code in (302, 403)


def test_editors_see_neither_the_panel_nor_the_runs(client, editor, two_jobs):
    client.force_login(editor)
    assert 'id="taches-planifiees-section"' not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert client.get(reverse("wagtailsnippets_core_jobrun:list")).status_code in (302, 403)


# --- The check after requests ---------------------------------------------------------------------------------


def test_requests_check_the_jobs_every_few_minutes_even_if_nobody_looks(
    client, overdue_job, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.SCHEDULED_JOBS_CHECK_INTERVAL = timedelta(minutes=5)
    monkeypatch.setattr(alerts, "_next_check_at", 0.0)
    checks = []
    real_check = alerts.check
    monkeypatch.setattr(alerts, "check", lambda **kwargs: checks.append(kwargs) or real_check(**kwargs))

    with django_capture_on_commit_callbacks(execute=True):
        client.get("/robots.txt")
    assert len(checks) == 1
    assert len(mail.outbox) == 1 and "en retard" in mail.outbox[0].subject

    client.get("/robots.txt")  # within the interval, in this process
    monkeypatch.setattr(alerts, "_next_check_at", 0.0)
    client.get("/robots.txt")  # another process: the cache's lock says it was done
    assert len(checks) == 1


def test_health_json_holds_only_names_states_and_dates(client, two_jobs):
    body = json.loads(client.get("/sante/").content)
    assert set(body) == {"status", "checks", "overdue_jobs", "jobs"}
    assert set(body["jobs"][REQUEUE]) == {"status", "period_seconds", "last_success", "last_run", "due_by"}

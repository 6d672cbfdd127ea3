"""The administrators told when scheduled jobs are overdue: once per outage, and once when they are back.

Whoever checks first (`/sante/`, an admin page, the check after requests) sends the email: each overdue
job's `ScheduledJob.alerted_at` is set by an atomic `UPDATE … WHERE alerted_at IS NULL`, so among
concurrent checks only one claims it, and the email is saved in the same transaction. When the job
succeeds again, the next check clears the flag (the same way) and sends « rétablie »; the job is then
reported again only if it becomes overdue again.

The email goes to `settings.ADMINS`, or to the active staff superusers when it is empty. It goes through
the outbox like every email, but is delivered by the process that checks (`send_email(deliver_now=True)`):
when Celery is what stopped, a queued email would wait forever.
"""

import logging
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from ..emails import send_email
from ..models import ScheduledJob
from .periods import period_text
from .status import JobState, job_states, moment

logger = logging.getLogger(__name__)

CHECK_LOCK_KEY = "core.jobs.checked"
SUBJECT_NAMES = 2  # jobs named in an email's subject; the others are counted (all are in the text)
_next_check_at = 0.0  # monotonic time before which this process does not check after a request


def check(notify: bool = True, now=None) -> list[JobState]:
    """Every scheduled job's state; with `notify`, the emails about jobs newly overdue or back to normal."""
    states = job_states(now)
    if notify:
        notify_administrators(states)
    return states


def notify_administrators(states: list[JobState]) -> None:
    """Claim the jobs newly overdue and those back to normal, and send one email for each kind."""
    newly_overdue = [state for state in states if state.overdue and state.alerted_at is None]
    recovered = [state for state in states if not state.overdue and state.alerted_at is not None]
    if newly_overdue:
        with transaction.atomic():
            claimed = [
                state
                for state in newly_overdue
                if ScheduledJob.objects.filter(task=state.job.task, alerted_at__isnull=True).update(
                    alerted_at=state.now
                )
            ]
            if claimed:
                told = {state.job.task for state in claimed}
                still = [state for state in states if state.overdue and state.job.task not in told]
                _send("overdue", claimed, still)
    if recovered:
        with transaction.atomic():
            claimed = [
                state
                for state in recovered
                if ScheduledJob.objects.filter(task=state.job.task, alerted_at=state.alerted_at).update(alerted_at=None)
            ]
            if claimed:
                still = [state for state in states if state.overdue]
                _send("recovered", claimed, still)


def administrators() -> list[str]:
    """`settings.ADMINS`, or the active staff superusers' addresses when it is empty."""
    addresses = [entry if isinstance(entry, str) else entry[1] for entry in settings.ADMINS]
    if addresses:
        return addresses
    users = get_user_model().objects.filter(is_superuser=True, is_staff=True, is_active=True).exclude(email="")
    return sorted(users.values_list("email", flat=True))


SUBJECTS = {
    "overdue": gettext_noop("Tâches planifiées en retard : %(jobs)s"),
    "recovered": gettext_noop("Tâches planifiées rétablies : %(jobs)s"),
}


def _send(kind: str, states: list[JobState], still: list[JobState]) -> None:
    """The email about `states` ("overdue" or "recovered"); `still`: the other jobs overdue."""
    to = administrators()
    labels = [str(state.job.label) for state in states]
    if not to:
        logger.error("Scheduled jobs %s (%s), and no one to tell: set ADMINS.", kind, ", ".join(labels))
        return
    named = ", ".join(labels)
    if len(labels) > SUBJECT_NAMES:
        others = len(labels) - SUBJECT_NAMES
        named = ngettext("%(names)s et %(count)s autre", "%(names)s et %(count)s autres", others) % {
            "names": ", ".join(labels[:SUBJECT_NAMES]),
            "count": others,
        }
    context = {
        "jobs": [describe(state) for state in states],
        "still": [describe(state) for state in still],
        "runs_url": _absolute("wagtailsnippets_core_jobrun:list"),
        "health_url": _absolute("health"),
    }
    send_email(
        to=to,
        subject=_(SUBJECTS[kind]) % {"jobs": named},
        text=render_to_string(f"core/emails/jobs_{kind}.txt", context),
        deliver_now=True,
    )


def describe(state: JobState) -> dict:
    """What the emails and the admin say about a job."""
    return {
        "label": state.job.label,
        "task": state.job.task,
        "period": period_text(state.job.period),
        "overdue": state.overdue,
        "failing": state.failing,
        "since": moment(state.since),
        "never_succeeded": state.last_success_at is None,
        "last_success": moment(state.last_success_at) if state.last_success_at else "",
        "last_error": state.last_error,
    }


def _absolute(url_name: str) -> str:
    try:
        path = reverse(url_name)
    except NoReverseMatch:
        return ""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def check_after_request(sender=None, **kwargs) -> None:
    """`request_finished`: every `SCHEDULED_JOBS_CHECK_INTERVAL`, one web process (the first to take the
    cache's lock) checks the jobs and sends the emails, after its response has gone out. So the alarm does
    not wait for someone to open the admin or for a monitor to call /sante/. None turns it off (tests)."""
    global _next_check_at
    interval = getattr(settings, "SCHEDULED_JOBS_CHECK_INTERVAL", None)
    if not interval:
        return
    seconds = interval.total_seconds()
    if time.monotonic() < _next_check_at:
        return
    _next_check_at = time.monotonic() + seconds
    try:
        if cache.add(CHECK_LOCK_KEY, timezone.now().isoformat(), timeout=int(seconds)):
            check(notify=True)
    except Exception:
        logger.exception("Could not check the scheduled jobs.")

"""Every run of a scheduled job recorded as a `JobRun`, and the purge that keeps that history bounded.

The recording hangs on Celery's task signals (connected in `CoreConfig.ready`), so every task of the
beat schedule is recorded, whoever runs it (beat through a worker, or someone calling it by hand), and
with no change to the task itself: a row « en cours » when it starts, completed when it ends with what
it returned (shortened) or the error it failed with. Recording never makes a task fail: a database
error is logged and the task goes on.
"""

import logging
import sys
import traceback
from datetime import datetime, timedelta

from celery import states as celery_states
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import JobRun, ScheduledJob
from .periods import monitored_tasks

logger = logging.getLogger(__name__)

RESULT_LENGTH = 1000
ERROR_LENGTH = 5000
# What the history keeps: 30 days, at most so many runs a job (a job run every minute would keep
# 43,200), and always each job's last successful run (the check counts from it).
RUN_RETENTION = timedelta(days=30)
RUNS_KEPT_PER_JOB = 1000

# The run each task being executed in this process has open (Celery task id → JobRun id), and the error
# it failed with (`task_failure` and `task_retry` come before `task_postrun`, which Celery sends without it).
_open_runs: dict[str, int] = {}
_errors: dict[str, str] = {}


def record_start(sender=None, task_id=None, task=None, **kwargs):
    """`task_prerun`: a scheduled task starts."""
    if task is None or task.name not in monitored_tasks():
        return
    try:
        run = JobRun.objects.create(
            task=task.name,
            task_id=task_id or "",
            worker=(getattr(task.request, "hostname", None) or "")[:255],
            started_at=timezone.now(),
        )
    except Exception:
        logger.exception("Could not record the start of %s.", task.name)
        return
    if task_id:
        _open_runs[task_id] = run.pk


def record_error(sender=None, task_id=None, exception=None, einfo=None, request=None, reason=None, **kwargs):
    """`task_failure` (and `task_retry`): keep the error for `record_end`."""
    if sender is None or sender.name not in monitored_tasks():
        return
    task_id = task_id or getattr(request, "id", None)
    if not task_id:
        return
    text = getattr(einfo, "traceback", None) or describe_error(exception or reason)
    if reason is not None and exception is None:
        text = f"{text}\n{_('Nouvelle tentative prévue : %(reason)s') % {'reason': reason}}"
    _errors[task_id] = shorten_error(text)


def record_end(sender=None, task_id=None, task=None, retval=None, state=None, **kwargs):
    """`task_postrun`: a scheduled task ended, with its return value (or the error `record_error` kept)."""
    if task is None or task.name not in monitored_tasks():
        return
    run_id = _open_runs.pop(task_id, None)
    error = _errors.pop(task_id, None)
    succeeded = state == celery_states.SUCCESS
    values = {
        "finished_at": timezone.now(),
        "status": JobRun.Status.SUCCEEDED if succeeded else JobRun.Status.FAILED,
        "result": summary(retval) if succeeded else "",
        "error": "" if succeeded else (error or describe_error(_raised(retval), state)),
    }
    try:
        if run_id is None or not JobRun.objects.filter(pk=run_id).update(**values):
            # The start could not be recorded: the run is at least known by its end.
            JobRun.objects.create(task=task.name, task_id=task_id or "", started_at=values["finished_at"], **values)
    except Exception:
        logger.exception("Could not record the end of %s.", task.name)


def _raised(retval):
    """The exception of a task run eagerly that propagates to its caller: Celery then sends neither
    `task_failure` nor the exception in `retval`, but `task_postrun` runs while it propagates."""
    if retval is None:
        return sys.exc_info()[1]
    return retval


def summary(value) -> str:
    """What a task returned, as a short text ("3", the output of a command…)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else repr(value)
    text = text.strip()
    return text if len(text) <= RESULT_LENGTH else text[: RESULT_LENGTH - 1] + "…"


def describe_error(error, state=None) -> str:
    """The exception a task ended with and its traceback (the end of it, when long)."""
    if isinstance(error, BaseException):
        text = "".join(traceback.format_exception(error))
    elif error is None:
        text = f"{state or 'FAILURE'}"
    else:
        text = f"{state or 'FAILURE'}: {error}"
    return shorten_error(text)


def shorten_error(text: str) -> str:
    text = str(text).strip()
    return text if len(text) <= ERROR_LENGTH else "…" + text[-(ERROR_LENGTH - 1) :]


def purge_runs(now: datetime | None = None) -> int:
    """Delete runs older than 30 days, and a job's runs beyond its latest 1,000, except each job's last
    successful run; forget the jobs the beat schedule no longer runs. Returns how many runs were deleted."""
    now = now or timezone.now()
    deleted = 0
    for task in JobRun.objects.values_list("task", flat=True).distinct().order_by():
        runs = JobRun.objects.filter(task=task)
        kept = runs.filter(status=JobRun.Status.SUCCEEDED).order_by("-finished_at").values_list("pk", flat=True)[:1]
        oldest_kept = runs.order_by("-started_at", "-pk").values_list("started_at", flat=True)[
            RUNS_KEPT_PER_JOB - 1 : RUNS_KEPT_PER_JOB
        ]
        limit = now - RUN_RETENTION
        if oldest_kept and oldest_kept[0] > limit:
            limit = oldest_kept[0]
        count, _ = runs.filter(started_at__lt=limit).exclude(pk__in=list(kept)).delete()
        deleted += count
    ScheduledJob.objects.exclude(task__in=monitored_tasks()).delete()
    if deleted:
        logger.info("Scheduled jobs: %s old runs deleted.", deleted)
    return deleted

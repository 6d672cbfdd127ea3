"""The check: for each scheduled job, is it overdue? Read from the database alone.

A job is overdue when it has not succeeded for its period plus its margin (counted from its last
successful run, or from when it began to be watched if it never succeeded), or when a run failed and
no run has succeeded within the margin after that failure (the next runs did not put it right). So a
stopped beat, a dead worker and a job that keeps failing all show, and a single failure that the next
run repairs does not.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..models import JobRun, ScheduledJob
from .periods import Job, scheduled_jobs

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ERROR_SUMMARY_LENGTH = 300


@dataclass(frozen=True)
class JobState:
    """What the check knows about one job at `now`."""

    job: Job
    now: datetime
    watched_since: datetime
    alerted_at: datetime | None
    last_success_at: datetime | None
    first_failure_at: datetime | None  # the first run that failed after the last success
    last_run: JobRun | None

    @property
    def due_by(self) -> datetime:
        """When the job becomes overdue unless a run succeeds."""
        due = (self.last_success_at or self.watched_since) + self.job.allowance
        if self.first_failure_at is not None:
            due = min(due, self.first_failure_at + self.job.margin)
        return due

    @property
    def overdue(self) -> bool:
        return self.now > self.due_by

    @property
    def failing(self) -> bool:
        """A run failed since the last success."""
        return self.first_failure_at is not None

    @property
    def since(self) -> datetime:
        """Since when the job has not done its work: its first failure, its last success, or when it
        began to be watched (it never succeeded)."""
        return self.first_failure_at or self.last_success_at or self.watched_since

    @property
    def last_error(self) -> str:
        """The last line of the last run's error (its exception), shortened: for staff, never the public."""
        if self.last_run is None or self.last_run.status != JobRun.Status.FAILED:
            return ""
        lines = [line for line in self.last_run.error.strip().splitlines() if line.strip()]
        summary = lines[-1].strip() if lines else ""
        return summary if len(summary) <= ERROR_SUMMARY_LENGTH else summary[: ERROR_SUMMARY_LENGTH - 1] + "…"


def job_states(now: datetime | None = None) -> list[JobState]:
    """The state of every scheduled job, in the order of the beat schedule (two or three queries).

    A job seen for the first time gets its `ScheduledJob` row, watched from `now`."""
    jobs = scheduled_jobs()
    if not jobs:
        return []
    now = now or timezone.now()
    rows = _rows(jobs)
    missing = [task for task in jobs if task not in rows]
    if missing:
        ScheduledJob.objects.bulk_create(
            [ScheduledJob(task=task, watched_since=now) for task in missing], ignore_conflicts=True
        )
        rows = _rows(jobs)
    last_runs = JobRun.objects.in_bulk([row.last_run_id for row in rows.values() if row.last_run_id])
    return [
        JobState(
            job=job,
            now=now,
            watched_since=rows[task].watched_since,
            alerted_at=rows[task].alerted_at,
            last_success_at=rows[task].last_success_at,
            first_failure_at=rows[task].first_failure_at,
            last_run=last_runs.get(rows[task].last_run_id),
        )
        for task, job in jobs.items()
    ]


def _rows(jobs) -> dict[str, ScheduledJob]:
    runs = JobRun.objects.filter(task=OuterRef("task"))
    rows = (
        ScheduledJob.objects.filter(task__in=list(jobs))
        .annotate(
            last_success_at=Subquery(
                runs.filter(status=JobRun.Status.SUCCEEDED).order_by("-finished_at").values("finished_at")[:1]
            ),
            last_run_id=Subquery(runs.order_by("-started_at", "-pk").values("pk")[:1]),
        )
        .annotate(
            first_failure_at=Subquery(
                runs.filter(
                    status=JobRun.Status.FAILED,
                    finished_at__gt=Coalesce(OuterRef("last_success_at"), Value(EPOCH)),
                )
                .order_by("finished_at")
                .values("finished_at")[:1]
            )
        )
    )
    return {row.task: row for row in rows}


def overdue(states: list[JobState]) -> list[JobState]:
    return [state for state in states if state.overdue]


def moment(value: datetime) -> str:
    """ "mardi 3 mars 2026 à 14 h 05" (the site's time zone)."""
    local = timezone.localtime(value)
    day = date_format(local, "l j F Y")
    if local.day == 1:
        day = day.replace(" 1 ", " 1er ", 1)
    return _("%(day)s à %(time)s") % {"day": day, "time": f"{local.hour}\u00a0h\u00a0{local.minute:02d}"}

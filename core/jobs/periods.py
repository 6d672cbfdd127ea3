"""The table of scheduled jobs: every entry of `settings.CELERY_BEAT_SCHEDULE`, with how often it runs
(its period) and how late it may be (its margin) before it is reported.

A job is a Celery task name. Its period comes from its beat entry: seconds, a `timedelta`, a Celery
`schedule`, or a `crontab`, whose period is the longest gap between two of its runs (daily: one day;
Monday to Friday at nine: three days). When several entries run one task, the shortest period counts.
The margin is `settings.SCHEDULED_JOBS_MARGIN` (a share of the period, at least a minimum), unless the
job's entry in `settings.SCHEDULED_JOBS` (keyed by task name) gives its own `margin`; that entry also
gives the `label` staff see (the task name otherwise) and, for a schedule of another kind (solar), its
`period`. Nothing else is needed: a new beat entry is watched as soon as it is added.
"""

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from celery.schedules import crontab, schedule
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import ngettext

DEFAULT_MARGIN = {"share": 0.25, "minimum": timedelta(minutes=15)}
# A crontab's days are tried over eight years from this Monday: every weekday of every month, leap days.
CRONTAB_SPAN_START = date(2024, 1, 1)
CRONTAB_SPAN_DAYS = 8 * 366
MINUTES_A_DAY = 24 * 60


@dataclass(frozen=True)
class Job:
    """A scheduled job: its Celery task, how staff call it, how often it runs and how late it may be."""

    task: str
    label: str
    period: timedelta
    margin: timedelta
    entries: tuple[str, ...] = ()

    @property
    def allowance(self) -> timedelta:
        """How long the job may go without a successful run before it is overdue."""
        return self.period + self.margin


def period_of(value) -> timedelta:
    """The longest time between two runs of a beat entry's `schedule`."""
    if isinstance(value, bool):
        raise ImproperlyConfigured(f"Not a schedule: {value!r}")
    if isinstance(value, int | float):
        return timedelta(seconds=value)
    if isinstance(value, timedelta):
        return value
    if isinstance(value, crontab):
        return crontab_period(value)
    if isinstance(value, schedule):
        return value.run_every
    raise ImproperlyConfigured(
        f"Cannot tell how often {value!r} runs: give its period in settings.SCHEDULED_JOBS[task]['period']."
    )


def crontab_period(value: crontab) -> timedelta:
    """The longest gap between two consecutive runs of a crontab (in its wall-clock time)."""
    minutes = _crontab_gap(
        frozenset(value.minute),
        frozenset(value.hour),
        frozenset(value.day_of_week),
        frozenset(value.day_of_month),
        frozenset(value.month_of_year),
    )
    return timedelta(minutes=minutes)


@lru_cache(maxsize=64)
def _crontab_gap(minutes, hours, days_of_week, days_of_month, months) -> int:
    times = sorted(hour * 60 + minute for hour in hours for minute in minutes)
    if not times:
        raise ImproperlyConfigured("This crontab never runs.")
    longest = max((later - earlier for earlier, later in itertools.pairwise(times)), default=0)
    previous = None
    for offset in range(CRONTAB_SPAN_DAYS):
        day = CRONTAB_SPAN_START + timedelta(days=offset)
        # Celery's crontab runs on a day that matches all three (Sunday is 0).
        if day.month in months and day.day in days_of_month and day.isoweekday() % 7 in days_of_week:
            if previous is not None:
                longest = max(longest, (offset - previous) * MINUTES_A_DAY - times[-1] + times[0])
            previous = offset
    if longest == 0:
        raise ImproperlyConfigured("This crontab never runs twice in eight years.")
    return longest


def default_margin(period: timedelta) -> timedelta:
    """How late a job of this period may be: a share of the period, at least a minimum (settings)."""
    policy = {**DEFAULT_MARGIN, **getattr(settings, "SCHEDULED_JOBS_MARGIN", {})}
    return max(period * policy["share"], policy["minimum"])


def monitored_tasks() -> set[str]:
    """The names of the tasks the beat schedule runs (cheap: for Celery's signals on every task)."""
    return {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}


def scheduled_jobs() -> dict[str, Job]:
    """Every scheduled job by task name, in the order of the beat schedule."""
    options = getattr(settings, "SCHEDULED_JOBS", {})
    periods: dict[str, timedelta] = {}
    entries: dict[str, list[str]] = {}
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        task = entry["task"]
        own = options.get(task, {})
        period = own["period"] if "period" in own else period_of(entry["schedule"])
        periods[task] = min(period, periods.get(task, period))
        entries.setdefault(task, []).append(name)
    jobs = {}
    for task, period in periods.items():
        own = options.get(task, {})
        jobs[task] = Job(
            task=task,
            label=own.get("label") or task,
            period=period,
            margin=own.get("margin", default_margin(period)),
            entries=tuple(entries[task]),
        )
    return jobs


def label_of(task: str) -> str:
    """How staff see a task (its label in settings.SCHEDULED_JOBS, or its name)."""
    return getattr(settings, "SCHEDULED_JOBS", {}).get(task, {}).get("label") or task


def period_text(period: timedelta) -> str:
    """ "toutes les 5 minutes", "tous les jours"…"""
    seconds = int(period.total_seconds())
    for size, one, many in (
        (86400, "tous les jours", "tous les %(count)s jours"),
        (3600, "toutes les heures", "toutes les %(count)s heures"),
        (60, "toutes les minutes", "toutes les %(count)s minutes"),
    ):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return ngettext(one, many, count) % {"count": count}
    return ngettext("toutes les secondes", "toutes les %(count)s secondes", seconds) % {"count": seconds}


def check_schedule(app_configs=None, **kwargs):
    """System check: every beat entry has a period the monitoring can tell; labels name scheduled tasks."""
    errors = []
    try:
        jobs = scheduled_jobs()
    except (ImproperlyConfigured, KeyError, TypeError) as error:
        return [checks.Error(f"A beat entry cannot be monitored: {error}", id="core.E001")]
    for task in getattr(settings, "SCHEDULED_JOBS", {}):
        if task not in jobs:
            errors.append(
                checks.Warning(
                    f"settings.SCHEDULED_JOBS names {task}, which no entry of CELERY_BEAT_SCHEDULE runs.",
                    id="core.W001",
                )
            )
    return errors

"""Recurrence rules of events, computed in Europe/Paris wall-clock time.

An occurrence of a recurring event keeps the local time of the first one ("every first Tuesday at
18:30"), whatever the summer-time changes in between: dates are stepped in local time, then each
occurrence is converted to UTC with the offset of its own day.
"""

import calendar
import datetime as dt
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

PARIS = ZoneInfo("Europe/Paris")

# Bounds of the materialised occurrences of one recurring event.
MAX_OCCURRENCES = 100
MAX_RECURRENCE_SPAN = dt.timedelta(days=2 * 366)

ORDINALS = {1: _("premier"), 2: _("deuxième"), 3: _("troisième"), 4: _("quatrième"), -1: _("dernier")}
WEEKDAYS = [_("lundi"), _("mardi"), _("mercredi"), _("jeudi"), _("vendredi"), _("samedi"), _("dimanche")]
ICAL_WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def nth_weekday_of(day: dt.date) -> int:
    """Which weekday of its month `day` is: 1 to 4, or -1 for a fifth one (then "the last")."""
    nth = (day.day - 1) // 7 + 1
    return -1 if nth == 5 else nth


def nth_weekday_date(year: int, month: int, weekday: int, nth: int) -> dt.date | None:
    """The `nth` (1-4, or -1 for last) `weekday` (0 = Monday) of a month."""
    days_in_month = calendar.monthrange(year, month)[1]
    if nth == -1:
        last = dt.date(year, month, days_in_month)
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
    first = dt.date(year, month, 1)
    day = first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    return day if day.month == month else None


def occurrence_dates(
    first: dt.date, frequency: str, interval: int, until: dt.date | None, nth: int | None = None
) -> list[dt.date]:
    """Local dates of the occurrences, the first included, bounded by `until`, two years and 100 dates."""
    interval = max(1, interval or 1)
    limit = first + MAX_RECURRENCE_SPAN
    if until is not None:
        limit = min(limit, until)
    dates = [first]
    if frequency == "weekly":
        day = first
        while len(dates) < MAX_OCCURRENCES:
            day += dt.timedelta(weeks=interval)
            if day > limit:
                break
            dates.append(day)
    elif frequency == "monthly_nth_weekday":
        nth = nth or nth_weekday_of(first)
        year, month = first.year, first.month
        while len(dates) < MAX_OCCURRENCES:
            month += interval
            year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
            day = nth_weekday_date(year, month, first.weekday(), nth)
            if day is None:
                continue
            if day > limit:
                break
            dates.append(day)
    return dates


def occurrence_spans(
    start: dt.datetime, end: dt.datetime, frequency: str, interval: int, until: dt.date | None, nth=None
) -> list[tuple[dt.datetime, dt.datetime]]:
    """(start, end) of each occurrence, aware and in UTC, keeping the local times of the first one."""
    local_start, local_end = start.astimezone(PARIS), end.astimezone(PARIS)
    naive_start, naive_end = local_start.replace(tzinfo=None), local_end.replace(tzinfo=None)
    wall_duration = naive_end - naive_start
    spans = []
    for day in occurrence_dates(naive_start.date(), frequency, interval, until, nth):
        occurrence_start = dt.datetime.combine(day, naive_start.time())
        occurrence_end = occurrence_start + wall_duration
        spans.append(
            (
                occurrence_start.replace(tzinfo=PARIS).astimezone(dt.UTC),
                occurrence_end.replace(tzinfo=PARIS).astimezone(dt.UTC),
            )
        )
    return spans

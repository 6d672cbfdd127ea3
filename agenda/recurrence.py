"""Recurrence rules of events, computed with python-dateutil's `rrule` in Europe/Paris wall-clock time.

The agenda repeats an event in two ways (the iCalendar import maps a partner's RRULE onto them, or keeps
only its first date): every n weeks on the first date's weekday, or every n months on the first date's
"nth weekday" ("the first Tuesday"; a fifth weekday means "the last"). `rule_parts` writes either one as
RFC 5545 RRULE parts, the same ones the iCalendar feeds publish; `occurrence_dates` expands it.

An occurrence keeps the local time of the first one ("every first Tuesday at 18:30") whatever the
summer-time changes in between: dates are expanded in local time, then each occurrence is converted to
UTC with the offset of its own day.
"""

import datetime as dt
from itertools import islice
from zoneinfo import ZoneInfo

from dateutil import rrule
from django.utils.translation import gettext_lazy as _

PARIS = ZoneInfo("Europe/Paris")

WEEKLY = "weekly"
MONTHLY_NTH_WEEKDAY = "monthly_nth_weekday"

# Bounds of the materialised occurrences of one recurring event.
MAX_OCCURRENCES = 100
MAX_RECURRENCE_SPAN = dt.timedelta(days=2 * 366)

ORDINALS = {1: _("premier"), 2: _("deuxième"), 3: _("troisième"), 4: _("quatrième"), -1: _("dernier")}
WEEKDAYS = [_("lundi"), _("mardi"), _("mercredi"), _("jeudi"), _("vendredi"), _("samedi"), _("dimanche")]
ICAL_WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
_RRULE_WEEKDAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)


def nth_weekday_of(day: dt.date) -> int:
    """Which weekday of its month `day` is: 1 to 4, or -1 for a fifth one (then "the last")."""
    nth = (day.day - 1) // 7 + 1
    return -1 if nth == 5 else nth


def nth_weekday_date(year: int, month: int, weekday: int, nth: int) -> dt.date | None:
    """The `nth` (1-4, or -1 for last) `weekday` (0 = Monday) of a month."""
    days = rrule.rrule(
        rrule.MONTHLY,
        dtstart=dt.datetime(year, month, 1),
        until=dt.datetime(year, month, 1) + dt.timedelta(days=31),
        byweekday=_RRULE_WEEKDAYS[weekday](nth),
    )
    day = next(iter(days), None)
    return day.date() if day is not None and day.month == month else None


def rule_parts(frequency: str, interval: int, first: dt.date) -> dict | None:
    """The rule as RFC 5545 RRULE parts (FREQ, INTERVAL, BYDAY), None for an event that does not repeat."""
    weekday = ICAL_WEEKDAYS[first.weekday()]
    interval = max(1, interval or 1)
    if frequency == WEEKLY:
        return {"FREQ": "WEEKLY", "INTERVAL": interval, "BYDAY": weekday}
    if frequency == MONTHLY_NTH_WEEKDAY:
        return {"FREQ": "MONTHLY", "INTERVAL": interval, "BYDAY": f"{nth_weekday_of(first)}{weekday}"}
    return None


def occurrence_dates(
    first: dt.date, frequency: str, interval: int, until: dt.date | None, count: int | None = None
) -> list[dt.date]:
    """Local dates of the occurrences, the first included, bounded by `until` (inclusive), two years and
    MAX_OCCURRENCES dates (or `count`, if fewer)."""
    weekday = _RRULE_WEEKDAYS[first.weekday()]
    if frequency == WEEKLY:
        frequency_code, byweekday = rrule.WEEKLY, weekday
    elif frequency == MONTHLY_NTH_WEEKDAY:
        frequency_code, byweekday = rrule.MONTHLY, weekday(nth_weekday_of(first))
    else:
        return [first]
    limit = first + MAX_RECURRENCE_SPAN
    if until is not None:
        limit = min(limit, until)
    dates = rrule.rrule(
        frequency_code,
        dtstart=dt.datetime.combine(first, dt.time()),
        interval=max(1, interval or 1),
        byweekday=byweekday,
        until=dt.datetime.combine(limit, dt.time()),
    )
    bound = MAX_OCCURRENCES if count is None else max(1, min(count, MAX_OCCURRENCES))
    return [day.date() for day in islice(dates, bound)] or [first]


def occurrence_spans(
    start: dt.datetime, end: dt.datetime, frequency: str, interval: int, until: dt.date | None
) -> list[tuple[dt.datetime, dt.datetime]]:
    """(start, end) of each occurrence, aware and in UTC, keeping the local times of the first one."""
    local_start, local_end = start.astimezone(PARIS), end.astimezone(PARIS)
    naive_start, naive_end = local_start.replace(tzinfo=None), local_end.replace(tzinfo=None)
    wall_duration = naive_end - naive_start
    spans = []
    for day in occurrence_dates(naive_start.date(), frequency, interval, until):
        occurrence_start = dt.datetime.combine(day, naive_start.time())
        occurrence_end = occurrence_start + wall_duration
        spans.append(
            (
                occurrence_start.replace(tzinfo=PARIS).astimezone(dt.UTC),
                occurrence_end.replace(tzinfo=PARIS).astimezone(dt.UTC),
            )
        )
    return spans

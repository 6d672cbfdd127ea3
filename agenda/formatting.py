"""Dates and times of events the French way, in Europe/Paris: "mardi 3 mars 2026, de 14 h à 17 h 30"."""

import datetime as dt

from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .recurrence import PARIS


def french_date(value: dt.date | dt.datetime, with_year=True) -> str:
    """ "mardi 3 mars 2026" ("mardi 1er mars 2026" on the first of the month)."""
    if isinstance(value, dt.datetime):
        value = value.astimezone(PARIS).date()
    text = date_format(value, "l j F Y" if with_year else "l j F")
    if value.day == 1:
        text = text.replace(" 1 ", " 1er ", 1)
    return text


def french_time(value: dt.datetime) -> str:
    """ "14 h", "9 h 30" (Paris time)."""
    local = value.astimezone(PARIS)
    return f"{local.hour}\u00a0h" if local.minute == 0 else f"{local.hour}\u00a0h\u00a0{local.minute:02d}"


def month_label(year: int, month: int) -> str:
    """ "novembre 2026"."""
    return date_format(dt.date(year, month, 1), "F Y")


def when_text(start: dt.datetime, end: dt.datetime, all_day: bool) -> str:
    """The dates of an event or occurrence in one French phrase."""
    local_start, local_end = start.astimezone(PARIS), end.astimezone(PARIS)
    first, last = local_start.date(), local_end.date()
    if all_day:
        if first == last:
            return _("%(date)s, toute la journée") % {"date": french_date(first)}
        if first.year == last.year:
            return _("du %(first)s au %(last)s") % {
                "first": french_date(first, with_year=False),
                "last": french_date(last),
            }
        return _("du %(first)s au %(last)s") % {"first": french_date(first), "last": french_date(last)}
    if first == last:
        if local_start == local_end:
            return _("%(date)s à %(time)s") % {"date": french_date(first), "time": french_time(local_start)}
        return _("%(date)s, de %(start)s à %(end)s") % {
            "date": french_date(first),
            "start": french_time(local_start),
            "end": french_time(local_end),
        }
    return _("du %(first)s à %(start)s au %(last)s à %(end)s") % {
        "first": french_date(first, with_year=first.year != last.year),
        "start": french_time(local_start),
        "last": french_date(last),
        "end": french_time(local_end),
    }


def when_html(start: dt.datetime, end: dt.datetime, all_day: bool):
    """`when_text` in a <time> element carrying the machine-readable start."""
    local_start = start.astimezone(PARIS)
    machine = local_start.date().isoformat() if all_day else local_start.replace(microsecond=0).isoformat()
    return format_html('<time datetime="{}">{}</time>', machine, when_text(start, end, all_day))

"""iCalendar (RFC 5545) output of the agenda, built with the icalendar library.

Choices, kept the same in every calendar:
- times are written in Europe/Paris (`DTSTART;TZID=Europe/Paris:…`) with the matching VTIMEZONE
  (generated from the tz database, cached per year); all-day events are `VALUE=DATE` with the
  exclusive `DTEND` the RFC asks for (the day after the last one);
- a recurring event is one VEVENT with its RRULE (from `EventPage.rrule()`), never its materialised
  occurrences: one UID per event, so a calendar client updates it in place;
- `UID` is the event's `ical_uid` (stable across edits), `SEQUENCE` its `ical_sequence` (bumped by
  the model on significant changes), `DTSTAMP` and `LAST-MODIFIED` its last publication, so that the
  same content gives the same bytes; cancelled events stay in the feeds with `STATUS:CANCELLED`;
- feeds are bounded: events with a live occurrence (published, no view restriction on the way:
  `EventOccurrence.objects.live()`) between 90 days ago and 400 days ahead, 500 at most, in one query
  (category and commune joined);
- a feed's response is cached whole, gzip-compressed (`core.response_cache`), for FEED_CACHE_SECONDS
  under a version that any publication, unpublication or deletion of an event changes
  (`invalidate_feeds`, connected in `AgendaConfig.ready`), so subscribers polling every few
  minutes cost one cache read, whatever the number of events.
"""

import datetime as dt
from functools import lru_cache

from django.db.models import Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vRecur

from core.cache_versions import bump_version, current_version

from .models import EventOccurrence, EventPage
from .recurrence import PARIS

PRODID = "-//Solidaires//Agenda de l'ESS//FR"
TZID = "Europe/Paris"
FEED_PAST = dt.timedelta(days=90)
FEED_FUTURE = dt.timedelta(days=400)
FEED_MAX_EVENTS = 500
REFRESH_INTERVAL = dt.timedelta(hours=6)
CONTENT_TYPE = "text/calendar; charset=utf-8"
FEED_CACHE_SECONDS = 15 * 60
FEED_VERSION_KEY = "agenda:feeds-version"


def feeds_version() -> int:
    return current_version(FEED_VERSION_KEY)


def invalidate_feeds(*args, **kwargs) -> None:
    """Every cached feed and month view is stale from now on (an event was saved, published,
    unpublished or deleted, or a view restriction changed)."""
    bump_version(FEED_VERSION_KEY)


@lru_cache(maxsize=4)
def paris_vtimezone(year: int) -> bytes:
    """The VTIMEZONE of Europe/Paris from three years before `year` to five years after."""
    return Timezone.from_tzid(TZID, first_date=dt.date(year - 3, 1, 1), last_date=dt.date(year + 5, 12, 31)).to_ical()


def new_calendar(name: str, *, description: str = "", url: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.calendar_name = name  # NAME and X-WR-CALNAME
    if description:
        calendar.description = description  # DESCRIPTION and X-WR-CALDESC
    calendar.add("x-wr-timezone", TZID)
    calendar.refresh_interval = REFRESH_INTERVAL  # REFRESH-INTERVAL
    calendar.add("x-published-ttl", REFRESH_INTERVAL)
    if url:
        calendar.add("url", url)
    calendar.add_component(Timezone.from_ical(paris_vtimezone(timezone.now().year)))
    return calendar


def location_of(event) -> str:
    parts = []
    if event.is_in_person:
        parts = [event.venue, event.address]
        if event.commune_id and event.commune:
            parts.append(event.commune.label)
    if not any(parts) and event.online_url:
        parts = [event.online_url]
    return ", ".join(part for part in parts if part)


def description_of(event, url: str) -> str:
    lines = [event.summary]
    organiser = event.organiser_display_name
    if organiser:
        lines += ["", _("Organisé par %(name)s") % {"name": organiser}]
    if event.is_free:
        lines.append(_("Gratuit"))
    elif event.price:
        lines.append(_("Tarif : %(price)s") % {"price": event.price})
    if event.registration_url:
        lines.append(_("Inscription : %(url)s") % {"url": event.registration_url})
    if event.is_online and event.online_url:
        lines.append(_("En ligne : %(url)s") % {"url": event.online_url})
    if event.accessibility:
        lines += ["", _("Accessibilité : %(text)s") % {"text": event.accessibility}]
    if url:
        lines += ["", url]
    return "\n".join(lines)


def vevent(event, url: str = "") -> Event:
    """One VEVENT for an EventPage (recurring ones carry their RRULE)."""
    component = Event()
    component.add("uid", event.ical_uid)
    stamp = (event.last_published_at or event.latest_revision_created_at or timezone.now()).astimezone(dt.UTC)
    component.add("dtstamp", stamp.replace(microsecond=0))
    component.add("last-modified", stamp.replace(microsecond=0))
    if event.first_published_at:
        component.add("created", event.first_published_at.astimezone(dt.UTC).replace(microsecond=0))
    component.add("sequence", event.ical_sequence)
    summary = event.title
    if event.status == event.Status.CANCELLED:
        summary = _("Annulé : %(title)s") % {"title": event.title}
    elif event.status == event.Status.POSTPONED:
        summary = _("Reporté : %(title)s") % {"title": event.title}
    component.add("summary", summary)
    if event.all_day:
        first = event.start.astimezone(PARIS).date()
        last = event.end.astimezone(PARIS).date()
        component.add("dtstart", first)
        component.add("dtend", max(last, first) + dt.timedelta(days=1))  # exclusive
    else:
        component.add("dtstart", event.start.astimezone(PARIS).replace(microsecond=0))
        component.add("dtend", event.end.astimezone(PARIS).replace(microsecond=0))
    rule = event.rrule()
    if rule:
        component.add("rrule", vRecur(rule))
    component.add(
        "status",
        {
            event.Status.CANCELLED: "CANCELLED",
            event.Status.POSTPONED: "TENTATIVE",
        }.get(event.status, "CONFIRMED"),
    )
    location = location_of(event)
    if location:
        component.add("location", location)
    if event.is_in_person and event.latitude is not None and event.longitude is not None:
        component.add("geo", (round(event.latitude, 6), round(event.longitude, 6)))
    if url:
        component.add("url", url)
    component.add("description", description_of(event, url))
    if event.category_id:
        component.add("categories", [event.category.label])
    component.add("class", "PUBLIC")
    component.add("transp", "TRANSPARENT" if event.all_day else "OPAQUE")
    return component


def feed_events(*, category=None, region=None, now=None):
    """Events with a live occurrence in the feed window, soonest first, FEED_MAX_EVENTS at most."""
    now = now or timezone.now()
    occurrences = EventOccurrence.objects.live().filter(start__lt=now + FEED_FUTURE, end__gte=now - FEED_PAST)
    events = (
        EventPage.objects.filter(pk__in=Subquery(occurrences.values("event_id")))
        .select_related("category", "commune__departement", "organiser")
        .order_by("start", "pk")
    )
    if category is not None:
        events = events.filter(category=category)
    if region is not None:
        events = events.filter(region=region)
    return events[:FEED_MAX_EVENTS]


def event_url(event, request=None) -> str:
    return event.get_full_url(request) or ""


def feed_calendar(events, *, name: str, description: str = "", url: str = "", request=None) -> bytes:
    calendar = new_calendar(name, description=description, url=url)
    for event in events:
        calendar.add_component(vevent(event, event_url(event, request)))
    return calendar.to_ical()


def event_calendar(event, request=None) -> bytes:
    """The "Ajouter à mon agenda" file of one event."""
    url = event_url(event, request)
    calendar = new_calendar(event.title, url=url)
    calendar.add_component(vevent(event, url))
    return calendar.to_ical()

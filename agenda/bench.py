"""Pages of the agenda measured by `make bench` (see bench/registry.py)."""

from django.utils import timezone

from .models import AgendaIndexPage, EventPage
from .recurrence import PARIS
from .services import add_months


def bench_pages():
    agenda = AgendaIndexPage.objects.live().first()
    if agenda is None:
        return []
    base = agenda.get_url()
    next_month = add_months(timezone.now().astimezone(PARIS).date().replace(day=1), 1)
    pages = [
        ("agenda_upcoming", base),
        ("agenda_month", f"{base}{next_month.year}/{next_month.month:02d}/"),
        ("agenda_next_month_filtered", f"{base}mois-prochain/?departement=69&categorie=forum"),
        ("agenda_near_commune", f"{base}?commune=Lyon+%2869%29&rayon=50"),
        ("agenda_past", f"{base}passes/"),
        ("agenda_bad_month", f"{base}2026/13/", 404),
    ]
    event = (
        EventPage.objects.live()
        .child_of(agenda)
        .exclude(image=None)
        .filter(start__gte=timezone.now())
        .order_by("start")
    ).first()
    if event is not None:
        pages.append(("agenda_event", event.get_url()))
    # Feeds: the iCalendar subscription and the RSS feed of upcoming events.
    pages += [("agenda_ical_feed", "/agenda/calendrier.ics"), ("agenda_rss", "/agenda/flux/rss/")]
    return pages

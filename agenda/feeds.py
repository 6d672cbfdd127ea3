"""RSS 2.0 and Atom feeds of upcoming events (all, per category, per région), django.contrib.syndication.

Items are the next live events (one per event, recurring ones at their next date), 50 at most, read in
one query with their category and commune. A feed is kept whole in the cache (gzip-compressed) under
the same version as the iCalendar feeds, which any publication, unpublication or deletion changes.
"""

import copy

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from home.response_cache import cached_response, response_key
from reference.models import Region

from .ical import FEED_CACHE_SECONDS, feeds_version
from .recurrence import PARIS
from .submission import agenda_index_for

FEED_ITEMS = 50


def when(event) -> str:
    """ "mardi 3 mars 2026 à 14 h 00" or "du lundi 2 au mercredi 4 mars 2026" for the feeds' text."""
    start, end = event.start.astimezone(PARIS), event.end.astimezone(PARIS)
    if start.date() != end.date():
        return _("du %(start)s au %(end)s") % {
            "start": date_format(start, "l j F Y"),
            "end": date_format(end, "l j F Y"),
        }
    if event.all_day:
        return date_format(start, "l j F Y")
    return _("%(day)s à %(time)s") % {
        "day": date_format(start, "l j F Y"),
        "time": f"{start.hour}\u00a0h\u00a0{start.minute:02d}",
    }


class UpcomingEventsRss(Feed):
    feed_type = Rss201rev2Feed
    language = "fr"

    def __call__(self, request, *args, **kwargs):
        # One Feed instance serves every request: give each request its own copy to hold `request`.
        feed = copy.copy(self)
        feed.request = request
        key = response_key(
            "agenda-feed",
            feeds_version(),
            request.get_host(),
            self.feed_type.__name__,
            kwargs.get("category") or "",
            kwargs.get("region") or "",
        )
        return cached_response(request, key, lambda: Feed.__call__(feed, request, *args, **kwargs), FEED_CACHE_SECONDS)

    def get_object(self, request, category=None, region=None):
        from .models import EventCategory

        index = agenda_index_for(request)
        if index is None:
            raise Http404
        scope = {"index": index, "category": None, "region": None}
        if category:
            scope["category"] = get_object_or_404(EventCategory, slug=category, is_active=True)
        if region:
            scope["region"] = get_object_or_404(Region, slug=region)
        return scope

    def title(self, scope):
        if scope["category"]:
            return _("Agenda de l’ESS : %(category)s") % {"category": scope["category"].label}
        if scope["region"]:
            return _("Agenda de l’ESS en %(region)s") % {"region": scope["region"].name}
        return _("Agenda de l’ESS")

    def link(self, scope):
        return scope["index"].get_url(self.request)

    def description(self, scope):
        return _("Les prochains rendez-vous de l’économie sociale et solidaire sur Solidaires.")

    def items(self, scope):
        from .models import EventOccurrence, EventPage

        now = timezone.now()
        upcoming = EventOccurrence.objects.live().upcoming(now).values("event_id")
        events = (
            EventPage.objects.live()
            .public()
            .filter(pk__in=upcoming)
            .select_related("category", "commune__departement")
            .order_by("start", "pk")
        )
        if scope["category"]:
            events = events.filter(category=scope["category"])
        if scope["region"]:
            events = events.filter(region=scope["region"])
        return events[:FEED_ITEMS]

    def item_title(self, event):
        if event.status == event.Status.CANCELLED:
            return _("Annulé : %(title)s") % {"title": event.title}
        if event.status == event.Status.POSTPONED:
            return _("Reporté : %(title)s") % {"title": event.title}
        return event.title

    def item_description(self, event):
        """HTML for feed readers, built from escaped text: nothing in an event becomes markup."""
        place = event.commune.label if event.commune_id else (_("en ligne") if event.is_online else "")
        details = " · ".join(part for part in [when(event), place] if part)
        return format_html("<p>{}</p><p>{}</p>", details, event.summary)

    def item_link(self, event):
        return event.get_url(self.request)

    def item_guid(self, event):
        return event.ical_uid

    item_guid_is_permalink = False

    def item_pubdate(self, event):
        return event.first_published_at

    def item_updateddate(self, event):
        return event.last_published_at

    def item_categories(self, event):
        return [event.category.label] if event.category_id else []


class UpcomingEventsAtom(UpcomingEventsRss):
    feed_type = Atom1Feed

    def subtitle(self, scope):
        return self.description(scope)

"""RSS 2.0 and Atom feeds of upcoming events (all, per category, per région), django.contrib.syndication.

Items are the next events the public may see (`EventOccurrence.objects.live()`), one per event at its
next date (a recurring event once, at the date to come), 50 at most, read in one query with their
category and commune. Dates read as on the pages (`formatting.when_text`). A feed is kept whole in the
cache (gzip-compressed) under the same version as the iCalendar feeds, which any publication,
unpublication, deletion or view restriction changes.
"""

import copy

from django.contrib.syndication.views import Feed
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core.response_cache import cached_response, response_key
from reference.models import Region

from .formatting import when_text
from .ical import FEED_CACHE_SECONDS, feeds_version
from .models import EventCategory, EventOccurrence, EventPage, agenda_index_for

FEED_ITEMS = 50


def upcoming_events(now=None, category=None, region=None):
    """Events with a live occurrence to come, each with the dates of its next one (`next_start`,
    `next_end`), soonest first."""
    upcoming = EventOccurrence.objects.live().upcoming(now or timezone.now())
    following = upcoming.filter(event_id=OuterRef("pk")).order_by("start")
    events = (
        EventPage.objects.filter(pk__in=upcoming.values("event_id"))
        .annotate(
            next_start=Subquery(following.values("start")[:1]),
            next_end=Subquery(following.values("end")[:1]),
        )
        .select_related("category", "commune__departement")
        .order_by("next_start", "pk")
    )
    if category is not None:
        events = events.filter(category=category)
    if region is not None:
        events = events.filter(region=region)
    return events


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
            return _("Agenda de l’ESS : %(category)s") % {"category": scope["category"].label}
        if scope["region"]:
            return _("Agenda de l’ESS en %(region)s") % {"region": scope["region"].name}
        return _("Agenda de l’ESS")

    def link(self, scope):
        return scope["index"].get_url(self.request)

    def description(self, scope):
        return _("Les prochains rendez-vous de l’économie sociale et solidaire sur Solidaires.")

    def items(self, scope):
        return upcoming_events(category=scope["category"], region=scope["region"])[:FEED_ITEMS]

    def item_title(self, event):
        if event.status == event.Status.CANCELLED:
            return _("Annulé : %(title)s") % {"title": event.title}
        if event.status == event.Status.POSTPONED:
            return _("Reporté : %(title)s") % {"title": event.title}
        return event.title

    def item_description(self, event):
        """HTML for feed readers, built from escaped text: nothing in an event becomes markup."""
        place = event.commune.label if event.commune_id else (_("en ligne") if event.is_online else "")
        when = when_text(event.next_start, event.next_end, event.all_day)
        details = " · ".join(part for part in [when, place] if part)
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

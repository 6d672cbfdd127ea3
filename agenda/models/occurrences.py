"""The dates of events, materialised: one `EventOccurrence` per date of an event (one for a one-off event,
each date of a recurring one), rebuilt whenever the event is saved with new dates or published.

Lists, the month view, the feeds and the "Prochains événements" block read this table only, through
`EventOccurrence.objects.live()`: the one rule of what the public sees. An occurrence is `live` when its
event is published and under no view restriction (password, sign-in, groups), on itself or on a page
above it; `refresh_visibility` applies a restriction added, changed or removed, or a page moved.
"""

import datetime as dt
from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import PageViewRestriction

from ..recurrence import PARIS

# The longest an event (or one occurrence) may last: bounds the index scans of "what is on at date X".
MAX_EVENT_DURATION = dt.timedelta(days=62)


class ParisTimesMixin:
    """`start` and `end` are stored in UTC; people read them in Paris time."""

    @property
    def local_start(self) -> dt.datetime:
        return self.start.astimezone(PARIS)

    @property
    def local_end(self) -> dt.datetime:
        return self.end.astimezone(PARIS)

    @property
    def is_multi_day(self) -> bool:
        return self.local_end.date() > self.local_start.date()


class EventOccurrenceQuerySet(models.QuerySet):
    def live(self):
        """What the public sees: occurrences of published events under no view restriction."""
        return self.filter(live=True)

    def overlapping(self, start: dt.datetime, end: dt.datetime):
        """Occurrences running at some time in [start, end), the `start` index bounding the scan."""
        return self.filter(start__lt=end, start__gte=start - MAX_EVENT_DURATION, end__gt=start)

    def upcoming(self, now=None):
        now = now or timezone.now()
        return self.filter(start__gte=now - MAX_EVENT_DURATION, end__gte=now)

    def refresh_visibility(self, page) -> int:
        """Recompute `live` for the occurrences of the events at or under `page` (a view restriction on
        it was added, changed or removed, or it moved): shown when the event is published and no page on
        its path is restricted. Returns how many occurrences changed."""
        under = self.filter(event__path__startswith=page.path)
        restricted_paths = PageViewRestriction.objects.values_list("page__path", flat=True)
        hidden = reduce(or_, (Q(event__path__startswith=path) for path in restricted_paths), Q(event__live=False))
        return under.filter(hidden, live=True).update(live=False) + under.filter(live=False).exclude(hidden).update(
            live=True
        )


class EventOccurrence(ParisTimesMixin, models.Model):
    """One date of an event, materialised on save for cheap queries."""

    event = models.ForeignKey(
        "agenda.EventPage", verbose_name=_("événement"), on_delete=models.CASCADE, related_name="occurrences"
    )
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"))
    # The event is published and under no view restriction: lists, feeds and blocks show it.
    live = models.BooleanField(_("visible du public"), default=False)

    objects = EventOccurrenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("date d’un événement")
        verbose_name_plural = _("dates des événements")
        ordering = ["start", "event_id"]
        indexes = [
            models.Index(fields=["start"], name="agenda_occurrence_start_idx"),
            models.Index(fields=["live", "start"], name="agenda_occurrence_live_idx"),
        ]

    def __str__(self):
        return f"{self.event_id} @ {self.start.isoformat()}"

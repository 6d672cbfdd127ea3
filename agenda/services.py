"""Queries of the agenda: lists of occurrences, month grids, territory filters and blocks read them here."""

import calendar
import datetime as dt

from django.core.cache import cache
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.images import prefetch_renditions
from reference.models import Departement, within_radius

from .forms import territories
from .models import EventCategory, EventOccurrence, EventPage, EventPhoto, active_categories
from .recurrence import PARIS

LIST_RENDITIONS = ["fill-320x180|format-webp", "fill-480x270|format-webp", "fill-960x540|format-webp"]

# The years a month view may show; others are 404.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def with_event_details(occurrences, images=True):
    """Occurrences with their event, commune and image in one query; `complete_events` then gives each
    event its category and département from the cached vocabularies.

    Each table joined multiplies PostgreSQL's planning work: joining the category, the département and
    the organiser as well took 20 to 40 ms to plan for a query that runs in one."""
    related = ["event", "event__commune"]
    if images:
        related.append("event__image")
    return occurrences.select_related(*related)


DEPARTEMENTS_CACHE_KEY = "agenda:departements:v1"


def departements_by_id() -> dict:
    """Every département by id, read once an hour (reference data changes with a yearly reload)."""
    return cache.get_or_set(DEPARTEMENTS_CACHE_KEY, lambda: Departement.objects.in_bulk(), 3600)


def complete_events(occurrences) -> list:
    """The occurrences (a list, evaluated), each event given its category and département from the
    cached vocabularies: no query, but one for categories no longer offered in the filters."""
    occurrences = list(occurrences)
    events = [occurrence.event for occurrence in occurrences]
    categories = {category.pk: category for category in active_categories()}
    missing = {event.category_id for event in events if event.category_id not in categories}
    if missing:
        categories.update(EventCategory.objects.in_bulk(missing))
    departements = departements_by_id() if any(event.departement_id for event in events) else {}
    for event in events:
        event.category = categories[event.category_id]
        if event.departement_id in departements:
            event.departement = departements[event.departement_id]
    return occurrences


class ListPage:
    """One page of a list, read as PER_PAGE + 1 rows: no COUNT over the table, "next" when there is more."""

    def __init__(self, queryset, number, per_page):
        try:
            number = max(1, min(int(number), 10_000))
        except (TypeError, ValueError):
            number = 1
        offset = (number - 1) * per_page
        rows = list(queryset[offset : offset + per_page + 1])
        self.number = number
        self.object_list = rows[:per_page]
        self.has_next = len(rows) > per_page
        self.has_previous = number > 1
        self.paginator = None

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_other_pages(self):
        return self.has_next or self.has_previous

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1


def list_page(occurrences, number, per_page, photo_counts=False) -> ListPage:
    """A page of occurrences with their images' renditions in bulk (and, for past events, the number of
    photos in each one's gallery, counted in the same query)."""
    if photo_counts:
        count = (
            EventPhoto.objects.filter(event_id=OuterRef("event_id"))
            .order_by()
            .values("event_id")
            .annotate(total=Count("pk"))
            .values("total")
        )
        occurrences = occurrences.annotate(photo_count=Coalesce(Subquery(count), 0))
    page = ListPage(with_event_details(occurrences), number, per_page)
    page.object_list = complete_events(page.object_list)
    prefetch_renditions([occurrence.event.image for occurrence in page.object_list], LIST_RENDITIONS)
    return page


def filter_occurrences(occurrences, filters: dict):
    """Apply the filters of `EventFilterForm.filters()` to a queryset of occurrences."""
    if "category" in filters:
        occurrences = occurrences.filter(event__category=filters["category"])
    if "region_id" in filters:
        occurrences = occurrences.filter(event__region_id=filters["region_id"])
    if "departement_id" in filters:
        occurrences = occurrences.filter(event__departement_id=filters["departement_id"])
    if "commune" in filters:
        occurrences = near(occurrences, filters["commune"], filters["radius_km"])
    participation = filters.get("participation")
    if participation == "presentiel":
        occurrences = occurrences.filter(
            event__attendance_mode__in=[EventPage.AttendanceMode.IN_PERSON, EventPage.AttendanceMode.MIXED]
        )
    elif participation == "en-ligne":
        occurrences = occurrences.filter(
            event__attendance_mode__in=[EventPage.AttendanceMode.ONLINE, EventPage.AttendanceMode.MIXED]
        )
    if filters.get("free"):
        occurrences = occurrences.filter(event__is_free=True)
    return occurrences


def near(occurrences, commune, radius_km: float):
    """Occurrences of events within `radius_km` of the commune: a bounding box on the events' indexed
    coordinates, then the exact (haversine) distance, both in the same SQL query."""
    if commune.latitude is None or commune.longitude is None:
        return occurrences.none()
    return within_radius(occurrences, commune.latitude, commune.longitude, radius_km, prefix="event__")


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def paris_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=PARIS)


def upcoming(filters: dict, now=None, horizon_months: int | None = None):
    """Live occurrences not yet over, soonest first; with a horizon, only those starting before it."""
    now = now or timezone.now()
    occurrences = EventOccurrence.objects.live().upcoming(now)
    if horizon_months:
        horizon = paris_midnight(add_months(now.astimezone(PARIS).date(), horizon_months) + dt.timedelta(days=1))
        occurrences = occurrences.filter(start__lt=horizon)
    return filter_occurrences(occurrences, filters).order_by("start", "event_id")


def past(filters: dict, now=None):
    """Live occurrences already over, latest first."""
    now = now or timezone.now()
    occurrences = EventOccurrence.objects.live().filter(end__lt=now, start__lt=now)
    return filter_occurrences(occurrences, filters).order_by("-start", "-event_id")


def upcoming_occurrences(category=None, region_slug=None, departement_code=None, limit=4, now=None):
    """The next live occurrences for the "Prochains événements" block (an unknown territory shows none)."""
    occurrences = EventOccurrence.objects.live().upcoming(now or timezone.now())
    if category is not None:
        occurrences = occurrences.filter(event__category=category)
    places = territories()
    if region_slug:
        region_id = next((pk for pk, slug, _name in places["regions"] if slug == region_slug), None)
        occurrences = occurrences.filter(event__region_id=region_id) if region_id else occurrences.none()
    if departement_code:
        departement_id = next((pk for pk, code, _name in places["departements"] if code == departement_code), None)
        occurrences = occurrences.filter(event__departement_id=departement_id) if departement_id else occurrences.none()
    occurrences = complete_events(with_event_details(occurrences.order_by("start", "event_id"))[:limit])
    prefetch_renditions([occurrence.event.image for occurrence in occurrences], LIST_RENDITIONS)
    return occurrences


class MonthGrid:
    """A month of the calendar: weeks of days (Monday first), each day with the occurrences running on it."""

    def __init__(self, year: int, month: int, occurrences):
        self.year, self.month = year, month
        self.first_day = dt.date(year, month, 1)
        self.last_day = dt.date(year, month, calendar.monthrange(year, month)[1])
        by_day: dict[dt.date, list] = {}
        for occurrence in occurrences:
            day = max(occurrence.local_start.date(), self.first_day)
            last = min(occurrence.local_end.date(), self.last_day)
            if occurrence.local_end.time() == dt.time(0, 0) and occurrence.local_end.date() > day:
                last = min(last, occurrence.local_end.date() - dt.timedelta(days=1))  # ends at midnight
            while day <= last:
                by_day.setdefault(day, []).append(occurrence)
                day += dt.timedelta(days=1)
        self.by_day = by_day
        self.weeks = [
            [(day, by_day.get(day, []) if day.month == month else None) for day in week]
            for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
        ]

    @property
    def days_with_events(self) -> list[tuple[dt.date, list]]:
        return sorted(self.by_day.items())

    @staticmethod
    def neighbours(first_day: dt.date) -> tuple[dt.date | None, dt.date | None]:
        """The first days of the months before and after, None outside the calendar's years."""
        previous, following = add_months(first_day, -1), add_months(first_day, 1)
        return (previous if previous.year >= FIRST_YEAR else None, following if following.year <= LAST_YEAR else None)


def month_occurrences(year: int, month: int, filters: dict):
    first = paris_midnight(dt.date(year, month, 1))
    after = paris_midnight(add_months(dt.date(year, month, 1), 1))
    occurrences = EventOccurrence.objects.live().overlapping(first, after)
    return filter_occurrences(occurrences, filters).order_by("start", "event_id")

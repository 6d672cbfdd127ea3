"""The events in the site search (`core.searchables`): upcoming events first."""

from django.db.models import Case, Exists, IntegerField, OuterRef, Value, When
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.searchables import SearchKind, register_search_kind
from reference.forms import DepartementFilterForm

from .models import EventOccurrence, EventPage


def upcoming_first():
    upcoming = EventOccurrence.objects.live().upcoming().filter(event_id=OuterRef("pk"))
    return Case(When(Exists(upcoming), then=Value(1)), default=Value(0), output_field=IntegerField())


def event_meta(event) -> str:
    parts = [date_format(event.local_start, "DATE_FORMAT")]
    if event.commune_id:
        parts.append(event.commune.name)
    elif event.venue:
        parts.append(event.venue)
    return " · ".join(parts)


def filter_events(queryset, form):
    code = form.filters_data.get("departement")
    return queryset.filter(departement__code=code) if code else queryset


def register():
    register_search_kind(
        SearchKind(
            key="evenements",
            label=_("Événements"),
            order=30,
            # Live and under no view restriction, like the agenda's own lists.
            queryset=lambda: EventPage.objects.live().public(),
            title=lambda event: event.title,
            text=lambda event: event.summary,
            url=lambda event, request: event.get_url(request) or "",
            date_field="start",
            meta=event_meta,
            priority=upcoming_first,
            filter_form=DepartementFilterForm,
            apply_filters=filter_events,
            select_related=("commune",),
        )
    )

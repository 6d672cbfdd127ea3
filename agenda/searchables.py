"""The events in the site search (`core.searchables`): upcoming events first."""

from django import forms
from django.db.models import Case, Exists, IntegerField, OuterRef, Value, When
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.forms import KnownValueChoiceField
from core.searchables import SearchKind, register_search_kind
from reference.forms import DepartementFilterForm

from .models import EventOccurrence, EventPage
from .models.categories import active_categories


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


class EventSearchFilterForm(DepartementFilterForm):
    """The « Événements » tab of the site search: département, category and upcoming events only; an
    unknown value is dropped with a notice."""

    categorie = KnownValueChoiceField(label=_("Catégorie"))
    a_venir = forms.BooleanField(label=_("À venir seulement"), required=False)

    FILTER_NAMES = ("departement", "categorie", "a_venir")

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.categories = {category.slug: category for category in active_categories()}
        self.fields["categorie"].choices = [("", _("Toutes les catégories"))] + [
            (slug, category.label) for slug, category in self.categories.items()
        ]
        self.fields["categorie"].error_messages["invalid_choice"] = self.unknown_value_notice

    def query_values(self, name, value):
        if name == "a_venir":
            return ["1"]
        return super().query_values(name, value)


def filter_events(queryset, form):
    data = form.filters_data
    if data.get("departement"):
        queryset = queryset.filter(departement__code=data["departement"])
    if data.get("categorie"):
        queryset = queryset.filter(category_id=form.categories[data["categorie"]].pk)
    if data.get("a_venir"):
        upcoming = EventOccurrence.objects.live().upcoming().filter(event_id=OuterRef("pk"))
        queryset = queryset.filter(Exists(upcoming))
    return queryset


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
            filter_form=EventSearchFilterForm,
            apply_filters=filter_events,
            select_related=("commune",),
        )
    )

"""Factories of the agenda: the index page, events (with their occurrences built on save), categories."""

import datetime as dt

import factory
import wagtail_factories
from django.utils import timezone

from agenda.models import AgendaIndexPage, EventCategory, EventPage, EventPhoto
from agenda.recurrence import PARIS


def paris(year, month, day, hour=0, minute=0) -> dt.datetime:
    """An aware datetime at a Paris wall-clock time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=PARIS)


class EventCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventCategory
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"categorie-{n}")
    label = factory.Sequence(lambda n: f"Catégorie {n}")


class AgendaIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = AgendaIndexPage

    title = "Agenda"
    slug = "agenda"
    lead = "Les rendez-vous de l’économie sociale et solidaire."


class EventPageFactory(wagtail_factories.PageFactory):
    """A published one-off event in ten days, 14:00–17:00 Paris time (pass `parent=` an AgendaIndexPage)."""

    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"Rencontre de l’ESS n° {n}")
    slug = factory.Sequence(lambda n: f"rencontre-{n}")
    summary = "Une rencontre entre structures de l’économie sociale et solidaire."
    start = factory.LazyFunction(
        lambda: (
            (timezone.now() + dt.timedelta(days=10))
            .astimezone(PARIS)
            .replace(hour=14, minute=0, second=0, microsecond=0)
        )
    )
    end = factory.LazyAttribute(lambda event: event.start + dt.timedelta(hours=3))
    category = factory.SubFactory(EventCategoryFactory)
    venue = "Maison des associations"
    address = "12 rue des Coopérateurs"
    live = True


class EventPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventPhoto

    image = factory.SubFactory(wagtail_factories.ImageFactory)
    caption = factory.Sequence(lambda n: f"Photo {n} de l’événement")
    credit = "Solidaires"

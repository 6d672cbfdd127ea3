"""Queries of the agenda: the occurrences lists, month views and blocks read."""

from django.db.models import Prefetch
from django.utils import timezone
from wagtail.images import get_image_model

from .models import EventOccurrence

LIST_RENDITIONS = ["fill-320x180|format-webp", "fill-480x270|format-webp", "fill-960x540|format-webp"]


def with_event_details(occurrences):
    """Occurrences with their event, category, commune and image (renditions prefetched) in 3 queries."""
    images = get_image_model().objects.prefetch_renditions(*LIST_RENDITIONS)
    return occurrences.select_related(
        "event", "event__category", "event__commune", "event__departement"
    ).prefetch_related(Prefetch("event__image", queryset=images))


def upcoming_occurrences(category=None, region_code=None, departement_code=None, limit=4, now=None):
    occurrences = EventOccurrence.objects.live().upcoming(now or timezone.now())
    if category is not None:
        occurrences = occurrences.filter(event__category=category)
    if region_code:
        occurrences = occurrences.filter(event__region__code=region_code)
    if departement_code:
        occurrences = occurrences.filter(event__departement__code=departement_code)
    return list(with_event_details(occurrences.order_by("start", "event_id"))[:limit])

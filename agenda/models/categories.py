"""Event categories: forum, formation, salon, conférence, webinaire... (a reference vocabulary)."""

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from reference.models import Vocabulary


class EventCategory(Vocabulary):
    """Seeded by a data migration, edited by the editorial groups as a snippet."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("catégorie d’événement")
        verbose_name_plural = _("catégories d’événement")


CATEGORIES_CACHE_KEY = "agenda:categories:v1"


def active_categories() -> list[EventCategory]:
    """The categories offered in filters, cached until one is saved or deleted (`forget_categories`)."""
    return cache.get_or_set(
        CATEGORIES_CACHE_KEY,
        lambda: list(EventCategory.objects.filter(is_active=True).order_by("order", "label")),
        3600,
    )


def forget_categories(**kwargs) -> None:
    cache.delete(CATEGORIES_CACHE_KEY)

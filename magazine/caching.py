"""The magazine's cache generation: every cached listing, count, page of ids, feed and « À la une »
section carries it in its key, and any change readers may see (an article, author, rubrique or
press-review link saved, published, unpublished, moved or deleted, a view restriction added or removed)
bumps it, which forgets them all at once (`core.cache_versions`).

This module imports no model: the models call `listings_changed` when they are saved."""

from django.core.cache import cache

from core.cache_versions import bump_version, current_version

GENERATION_KEY = "magazine:listing-generation"
# How long a cached value lives at most, whatever the generation.
COUNT_TIMEOUT = 60 * 60 * 6


def listing_generation() -> int:
    return current_version(GENERATION_KEY)


def listings_changed(**kwargs) -> None:
    """Forget the cached counts, pages and feeds. Usable as a signal receiver."""
    bump_version(GENERATION_KEY)


def cached(key: str, compute, timeout: int = COUNT_TIMEOUT):
    """A value kept in the cache for the current listing generation (see `listings_changed`)."""
    full_key = f"magazine:{listing_generation()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout)
    return value

"""Counting submissions per person or address in the cache (shared between workers once Redis is set)."""

from django.core.cache import cache


def count_hit(key: str, period_seconds: int) -> int:
    """Add one to the counter `key`, which starts at the first hit and expires after `period_seconds`;
    return the count in the current period. Atomic with Redis (`add` then `incr`)."""
    if cache.add(key, 1, timeout=period_seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=period_seconds)
        return 1

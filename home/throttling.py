"""Counting submissions per person or address in the cache (shared between workers once Redis is set)."""

import hashlib

from django.core.cache import cache


def rate_key(scope: str, value) -> str:
    """The counter's key for `value` (an address, an email, a user id) in `scope`: hashed, so that any
    value makes a valid key and two values never share a counter (slugs would merge 1.2.3.45 and
    12.3.4.5), and no address or email is stored in clear in the cache."""
    return f"rate:{scope}:{hashlib.sha256(str(value).encode()).hexdigest()[:40]}"


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


def over_limit(key: str, limit: int) -> bool:
    """Whether the counter `key` already reached `limit` in its current period (read only)."""
    return (cache.get(key) or 0) >= limit


def client_ip(request) -> str:
    """The client's address as allauth sees it: `ALLAUTH_TRUSTED_PROXY_COUNT` decides which header to
    trust behind the reverse proxy (REMOTE_ADDR would be the proxy's, one counter for everyone)."""
    from allauth.account.adapter import get_adapter
    from django.core.exceptions import PermissionDenied

    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:  # a forwarded header that cannot be trusted
        return "unknown"

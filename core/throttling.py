"""Rate limits of every public form and endpoint, read from one table: `settings.RATE_LIMITS`.

Each scope ("magazine.press_release.email") maps to "count/period" (period: s, m, h or d, optionally
preceded by a number: "3/h", "30/10m", "5/d"). Counters live in the cache (Redis in production, shared
between workers); the counted value (an address, an email, a user id) is hashed into the key.

A form counts a submission only once it is accepted (`hit` after success), so a visitor correcting
mistakes never uses up their quota; `is_limited` is checked before. A scope meant to slow down attempts
of any kind (`agenda.attempt.ip`) is counted on every request with `attempt`.
"""

import hashlib
import logging
import re
from dataclasses import dataclass

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rate(value: str) -> Rate:
    match = _RATE.match(value or "")
    if not match:
        raise ImproperlyConfigured(f"Bad rate {value!r}: expected 'count/period', e.g. '3/h' or '30/10m'.")
    count, multiplier, unit = match.groups()
    seconds = int(multiplier or 1) * PERIODS[unit]
    if not seconds:  # "3/0m": the counter would expire at once and never limit anything
        raise ImproperlyConfigured(f"Bad rate {value!r}: the period cannot be zero.")
    return Rate(int(count), seconds)


def rate_for(scope: str) -> Rate:
    """The limit of `scope` from `settings.RATE_LIMITS` (a missing scope is a configuration error)."""
    try:
        return parse_rate(settings.RATE_LIMITS[scope])
    except KeyError:
        raise ImproperlyConfigured(f"No rate limit for {scope!r} in settings.RATE_LIMITS.") from None


class RateLimited(Exception):
    """A limit is reached: show `message` (French) with status 429."""

    def __init__(self, message=None):
        self.message = message or _("Trop d’envois en peu de temps : réessayez plus tard.")
        super().__init__(str(self.message))


def rate_key(scope: str, value) -> str:
    """The counter's key for `value` in `scope`: hashed, so that any value makes a valid key, two values
    never share a counter (1.2.3.45 and 12.3.4.5 would if slugified), and no address is kept in clear."""
    return f"rate:{scope}:{hashlib.sha256(str(value).encode()).hexdigest()[:40]}"


def count_hit(key: str, period_seconds: int) -> int:
    """Add one to the counter `key`, which starts at the first hit and expires after `period_seconds`;
    return the count in the current period. Atomic with Redis (`add` then `incr`)."""
    if cache.add(key, 1, timeout=period_seconds):
        return 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=period_seconds)
        return 1
    if count is None:
        # The cache cannot be reached (Redis down: django-redis ignores the error and logs it). Nothing
        # is counted and the request is allowed: an outage must not refuse every form.
        logger.warning("Rate limit %s not counted: the cache cannot be reached", key.split(":")[1])
        return 0
    return count


def is_limited(scope: str, value) -> bool:
    """Whether `value` already used its quota in `scope` (read only: counts nothing)."""
    return (cache.get(rate_key(scope, value)) or 0) >= rate_for(scope).count


def hit(scope: str, value) -> int:
    """Count one accepted submission of `value` in `scope`; returns the count in the current period."""
    return count_hit(rate_key(scope, value), rate_for(scope).seconds)


def attempt(scope: str, value, message=None) -> None:
    """Count one attempt (valid or not) and raise RateLimited once past the limit."""
    if hit(scope, value) > rate_for(scope).count:
        raise RateLimited(message)


def check(scopes: dict, message=None) -> None:
    """Raise RateLimited if any `{scope: value}` has used its quota (read only)."""
    if any(is_limited(scope, value) for scope, value in scopes.items()):
        raise RateLimited(message)


def hit_all(scopes: dict) -> None:
    for scope, value in scopes.items():
        hit(scope, value)


def client_ip(request) -> str:
    """The client's address as allauth sees it: `ALLAUTH_TRUSTED_PROXY_COUNT` decides which header to
    trust behind the reverse proxy (REMOTE_ADDR would be the proxy's: one counter for everyone)."""
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:  # a forwarded header that cannot be trusted
        return "unknown"


def requester(request) -> str:
    """Who is asking, for per-person limits: the account when signed in, the address otherwise."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_ip(request)}"

"""Audience without trackers: page views counted on the server, per page (path) and per day.

No cookie is set or read, and neither the IP address nor the user agent is stored: the user agent is
only looked at to leave known robots out, the referrer only for its domain (another site's). Counting
costs a dictionary increment per request: counts are kept in the process and pushed to Redis in one
pipeline every `FLUSH_EVERY` views or `FLUSH_SECONDS` seconds, from a background thread (the request
that makes the flush due does not wait for it); `flush_audience` (Celery beat) moves
Redis's counts to the database in batches. When Redis fails, counts stay in the process (at most
`MAX_KEYS` distinct page/day/referrer keys, then new ones are dropped and logged): a page never waits
for, nor fails because of, counting. Without Redis (development, tests) counts go straight to the
database when flushed.
"""

import logging
import re
import threading
import time
from collections import Counter
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django_redis import get_redis_connection

from .models import PageViewDay, ReferrerDay

logger = logging.getLogger(__name__)

FLUSH_EVERY = 200
FLUSH_SECONDS = 10.0
MAX_KEYS = 20_000
MAX_PATH = 300
MAX_DOMAIN = 100
PENDING_KEY = "audience:pending"
DRAINING_KEY = "audience:draining"
# Known robots, crawlers, link previews, monitors and command-line clients (matched case-insensitively).
BOTS = re.compile(
    r"bot|crawl|spider|slurp|archiver|curl|wget|python-|httpx|aiohttp|go-http|java/|libwww|okhttp|"
    r"headless|lighthouse|pagespeed|facebookexternalhit|preview|monitor|uptime|scanner|feed|validator",
    re.IGNORECASE,
)
# Paths never counted (private areas, admin, machine endpoints), besides settings.AUDIENCE_EXCLUDED_PREFIXES.
EXCLUDED_PREFIXES = ("/admin/", "/comptes/", "/espace/", "/sante/", "/static/", "/media/", "/documents/")

_lock = threading.Lock()
_buffer: Counter = Counter()
_last_flush = time.monotonic()
_pending = 0  # views recorded since the last flush


def is_bot(user_agent: str) -> bool:
    return not user_agent or bool(BOTS.search(user_agent))


def referrer_domain(referer: str, own_host: str) -> str:
    """The domain of another site the visitor came from, or ""."""
    if not referer:
        return ""
    try:
        parts = urlsplit(referer)
    except ValueError:
        return ""
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host or host == own_host.lower():
        return ""
    return host[:MAX_DOMAIN]


def excluded(path: str) -> bool:
    prefixes = EXCLUDED_PREFIXES + tuple(getattr(settings, "AUDIENCE_EXCLUDED_PREFIXES", ()))
    return path.startswith(prefixes)


def should_count(request, response) -> bool:
    return (
        request.method == "GET"
        and response.status_code == 200
        and response.get("Content-Type", "").startswith("text/html")
        and not excluded(request.path)
        and not is_bot(request.META.get("HTTP_USER_AGENT", ""))
    )


_day = (0.0, "")  # (monotonic time until which it holds, today's ISO date): read once a second at most


def _today() -> str:
    global _day
    now = time.monotonic()
    if now >= _day[0]:
        _day = (now + 1.0, timezone.localdate().isoformat())
    return _day[1]


def record(path: str, domain: str = "") -> None:
    """Count one view of `path` today (coming from `domain`); never raises."""
    global _pending
    key = (_today(), path[:MAX_PATH], domain)
    with _lock:
        if key in _buffer or len(_buffer) < MAX_KEYS:
            _buffer[key] += 1
            _pending += 1
        else:
            logger.warning("Audience buffer full: a view of %s was not counted", path[:MAX_PATH])
        due = _pending >= FLUSH_EVERY or time.monotonic() - _last_flush >= FLUSH_SECONDS
    if due:
        flush_soon()


_flushing = threading.Event()  # set while a background flush runs


def flush_soon() -> None:
    """Flush without making the request wait: in a background thread when the counts go to Redis (one
    at a time), in the request itself only without Redis (development)."""
    if "django_redis" not in settings.CACHES["default"]["BACKEND"]:
        flush_buffer()
        return
    if _flushing.is_set():
        return
    _flushing.set()

    def run():
        try:
            flush_buffer()
        finally:
            _flushing.clear()

    threading.Thread(target=run, name="audience-flush", daemon=True).start()


def _take_buffer() -> Counter:
    global _buffer, _last_flush, _pending
    with _lock:
        taken, _buffer = _buffer, Counter()
        _last_flush = time.monotonic()
        _pending = 0
    return taken


def _give_back(counts: Counter) -> None:
    with _lock:
        for key, value in counts.items():
            if key in _buffer or len(_buffer) < MAX_KEYS:
                _buffer[key] += value


def _redis():
    """Redis's client when the cache is django-redis, else None."""
    if "django_redis" not in settings.CACHES["default"]["BACKEND"]:
        return None
    return get_redis_connection("default")


def _field(key) -> str:
    return "\t".join(key)


def flush_buffer() -> None:
    """Push this process's counts to Redis (or to the database without Redis); on failure keep them."""
    counts = _take_buffer()
    if not counts:
        return
    try:
        client = _redis()
        if client is None:
            store(counts)
            return
        pipe = client.pipeline(transaction=False)
        name = cache.make_key(PENDING_KEY)
        for key, value in counts.items():
            pipe.hincrby(name, _field(key), value)
        pipe.execute()
    except Exception:  # noqa: BLE001 (Redis or the database busy: counting must never break a page)
        logger.warning("Audience counts kept in the process: Redis or the database is unavailable", exc_info=True)
        _give_back(counts)


def drain() -> int:
    """Move the counts gathered in Redis to the database (the beat task); returns the views stored."""
    flush_buffer()
    client = _redis()
    if client is None:
        return 0
    pending, draining = cache.make_key(PENDING_KEY), cache.make_key(DRAINING_KEY)
    if not client.exists(draining):
        if not client.exists(pending):
            return 0
        client.rename(pending, draining)
    counts = Counter()
    for field, value in client.hgetall(draining).items():
        parts = field.decode().split("\t")
        if len(parts) == 3:
            counts[tuple(parts)] += int(value)
    store(counts)
    client.delete(draining)
    return sum(counts.values())


def store(counts: Counter) -> None:
    """Add `counts` ({(day, path, domain): views}) to the daily rows, in a few queries."""
    pages, referrers = Counter(), Counter()
    for (day, path, domain), value in counts.items():
        pages[(day, path)] += value
        if domain:
            referrers[(day, domain)] += value
    with transaction.atomic():
        _add(PageViewDay, "path", pages)
        _add(ReferrerDay, "domain", referrers)


def _add(model, name: str, counts: Counter) -> None:
    if not counts:
        return
    days = {day for day, _ in counts}
    values = {value for _, value in counts}
    existing = {
        (row.day.isoformat(), getattr(row, name)): row
        for row in model.objects.select_for_update().filter(day__in=days, **{f"{name}__in": values})
    }
    new = []
    for (day, value), views in counts.items():
        row = existing.get((day, value))
        if row is None:
            new.append(model(day=day, views=views, **{name: value}))
        else:
            row.views += views
    model.objects.bulk_update(existing.values(), ["views"], batch_size=500)
    model.objects.bulk_create(new, batch_size=500)


class AudienceMiddleware:
    """Counts the HTML pages served (see the module's docstring); sets nothing on the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(settings, "AUDIENCE_COUNTING", True):
            try:
                if should_count(request, response):
                    host = request.get_host().split(":")[0]
                    record(request.path, referrer_domain(request.META.get("HTTP_REFERER", ""), host))
            except Exception:  # noqa: BLE001 (counting never breaks a page)
                logger.warning("Audience: a view was not counted", exc_info=True)
        return response


# --- Figures -----------------------------------------------------------------------------------------


def month_bounds(day) -> tuple:
    """The first and last day of the month before `day`'s."""
    first_this = day.replace(day=1)
    last_previous = first_this - timedelta(days=1)
    return last_previous.replace(day=1), last_previous


def monthly_figures(first, last, top: int = 10) -> dict:
    """Views of a period: total, days counted, the most viewed pages and referrer domains (the activity
    dashboard and the monthly summary read this)."""
    views = PageViewDay.objects.filter(day__range=(first, last))
    referrers = ReferrerDay.objects.filter(day__range=(first, last))
    return {
        "first": first,
        "last": last,
        "total": views.aggregate(total=Sum("views"))["total"] or 0,
        "pages": list(views.values("path").annotate(total=Sum("views")).order_by("-total", "path")[:top]),
        "referrers": list(referrers.values("domain").annotate(total=Sum("views")).order_by("-total", "domain")[:top]),
    }

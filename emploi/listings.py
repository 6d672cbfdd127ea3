"""What every list of offers shares: the rows a list shows and the cache keys of what it caches.

Listings, feeds, partners' exports and offer blocks are cached under `listing_cache_key`, which holds the
offers' version (bumped whenever an offer or a partner is saved or deleted: `emploi.signals`) and the day
(offers leave the listings when their closing date passes).
"""

import hashlib

from django.utils import timezone

from core.cache_versions import bump_version, current_version

from .models.offers import JobOffer

# Listings' counts and pages of ids, feeds and partners' exports are kept this long at most (the "posted
# since" filter slides with the clock); any change of an offer or a partner forgets them at once.
LISTING_CACHE_SECONDS = 600
OFFERS_VERSION_KEY = "emploi:offers-version"


def listing_rows(queryset=None):
    """Listed offers with what a row of a list shows (organisation, contract, place) in the same query."""
    queryset = JobOffer.objects.listed() if queryset is None else queryset
    return queryset.select_related("organisation", "contract_type", "commune__departement").order_by(
        "-published_at", "-id"
    )


def offers_cache_version() -> int:
    """Bumped whenever an offer or a partner changes: part of the cache keys of the listings, feeds,
    exports and offer blocks."""
    return current_version(OFFERS_VERSION_KEY)


def listing_cache_key(kind: str, *parts) -> str:
    """A cache key for what a filtered listing shows (counts, a page of ids, a feed): valid for the
    current offers' version and today only (offers leave the listings when their closing date passes)."""
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()[:40]
    return f"emploi:{kind}:{offers_cache_version()}:{timezone.localdate():%Y%m%d}:{digest}"


def bump_offers_cache_version(**kwargs):
    bump_version(OFFERS_VERSION_KEY)

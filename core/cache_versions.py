"""Version numbers kept in the cache, the part of a cache key that forgets everything cached before.

An app's cached listings, feeds and fragments carry the current version of what they show in their keys;
when that content changes, bumping the version makes every one of them unreachable at once (they expire
on their own timeout).

Two details matter:
- the version is bumped at once and again when the transaction commits: a reader arriving between the
  change and the commit would otherwise rebuild from the old rows and store them under the new version;
- a version that is missing (first use, or evicted by a full cache) starts at a random number, never at
  1, so that entries kept under an earlier number cannot be served again.
"""

import secrets

from django.core.cache import cache
from django.db import transaction

# The site frame's versions (`core.frame`, bumped by `core.signals`): the Site and its settings; every
# live page (publication, move, deletion, view restriction); every image (focal point, file, deletion).
SITE_VERSION_KEY = "core:site-version"
PAGES_VERSION_KEY = "core:pages-version"
IMAGES_VERSION_KEY = "core:images-version"


def _fresh() -> int:
    return secrets.randbits(48)


def current_version(key: str) -> int:
    version = cache.get(key)
    if version is None:
        cache.add(key, _fresh(), None)
        version = cache.get(key)
    return version


def current_versions(keys) -> dict[str, int | None]:
    """Several versions in one cache round trip (missing ones started as `current_version` does). A
    version is None when the cache cannot be reached: callers then keep nothing under it."""
    versions = cache.get_many(list(keys))
    for key in keys:
        if versions.get(key) is None:
            versions[key] = current_version(key)
    return versions


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # missing: start anew
        cache.set(key, _fresh(), None)


def bump_version(key: str) -> None:
    """Forget what was cached under `key`'s version, now and once the current transaction commits."""
    _bump(key)
    transaction.on_commit(lambda: _bump(key), robust=True)

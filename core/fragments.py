"""Rendered fragments kept in the cache: the card lists that listings and articles repeat.

A list of cards (an article's « À lire aussi » and « Autres articles », a listing's page, « À la une »)
costs a third of its page: an image tag with its `srcset` per card, URLs, dates. It is the same for
every reader, so it is rendered once and kept under a key made of:
- the site (URLs are relative to it) and the language;
- the versions of `core.frame` (`core:site-version`, `core:pages-version`, `core:images-version`), read
  once per request: any publication, unpublication, move, deletion, live edit, view restriction or image
  change gives every fragment a new key at once;
- what the fragment shows: each card's model and primary key, in order, and the other values given
  (heading level...).
A fragment shows only the cards its caller passes, and their ids are in its key: the callers pass
what anyone may see (listed articles, public pages), so a page under a view restriction never reaches
a fragment. Keys are bounded by what exists (the versions replace any scan) and expire after
`FRAGMENT_TIMEOUT`. When the cache cannot be reached, the fragment is rendered and not kept.
"""

import hashlib

from django.core.cache import cache
from django.db.models import Model
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.models import Site

from .frame import FRAME_VERSION_KEYS, request_versions

FRAGMENT_TIMEOUT = 60 * 60


def identity(value) -> str:
    """What a value contributes to a fragment's key: a record by its model and primary key, a list item
    by item, plain values as they are. Anything else is refused (its text could hold an address)."""
    if isinstance(value, Model):
        return f"{value._meta.label_lower}#{value.pk}"
    if value is None or isinstance(value, str | int | float | bool):
        return repr(value)
    try:
        items = iter(value)
    except TypeError:
        raise TypeError(f"A fragment cannot be keyed by {type(value).__name__}") from None
    return "[" + ",".join(identity(item) for item in items) + "]"


def fragment_key(request, name: str, parts) -> str | None:
    """The cache key of a fragment for this request, or None when it cannot be kept (no request, or no
    cache to read the versions from)."""
    if request is None:
        return None
    versions = request_versions(request)
    if any(versions.get(key) is None for key in FRAME_VERSION_KEYS):
        return None
    site = Site.find_for_request(request)
    selected = "\x1f".join([translation.get_language() or "", *(identity(part) for part in parts)])
    digest = hashlib.sha256(selected.encode()).hexdigest()[:40]
    numbers = ":".join(str(versions[key]) for key in FRAME_VERSION_KEYS)
    return f"fragment:{name}:{site.pk if site else 0}:{numbers}:{digest}"


def cached_fragment(request, name: str, parts, render) -> str:
    """`render()`'s markup, kept in the cache under `fragment_key` (see the module's docstring)."""
    key = fragment_key(request, name, parts)
    if key is None:
        return render()
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, FRAGMENT_TIMEOUT)
    # Safe: markup the template engine rendered (and escaped) for this very key.
    return mark_safe(html)  # noqa: S308

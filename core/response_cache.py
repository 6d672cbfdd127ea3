"""Whole responses kept in the cache, already compressed: feeds and exports that every reader gets alike.

Feeds (RSS, Atom, iCalendar, partners' JSON and widget) are polled by readers, calendar clients and
partner sites every few minutes, and are the same for everyone who asks with the same address. Their
cost grows with the number of items (50 offers with their description, 500 events), so they are built
once per version of what they show and kept here gzip-compressed: serving one is a cache read of the
compressed bytes, whatever the volume, and GZipMiddleware has nothing left to compress (it leaves
responses that carry a Content-Encoding alone). Only the compressed copy is kept: a smaller read for
nearly every client (a 200 KB calendar is 44 KB), decompressed for the rare one that refuses gzip.

Only a 200 answer without cookies is kept; anything else is served as built, every time. Keys hold the
request's host (feeds' absolute links come from it): behind the reverse proxy, pass the bare host name
(nginx's `$host`) so that a client cannot multiply copies with made-up ports.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.regex_helper import _lazy_re_compile
from django.utils.text import compress_string

# What a kept response carries over, besides its content type.
KEPT_HEADERS = (
    "Content-Disposition",
    "Cache-Control",
    "Last-Modified",
    "ETag",
    "X-Robots-Tag",
    "Content-Security-Policy",
    "Vary",
)
# Part of every key: bumped when StoredResponse changes, so that a deployment never reads entries
# pickled by the previous code.
STORAGE_FORMAT = 2
# Below this size, compressing is not worth it (the same threshold as GZipMiddleware).
MIN_COMPRESSED_LENGTH = 200
ACCEPTS_GZIP = _lazy_re_compile(r"\bgzip\b(?!\s*;\s*q=0(?:\.0*)?\s*(?:,|$))")


@dataclass(frozen=True)
class StoredResponse:
    """What is kept of a response: its body (gzip-compressed when that makes it smaller: only that copy
    is stored, and decompressed for the rare client that refuses gzip), content type and headers."""

    body: bytes
    compressed: bool
    content_type: str
    headers: tuple[tuple[str, str], ...]

    @classmethod
    def from_response(cls, response: HttpResponse) -> StoredResponse:
        body, compressed = response.content, False
        if len(body) >= MIN_COMPRESSED_LENGTH:
            gzipped = compress_string(body)
            if len(gzipped) < len(body):
                body, compressed = gzipped, True
        headers = tuple((name, response[name]) for name in KEPT_HEADERS if response.has_header(name))
        return cls(body, compressed, response["Content-Type"], headers)

    def to_response(self, request) -> HttpResponse:
        send_gzip = self.compressed and ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        body = self.body if send_gzip or not self.compressed else gzip.decompress(self.body)
        response = HttpResponse(body, content_type=self.content_type)
        for name, value in self.headers:
            response[name] = value
        if self.compressed:
            patch_vary_headers(response, ("Accept-Encoding",))
        if send_gzip:
            response["Content-Encoding"] = "gzip"
        response["Content-Length"] = str(len(body))
        return response


def response_key(prefix: str, version, *parts) -> str:
    """A cache key for a response: its kind, the version of what it shows, and what else selects it
    (host, query string...), hashed so that any query string makes a valid key."""
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()[:40]
    return f"response:{STORAGE_FORMAT}:{prefix}:{version}:{digest}"


def cached_response(request, key: str, build: Callable[[], HttpResponse], timeout: int) -> HttpResponse:
    """The response kept under `key`, or `build()`'s, kept for `timeout` seconds when it can be."""
    stored = cache.get(key)
    if stored is None:
        response = build()
        if response.status_code != 200 or getattr(response, "streaming", False) or response.cookies:
            return response
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        stored = StoredResponse.from_response(response)
        cache.set(key, stored, timeout)
    return stored.to_response(request)

"""The site frame: what every page of a site reads before its own content, kept in process memory.

A frame holds, for one host name and port: the Wagtail Site with its home page, the site settings
(`SiteSettings`, wagtail-seo's `SeoSettings`, every registered site setting), the root paths that page
URLs are built from, the page view restrictions and the main menu. Without it each request reads them
from the database (about 5 queries) and the cache (site root paths).

Frames are keyed by the versions of `core.cache_versions` (`core:site-version`, `core:pages-version`,
`core:images-version`, bumped by `core.signals`): any publication, move, deletion, view restriction,
settings or image change makes every process build its frames again on its next request. The versions
are read once per request (`request_versions`, one cache round trip), which the card fragments reuse.
At most `MAX_FRAMES` frames are kept (least recently used first out), none older than `MAX_AGE` seconds;
when the cache cannot be reached (no version), the frame is built for the request and not kept.

`SiteFrameMiddleware` (after CommonMiddleware, which has refused unknown hosts) installs the frame on
the request where Wagtail and the templates look first: `request._wagtail_site`,
`request._wagtail_cached_site_root_paths`, each setting's `for_request` attribute, and the menu and view
restrictions of `core.pages` and `site_tags`. The home page is copied for each request (its body is
parsed again), so nothing a request sets on it reaches the next one.
"""

from __future__ import annotations

import copy
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from django.db import DatabaseError
from django.http.request import split_domain_port
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.fields import StreamField
from wagtail.models import Page, Site

from .cache_versions import IMAGES_VERSION_KEY, PAGES_VERSION_KEY, SITE_VERSION_KEY, current_versions
from .pages import request_view_restrictions

logger = logging.getLogger(__name__)

FRAME_VERSION_KEYS = (SITE_VERSION_KEY, PAGES_VERSION_KEY, IMAGES_VERSION_KEY)
MAX_FRAMES = 500
MAX_AGE = 300  # seconds: a change the versions missed (cache unreachable while it was made) shows by then

_frames: OrderedDict[tuple, SiteFrame] = OrderedDict()
_lock = threading.Lock()


def request_versions(request) -> dict[str, int | None]:
    """The frame's cache versions, read once per request (None: the cache cannot be reached)."""
    if request is None:
        return current_versions(FRAME_VERSION_KEYS)
    versions = getattr(request, "_core_cache_versions", None)
    if versions is None:
        versions = current_versions(FRAME_VERSION_KEYS)
        request._core_cache_versions = versions
    return versions


def clear_frames() -> None:
    """Forget every frame of this process (tests: database ids are reused after each rollback)."""
    with _lock:
        _frames.clear()


@dataclass
class SiteFrame:
    site: Site | None
    root_paths: list
    settings: dict[type, BaseSiteSetting]
    restrictions: list
    menu: list[tuple[str, Page]]
    home_stream_data: dict[str, object] = field(default_factory=dict)
    built_at: float = field(default_factory=time.monotonic)

    @classmethod
    def build(cls, request) -> SiteFrame:
        site = Site._find_for_request(request)
        root_paths = Site.get_site_root_paths()
        restrictions = list(request_view_restrictions(None))
        settings, menu, stream_data = {}, [], {}
        if site is not None:
            home = site.root_page.specific
            # The home page's StreamFields, kept as stored: each request parses its own copy.
            stream_data = {
                f.attname: f.get_prep_value(getattr(home, f.attname))
                for f in home._meta.concrete_fields
                if isinstance(f, StreamField)
            }
            site.root_page = home
            for model in settings_registry:
                if issubclass(model, BaseSiteSetting):
                    # Wagtail's `for_site` creates a missing row with its defaults; that creation does not
                    # bump the site version (`core.signals.site_setting_saved`): nothing readers see changed.
                    settings[model] = model.for_site(site)
            # The menu (live pages under the home page marked "show in menus", none under a view
            # restriction), its URLs built for this site as on any request to it.
            private = tuple(restriction.page.path for restriction in restrictions)
            pages = Page.objects.child_of(home).live().in_menu().only("id", "title", "url_path", "path", "depth")
            for page in pages:
                if not (private and page.path.startswith(private)):
                    page._wagtail_cached_site_root_paths = root_paths
                    menu.append((page.get_url(current_site=site), page))
        return cls(site, root_paths, settings, restrictions, menu, stream_data)

    def site_for_request(self) -> Site | None:
        """A copy of the Site whose home page is this request's own (its body parsed anew)."""
        if self.site is None:
            return None
        site = copy.copy(self.site)
        home = copy.copy(self.site.root_page)
        for f in home._meta.concrete_fields:
            if f.attname in self.home_stream_data:
                setattr(home, f.attname, f.to_python(self.home_stream_data[f.attname]))
        site.root_page = home
        return site

    def install(self, request) -> None:
        request._wagtail_site = self.site_for_request()
        request._wagtail_cached_site_root_paths = self.root_paths
        request._page_view_restrictions = self.restrictions
        request._main_navigation = self.menu
        for model, instance in self.settings.items():
            setattr(request, model.get_cache_attr_name(), copy.copy(instance))


def frame_for_request(request) -> SiteFrame:
    versions = request_versions(request)
    key = None
    if all(version is not None for version in versions.values()):
        hostname = split_domain_port(request._get_raw_host())[0]
        key = (hostname, request.get_port(), *(versions[name] for name in FRAME_VERSION_KEYS))
    with _lock:
        frame = _frames.get(key) if key is not None else None
        if frame is not None:
            _frames.move_to_end(key)
    if frame is not None and time.monotonic() - frame.built_at < MAX_AGE:
        return frame
    frame = SiteFrame.build(request)
    if key is not None:
        with _lock:
            _frames[key] = frame
            _frames.move_to_end(key)
            while len(_frames) > MAX_FRAMES:
                _frames.popitem(last=False)
    return frame


FRAME_ATTRIBUTES = (
    "_wagtail_site",
    "_wagtail_cached_site_root_paths",
    "_page_view_restrictions",
    "_main_navigation",
)


class _FrameAttribute:
    """One of the attributes a frame installs on a request, installed on first read: reading any of them
    installs the whole frame (`install` writes them all to the request's own `__dict__`, which takes
    precedence over this non-data descriptor from then on). With the database down, the attribute is
    missing (AttributeError): Wagtail and the templates then read from the database as without a frame."""

    def __init__(self, name: str):
        self.name = name

    def __get__(self, request, owner=None):
        if request is None:
            return self
        values = request.__dict__
        if not values.get("_core_frame_tried"):
            values["_core_frame_tried"] = True
            try:
                frame_for_request(request).install(request)
            except DatabaseError:
                logger.warning("Site frame not built: database unavailable", exc_info=True)
        if self.name in values:
            return values[self.name]
        raise AttributeError(self.name)


_lazy_request_classes: dict[type, type] = {}


def lazy_request_class(request_class: type) -> type:
    """A subclass of the request's class whose frame attributes (`FRAME_ATTRIBUTES` and each site
    setting's cache attribute) install the frame when first read; one per request class."""
    lazy = _lazy_request_classes.get(request_class)
    if lazy is None:
        names = [*FRAME_ATTRIBUTES]
        names += [model.get_cache_attr_name() for model in settings_registry if issubclass(model, BaseSiteSetting)]
        attributes = {name: _FrameAttribute(name) for name in names}
        attributes["__module__"] = __name__
        lazy = type(f"Framed{request_class.__name__}", (request_class,), attributes)
        _lazy_request_classes[request_class] = lazy
    return lazy


class SiteFrameMiddleware:
    """Makes the site frame available on each request (see the module's docstring), lazily: the frame is
    looked up (cache versions, then process memory) and installed only when something reads one of its
    attributes: a page, a template, Wagtail's `Site.find_for_request` or a setting's `for_request`.
    `robots.txt`, the calendar and JSON feeds and other answers that need none of it pay nothing (they used
    to read the versions and copy the Site, the home page and the settings for every request). Placed after
    CommonMiddleware: a host outside ALLOWED_HOSTS never reaches it. With the database down, the request
    goes on without a frame (the health check answers 503, pages their error page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.__class__ = lazy_request_class(type(request))
        return self.get_response(request)

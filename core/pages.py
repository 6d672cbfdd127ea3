"""The page base of every page type (SEO, breadcrumbs, bounded routing) and what it needs to decide
what the public sees (view restrictions read once per request)."""

from functools import cached_property

from django.db.models import Q
from django.http import Http404
from django.urls import Resolver404
from wagtail.images.models import AbstractImage
from wagtail.models import COMMENTS_RELATION_NAME, Page, PageViewRestriction, Site
from wagtailseo.models import SeoMixin, SeoSettings, SeoType
from wagtailseo.utils import ensure_absolute_url, get_absolute_media_url

from .images import rendition_or_none

# The columns Wagtail writes when it records a draft revision or locks a page: what readers see of the
# live page does not change, so caches of live content have nothing to forget.
PAGE_BOOKKEEPING_FIELDS = frozenset(
    {
        COMMENTS_RELATION_NAME,
        "latest_revision_created_at",
        "draft_title",
        "latest_revision",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def changes_live_content(update_fields) -> bool:
    """Whether a page save with these `update_fields` (None: every field) may change its live content."""
    return update_fields is None or not set(update_fields) <= PAGE_BOOKKEEPING_FIELDS


def request_view_restrictions(request) -> list[PageViewRestriction]:
    """Every page view restriction (a handful on any site), read once per request."""
    restrictions = getattr(request, "_page_view_restrictions", None)
    if restrictions is None:
        restrictions = list(PageViewRestriction.objects.select_related("page"))
        if request is not None:
            request._page_view_restrictions = restrictions
    return restrictions


def public_pages(pages, request):
    """`pages.public()`, reading the view restrictions once per request rather than once per list."""
    private = Q()
    for restriction in request_view_restrictions(request):
        private |= pages.descendant_of_q(restriction.page, inclusive=True)
    return pages.exclude(private) if private else pages


def routes_like_site_page(page: Page, remaining_path=None) -> bool:
    """True when the page's type has no routing of its own (no sub-routes, no custom `route()`).

    Also true, given the rest of the path below the page, for a RoutablePage that says it routes
    unmatched paths like a site page (`routes_unmatched_paths_like_site_page`) when none of its own
    routes matches that rest: deep pages below it are then found in one lookup too.
    """
    specific_class = page.specific_class
    if specific_class is None:
        return False
    if specific_class.route is SitePage.route:
        return True
    if remaining_path is None or not getattr(specific_class, "routes_unmatched_paths_like_site_page", False):
        return False
    try:
        specific_class.get_resolver().resolve("/" + "".join(f"{part}/" for part in remaining_path))
    except Resolver404:
        return True
    return False


class SitePage(SeoMixin, Page):
    """Behaviour shared by every page of the site: SEO fields, breadcrumbs, JSON-LD."""

    promote_panels = SeoMixin.seo_panels
    seo_content_type = SeoType.WEBSITE

    class Meta:
        abstract = True

    def route(self, request, path_components):
        """Wagtail's routing in a bounded number of queries, whatever the depth of the page.

        Deep paths are first looked up in one query by `url_path`, with the pages in between read in a
        second one; if every page on the way routes like this one (no sub-routes of its own), the page is
        served from there. Otherwise, and for short paths, the tree is walked level by level as plain
        Pages, and a page type with its own `route()` (e.g. a RoutablePage) takes over, as in Wagtail.
        """
        if len(path_components) > 2:
            page = self._route_by_url_path(path_components)
            if page is not None:
                return Page.route(page, request, [])
        page = self
        while len(path_components) > 1:
            try:
                child = page.get_children().get(slug=path_components[0])
            except Page.DoesNotExist as error:
                raise Http404 from error
            child._cached_parent_obj = page
            path_components = path_components[1:]
            if not routes_like_site_page(child):
                return child.specific.route(request, path_components)
            page = child
        return Page.route(page, request, path_components)

    def _route_by_url_path(self, path_components):
        """The specific page at `path_components` below this one, its parents cached; None to walk instead."""
        url_path = self.url_path + "/".join(path_components) + "/"
        # `slug` is indexed (`url_path` is not): few pages share a slug at a given depth of one site.
        candidates = Page.objects.filter(
            slug=path_components[-1], depth=self.depth + len(path_components), path__startswith=self.path
        )
        target = next((page for page in candidates if page.url_path == url_path), None)
        if target is None or not routes_like_site_page(target):
            return None
        between = list(
            Page.objects.filter(depth__gt=self.depth, depth__lt=target.depth)
            .filter(path__in=[target.path[: Page.steplen * depth] for depth in range(self.depth + 1, target.depth)])
            .order_by("depth")
        )
        if len(between) != target.depth - self.depth - 1 or not all(
            routes_like_site_page(page, path_components[page.depth - self.depth :]) for page in between
        ):
            return None
        parent = self
        for page in [*between, target]:
            page._cached_parent_obj = parent
            parent = page
        specific = target.specific
        specific._cached_parent_obj = target._cached_parent_obj
        return specific

    def get_view_restrictions(self):
        """The restrictions on this page and its ancestors. While the page is served (see the
        `before_serve_page` hook in `core/wagtail_hooks.py`), they come from the request's list, which
        the menu and page lists read too: one query per request instead of two."""
        request = getattr(self, "_serving_request", None)
        if request is None:
            return super().get_view_restrictions()
        return [r for r in request_view_restrictions(request) if self.path.startswith(r.page.path)]

    def get_breadcrumbs(self):
        """Ancestors shown in the breadcrumb, from the home page down.

        Wagtail's routing leaves each page's parent on it (`_cached_parent_obj`): when that chain reaches
        the top of the tree it is used as is; otherwise the ancestors are read in one query.
        """
        chain, page = [], self
        while hasattr(page, "_cached_parent_obj") and page._cached_parent_obj.depth > 1:
            page = page._cached_parent_obj
            chain.append(page)
        if page.depth == 2:
            return [ancestor.get_specific(deferred=True) for ancestor in reversed(chain)]  # no query
        return list(self.get_ancestors().filter(depth__gt=1).specific(defer=True))

    @cached_property
    def breadcrumbs(self):
        return self.get_breadcrumbs()

    def get_context(self, request, *args, **kwargs):
        # wagtail-seo reads the site and its settings at every property access: take both from the
        # request (where Wagtail already cached them) so a page costs no extra query for them.
        self._served_site = Site.find_for_request(request)
        self.seo_settings = SeoSettings.for_request(request)
        context = super().get_context(request, *args, **kwargs)
        context["breadcrumb_json_ld"] = self.breadcrumb_json_ld(request)
        return context

    def get_subpages(self, request):
        """Live, public children, for the "Dans cette rubrique" list (titles and links only)."""
        return public_pages(self.get_children().live(), request)

    def get_site(self):
        """The page's site, looked up once per page instance (wagtail-seo asks for it many times)."""
        if getattr(self, "_served_site", None) is None:
            self._served_site = super().get_site()
        return self._served_site

    @cached_property
    def seo_settings(self) -> SeoSettings:
        return SeoSettings.for_site(site=self.get_site())

    @cached_property
    def seo_org_fields(self) -> SeoSettings:
        return self.seo_settings

    @cached_property
    def seo_image_url(self) -> str:
        """wagtail-seo's Open Graph image URL, empty when the image's file is missing (not a 500)."""
        rendition = rendition_or_none(self.seo_image, "original")
        if rendition is None:
            return ""
        return ensure_absolute_url(rendition.url, get_absolute_media_url(self.get_site()))

    @cached_property
    def seo_logo_url(self) -> str:
        rendition = rendition_or_none(self.seo_logo, "original")
        if rendition is None:
            return ""
        return ensure_absolute_url(rendition.url, get_absolute_media_url(self.get_site()))

    @cached_property
    def seo_image(self) -> AbstractImage | None:
        """wagtail-seo's image, with its default read from the settings once rather than at each access."""
        for attr in self.seo_image_sources:
            image = getattr(self, attr, None)
            if isinstance(image, AbstractImage):
                return image
        return self.seo_settings.og_image_default

    def breadcrumb_json_ld(self, request) -> dict:
        items = [*self.breadcrumbs, self]
        return {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "name": page.title,
                    "item": page.get_full_url(request),
                }
                for position, page in enumerate(items, start=1)
            ],
        }

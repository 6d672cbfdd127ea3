"""The magazine's index page and its rubriques.

The index (`/magazine/`) serves its listings and feeds through routes (`RoutablePageMixin`) whose views
live in `magazine.views` and `magazine.feeds`; the pages' listings are built by `magazine.listings`.
Those modules read the article models: they are imported here as modules (`from .. import listings`) and
called at request time, so that loading the models never needs them to be complete.
"""

from django.db import models
from django.http import Http404
from django.urls import Resolver404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Page
from wagtail.search import index

from core.pages import SitePage, changes_live_content

from .. import feeds, listings, views
from ..caching import listings_changed
from .articles import ArticlePage


class MagazineIndexPage(RoutablePageMixin, SitePage):
    """`/magazine/`: the latest articles, « À la une », and the listings served by its routes."""

    intro = models.TextField(_("introduction"), blank=True)
    seo_description_sources = ["search_description", "intro"]  # the meta description falls back on the intro

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["magazine.RubriquePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("magazine")

    # Paths that match none of the routes below are pages (rubriques, articles): see `routes_like_site_page`.
    routes_unmatched_paths_like_site_page = True

    def route(self, request, path_components):
        """Sub-routes first; then a rubrique or an article in one query (the article brings its rubrique)."""
        if self.live and 1 <= len(path_components) <= 2:
            try:
                self.resolve_subpage("/" + "".join(f"{part}/" for part in path_components))
            except Resolver404:
                page = self._find_descendant(path_components)
                if page is not None:
                    return Page.route(page, request, [])
                raise Http404 from None
        return super().route(request, path_components)

    def _find_descendant(self, path_components):
        if len(path_components) == 1:
            page = RubriquePage.objects.child_of(self).filter(slug=path_components[0]).first()
            if page is not None:
                page._cached_parent_obj = self
            return page
        rubrique_slug, slug = path_components
        candidates = ArticlePage.objects.filter(
            slug=slug, depth=self.depth + 2, path__startswith=self.path
        ).select_related("rubrique")
        for article in candidates:
            rubrique = article.rubrique
            if rubrique is not None and rubrique.slug == rubrique_slug and article.path.startswith(rubrique.path):
                rubrique._cached_parent_obj = self
                article._cached_parent_obj = rubrique
                return article
        return None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if not getattr(request, "_magazine_listing", False):
            context.update(listings.magazine_index_context(request, self))
        return context

    def feed_links(self, scope: str | None, slug: str | None, label: str) -> list[dict]:
        """The RSS and Atom links a listing advertises in its head and shows in its text."""
        links = []
        for feed_format, mime in (("rss", "application/rss+xml"), ("atom", "application/atom+xml")):
            if scope:
                url = self.url + self.reverse_subpage("scoped_feed", args=(scope, slug, feed_format))
            else:
                url = self.url + self.reverse_subpage("feed", args=(feed_format,))
            links.append({"url": url, "type": mime, "title": f"{label} ({feed_format.upper()})", "format": feed_format})
        return links

    def rubrique_feeds(self, rubrique=None) -> list[dict]:
        """A rubrique's feeds (when given) then the whole magazine's."""
        feeds = []
        if rubrique is not None:
            label = gettext("Rubrique %(name)s") % {"name": rubrique.title}
            feeds += self.feed_links("rubrique", rubrique.slug, label)
        return feeds + self.feed_links(None, None, gettext("Le magazine"))

    # Listings and feeds: the views read the URL's arguments, 404 on unknown ones.
    @path("etiquette/<str:slug>/", name="tag")
    def tag_listing(self, request, slug):
        return views.tag_listing(request, self, slug)

    @path("region/<str:slug>/", name="region")
    def region_listing(self, request, slug):
        return views.territory_listing(request, self, "region", slug)

    @path("departement/<str:slug>/", name="departement")
    def departement_listing(self, request, slug):
        return views.territory_listing(request, self, "departement", slug)

    @path("auteur/<str:slug>/", name="author")
    def author_listing(self, request, slug):
        return views.author_listing(request, self, slug)

    @re_path(r"^(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$", name="month")
    def month_archive(self, request, year, month):
        return views.month_archive(request, self, int(year), int(month))

    @path("revue-de-presse/", name="press_review")
    def press_review(self, request):
        return views.press_review(request, self)

    @re_path(r"^flux/(?P<feed_format>rss|atom)/$", name="feed")
    def feed(self, request, feed_format):
        request._magazine_listing = True
        return feeds.magazine_feed(request, self, feed_format, None, None)

    @re_path(
        r"^flux/(?P<scope>rubrique|etiquette|region|departement)/(?P<slug>[^/]+)/(?P<feed_format>rss|atom)/$",
        name="scoped_feed",
    )
    def scoped_feed(self, request, scope, slug, feed_format):
        request._magazine_listing = True
        return feeds.magazine_feed(request, self, feed_format, scope, slug)


class RubriquePage(SitePage):
    """A section of the magazine (ESS, Recruteurs, Salariés...): its articles, newest first."""

    intro = models.TextField(_("introduction"), blank=True)
    seo_description_sources = ["search_description", "intro"]  # the meta description falls back on the intro

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["magazine.MagazineIndexPage"]
    subpage_types = ["magazine.ArticlePage"]

    class Meta:
        verbose_name = _("rubrique")

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        if changes_live_content(kwargs.get("update_fields")):
            listings_changed()  # the magazine index caches the list of rubriques
        return result

    @property
    def magazine(self) -> MagazineIndexPage | None:
        """The magazine index above the rubrique, from its breadcrumbs (no query)."""
        return next((page for page in reversed(self.breadcrumbs) if isinstance(page, MagazineIndexPage)), None)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(listings.rubrique_listing(request, self))
        context["feeds"] = self.magazine.rubrique_feeds(self) if self.magazine is not None else []
        return context

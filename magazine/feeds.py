"""RSS 2.0 and Atom feeds of the magazine, a rubrique, a tag or a territory (django.contrib.syndication).
Like the listings, they hold only what `ArticlePage.objects.listed()` shows: live articles under no view
restriction; the feed of a rubrique behind a restriction is a 404."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.translation import gettext as _
from taggit.models import Tag

from core.images import rendition_or_none
from core.pages import public_pages
from core.response_cache import cached_response, response_key
from reference.models import Departement, Region

from . import listings
from .caching import listing_generation
from .models.articles import FEED_RENDITION, ArticlePage

FEED_SIZE = 30
FEED_CACHE_SECONDS = 60 * 60


class MagazineFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index, feed_format: str, scope: str | None, target, ids):
        super().__init__()
        self.index = index
        self.feed_type = Atom1Feed if feed_format == "atom" else Rss201rev2Feed
        self.scope, self.target, self.ids = scope, target, ids

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.target

    def title(self, obj):
        if obj is None:
            return _("Solidaires — le magazine")
        return _("Solidaires — %(name)s") % {"name": getattr(obj, "title", None) or obj.name}

    def link(self, obj):
        return self.index.get_full_url(self.request)

    def description(self, obj):
        return self.index.intro or _("L’actualité de l’économie sociale et solidaire.")

    subtitle = description

    def items(self, obj):
        ids = list(self.ids[:FEED_SIZE])
        articles = listings.load_cards(ids, extra_image_specs=[FEED_RENDITION])
        authors = ArticlePage.authors.through.objects.filter(articlepage_id__in=ids).select_related("author")
        names = {}
        for link in authors:
            names.setdefault(link.articlepage_id, []).append(link.author.name)
        for article in articles:
            article.feed_authors = names.get(article.pk, [])
        return articles

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.publication_date

    def item_updateddate(self, item):
        return item.last_published_at or item.publication_date

    def item_author_name(self, item):
        return ", ".join(item.feed_authors) or None

    def item_categories(self, item):
        return [item.rubrique.title] if item.rubrique_id else []

    def _enclosure(self, item):
        if item.main_image is None:
            return None
        rendition = rendition_or_none(item.main_image, FEED_RENDITION)
        if rendition is None:
            return None
        try:
            length = rendition.file.size
        except (OSError, ValueError):
            return None
        return rendition, length

    def item_enclosures(self, item):
        enclosure = self._enclosure(item)
        if enclosure is None:
            return []
        rendition, length = enclosure
        url = self.request.build_absolute_uri(rendition.url)
        return [Enclosure(url, str(length), "image/jpeg")]


def magazine_feed(request, index, feed_format: str, scope: str | None, slug: str | None):
    """The feed, kept whole in the cache (gzip-compressed) for the listing generation, which every
    save, publication or deletion of an article changes: feed readers polling every few minutes cost a
    cache read. An unknown rubrique, tag or territory is a 404, never cached."""
    key = response_key("magazine-feed", listing_generation(), request.get_host(), index.pk, feed_format, scope, slug)
    return cached_response(
        request, key, lambda: build_feed(request, index, feed_format, scope, slug), FEED_CACHE_SECONDS
    )


def build_feed(request, index, feed_format: str, scope: str | None, slug: str | None):
    articles = ArticlePage.objects.listed()
    target = None
    if scope is None:
        ids = articles.newest_first().ids()
    elif scope == "rubrique":
        # The index's children are its rubriques; one behind a view restriction has no public feed.
        rubriques = public_pages(index.get_children().live(), request)
        target = get_object_or_404(rubriques, slug=listings.clean_slug(slug))
        ids = articles.filter(rubrique_id=target.pk).newest_first().ids()
    elif scope == "etiquette":
        target = get_object_or_404(Tag, slug=listings.clean_slug(slug))
        ids = articles.tagged(target).newest_first().ids()
    elif scope in {"region", "departement"}:
        target = get_object_or_404(Region if scope == "region" else Departement, slug=listings.clean_slug(slug))
        ids = articles.in_territory(scope, target).newest_first().ids()
    else:
        raise Http404
    return MagazineFeed(index, feed_format, scope, target, ids)(request)

"""Article listings (the magazine index, rubriques, and the routes of `magazine.views`), each in a fixed
number of queries.

Pagination: a listing first reads one page of article ids from `magazine_articlepage` alone, along a
composite index whose order is the listing's order (`-publication_date, -page_ptr_id`, partial on
`is_listed`), then loads those ~20 articles with their rubrique, image and renditions. The number of
articles in a listing (for "page N of M") and the ids on each page are kept in the cache, under the
listing generation (`magazine.caching`) that every change readers may see bumps: a page view then costs
no count and no scan, so page 1,000 of a 40,000-article archive (an OFFSET of 20,000 rows the first time)
costs what page 1 does, and a tag page does not sort every article of its tag again.

What lists show is `ArticlePage.objects.listed()`: live articles under no view restriction (`is_listed`).
"""

from django.core.cache import cache
from django.core.paginator import EmptyPage, InvalidPage, Paginator
from django.db.models.query import QuerySet
from django.http import Http404
from django.utils.functional import cached_property

from core.images import prefetch_renditions

from .caching import COUNT_TIMEOUT, cached, listing_generation
from .models.articles import CARD_RENDITIONS, ArticlePage, view_restricted

PER_PAGE = 20
# A listing never shows more than this many pages (1,000 pages of 20 is far more than any listing holds).
MAX_PAGES = 5000
SLUG_MAX_LENGTH = 120


class CachedCountPaginator(Paginator):
    """A paginator over a queryset of article ids whose total is read from the cache when it can be."""

    def __init__(self, object_list, per_page, count_key: str, loader=None, cache_pages=True, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key
        self.loader = loader or load_cards
        self.cache_pages = cache_pages  # False where the caller caches what it makes of a page

    @cached_property
    def count(self):
        key = f"magazine:count:{listing_generation()}:{self.count_key}"
        total = cache.get(key)
        if total is None:
            total = self.object_list.count()
            cache.set(key, total, COUNT_TIMEOUT)
        return total

    def page(self, number):
        """The page, its rows loaded in one query by primary key (their ids, in the listing's order, are
        read once per generation and kept in the cache unless `cache_pages` is off)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list[bottom:top]
        if self.cache_pages:
            key = f"ids:{self.count_key}:{self.per_page}:{number}"
            rows = cached(key, lambda: list(self.object_list[bottom:top]))
        return self._get_page(self.loader(rows), number, self)


def page_number(request) -> int:
    raw = request.GET.get("page", "1")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 6:
        raise Http404
    number = int(raw)
    if not 1 <= number <= MAX_PAGES:
        raise Http404
    return number


def clean_slug(slug: str) -> str:
    if not slug or len(slug) > SLUG_MAX_LENGTH:
        raise Http404
    return slug


def paginate(request, ids_queryset, count_key: str, per_page: int = PER_PAGE) -> dict:
    """`page_obj` (its `object_list` the loaded articles) for the `?page=` of a queryset of ids."""
    number = page_number(request)
    paginator = CachedCountPaginator(ids_queryset, per_page, count_key)
    try:
        page_obj = paginator.page(number)
    except (EmptyPage, InvalidPage) as error:
        raise Http404 from error
    return {"page_obj": page_obj, "articles": page_obj.object_list, "paginator": paginator}


def listed_ids():
    return ArticlePage.objects.listed().newest_first().ids()


def load_cards(ids, extra_image_specs=(), with_renditions=True) -> list:
    """The articles with these ids, with rubrique, main image and card renditions (two queries).

    `ids` is a list (the articles come in its order) or a sliced queryset of ids, used as a subquery
    (the articles come newest first).
    """
    if isinstance(ids, QuerySet):
        articles = list(ArticlePage.objects.filter(pk__in=ids).select_related("rubrique", "main_image").newest_first())
    else:
        if not ids:
            return []
        by_id = ArticlePage.objects.filter(pk__in=ids).select_related("rubrique", "main_image").in_bulk()
        articles = [by_id[pk] for pk in ids if pk in by_id]
    if with_renditions:
        prefetch_renditions([article.main_image for article in articles], [*CARD_RENDITIONS, *extra_image_specs])
    return articles


def rubrique_listing(request, rubrique) -> dict:
    ids = ArticlePage.objects.listed().filter(rubrique=rubrique).newest_first().ids()
    context = paginate(request, ids, f"rubrique:{rubrique.pk}")
    for article in context["articles"]:
        article.rubrique = rubrique
    return context


def magazine_index_context(request, index) -> dict:
    number = page_number(request)
    paginator = CachedCountPaginator(
        listed_ids(), PER_PAGE, "all", loader=lambda ids: load_cards(ids, with_renditions=False)
    )
    try:
        page_obj = paginator.page(number)
    except (EmptyPage, InvalidPage) as error:
        raise Http404 from error
    featured = featured_articles(with_renditions=False) if number == 1 else []
    featured_ids = {article.pk for article in featured}
    articles = [article for article in page_obj.object_list if article.pk not in featured_ids]
    prefetch_renditions([article.main_image for article in [*featured, *articles]], CARD_RENDITIONS)
    return {
        "page_obj": page_obj,
        "paginator": paginator,
        "articles": articles,
        "featured": featured,
        "feeds": index.rubrique_feeds(),
        "press_review_url": index.url + index.reverse_subpage("press_review"),
        "rubriques": cached(f"rubriques:{index.pk}", lambda: rubrique_links(index)),
    }


def rubrique_links(index) -> list[tuple[str, str]]:
    """(title, URL) of the index's live rubriques that need no login or password."""
    rubriques = index.get_children().live().only("id", "title", "slug", "url_path", "path", "depth")
    restricted = view_restricted()
    if restricted:
        rubriques = rubriques.exclude(restricted)
    return [(rubrique.title, rubrique.url) for rubrique in rubriques]


def featured_articles(limit: int = 4, with_renditions=True) -> list:
    """The articles pinned « À la une », in the editors' order, newest first among equals (2 queries)."""
    articles = list(ArticlePage.objects.featured().select_related("rubrique", "main_image")[:limit])
    if with_renditions:
        prefetch_renditions([article.main_image for article in articles], CARD_RENDITIONS)
    return articles

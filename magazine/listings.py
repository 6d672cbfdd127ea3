"""Article listings and the data an article page shows, each in a fixed number of queries.

Pagination: a listing first reads one page of article ids from `magazine_articlepage` alone, along a
composite index whose order is the listing's order (`-publication_date, -page_ptr_id`, partial on
`is_listed`), then loads those ~20 articles with their rubrique, image and renditions. The number of
articles in a listing (for "page N of M") and the ids on each page are kept in the cache, under a
generation number that every save or deletion of an article bumps: a page view then costs no count and
no scan, so page 1,000 of a 40,000-article archive (an OFFSET of 20,000 rows the first time) costs what
page 1 does, and a tag page does not sort every article of its tag again.
"""

from __future__ import annotations

from django.core.cache import cache
from django.core.paginator import EmptyPage, InvalidPage, Paginator
from django.db.models import Exists, F, OuterRef, Q, Subquery, Value
from django.http import Http404
from django.utils.functional import cached_property

from home.cache_versions import bump_version, current_version
from home.images import prefetch_renditions
from home.sharing import share_links

PER_PAGE = 20
# A listing never shows more than this many pages (1,000 pages of 20 is far more than any listing holds).
MAX_PAGES = 5000
COUNT_TIMEOUT = 60 * 60 * 6
GENERATION_KEY = "magazine:listing-generation"

# Renditions used by the templates, fetched in one query per page (see `prefetch_renditions`).
CARD_RENDITIONS = ["fill-320x180|format-webp", "fill-480x270|format-webp", "fill-960x540|format-webp"]
MAIN_IMAGE_RENDITIONS = ["width-480|format-webp", "width-800|format-webp", "width-1200|format-webp", "original"]
FEED_RENDITION = "fill-1200x675|format-jpeg"


def listing_generation() -> int:
    return current_version(GENERATION_KEY)


def listings_changed(**kwargs) -> None:
    """Forget the cached counts, pages and feeds (an article, author, press-review link or view
    restriction was saved, published, unpublished or deleted). Usable as a signal receiver."""
    bump_version(GENERATION_KEY)


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
        return self._get_page(self.load(rows), number, self)

    def load(self, ids):
        return self.loader(ids)


def page_number(request) -> int:
    raw = request.GET.get("page", "1")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 6:
        raise Http404
    number = int(raw)
    if not 1 <= number <= MAX_PAGES:
        raise Http404
    return number


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
    from .models import ArticlePage

    return ArticlePage.objects.listed().newest_first().values_list("pk", flat=True)


def cached(key: str, compute, timeout: int = COUNT_TIMEOUT):
    """A value kept in the cache for the current listing generation (see `listings_changed`)."""
    full_key = f"magazine:{listing_generation()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout)
    return value


def load_cards(ids, extra_image_specs=(), with_renditions=True) -> list:
    """The articles with these ids, with rubrique, main image and card renditions (two queries).

    `ids` is a list (the articles come in its order) or a sliced queryset of ids, used as a subquery
    (the articles come newest first).
    """
    from django.db.models.query import QuerySet

    from .models import ArticlePage

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
    from .models import ArticlePage

    ids = ArticlePage.objects.listed().filter(rubrique=rubrique).newest_first().values_list("pk", flat=True)
    context = paginate(request, ids, f"rubrique:{rubrique.pk}")
    for article in context["articles"]:
        article.rubrique = rubrique
    context["feeds"] = rubrique_feeds(magazine_of(rubrique), rubrique)
    return context


def rubrique_feeds(magazine, rubrique) -> list[dict]:
    """The rubrique's feeds then the whole magazine's, for `<link rel="alternate">`."""
    from django.utils.translation import gettext as _

    from .views import feed_links

    if magazine is None:
        return []
    feeds = []
    if rubrique is not None:
        feeds += feed_links(magazine, "rubrique", rubrique.slug, _("Rubrique %(name)s") % {"name": rubrique.title})
    return feeds + feed_links(magazine, None, None, _("Le magazine"))


def magazine_index_context(request, index) -> dict:
    from django.utils.translation import gettext as _

    from .views import feed_links

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
        "feeds": feed_links(index, None, None, _("Le magazine")),
        "press_review_url": index.url + index.reverse_subpage("press_review"),
        "rubriques": cached(f"rubriques:{index.pk}", lambda: rubrique_links(index)),
    }


def rubrique_links(index) -> list[tuple[str, str]]:
    """(title, URL) of the index's live rubriques that need no login or password."""
    from wagtail.models import PageViewRestriction

    rubriques = index.get_children().live().only("id", "title", "slug", "url_path", "path", "depth")
    restricted = PageViewRestriction.objects.values_list("page__path", flat=True)
    return [
        (rubrique.title, rubrique.url)
        for rubrique in rubriques
        if not any(rubrique.path.startswith(path) for path in restricted)
    ]


def featured_articles(limit: int = 4, with_renditions=True) -> list:
    """The articles pinned « À la une », in the editors' order, newest first among equals (2 queries)."""
    from .models import ArticlePage

    articles = list(
        ArticlePage.objects.listed()
        .filter(is_featured=True)
        .select_related("rubrique", "main_image")
        .order_by("featured_order", "-publication_date", "-page_ptr_id")[:limit]
    )
    if with_renditions:
        prefetch_renditions([article.main_image for article in articles], CARD_RENDITIONS)
    return articles


def article_context(request, article) -> dict:
    """Everything an article shows around its body, in three queries (terms, cards, renditions)."""
    taxonomy = cached(f"terms:{article.pk}", lambda: article_taxonomy(article))
    article._author_names = [term.name for term in taxonomy["author"]]
    related, neighbours, own = article_cards(article)
    if own is not None:
        article.rubrique = own.rubrique
        article.source_organisation = own.source_organisation
        if own.main_image is not None:
            article.main_image = own.main_image  # with its renditions, read with the cards'
    magazine = magazine_of(article)
    return {
        "magazine_url": magazine.url if magazine is not None else "/",
        "feeds": rubrique_feeds(magazine, article.rubrique if article.rubrique_id else None),
        "share_links": share_links(article.title, article.get_full_url(request)),
        "article_json_ld": article_json_ld(request, article, taxonomy["author"]),
        "authors": taxonomy["author"],
        "tags": taxonomy["tag"],
        "regions": taxonomy["region"],
        "departements": taxonomy["departement"],
        "sectors": taxonomy["sector"],
        "related_articles": related,
        "rubrique_articles": neighbours,
    }


RELATED_COUNT = 4
NEIGHBOUR_COUNT = 4


def shared_terms(article) -> Q:
    """Articles sharing a tag, a région or a département with this one (as subqueries)."""
    from .models import ArticlePage, ArticleTag

    regions = ArticlePage.regions.through.objects
    departements = ArticlePage.departements.through.objects
    return (
        Q(
            pk__in=ArticleTag.objects.filter(
                tag_id__in=ArticleTag.objects.filter(content_object_id=article.pk).values("tag_id")
            ).values("content_object_id")
        )
        | Q(
            pk__in=regions.filter(region_id__in=regions.filter(articlepage_id=article.pk).values("region_id")).values(
                "articlepage_id"
            )
        )
        | Q(
            pk__in=departements.filter(
                departement_id__in=departements.filter(articlepage_id=article.pk).values("departement_id")
            ).values("articlepage_id")
        )
    )


def around_ids(article) -> tuple[list[int], list[int]]:
    """(related ids, other ids of the rubrique) for an article: editors' picks first, in their order,
    then the newest articles sharing a tag or territory (read along the listing index, which stops at
    the fourth match), then the newest other articles of the rubrique."""
    from .models import ArticlePage, RelatedArticle

    related = list(
        RelatedArticle.objects.filter(page_id=article.pk, article__is_listed=True)
        .order_by("sort_order")
        .values_list("article_id", flat=True)[:RELATED_COUNT]
    )
    if len(related) < RELATED_COUNT:
        related += list(
            ArticlePage.objects.listed()
            .exclude(pk__in=[article.pk, *related])
            .filter(shared_terms(article))
            .newest_first()
            .values_list("pk", flat=True)[: RELATED_COUNT - len(related)]
        )
    neighbours = []
    if article.rubrique_id is not None:
        neighbours = list(
            ArticlePage.objects.listed()
            .filter(rubrique_id=article.rubrique_id)
            .exclude(pk__in=[article.pk, *related])
            .newest_first()
            .values_list("pk", flat=True)[:NEIGHBOUR_COUNT]
        )
    return related, neighbours


def article_cards(article):
    """(related articles, other articles of the rubrique, the article itself): their ids are cached for
    the listing generation; the articles are read in one query by primary key, their renditions in one."""
    from .models import ArticlePage

    related_ids, neighbour_ids = cached(f"around:{article.pk}", lambda: around_ids(article))
    by_id = (
        ArticlePage.objects.filter(pk__in=[article.pk, *related_ids, *neighbour_ids])
        .select_related("rubrique", "main_image", "source_organisation")
        .in_bulk()
    )
    cards = list(by_id.values())
    prefetch_renditions([card.main_image for card in cards], [*CARD_RENDITIONS, *MAIN_IMAGE_RENDITIONS])
    related = [by_id[pk] for pk in related_ids if pk in by_id and by_id[pk].is_listed]
    neighbours = [by_id[pk] for pk in neighbour_ids if pk in by_id and by_id[pk].is_listed]
    return related, neighbours, by_id.get(article.pk)


class Term:
    """A name and slug an article is filed under (an author, a tag, a territory or a sector)."""

    def __init__(self, kind: str, pk: int, name: str, slug: str):
        self.kind, self.pk, self.name, self.slug = kind, pk, name, slug

    def __repr__(self):
        return f"<Term {self.kind} {self.slug}>"


def article_taxonomy(article) -> dict[str, list[Term]]:
    """The article's authors, tags, régions, départements and sectors, read in one UNION query."""
    from reference.models import Departement, Region, Sector

    from .models import ArticlePage, ArticleTag, Author

    def terms(queryset, kind, name_field, order):
        return (
            queryset.order_by()
            .annotate(term_kind=Value(kind), term_name=F(name_field), term_order=order)
            .values_list("term_kind", "pk", "term_name", "slug", "term_order")
        )

    authors_through = ArticlePage.authors.through
    regions_through = ArticlePage.regions.through
    departements_through = ArticlePage.departements.through
    sectors_through = ArticlePage.sectors.through
    order = Value(0)
    author_order = Subquery(
        authors_through.objects.filter(articlepage_id=article.pk, author_id=OuterRef("pk")).values("id")[:1]
    )
    from taggit.models import Tag

    query = terms(Author.objects.filter(articles=article.pk), "author", "name", author_order).union(
        terms(
            Tag.objects.filter(Exists(ArticleTag.objects.filter(content_object_id=article.pk, tag_id=OuterRef("pk")))),
            "tag",
            "name",
            order,
        ),
        terms(
            Region.objects.filter(pk__in=regions_through.objects.filter(articlepage_id=article.pk).values("region_id")),
            "region",
            "name",
            order,
        ),
        terms(
            Departement.objects.filter(
                pk__in=departements_through.objects.filter(articlepage_id=article.pk).values("departement_id")
            ),
            "departement",
            "name",
            order,
        ),
        terms(
            Sector.objects.filter(pk__in=sectors_through.objects.filter(articlepage_id=article.pk).values("sector_id")),
            "sector",
            "label",
            order,
        ),
        all=True,
    )
    result = {"author": [], "tag": [], "region": [], "departement": [], "sector": []}
    for kind, pk, name, slug, _position in sorted(query, key=lambda row: (row[0], row[4] or 0, row[2])):
        result[kind].append(Term(kind, pk, name, slug))
    return result


def magazine_of(page):
    """The MagazineIndexPage above a rubrique or an article, from its breadcrumbs (no query)."""
    from .models import MagazineIndexPage

    for ancestor in page.breadcrumbs:
        if isinstance(ancestor, MagazineIndexPage):
            return ancestor
    return None


def article_json_ld(request, article, authors) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.lead,
        "datePublished": article.publication_date.isoformat(),
        "dateModified": (article.last_published_at or article.publication_date).isoformat(),
        "mainEntityOfPage": article.get_full_url(request),
        "url": article.get_full_url(request),
        "inLanguage": "fr-FR",
        "publisher": {"@type": "Organization", "name": article.get_site().site_name or "Solidaires"},
    }
    if authors:
        data["author"] = [{"@type": "Person", "name": author.name} for author in authors]
    else:
        data["author"] = {"@type": "Organization", "name": data["publisher"]["name"]}
    if article.rubrique is not None:
        data["articleSection"] = article.rubrique.title
    if article.main_image is not None:
        data["image"] = [request.build_absolute_uri(article.main_image.get_rendition("original").url)]
    return data

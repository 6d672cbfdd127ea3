"""Listings and feeds served by the routes of `MagazineIndexPage`: unknown names and dates are 404s."""

from __future__ import annotations

import datetime
import hashlib

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from taggit.models import Tag
from wagtail.models import Site

from reference.models import Departement, Region

from . import listings

SLUG_MAX_LENGTH = 120


def clean_slug(slug: str) -> str:
    if not slug or len(slug) > SLUG_MAX_LENGTH:
        raise Http404
    return slug


def describe_listing(request, index, title: str, description: str = "") -> None:
    """Give the (per-request) index page the listing's title, description and canonical address, which
    wagtail-seo prints in the head (`<title>`, canonical link, Open Graph)."""
    request._magazine_listing = True
    site = Site.find_for_request(request)  # Wagtail keeps it on the request: no query
    index.seo_title = f"{title} — {getattr(site, 'site_name', '') or 'Solidaires'}"
    index.search_description = description or title
    number = request.GET.get("page", "1")
    index.canonical_url = request.build_absolute_uri(request.path) + (f"?page={number}" if number != "1" else "")


def render_listing(request, index, *, title, context_key, ids, intro="", feeds=None, extra=None):
    describe_listing(request, index, title, intro)
    context = listings.paginate(request, ids, context_key)
    context.update(
        {
            "listing_title": title,
            "listing_intro": intro,
            "feeds": feeds or [],
            "listing_breadcrumbs": [*index.breadcrumbs, index],
        }
    )
    if extra:
        context.update(extra)
    return index.render(request, context_overrides=context, template="magazine/listing.html")


def feed_links(index, scope: str | None, slug: str | None, label: str) -> list[dict]:
    """The RSS and Atom links a listing advertises in its head and shows in its text."""
    links = []
    for feed_format, mime in (("rss", "application/rss+xml"), ("atom", "application/atom+xml")):
        if scope:
            url = index.url + index.reverse_subpage("scoped_feed", args=(scope, slug, feed_format))
        else:
            url = index.url + index.reverse_subpage("feed", args=(feed_format,))
        links.append({"url": url, "type": mime, "title": f"{label} ({feed_format.upper()})", "format": feed_format})
    return links


def cached_lookup(model, slug: str):
    """The tag, territory or author with this slug (404 if none), kept in the cache for the
    listings' generation: listing pages then cost no lookup query."""
    clean_slug(slug)
    key = f"{model._meta.label_lower}:{hashlib.sha256(slug.encode()).hexdigest()[:32]}"
    found = listings.cached(key, lambda: model.objects.filter(slug=slug).first() or False)
    if not found:
        raise Http404
    return found


def tag_listing(request, index, slug):
    from .models import ArticlePage

    tag = cached_lookup(Tag, slug)
    ids = ArticlePage.objects.listed().filter(tagged_items__tag_id=tag.pk).newest_first().values_list("pk", flat=True)
    label = _("Articles étiquetés « %(tag)s »") % {"tag": tag.name}
    return render_listing(
        request,
        index,
        title=label,
        context_key=f"tag:{tag.pk}",
        ids=ids,
        feeds=feed_links(index, "etiquette", tag.slug, label),
    )


def territory_articles(kind: str, territory):
    """Ids of the listed articles filed under a région (or one of its départements) or a département."""
    from .models import ArticlePage

    articles = ArticlePage.objects.listed()
    if kind == "region":
        regions = ArticlePage.regions.through.objects.filter(region_id=territory.pk).values("articlepage_id")
        departements = ArticlePage.departements.through.objects.filter(departement__region_id=territory.pk).values(
            "articlepage_id"
        )
        articles = articles.filter(Q(pk__in=regions) | Q(pk__in=departements))
    else:
        through = ArticlePage.departements.through.objects.filter(departement_id=territory.pk)
        articles = articles.filter(pk__in=through.values("articlepage_id"))
    return articles.newest_first().values_list("pk", flat=True)


def get_territory(kind: str, slug: str):
    return cached_lookup(Region if kind == "region" else Departement, slug)


def territory_listing(request, index, kind, slug):
    territory = get_territory(kind, slug)
    if kind == "region":
        label = _("Articles en région %(name)s") % {"name": territory.name}
    else:
        label = _("Articles du département %(name)s (%(code)s)") % {"name": territory.name, "code": territory.code}
    return render_listing(
        request,
        index,
        title=label,
        context_key=f"{kind}:{territory.pk}",
        ids=territory_articles(kind, territory),
        feeds=feed_links(index, kind, territory.slug, label),
    )


def author_listing(request, index, slug):
    from .models import ArticlePage, Author

    author = cached_lookup(Author, slug)
    ids = ArticlePage.objects.listed().filter(authors=author).newest_first().values_list("pk", flat=True)
    return render_listing(
        request,
        index,
        title=_("Articles de %(name)s") % {"name": author.name},
        intro=author.bio,
        context_key=f"author:{author.pk}",
        ids=ids,
        extra={"author": author},
    )


def month_bounds(year: int, month: int) -> tuple[datetime.datetime, datetime.datetime]:
    if not (1 <= month <= 12 and 1900 <= year <= 2999):
        raise Http404
    zone = timezone.get_current_timezone()
    start = datetime.datetime(year, month, 1, tzinfo=zone)
    end = datetime.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=zone)
    return start, end


def month_archive(request, index, year: int, month: int):
    from django.utils.formats import date_format

    from .models import ArticlePage

    start, end = month_bounds(year, month)
    ids = (
        ArticlePage.objects.listed()
        .filter(publication_date__gte=start, publication_date__lt=end)
        .newest_first()
        .values_list("pk", flat=True)
    )
    label = _("Articles publiés en %(month)s") % {"month": date_format(start, "F Y")}
    return render_listing(request, index, title=label, context_key=f"month:{year}-{month}", ids=ids)


def press_review(request, index):
    from django.core.paginator import EmptyPage

    from .models import PressReviewLink

    number = listings.page_number(request)
    describe_listing(request, index, _("Revue de presse"), _("Ce que les autres médias ont publié sur l’ESS."))
    paginator = listings.CachedCountPaginator(PressReviewLink.objects.all(), 30, "press-review", loader=list)
    try:
        page_obj = paginator.page(number)
    except EmptyPage as error:
        raise Http404 from error
    return index.render(
        request,
        context_overrides={
            "page_obj": page_obj,
            "links": page_obj.object_list,
            "listing_title": _("Revue de presse"),
            "listing_breadcrumbs": [*index.breadcrumbs, index],
        },
        template="magazine/press_review.html",
    )


def feed(request, index, feed_format: str, scope: str | None, slug: str | None):
    from .feeds import magazine_feed

    request._magazine_listing = True
    return magazine_feed(request, index, feed_format, scope, slug)

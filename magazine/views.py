"""Listings served by the routes of `MagazineIndexPage` (tag, territory, author, month, revue de presse):
unknown names and dates are 404s. Feeds are in `magazine.feeds`."""

import datetime
import hashlib

from django.core.paginator import EmptyPage
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from taggit.models import Tag
from wagtail.models import Site

from reference.models import Departement, Region

from . import listings
from .caching import cached
from .models.articles import ArticlePage
from .models.snippets import Author, PressReviewLink


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


def cached_lookup(model, slug: str):
    """The tag, territory or author with this slug (404 if none), kept in the cache for the
    listings' generation: listing pages then cost no lookup query."""
    listings.clean_slug(slug)
    key = f"{model._meta.label_lower}:{hashlib.sha256(slug.encode()).hexdigest()[:32]}"
    found = cached(key, lambda: model.objects.filter(slug=slug).first() or False)
    if not found:
        raise Http404
    return found


def tag_listing(request, index, slug):
    tag = cached_lookup(Tag, slug)
    label = _("Articles étiquetés « %(tag)s »") % {"tag": tag.name}
    return render_listing(
        request,
        index,
        title=label,
        context_key=f"tag:{tag.pk}",
        ids=ArticlePage.objects.listed().tagged(tag).newest_first().ids(),
        feeds=index.feed_links("etiquette", tag.slug, label),
    )


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
        ids=ArticlePage.objects.listed().in_territory(kind, territory).newest_first().ids(),
        feeds=index.feed_links(kind, territory.slug, label),
    )


def author_listing(request, index, slug):
    author = cached_lookup(Author, slug)
    return render_listing(
        request,
        index,
        title=_("Articles de %(name)s") % {"name": author.name},
        intro=author.bio,
        context_key=f"author:{author.pk}",
        ids=ArticlePage.objects.listed().by_author(author).newest_first().ids(),
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
    start, end = month_bounds(year, month)
    ids = ArticlePage.objects.listed().filter(publication_date__gte=start, publication_date__lt=end)
    label = _("Articles publiés en %(month)s") % {"month": date_format(start, "F Y")}
    return render_listing(
        request, index, title=label, context_key=f"month:{year}-{month}", ids=ids.newest_first().ids()
    )


def press_review(request, index):
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

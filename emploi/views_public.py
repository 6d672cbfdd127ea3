"""What the routes of `OffersIndexPage` put in their templates: the listing and its facets, an offer,
the application form. Thin: filtering is `emploi.filters`, the structured data `emploi.jsonld`."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import throttling
from core.emails import send_email
from core.images import rendition_or_none
from core.sharing import share_links

from . import filters, forms, jsonld, listings, notifications
from .models.offers import ApplyMode, JobOffer, OfferApplication

# Applications per IP address (settings.RATE_LIMITS): only those sent count.
APPLICATION_SCOPE = "emploi.application"
SIMILAR_CACHE_SECONDS = 600


@dataclass
class Choice:
    key: str
    label: str
    count: int
    selected: bool


@dataclass
class ResultsPage:
    """A page of results, with what components/pagination.html needs."""

    number: int
    num_pages: int
    total: int

    @property
    def paginator(self):
        return self

    def has_other_pages(self):
        return self.num_pages > 1

    def has_previous(self):
        return self.number > 1

    def has_next(self):
        return self.number < self.num_pages

    def previous_page_number(self):
        return self.number - 1

    def next_page_number(self):
        return self.number + 1


def facet_choices(options, counts: "filters.FacetCounts", offer_filters: "filters.OfferFilters") -> dict:
    selected = {
        "contrat": set(offer_filters.contracts),
        "metier": set(offer_filters.functions),
        "secteur": set(offer_filters.sectors),
        "region": {offer_filters.region},
        "departement": {offer_filters.departement},
    }
    choices = {}
    for name, (kind, _column) in filters.FACETS.items():
        items = [
            Choice(option.key, option.label, counts.count(kind, option.id), option.key in selected[name])
            for option in options.options(kind)
        ]
        # Options nobody posted for are left out, unless chosen; selects list every territory.
        if name in ("contrat", "metier", "secteur"):
            items = [item for item in items if item.count or item.selected]
        choices[name] = items
    return choices


def listing_page(offer_filters: "filters.OfferFilters", options) -> tuple:
    """(facet counts, page number, offers of the page) for a filter set. The counts (five GROUP BY over
    the open offers) and the page's ids are kept in the cache per filter set until an offer changes (see
    `listings.listing_cache_key`); the page's offers are then read by primary key, in one query."""
    base = JobOffer.objects.listed()
    selector = offer_filters.cache_key()
    counts = cache.get_or_set(
        listings.listing_cache_key("facets", selector),
        lambda: filters.facet_counts(base, offer_filters, options),
        listings.LISTING_CACHE_SECONDS,
    )
    num_pages = max(1, -(-counts.total // filters.PER_PAGE))
    number = min(offer_filters.page, num_pages)
    if not counts.total:
        return counts, number, []
    start = (number - 1) * filters.PER_PAGE

    def page_ids():
        # Built only when the page's ids are not cached: the filtered query (a radius's distance
        # expressions above all) costs more CPU to put together than the cache read it is spared by.
        rows = listings.listing_rows(offer_filters.apply(base, options))
        return list(rows.values_list("pk", flat=True)[start : start + filters.PER_PAGE])

    ids = cache.get_or_set(
        listings.listing_cache_key("page", selector, number), page_ids, listings.LISTING_CACHE_SECONDS
    )
    return counts, number, list(listings.listing_rows(base.filter(pk__in=ids))) if ids else []


def listing_context(page, request) -> dict:
    options = filters.load_options()
    offer_filters = filters.OfferFilterForm(request.GET, options).offer_filters()
    counts, number, offers = listing_page(offer_filters, options)
    num_pages = max(1, -(-counts.total // filters.PER_PAGE))
    query_string = offer_filters.query_string()
    feed_suffix = f"?{query_string}" if query_string else ""
    return {
        "filters": offer_filters,
        "choices": facet_choices(options, counts, offer_filters),
        "radius_choices": filters.RADIUS_CHOICES,
        "since_choices": filters.SINCE_CHOICES.items(),
        "offers": offers,
        "total": counts.total,
        "page_obj": ResultsPage(number=number, num_pages=num_pages, total=counts.total),
        "query_string": query_string,
        "rss_url": page.url + page.reverse_subpage("rss") + feed_suffix,
        "atom_url": page.url + page.reverse_subpage("atom") + feed_suffix,
        "offer_base_url": page.url,
        "filter_notices": list(dict.fromkeys(str(notice) for notice in offer_filters.notices)),
    }


def similar_offers(offer, limit: int = 4) -> list:
    """Open offers sharing the function, the sector or the département, the closest first (one query,
    cached until an offer changes or the day ends)."""
    key = listings.listing_cache_key("similar", offer.pk, limit)
    offers = cache.get(key)
    if offers is None:
        offers = list(
            listings.listing_rows()
            .exclude(pk=offer.pk)
            .filter(_similarity_filter(offer))
            .alias(score=filters.similarity_order(offer))
            .order_by("-score", "-published_at", "-id")[:limit]
        )
        cache.set(key, offers, SIMILAR_CACHE_SECONDS)
    return offers


def _similarity_filter(offer):
    condition = Q(function_id=offer.function_id) | Q(sector_id=offer.sector_id)
    if offer.departement_id:
        condition |= Q(departement_id=offer.departement_id)
    return condition


def offer_logo(offer):
    """The organisation's logo rendition (one query), or None."""
    return rendition_or_none(offer.organisation.logo, "max-320x320|format-png")


def offer_context(page, request, offer, form=None) -> dict:
    url = page.offer_url(offer, request)
    page._offer_seo = {
        "title": f"{offer.title} – {offer.organisation.name}",
        "description": gettext("%(contract)s · %(place)s · %(organisation)s")
        % {
            "contract": offer.contract_type.label,
            "place": offer.location_label,
            "organisation": offer.organisation.name,
        },
        "canonical": url,
    }
    logo = offer_logo(offer)
    breadcrumb_json_ld = page.breadcrumb_json_ld(request)
    items = breadcrumb_json_ld["itemListElement"]
    items.append({"@type": "ListItem", "position": len(items) + 1, "name": offer.title, "item": url})
    return {
        "offer_crumbs": [*page.breadcrumbs, page],
        "breadcrumb_json_ld": breadcrumb_json_ld,
        "offer": offer,
        "offer_url": url,
        "logo": logo,
        "similar_offers": similar_offers(offer),
        "share_links": share_links(offer.title, url),
        "job_posting_json_ld": jsonld.job_posting(offer, url, request, logo=logo),
        "apply_form": form
        or (forms.ApplicationForm() if offer.is_open and offer.apply_mode == ApplyMode.SITE else None),
        "apply_path": page.offer_path(offer) + "postuler/",
        "offer_base_url": page.url,
        "rss_url": page.url + page.reverse_subpage("rss"),
        "atom_url": page.url + page.reverse_subpage("atom"),
    }


def organisation_recipients(offer) -> list[str]:
    """The organisation's contact address (never shown), else its recruiters'."""
    if offer.organisation.email:
        return [offer.organisation.email]
    return notifications.recruiter_emails(offer)


def apply_view(page, request, offer):
    """The application form of an offer applied to on the site: saves the application, relays it by email."""
    if not (offer.is_open and offer.apply_mode == ApplyMode.SITE):
        return redirect(page.offer_path(offer))
    if request.method != "POST":
        return redirect(page.offer_path(offer) + "#candidater")
    form = forms.ApplicationForm(request.POST)
    if form.is_valid() and throttling.is_limited(APPLICATION_SCOPE, throttling.client_ip(request)):
        form.add_error(None, _("Trop de candidatures envoyées depuis cette connexion : réessayez dans une heure."))
    if not form.is_valid():
        context = offer_context(page, request, offer, form=form)
        return page.render(request, context_overrides=context, template="emploi/public/offer_page.html")
    with transaction.atomic():
        application = OfferApplication.objects.create(
            offer=offer,
            applicant=request.user if request.user.is_authenticated else None,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            message=form.cleaned_data["message"],
        )
        recipients = organisation_recipients(offer)
        if recipients:
            text = render_to_string(
                "emploi/public/application_email.txt",
                {"offer": offer, "application": application, "offer_url": page.offer_url(offer, request)},
            )
            send_email(
                to=recipients,
                subject=gettext("Candidature : %(title)s") % {"title": offer.title},
                text=text,
                headers={"Reply-To": application.email},
            )
    throttling.hit(APPLICATION_SCOPE, throttling.client_ip(request))
    messages.success(request, gettext("Votre candidature a été transmise à la structure. Bonne chance !"))
    return redirect(page.offer_path(offer))

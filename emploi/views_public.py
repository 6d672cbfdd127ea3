"""What the routes of `OffersIndexPage` put in their templates: the listing and its facets, an offer,
the application form. Thin: filtering is `emploi.filters`, the structured data `emploi.jsonld`."""

import logging
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from home.emails import send_email
from home.forms import HoneypotMixin
from home.sharing import share_links
from home.throttling import client_ip, count_hit, rate_key

from . import services
from .filters import (
    FACETS,
    PER_PAGE,
    RADIUS_CHOICES,
    SINCE_CHOICES,
    FacetCounts,
    OfferFilters,
    facet_counts,
    load_options,
    similarity_order,
)
from .jsonld import job_posting
from .models import ApplyMode, JobOffer, OfferApplication, listing_cache_key, listing_rows
from .models.public import LISTING_CACHE_SECONDS

logger = logging.getLogger(__name__)

APPLICATIONS_PER_HOUR = 5
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


def facet_choices(options, counts: FacetCounts, filters: OfferFilters) -> dict[str, list[Choice]]:
    selected = {
        "contrat": set(filters.contracts),
        "metier": set(filters.functions),
        "secteur": set(filters.sectors),
        "region": {filters.region},
        "departement": {filters.departement},
    }
    choices = {}
    for name, (kind, _column) in FACETS.items():
        items = [
            Choice(option.key, option.label, counts.count(kind, option.id), option.key in selected[name])
            for option in options.options(kind)
        ]
        # Options nobody posted for are left out, unless chosen; selects list every territory.
        if name in ("contrat", "metier", "secteur"):
            items = [item for item in items if item.count or item.selected]
        choices[name] = items
    return choices


def listing_page(filters: OfferFilters, options) -> tuple[FacetCounts, int, list]:
    """(facet counts, page number, offers of the page) for a filter set. The counts (five GROUP BY over
    the open offers) and the page's ids are kept in the cache per filter set until an offer changes (see
    `listing_cache_key`); the page's offers are then read by primary key, in one query."""
    base = JobOffer.objects.listed()
    selector = filters.cache_key()
    counts = cache.get_or_set(
        listing_cache_key("facets", selector), lambda: facet_counts(base, filters, options), LISTING_CACHE_SECONDS
    )
    num_pages = max(1, -(-counts.total // PER_PAGE))
    number = min(filters.page, num_pages)
    if not counts.total:
        return counts, number, []
    start = (number - 1) * PER_PAGE
    ids = cache.get_or_set(
        listing_cache_key("page", selector, number),
        lambda: list(listing_rows(filters.apply(base, options)).values_list("pk", flat=True)[start : start + PER_PAGE]),
        LISTING_CACHE_SECONDS,
    )
    return counts, number, list(listing_rows(base.filter(pk__in=ids))) if ids else []


def listing_context(page, request) -> dict:
    options = load_options()
    filters = OfferFilters.from_query(request.GET, options)
    counts, number, offers = listing_page(filters, options)
    num_pages = max(1, -(-counts.total // PER_PAGE))
    query_string = filters.query_string()
    feed_suffix = f"?{query_string}" if query_string else ""
    return {
        "filters": filters,
        "choices": facet_choices(options, counts, filters),
        "radius_choices": RADIUS_CHOICES,
        "since_choices": SINCE_CHOICES.items(),
        "offers": offers,
        "total": counts.total,
        "page_obj": ResultsPage(number=number, num_pages=num_pages, total=counts.total),
        "query_string": query_string,
        "rss_url": page.url + page.reverse_subpage("rss") + feed_suffix,
        "atom_url": page.url + page.reverse_subpage("atom") + feed_suffix,
        "offer_base_url": page.url,
        "filter_notices": list(dict.fromkeys(str(notice) for notice in filters.notices)),
    }


def similar_offers(offer, limit: int = 4) -> list:
    """Open offers sharing the function, the sector or the département, the closest first (one query,
    cached until an offer changes or the day ends)."""
    key = listing_cache_key("similar", offer.pk, limit)
    offers = cache.get(key)
    if offers is None:
        offers = list(
            listing_rows()
            .exclude(pk=offer.pk)
            .filter(_similarity_filter(offer))
            .alias(score=similarity_order(offer))
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
    logo = offer.organisation.logo
    if logo is None:
        return None
    try:
        return logo.get_rendition("max-320x320|format-png")
    except Exception:  # a missing or broken file must not take the offer page down
        logger.warning("Logo rendition failed for organisation %s", offer.organisation_id, exc_info=True)
        return None


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
        "job_posting_json_ld": job_posting(offer, url, request, logo=logo),
        "apply_form": form or (ApplicationForm() if offer.is_open and offer.apply_mode == ApplyMode.SITE else None),
        "apply_path": page.offer_path(offer) + "postuler/",
        "offer_base_url": page.url,
        "rss_url": page.url + page.reverse_subpage("rss"),
        "atom_url": page.url + page.reverse_subpage("atom"),
    }


class ApplicationForm(HoneypotMixin, forms.Form):
    name = forms.CharField(label=_("Vos prénom et nom"), max_length=150)
    email = forms.EmailField(
        label=_("Votre adresse électronique"),
        help_text=_("La structure vous répondra à cette adresse."),
    )
    message = forms.CharField(
        label=_("Votre message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        help_text=_("Présentez-vous et dites pourquoi ce poste vous intéresse (5 000 caractères au plus)."),
    )


def rate_limited(request) -> bool:
    return count_hit(rate_key("emploi:apply", client_ip(request)), 3600) > APPLICATIONS_PER_HOUR


def organisation_recipients(offer) -> list[str]:
    """The organisation's contact address (never shown), else its recruiters'."""
    if offer.organisation.email:
        return [offer.organisation.email]
    return services.recruiter_emails(offer)


def apply_view(page, request, offer):
    """The application form of an offer applied to on the site: saves the application, relays it by email."""
    if not (offer.is_open and offer.apply_mode == ApplyMode.SITE):
        return redirect(page.offer_path(offer))
    if request.method != "POST":
        return redirect(page.offer_path(offer) + "#candidater")
    form = ApplicationForm(request.POST)
    if form.is_valid() and rate_limited(request):
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
    messages.success(request, gettext("Votre candidature a été transmise à la structure. Bonne chance !"))
    return redirect(page.offer_path(offer))

"""What partners get for their saved filter: a JSON Feed 1.1 document and the iframe page.

JSON Feed 1.1 (https://jsonfeed.org/version/1.1): each item has `id`, `url`, `title`, `content_html`,
`summary`, `date_published`, `date_modified`, `authors` (the organisation) and `tags`, plus a
`_solidaires` extension object: `organisation`, `contract_type` {slug, label}, `function`, `sector`,
`location` {commune, insee_code, departement, region, full_remote}, `closing_date` (ISO date),
`salary` {min, max, period} or null, `apply_on_site`.
"""

from django.utils.translation import gettext
from wagtail.rich_text import expand_db_html

from . import filters, listings
from .models.offers import JobOffer


def partner_filters(partner) -> "filters.OfferFilters":
    """The partner's saved filter as the listing's `OfferFilters` (2-3 queries for the vocabularies chosen)."""
    offer_filters = filters.OfferFilters(
        keywords=partner.keywords,
        contracts=[item.slug for item in partner.contract_types.all()],
        functions=[item.slug for item in partner.functions.all()],
        sectors=[item.slug for item in partner.sectors.all()],
        region=partner.region.code if partner.region_id else "",
        departement=partner.departement.code if partner.departement_id else "",
        full_remote=partner.full_remote_only,
    )
    if partner.commune_id and partner.commune.latitude is not None:
        offer_filters.commune = partner.commune
        offer_filters.radius_km = partner.radius_km or 30
    return offer_filters


def partner_offers(partner, *, with_details: bool = False) -> list[JobOffer]:
    queryset = partner_filters(partner).apply(JobOffer.objects.listed())
    rows = listings.listing_rows(queryset)
    if with_details:
        rows = rows.select_related("function", "sector", "departement", "region")
    return list(rows[: partner.items_count])


def json_feed(index_page, request, partner) -> dict:
    base = index_page.get_full_url(request)
    endpoints = partner.endpoints(index_page, request)
    items = []
    for offer in partner_offers(partner, with_details=True):
        url = index_page.offer_url(offer, request)
        salary = None
        if offer.has_salary:
            salary = {"min": offer.salary_min, "max": offer.salary_max, "period": offer.salary_period}
        items.append(
            {
                "id": url,
                "url": url,
                "title": offer.title,
                "content_html": expand_db_html(offer.description),
                "summary": f"{offer.contract_type.label} · {offer.location_label} · {offer.organisation.name}",
                "date_published": offer.published_at.isoformat() if offer.published_at else None,
                "date_modified": offer.updated_at.isoformat(),
                "authors": [{"name": offer.organisation.name}],
                "tags": [offer.contract_type.label, offer.function.label, offer.sector.label],
                "_solidaires": {
                    "organisation": offer.organisation.name,
                    "contract_type": {"slug": offer.contract_type.slug, "label": offer.contract_type.label},
                    "function": {"slug": offer.function.slug, "label": offer.function.label},
                    "sector": {"slug": offer.sector.slug, "label": offer.sector.label},
                    "location": {
                        "full_remote": offer.full_remote,
                        "commune": offer.commune.name if offer.commune_id else None,
                        "insee_code": offer.commune.code if offer.commune_id else None,
                        "departement": offer.departement.code if offer.departement_id else None,
                        "region": offer.region.name if offer.region_id else None,
                    },
                    "closing_date": offer.closing_date.isoformat(),
                    "salary": salary,
                    "apply_on_site": offer.apply_mode == "site",
                },
            }
        )
    return {
        "version": "https://jsonfeed.org/version/1.1",
        "title": gettext("Offres d’emploi de l’ESS pour %(partner)s – Solidaires") % {"partner": partner.name},
        "home_page_url": base,
        "feed_url": endpoints["json"],
        "language": "fr",
        "items": items,
    }


def widget_context(index_page, request, partner) -> dict:
    return {
        "partner": partner,
        "offers": partner_offers(partner),
        "offer_base_url": index_page.get_full_url(request),
        "index_url": index_page.get_full_url(request),
    }

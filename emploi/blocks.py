"""StreamField blocks showing offers in any page: one chosen offer, or a live list of the latest ones.

Both follow the public rule: an offer that is no longer visible (`JobOffer.objects.visible()`) renders
nothing, and the live list shows listed offers only; and both render nothing while the job board page
is not public (unpublished, or behind a view restriction), as the feeds and the sitemap do. Offers are
fetched in bulk (one query for all the offer blocks of a page); the live list is cached, keyed by its
filters (`listing_cache_key`: the offers' version, which changes whenever an offer is saved, and the day).
"""

from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from reference.models import ContractType, Departement, Region, Sector

from . import filters, listings
from .models.offers import JobOffer
from .models.pages import OffersIndexPage

LATEST_OFFERS_CACHE_SECONDS = 300
MAX_LATEST_OFFERS = 10


INDEX_URL_KEY = "emploi:index-url"


def offers_index_url() -> str:
    """The address of the live job board page the public may see, "" when there is none (cached; the
    signals forget it when a view restriction or the page changes)."""
    url = cache.get(INDEX_URL_KEY)
    if url is None:
        page = OffersIndexPage.objects.live().public().only("id", "url_path", "path", "depth").first()
        url = page.url if page is not None else ""
        cache.set(INDEX_URL_KEY, url, 300)
    return url


def forget_offers_index_url(**kwargs):
    cache.delete(INDEX_URL_KEY)


def contract_type_choices():
    return [("", _("Tous"))] + [(item.slug, item.label) for item in ContractType.objects.order_by("order", "label")]


def sector_choices():
    return [("", _("Tous"))] + [(item.slug, item.label) for item in Sector.objects.order_by("order", "label")]


class StoredChoiceBlock(blocks.ChoiceBlock):
    """A choice among database rows (slugs, codes) whose stored value is used as is when a page is read:
    the list of choices is only built for the editor's form, not on every page view."""

    def to_python(self, value):
        return value


def region_choices():
    return [("", _("Toutes"))] + [(region.code, region.name) for region in Region.objects.order_by("name")]


def departement_choices():
    return [("", _("Tous"))] + [
        (departement.code, f"{departement.name} ({departement.code})")
        for departement in Departement.objects.order_by("code")
    ]


class JobOfferBlock(blocks.StructBlock):
    offer = SnippetChooserBlock("emploi.JobOffer", label=_("Offre"))

    class Meta:
        icon = "doc-full"
        label = _("Offre d’emploi")
        template = "emploi/blocks/job_offer.html"

    def bulk_to_python(self, values):
        """Every offer of the page's offer blocks in one query, each marked with whether the public may
        see it (the editor keeps its choice; the page shows nothing for an offer gone from public view)."""
        values = list(values)
        ids = {value.get("offer") for value in values if isinstance(value, dict) and value.get("offer")}
        offers = {}
        if ids:
            offers = (
                JobOffer.objects.filter(pk__in=ids)
                .select_related("organisation", "contract_type", "commune__departement")
                .annotate(is_public=Exists(JobOffer.objects.visible().filter(pk=OuterRef("pk"))))
                .in_bulk()
            )
        return [self._to_struct_value([("offer", offers.get((value or {}).get("offer")))]) for value in values]

    def to_python(self, value):
        return self.bulk_to_python([value])[0]

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        offer = value.get("offer")
        if offer is not None and not hasattr(offer, "is_public"):
            # A value built in the editor (preview): check it against the public rule.
            offer.is_public = JobOffer.objects.visible().filter(pk=offer.pk).exists()
        index_url = offers_index_url()
        context["visible_offer"] = offer if offer is not None and offer.is_public and index_url else None
        context["offer_base_url"] = index_url
        return context


class LatestOffersBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), default=_("Les dernières offres d’emploi"), max_length=120)
    sector = StoredChoiceBlock(label=_("Secteur"), choices=sector_choices, required=False)
    contract_type = StoredChoiceBlock(label=_("Type de contrat"), choices=contract_type_choices, required=False)
    region = StoredChoiceBlock(label=_("Région"), choices=region_choices, required=False)
    departement = StoredChoiceBlock(label=_("Département"), choices=departement_choices, required=False)
    count = blocks.IntegerBlock(label=_("Nombre d’offres"), default=5, min_value=1, max_value=MAX_LATEST_OFFERS)

    class Meta:
        icon = "list-ul"
        label = _("Dernières offres d’emploi")
        template = "emploi/blocks/latest_offers.html"

    def offer_filters(self, value):
        return filters.OfferFilters(
            contracts=[value["contract_type"]] if value.get("contract_type") else [],
            sectors=[value["sector"]] if value.get("sector") else [],
            region=value.get("region") or "",
            departement=value.get("departement") or "",
        )

    def latest_offers(self, value) -> tuple[list, str]:
        offer_filters = self.offer_filters(value)
        count = max(1, min(int(value.get("count") or 5), MAX_LATEST_OFFERS))
        key = listings.listing_cache_key("latest", offer_filters.cache_key(), count)
        offers = cache.get(key)
        if offers is None:
            offers = list(listings.listing_rows(offer_filters.apply(JobOffer.objects.listed()))[:count])
            cache.set(key, offers, LATEST_OFFERS_CACHE_SECONDS)
        return offers, offer_filters.query_string()

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        index_url = offers_index_url()
        if not index_url:  # no public job board: nothing to list nor link to
            context.update(offers=[], offer_base_url="", more_url="", board_is_public=False)
            return context
        offers, query_string = self.latest_offers(value)
        context.update(
            board_is_public=True,
            offers=offers,
            offer_base_url=index_url,
            more_url=index_url + (f"?{query_string}" if query_string else "") if index_url else "",
        )
        return context

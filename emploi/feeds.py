"""RSS 2.0 and Atom feeds of offers: the listing's feeds (any filter of its query string) and partners'
feeds (their saved filter). Only listed offers (`JobOffer.objects.listed()`), newest first."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext
from wagtail.rich_text import expand_db_html

from . import filters, listings, partners
from .models.offers import JobOffer
from .models.public import FEED_ITEMS


class OffersRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index_page, offer_filters, *, title: str, limit: int = FEED_ITEMS, link: str = ""):
        super().__init__()
        self.index_page = index_page
        self.filters = offer_filters
        self.feed_title = title
        self.limit = limit
        self.feed_link = link

    @classmethod
    def for_listing(cls, index_page, request):
        offer_filters = filters.OfferFilterForm(request.GET).offer_filters()
        query_string = offer_filters.query_string()
        title = gettext("Offres d’emploi de l’ESS – Solidaires")
        if query_string:
            title = gettext("Offres d’emploi de l’ESS (recherche filtrée) – Solidaires")
        link = index_page.url + (f"?{query_string}" if query_string else "")
        return cls(index_page, offer_filters, title=title, link=link)

    @classmethod
    def for_partner(cls, index_page, request, partner):
        title = gettext("Offres d’emploi de l’ESS pour %(partner)s – Solidaires") % {"partner": partner.name}
        offer_filters = partners.partner_filters(partner)
        return cls(index_page, offer_filters, title=title, limit=partner.items_count, link=index_page.url)

    def title(self):
        return self.feed_title

    def link(self):
        return self.feed_link

    def description(self):
        return gettext("Les dernières offres d’emploi publiées par les structures de l’économie sociale et solidaire.")

    language = "fr"

    def items(self):
        return list(listings.listing_rows(self.filters.apply(JobOffer.objects.listed()))[: self.limit])

    def item_title(self, offer):
        return f"{offer.title} – {offer.organisation.name}"

    def item_description(self, offer):
        place = offer.location_label
        summary = f"<p>{offer.contract_type.label} · {place} · {offer.organisation.name}</p>"
        return summary + expand_db_html(offer.description)

    def item_link(self, offer):
        return self.index_page.offer_path(offer)

    def item_pubdate(self, offer):
        return offer.published_at

    def item_updateddate(self, offer):
        return offer.updated_at

    def item_author_name(self, offer):
        return offer.organisation.name

    def item_categories(self, offer):
        return [offer.contract_type.label]


class OffersAtomFeed(OffersRssFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()

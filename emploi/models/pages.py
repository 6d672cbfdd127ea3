"""The job board's page: `OffersIndexPage`, a routable page (one per site, under the home page, slug
« emploi ») that serves everything public about offers from the page tree:

- `/emploi/`: the listing, filtered by the query string (`emploi.filters`), with facet counts;
- `/emploi/<slug>-<id>/`: an offer (a wrong slug redirects with 301; only `JobOffer.objects.visible()`);
- `/emploi/<slug>-<id>/postuler/`: the application form of offers applied to on the site;
- `/emploi/rss/`, `/emploi/atom/`: feeds of the listing, for the same query string;
- `/emploi/partenaires/<token>/rss/|json/|widget/`: a partner's saved filter as RSS, JSON Feed, iframe page.

The routes are thin: what they show is built by `emploi.views_public`, `emploi.feeds` and `emploi.partners`,
which import the data models from `emploi.models.offers` and `emploi.models.public` (never this module),
and sibling modules as modules (`from . import filters`), so that this page imports them at the top.
"""

from django.db import models
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Page

from core.pages import SitePage
from core.response_cache import cached_response
from reference.models import CommunePostcode

from .. import feeds, filters, listings, partners, services, views_public
from .offers import JobOffer
from .public import Partner

__all__ = ["OffersIndexPage"]

PARTNER_WIDGET_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors *"
)


class OffersIndexPage(RoutablePageMixin, SitePage):
    """The job board: `/emploi/`, its offers, feeds and partners' exports."""

    lead = models.TextField(_("chapô"), blank=True)
    seo_description_sources = ["search_description", "lead"]  # the meta description falls back on the lead

    content_panels = Page.content_panels + [FieldPanel("lead")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("page des offres d’emploi")

    # -- SEO for the offer pages served by this page --------------------------------------------------

    _offer_seo: dict | None = None

    @property
    def seo_pagetitle(self) -> str:
        if self._offer_seo:
            return self._offer_seo["title"]
        return super().seo_pagetitle

    @property
    def seo_description(self) -> str:
        if self._offer_seo:
            return self._offer_seo["description"]
        return super().seo_description or self.lead

    @property
    def seo_canonical_url(self) -> str:
        if self._offer_seo:
            return self._offer_seo["canonical"]
        return super().seo_canonical_url

    # -- URLs -------------------------------------------------------------------------------------------

    def offer_path(self, offer) -> str:
        return self.url + self.reverse_subpage("offer", kwargs={"slug": offer.slug, "pk": offer.pk})

    def offer_url(self, offer, request=None) -> str:
        return self.get_full_url(request) + self.reverse_subpage("offer", kwargs={"slug": offer.slug, "pk": offer.pk})

    # -- Listing ------------------------------------------------------------------------------------------

    @path("", name="listing")
    def listing(self, request):
        context = views_public.listing_context(self, request)
        return self.render(request, context_overrides=context, template="emploi/public/offers_index_page.html")

    def cached_export(self, request, kind: str, selector: str, build):
        """An export (feed, partner's JSON or widget) kept whole in the cache, gzip-compressed, for
        this host and `selector`, until an offer or a partner changes (see `listing_cache_key`)."""
        key = listings.listing_cache_key(f"export:{kind}", request.get_host(), self.pk, selector)
        return cached_response(request, key, build, listings.LISTING_CACHE_SECONDS)

    @path("rss/", name="rss")
    def rss(self, request):
        feed = feeds.OffersRssFeed.for_listing(self, request)
        return self.cached_export(request, "rss", feed.filters.cache_key(), lambda: feed(request))

    @path("atom/", name="atom")
    def atom(self, request):
        feed = feeds.OffersAtomFeed.for_listing(self, request)
        return self.cached_export(request, "atom", feed.filters.cache_key(), lambda: feed(request))

    # -- One offer ------------------------------------------------------------------------------------------

    def get_visible_offer(self, pk):
        offer = (
            JobOffer.objects.visible()
            # Vocabularies and territories come from the cache (`attach_vocabularies`): each table
            # joined here multiplies PostgreSQL's planning work.
            .select_related("organisation__logo", "organisation__commune", "commune")
            .annotate(
                postcode=Subquery(
                    CommunePostcode.objects.filter(commune_id=OuterRef("commune_id"))
                    .order_by("code")
                    .values("code")[:1]
                )
            )
            .filter(pk=pk)
            .first()
        )
        if offer is None:
            raise Http404
        filters.attach_vocabularies(offer)
        return offer

    @re_path(r"^(?P<slug>[-\w]*)-(?P<pk>\d+)/$", name="offer")
    def offer(self, request, slug, pk):
        offer = self.get_visible_offer(int(pk))
        if slug != offer.slug:
            return HttpResponsePermanentRedirect(self.offer_path(offer))
        if request.method == "GET":
            services.record_view(offer)
        context = views_public.offer_context(self, request, offer)
        return self.render(request, context_overrides=context, template="emploi/public/offer_page.html")

    @re_path(r"^(?P<slug>[-\w]*)-(?P<pk>\d+)/postuler/$", name="apply")
    def apply(self, request, slug, pk):
        offer = self.get_visible_offer(int(pk))
        if slug != offer.slug:
            return HttpResponsePermanentRedirect(self.offer_path(offer) + "postuler/")
        return views_public.apply_view(self, request, offer)

    # -- Partners -------------------------------------------------------------------------------------------

    def get_partner(self, token: str) -> Partner:
        partner = Partner.objects.active().filter(token=token).select_related("region", "departement").first()
        if partner is None:
            raise Http404
        return partner

    # A partner's exports are cached under its token: a wrong token is looked up (404) every time, a
    # changed or deactivated partner changes the offers' version.

    @path("partenaires/<str:token>/rss/", name="partner_rss")
    def partner_rss(self, request, token):
        def build():
            return feeds.OffersRssFeed.for_partner(self, request, self.get_partner(token))(request)

        return self.cached_export(request, "partner-rss", token, build)

    @path("partenaires/<str:token>/json/", name="partner_json")
    def partner_json(self, request, token):
        def build():
            data = partners.json_feed(self, request, self.get_partner(token))
            response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
            response["Content-Type"] = "application/feed+json; charset=utf-8"
            return response

        response = self.cached_export(request, "partner-json", token, build)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    @path("partenaires/<str:token>/widget/", name="partner_widget")
    def partner_widget(self, request, token):
        def build():
            context = partners.widget_context(self, request, self.get_partner(token))
            return TemplateResponse(request, "emploi/public/partner_widget.html", context)

        response = self.cached_export(request, "partner-widget", token, build)
        # Partners embed this page in an iframe: only this view may be framed, by any site.
        response.xframe_options_exempt = True
        response["Content-Security-Policy"] = PARTNER_WIDGET_CSP
        return response

    @path("partenaires/", name="partners_root")
    def partners_root(self, request):
        return redirect(self.url)

"""Public side of job offers: the listing page under the page tree, partners' exports.

`OffersIndexPage` is a routable page (one per site, under the home page, slug « emploi ») serving:
- `/emploi/`: the listing, filtered by the query string (`emploi.filters`), with facet counts;
- `/emploi/<slug>-<id>/`: an offer (a wrong slug redirects with 301; only `JobOffer.objects.visible()`);
- `/emploi/<slug>-<id>/postuler/`: the application form of offers applied to on the site;
- `/emploi/rss/`, `/emploi/atom/`: feeds of the listing, for the same query string;
- `/emploi/partenaires/<token>/rss/|json/|widget/`: a partner's saved filter as RSS, JSON Feed, iframe page.
"""

import hashlib
import secrets

from django.db import models, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Page
from wagtail.snippets.models import register_snippet

from home.cache_versions import bump_version, current_version
from home.models import SitePage
from reference.models import Commune, CommunePostcode, ContractType, Departement, Region, Sector

from .offers import JobFunction, JobOffer


def attach_vocabularies(offer):
    from emploi.filters import attach_vocabularies as attach

    attach(offer)


def record_view(offer):
    from emploi.services import record_view as record

    record(offer)


__all__ = ["OffersIndexPage", "Partner", "listing_cache_key", "listing_rows", "offers_cache_version"]

PARTNER_WIDGET_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors *"
)
# Most offers a feed or a partner's export lists.
FEED_ITEMS = 50
# Listings' counts and pages of ids, feeds and partners' exports are kept this long at most (the "posted
# since" filter slides with the clock); any change of an offer or a partner forgets them at once.
LISTING_CACHE_SECONDS = 600


def listing_rows(queryset=None):
    """Listed offers with what a row of a list shows (organisation, contract, place) in the same query."""
    queryset = JobOffer.objects.listed() if queryset is None else queryset
    return queryset.select_related("organisation", "contract_type", "commune__departement").order_by(
        "-published_at", "-id"
    )


OFFERS_VERSION_KEY = "emploi:offers-version"


def offers_cache_version() -> int:
    """Bumped whenever an offer or a partner changes: part of the cache keys of the listings, feeds,
    exports and offer blocks."""
    return current_version(OFFERS_VERSION_KEY)


def listing_cache_key(kind: str, *parts) -> str:
    """A cache key for what a filtered listing shows (counts, a page of ids, a feed): valid for the
    current offers' version and today only (offers leave the listings when their closing date passes)."""
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()[:40]
    return f"emploi:{kind}:{offers_cache_version()}:{timezone.localdate():%Y%m%d}:{digest}"


def bump_offers_cache_version(**kwargs):
    bump_version(OFFERS_VERSION_KEY)


post_save.connect(bump_offers_cache_version, sender=JobOffer, dispatch_uid="emploi_public_offer_saved")
post_delete.connect(bump_offers_cache_version, sender=JobOffer, dispatch_uid="emploi_public_offer_deleted")


def _clear_filter_options(**kwargs):
    from emploi.filters import clear_options_cache

    clear_options_cache()


for _model in (ContractType, JobFunction, Sector, Region, Departement):
    post_save.connect(_clear_filter_options, sender=_model, dispatch_uid=f"emploi_options_{_model.__name__}")
    post_delete.connect(_clear_filter_options, sender=_model, dispatch_uid=f"emploi_options_del_{_model.__name__}")


class OffersIndexPage(RoutablePageMixin, SitePage):
    """The job board: `/emploi/`, its offers, feeds and partners' exports."""

    lead = models.TextField(_("chapô"), blank=True)

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
        from emploi.views_public import listing_context

        context = listing_context(self, request)
        return self.render(request, context_overrides=context, template="emploi/public/offers_index_page.html")

    def cached_export(self, request, kind: str, selector: str, build):
        """An export (feed, partner's JSON or widget) kept whole in the cache, gzip-compressed, for
        this host and `selector`, until an offer or a partner changes (see `listing_cache_key`)."""
        from home.response_cache import cached_response

        key = listing_cache_key(f"export:{kind}", request.get_host(), self.pk, selector)
        return cached_response(request, key, build, LISTING_CACHE_SECONDS)

    @path("rss/", name="rss")
    def rss(self, request):
        from emploi.feeds import OffersRssFeed

        feed = OffersRssFeed.for_listing(self, request)
        return self.cached_export(request, "rss", feed.filters.cache_key(), lambda: feed(request))

    @path("atom/", name="atom")
    def atom(self, request):
        from emploi.feeds import OffersAtomFeed

        feed = OffersAtomFeed.for_listing(self, request)
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
        attach_vocabularies(offer)
        return offer

    @re_path(r"^(?P<slug>[-\w]*)-(?P<pk>\d+)/$", name="offer")
    def offer(self, request, slug, pk):
        from emploi.views_public import offer_context

        offer = self.get_visible_offer(int(pk))
        if slug != offer.slug:
            return HttpResponsePermanentRedirect(self.offer_path(offer))
        if request.method == "GET":
            record_view(offer)
        context = offer_context(self, request, offer)
        return self.render(request, context_overrides=context, template="emploi/public/offer_page.html")

    @re_path(r"^(?P<slug>[-\w]*)-(?P<pk>\d+)/postuler/$", name="apply")
    def apply(self, request, slug, pk):
        from emploi.views_public import apply_view

        offer = self.get_visible_offer(int(pk))
        if slug != offer.slug:
            return HttpResponsePermanentRedirect(self.offer_path(offer) + "postuler/")
        return apply_view(self, request, offer)

    # -- Partners -------------------------------------------------------------------------------------------

    def get_partner(self, token: str) -> "Partner":
        partner = Partner.objects.active().filter(token=token).select_related("region", "departement").first()
        if partner is None:
            raise Http404
        return partner

    # A partner's exports are cached under its token: a wrong token is looked up (404) every time, a
    # changed or deactivated partner changes the offers' version.

    @path("partenaires/<str:token>/rss/", name="partner_rss")
    def partner_rss(self, request, token):
        from emploi.feeds import OffersRssFeed

        def build():
            return OffersRssFeed.for_partner(self, request, self.get_partner(token))(request)

        return self.cached_export(request, "partner-rss", token, build)

    @path("partenaires/<str:token>/json/", name="partner_json")
    def partner_json(self, request, token):
        from emploi.partners import json_feed

        def build():
            data = json_feed(self, request, self.get_partner(token))
            response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
            response["Content-Type"] = "application/feed+json; charset=utf-8"
            return response

        response = self.cached_export(request, "partner-json", token, build)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    @path("partenaires/<str:token>/widget/", name="partner_widget")
    def partner_widget(self, request, token):
        from emploi.partners import widget_context

        def build():
            context = widget_context(self, request, self.get_partner(token))
            return TemplateResponse(request, "emploi/public/partner_widget.html", context)

        response = self.cached_export(request, "partner-widget", token, build)
        # Partners embed this page in an iframe: only this view may be framed, by any site.
        response.xframe_options_exempt = True
        response["Content-Security-Policy"] = PARTNER_WIDGET_CSP
        return response

    @path("partenaires/", name="partners_root")
    def partners_root(self, request):
        return redirect(self.url)


def new_partner_token() -> str:
    return secrets.token_urlsafe(24)


class PartnerQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Partner(models.Model):
    """A site that shows our offers (a regional CRESS, a federation): a secret token in its addresses and a
    saved filter, the same as the listing's."""

    name = models.CharField(_("nom"), max_length=150)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    token = models.CharField(
        _("jeton"),
        max_length=64,
        unique=True,
        default=new_partner_token,
        help_text=_("Secret présent dans les adresses du partenaire. Videz le champ pour en générer un nouveau."),
        blank=True,
    )
    is_active = models.BooleanField(_("actif"), default=True)
    keywords = models.CharField(_("mots-clés"), max_length=100, blank=True)
    contract_types = models.ManyToManyField(
        ContractType, verbose_name=_("types de contrat"), blank=True, related_name="+"
    )
    functions = models.ManyToManyField(JobFunction, verbose_name=_("métiers"), blank=True, related_name="+")
    sectors = models.ManyToManyField(Sector, verbose_name=_("secteurs d’activité"), blank=True, related_name="+")
    region = models.ForeignKey(
        Region, verbose_name=_("région"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    departement = models.ForeignKey(
        Departement, verbose_name=_("département"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    radius_km = models.PositiveSmallIntegerField(_("rayon autour de la commune (km)"), default=30)
    full_remote_only = models.BooleanField(_("télétravail complet seulement"), default=False)
    items_count = models.PositiveSmallIntegerField(
        _("nombre d’offres affichées"), default=20, help_text=_("De 1 à 50.")
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partenaire de diffusion")
        verbose_name_plural = _("partenaires de diffusion")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = new_partner_token()
        self.items_count = max(1, min(self.items_count or 20, FEED_ITEMS))
        super().save(*args, **kwargs)

    def regenerate_token(self) -> str:
        with transaction.atomic():
            self.token = new_partner_token()
            self.save(update_fields=["token"])
        return self.token

    def offer_filters(self):
        """The saved filter as the listing's `OfferFilters` (2-3 queries for the vocabularies chosen)."""
        from emploi.filters import OfferFilters

        filters = OfferFilters(
            keywords=self.keywords,
            contracts=[item.slug for item in self.contract_types.all()],
            functions=[item.slug for item in self.functions.all()],
            sectors=[item.slug for item in self.sectors.all()],
            region=self.region.code if self.region_id else "",
            departement=self.departement.code if self.departement_id else "",
            full_remote=self.full_remote_only,
        )
        if self.commune_id and self.commune.latitude is not None:
            filters.commune = self.commune
            filters.radius_km = self.radius_km or 30
        return filters

    def endpoints(self, index_page: OffersIndexPage, request=None) -> dict[str, str]:
        base = index_page.get_full_url(request)
        return {
            name: base + index_page.reverse_subpage(f"partner_{name}", kwargs={"token": self.token})
            for name in ("rss", "json", "widget")
        }

    def admin_endpoints(self) -> dict[str, str]:
        page = OffersIndexPage.objects.live().first()
        if page is None or not self.pk:
            return {}
        return self.endpoints(page)

    def iframe_snippet(self) -> str:
        url = self.admin_endpoints().get("widget")
        if not url:
            return ""
        title = _("Offres d’emploi de l’ESS – Solidaires")
        return (
            f'<iframe src="{url}" title="{title}" width="100%" height="600" loading="lazy" style="border:0"></iframe>'
        )


# A partner's exports are cached under the offers' version: changing a partner (its filter, its token,
# deactivating it) forgets them.
post_save.connect(bump_offers_cache_version, sender=Partner, dispatch_uid="emploi_partner_saved")
post_delete.connect(bump_offers_cache_version, sender=Partner, dispatch_uid="emploi_partner_deleted")
for _through in (Partner.contract_types.through, Partner.functions.through, Partner.sectors.through):
    m2m_changed.connect(bump_offers_cache_version, sender=_through, dispatch_uid=f"emploi_partner_{_through.__name__}")

# The admin views (with the iframe snippet) live in emploi.partners_admin; registered once apps are ready.
register_snippet(Partner, viewset="emploi.partners_admin.PartnerViewSet")

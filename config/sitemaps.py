"""The sections of `/sitemap.xml` (a sitemap index). Apps add theirs here (offers, events...).

Each value is a Sitemap class taking the request: `/sitemap.xml` lists the sections (with `?p=` pages
for long ones) and `/sitemap-<section>.xml` serves each.
"""

from django.contrib.sitemaps import views as sitemap_views
from django.views.decorators.cache import cache_page
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from annuaire.sitemaps import OrganisationSitemap
from conseil.sitemaps import ConsultantSitemap
from emploi.sitemaps import CandidateBioSitemap, JobOfferSitemap
from magazine.models import ArticlePage
from magazine.press.sitemaps import PressReleaseFormSitemap
from magazine.sitemaps import ArticleSitemap


class PageSitemap(WagtailSitemap):
    """Wagtail's live public pages, except the articles (they have their own section)."""

    def items(self):
        return super().items().not_type(ArticlePage)


SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "offres": JobOfferSitemap,
    "structures": OrganisationSitemap,
    "consultants": ConsultantSitemap,
    "formulaires": PressReleaseFormSitemap,
    "cv": CandidateBioSitemap,
}


def _sitemaps(request) -> dict:
    return {name: sitemap_class(request) for name, sitemap_class in SITEMAPS.items()}


# The index only changes when a section gains or loses a page of URLs: it is kept ten minutes (per host
# and scheme, like any cached page), which spares the count of every section on each request.
@cache_page(10 * 60)
def sitemap_index(request):
    return sitemap_views.index(request, _sitemaps(request), sitemap_url_name="sitemap_section")


def sitemap_section(request, section):
    return sitemap_views.sitemap(request, _sitemaps(request), section=section)

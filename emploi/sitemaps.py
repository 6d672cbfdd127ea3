"""Sitemaps of listed offers (open to applications) and of public bios, with their last modification date.

Registered as the `offres` and `cv` sections of the site's sitemap index (`config/sitemaps.py`)."""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import CandidateProfile, JobOffer, OffersIndexPage


class JobOfferSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6
    limit = 5000

    def __init__(self, request=None, index_page: OffersIndexPage | None = None):
        self._index_page = index_page

    @property
    def index_path(self) -> str:
        if self._index_page is None:
            self._index_page = OffersIndexPage.objects.live().public().first() or False
        if not self._index_page:
            return ""
        return urlsplit(self._index_page.url or "").path

    def items(self):
        if not self.index_path:
            return JobOffer.objects.none()
        return JobOffer.objects.listed().only("id", "slug", "updated_at").order_by("-published_at", "-id")

    def location(self, offer):
        return f"{self.index_path}{offer.url_key}/"

    def lastmod(self, offer):
        return offer.updated_at


class CandidateBioSitemap(Sitemap):
    """Public bios (`CandidateProfile.objects.public()`): a search on a candidate's name finds them."""

    changefreq = "weekly"
    priority = 0.4
    limit = 5000

    def __init__(self, request=None):
        pass

    def items(self):
        return CandidateProfile.objects.public().only("id", "slug", "updated_at").order_by("-updated_at", "-id")

    def location(self, profile):
        return reverse("bio", args=[profile.slug])

    def lastmod(self, profile):
        return profile.updated_at

"""Sitemap of public consultant profiles: the `consultants` section of the site's sitemap index."""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap

from .models import ConsultantIndexPage, ConsultantProfile


class ConsultantSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5
    limit = 5000

    def __init__(self, request=None):
        self._index_path = None

    @property
    def index_path(self) -> str:
        if self._index_path is None:
            page = ConsultantIndexPage.objects.live().public().first()
            self._index_path = urlsplit(page.url or "").path if page is not None else ""
        return self._index_path

    def items(self):
        if not self.index_path:
            return ConsultantProfile.objects.none()
        return ConsultantProfile.objects.visible().only("id", "slug", "updated_at").order_by("name", "pk")

    def location(self, profile):
        return f"{self.index_path}{profile.slug}/"

    def lastmod(self, profile):
        return profile.updated_at

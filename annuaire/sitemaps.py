"""Sitemap of the directory's organisations (listed ones only), with their last modification date.

Registered as the `structures` section of the site's sitemap index (`config/sitemaps.py`)."""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap

from .models import Organisation, OrganisationIndexPage


class OrganisationSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5
    limit = 5000

    def __init__(self, request=None, index_page: OrganisationIndexPage | None = None):
        self._index_page = index_page

    @property
    def index_path(self) -> str:
        if self._index_page is None:
            self._index_page = OrganisationIndexPage.objects.live().public().first() or False
        if not self._index_page:
            return ""
        return urlsplit(self._index_page.url or "").path

    def items(self):
        if not self.index_path:
            return Organisation.objects.none()
        return Organisation.objects.listed().only("id", "slug", "updated_at").order_by("name", "id")

    def location(self, organisation):
        return f"{self.index_path}{organisation.slug}/"

    def lastmod(self, organisation):
        return organisation.updated_at

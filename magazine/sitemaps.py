"""The articles' section of the sitemap: pages of 5,000 URLs with their last-modified date, cached."""

from functools import cached_property

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from wagtail.models import Site

from . import listings
from .caching import cached
from .models import ArticlePage


class ArticleSitemap(Sitemap):
    limit = 5000
    changefreq = "monthly"

    def __init__(self, request=None):
        self.request = request

    @cached_property
    def site(self) -> Site | None:
        site = Site.find_for_request(self.request) if self.request is not None else None
        if site is None:
            site = Site.objects.select_related("root_page").filter(is_default_site=True).first()
        return site

    def items(self):
        # Only the columns the URL and the date need, newest first: new articles change page 1 only.
        root_path = self.site.root_page.url_path if self.site else "/"
        # `listed()` leaves out articles behind a view restriction (`is_listed`).
        articles = ArticlePage.objects.listed().filter(url_path__startswith=root_path)
        return articles.newest_first().values_list("url_path", "last_published_at", "publication_date")

    @property
    def paginator(self):
        return listings.CachedCountPaginator(
            self.items(), self.limit, f"sitemap:{self.site_key}", loader=list, cache_pages=False
        )

    @property
    def site_key(self) -> int:
        return self.site.pk if self.site else 0

    def get_latest_lastmod(self):
        return (
            cached(
                f"sitemap-lastmod:{self.site_key}",
                lambda: ArticlePage.objects.listed().aggregate(latest=Max("last_published_at"))["latest"] or False,
            )
            or None
        )

    def get_urls(self, page=1, site=None, protocol=None):
        """Full URLs on the Wagtail site's own address (like the pages' section), cached per page."""
        return cached(f"sitemap-articles:{self.site_key}:{page}", lambda: self._article_urls(page))

    def _article_urls(self, page):
        if self.site is None:
            return []
        root_url, root_path = self.site.root_url, self.site.root_page.url_path
        urls = []
        for url_path, last_published_at, publication_date in self.paginator.page(page).object_list:
            urls.append(
                {
                    "location": root_url + "/" + url_path[len(root_path) :],
                    "lastmod": last_published_at or publication_date,
                    "changefreq": self.changefreq,
                    "priority": "",
                    "alternates": [],
                }
            )
        return urls

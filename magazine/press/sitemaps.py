"""The public press-release form in the sitemap (section `formulaires`)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class PressReleaseFormSitemap(Sitemap):
    changefreq = "yearly"

    def __init__(self, request=None):
        self.request = request

    def items(self):
        return ["magazine:press_release_submit"]

    def location(self, item):
        return reverse(item)

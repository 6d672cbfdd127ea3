"""The press-release form's sitemap section, ready to be listed in config.sitemaps.SITEMAPS."""

import xml.etree.ElementTree as ET

from django.contrib.sitemaps import views as sitemap_views
from django.test import RequestFactory

from magazine.press.sitemaps import PressReleaseFormSitemap


def test_the_form_sitemap_lists_the_form():
    request = RequestFactory().get("/sitemap-formulaires.xml")
    response = sitemap_views.sitemap(request, {"formulaires": PressReleaseFormSitemap(request)})
    response.render()
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [node.text for node in ET.fromstring(response.content).findall("s:url/s:loc", namespace)]
    assert locations == ["http://testserver/magazine/communiques/proposer/"]

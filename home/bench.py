"""Pages of the site frame measured by `make bench` (see bench/registry.py)."""

from .models import HomePage, StandardPage


def bench_pages():
    pages = []
    home = HomePage.objects.live().first()
    if home is not None:
        pages.append(("home", home.get_url() or "/"))
    standard = StandardPage.objects.live().public().order_by("path").first()
    if standard is not None:
        pages.append(("standard_page", standard.get_url()))
    pages += [
        ("not_found", "/cette-page-n-existe-pas/", 404),
        ("robots_txt", "/robots.txt"),
        ("sitemap_xml", "/sitemap.xml"),
    ]
    return pages

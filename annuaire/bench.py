"""Public pages of the directory measured by `make bench` (see bench/registry.py)."""

from .models import Organisation, OrganisationIndexPage


def bench_pages():
    page = OrganisationIndexPage.objects.live().first()
    if page is None:
        return []
    base = page.url
    pages = [
        ("annuaire_listing", base),
        ("annuaire_listing_filtered", f"{base}?forme=association&secteur=culture&region=84&q=culture"),
        ("annuaire_listing_radius", f"{base}?commune=Lyon+(69)&rayon=30&activite=recrute"),
        ("annuaire_listing_page_20", f"{base}?page=20"),
    ]
    organisation = Organisation.objects.listed().order_by("pk").first()
    if organisation is not None:
        pages.append(("annuaire_organisation", f"{base}{organisation.slug}/"))
    pages.append(("annuaire_missing_organisation", f"{base}structure-inconnue/", 404))
    return pages

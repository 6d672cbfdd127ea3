"""The walking suite knows every URL: a URL, a page route or a page model added later and neither walked nor
skipped with a reason makes this test fail with its name (add it to `walk.ENDPOINTS`, or to `walk.SKIPPED`
saying why)."""

import pytest

from .walk import ENDPOINTS, SKIPPED, all_keys, page_keys, route_keys, url_keys


def test_every_url_route_and_page_model_is_walked_or_skipped_with_a_reason():
    known = all_keys()
    unknown = sorted(known - set(ENDPOINTS) - set(SKIPPED))
    assert not unknown, f"Not walked by tests/hardening (add them to walk.ENDPOINTS or walk.SKIPPED): {unknown}"
    stale = sorted((set(ENDPOINTS) | set(SKIPPED)) - known)
    assert not stale, f"Gone from the URL configuration: {stale}"
    assert not set(ENDPOINTS) & set(SKIPPED)
    assert all(len(reason) > 20 for reason in SKIPPED.values())


def test_the_discovery_finds_urls_routes_and_pages_of_every_kind():
    urls = url_keys()
    assert {"account_signup", "emploi:offer_create", "agenda:submission_propose", "health"} <= set(urls)
    assert "agenda_import" in urls and "wagtailsnippets_emploi_joboffer:moderate" in urls  # the project's admin
    assert not any(path.startswith("admin/pages/") for path in urls.values())  # Wagtail's own admin left out
    assert "route:emploi.OffersIndexPage:listing" in route_keys()
    assert "route:magazine.MagazineIndexPage:scoped_feed" in route_keys()
    assert {"page:magazine.ArticlePage", "page:agenda.EventPage", "page:home.HomePage"} <= page_keys()


@pytest.mark.urls("tests.hardening.urls_with_a_new_view")
def test_a_url_added_later_is_reported_until_walked_or_skipped():
    assert "nouvelle_vue" in all_keys() - set(ENDPOINTS) - set(SKIPPED)

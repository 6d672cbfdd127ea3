"""Fixtures and helpers of the public-side tests (imported by test_public_*, test_feeds*, test_partner*)."""

import pytest

from emploi.models import OffersIndexPage, Partner


@pytest.fixture(name="offers_page")
def offers_page_fixture(home_page) -> OffersIndexPage:
    page = OffersIndexPage(title="Offres d’emploi", slug="emploi", lead="Les offres de l’ESS.")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_partner(**kwargs) -> Partner:
    kwargs.setdefault("name", "CRESS de test")
    kwargs.setdefault("slug", f"cress-{Partner.objects.count() + 1}")
    return Partner.objects.create(**kwargs)

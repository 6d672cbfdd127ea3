"""A job board page behind a view restriction lists no offer anywhere: not in its feeds nor partners'
exports (Wagtail asks to sign in first), not in the offer blocks of other pages, not in the sitemap."""

import pytest
from wagtail.models import PageViewRestriction

from emploi.sitemaps import JobOfferSitemap

from .factories import JobOfferFactory
from .public_support import make_partner, offers_page_fixture  # noqa: F401
from .test_public_blocks import latest, set_home_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def restricted(offers_page):
    return PageViewRestriction.objects.create(page=offers_page, restriction_type=PageViewRestriction.LOGIN)


def test_feeds_and_exports_of_a_restricted_board_ask_to_sign_in(client, offers_page, restricted):
    offer = JobOfferFactory(title="Offre réservée")
    partner = make_partner()
    for path in ("rss/", "atom/", f"partenaires/{partner.token}/rss/", f"partenaires/{partner.token}/json/"):
        response = client.get(f"/emploi/{path}")
        assert response.status_code == 302 and "login/?next=" in response["Location"], path
        assert offer.title not in response.content.decode()


def test_blocks_list_no_offer_while_the_board_is_restricted(client, home_page, offers_page):
    offer = JobOfferFactory(title="Offre du bloc")
    set_home_body(home_page, [latest(), ("job_offer", {"offer": offer})])
    assert client.get("/").content.decode().count("Offre du bloc") == 2

    restriction = PageViewRestriction.objects.create(page=offers_page, restriction_type=PageViewRestriction.LOGIN)
    html = client.get("/").content.decode()
    assert "Offre du bloc" not in html and "latest-offers" not in html

    restriction.delete()  # lifted: the blocks list it again at once
    assert client.get("/").content.decode().count("Offre du bloc") == 2


def test_sitemap_lists_no_offer_of_a_restricted_board(offers_page, restricted):
    JobOfferFactory()
    assert list(JobOfferSitemap().items()) == []

"""Partners: RSS, JSON Feed and the iframe widget for a saved filter; a wrong or inactive token is a 404."""

import json

import feedparser
import pytest

from emploi.models import Partner
from reference.models import ContractType, Region
from tests.home.html import parse

from .factories import JobOfferFactory, commune, contract
from .public_support import (
    make_partner,
    offers_page_fixture,  # noqa: F401
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(offers_page):
    lyon = JobOfferFactory(title="CDI à Lyon", commune=commune("69123"), contract_type=contract("cdi"))
    marseille = JobOfferFactory(title="CDI à Marseille", commune=commune("13055"), contract_type=contract("cdi"))
    grenoble_cdd = JobOfferFactory(title="CDD à Grenoble", commune=commune("38185"), contract_type=contract("cdd"))
    for trait in ("draft", "submitted", "refused", "withdrawn", "closed", "expired"):
        JobOfferFactory(**{trait: True}, title=f"Cachée {trait}", commune=commune("69123"))
    return lyon, marseille, grenoble_cdd


@pytest.fixture
def partner(offers):
    partner = make_partner(name="CRESS Auvergne-Rhône-Alpes", region=Region.objects.get(code="84"))
    return partner


def endpoint(partner, name):
    return f"/emploi/partenaires/{partner.token}/{name}/"


def test_token_is_random_unique_and_regenerable(db):
    first, second = make_partner(), make_partner()
    assert len(first.token) >= 30 and first.token != second.token
    old = first.token
    assert first.regenerate_token() != old
    first.refresh_from_db()
    assert first.token != old
    first.token = ""
    first.save()
    assert first.token


def test_rss_follows_the_saved_filter(client, partner, offers):
    response = client.get(endpoint(partner, "rss"))
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert sorted(entry.title.split(" – ")[0] for entry in feed.entries) == ["CDD à Grenoble", "CDI à Lyon"]
    assert "CRESS Auvergne-Rhône-Alpes" in feed.feed.title


def test_json_feed(client, partner, offers):
    partner.contract_types.set([ContractType.objects.get(slug="cdi")])
    response = client.get(endpoint(partner, "json"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/feed+json")
    data = json.loads(response.content)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert [item["title"] for item in data["items"]] == ["CDI à Lyon"]
    item = data["items"][0]
    lyon = offers[0]
    assert item["url"] == f"http://localhost/emploi/{lyon.url_key}/"
    assert item["id"] == item["url"]
    assert item["_solidaires"]["contract_type"] == {"slug": "cdi", "label": "CDI"}
    assert item["_solidaires"]["location"]["insee_code"] == "69123"
    assert item["_solidaires"]["closing_date"] == lyon.closing_date.isoformat()
    assert item["authors"] == [{"name": lyon.organisation.name}]


def test_widget_is_framable_and_links_back(client, partner, offers):
    response = client.get(endpoint(partner, "widget"))
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors *" in csp and "script-src" not in csp
    tree = parse(response)
    links = tree.xpath("//main//a")
    assert {link.get("target") for link in links} == {"_top"}
    assert sorted(link.text_content() for link in links[:-1]) == ["CDD à Grenoble", "CDI à Lyon"]
    assert links[0].get("href").startswith("http://localhost/emploi/")
    assert not tree.xpath("//header[@class='site-header']")  # its own light page, not the site frame
    assert len(tree.xpath("//h1")) == 1
    # The rest of the site still refuses to be framed.
    other = client.get("/emploi/")
    assert other["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in other["Content-Security-Policy"]


@pytest.mark.parametrize("name", ["rss", "json", "widget"])
def test_wrong_or_inactive_token_is_not_found(client, partner, name):
    assert client.get(f"/emploi/partenaires/pas-le-bon-jeton/{name}/").status_code == 404
    partner.is_active = False
    partner.save()
    assert client.get(endpoint(partner, name)).status_code == 404


def test_partner_with_every_filter(client, offers):
    partner = make_partner(commune=commune("69123"), radius_km=20, keywords="Lyon")
    partner.contract_types.set([ContractType.objects.get(slug="cdi")])
    data = json.loads(client.get(endpoint(partner, "json")).content)
    assert [item["title"] for item in data["items"]] == ["CDI à Lyon"]


def test_items_count_is_bounded(client, offers_page):
    JobOfferFactory.create_batch(4)
    partner = make_partner(items_count=500)
    assert partner.items_count == 50
    partner.items_count = 2
    partner.save()
    assert len(json.loads(client.get(endpoint(partner, "json")).content)["items"]) == 2


@pytest.mark.parametrize("name", ["rss", "json", "widget"])
def test_partner_endpoints_query_budget(client, partner, django_assert_max_num_queries, name):
    partner.contract_types.set([ContractType.objects.get(slug="cdi")])
    client.get(endpoint(partner, name))
    with django_assert_max_num_queries(15):
        assert client.get(endpoint(partner, name)).status_code == 200


def test_admin_edit_view_shows_the_iframe_snippet(client, partner, offers_page):
    from tests.factories import UserFactory

    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.get(f"/admin/snippets/emploi/partner/edit/{partner.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert f"/emploi/partenaires/{partner.token}/widget/" in content
    assert "&lt;iframe" in content
    assert Partner.objects.count() == 1

"""The listing's counts and pages, its feeds and the partners' exports are cached per filter set: a
repeated view costs no GROUP BY, and any change of an offer or a partner shows at once."""

import gzip

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from emploi import services
from reference.models import Region
from tests.home.html import parse, texts

from .factories import JobOfferFactory, commune, contract
from .public_support import make_partner, offers_page_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return texts(parse(response), "//ul[@class='offer-list']//h3")


def total(response) -> str:
    return texts(parse(response), "//h2[@id='resultats-titre']")[0]


@pytest.fixture
def offers(offers_page):
    return [
        JobOfferFactory(title="CDI à Lyon", commune=commune("69123"), contract_type=contract("cdi")),
        JobOfferFactory(title="CDD à Marseille", commune=commune("13055"), contract_type=contract("cdd")),
    ]


def sql_of(client, url, **headers) -> tuple[object, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
        assert response.status_code == 200
    return response, [query["sql"] for query in queries.captured_queries]


def test_a_repeated_listing_costs_no_count(client, offers):
    first, first_sql = sql_of(client, "/emploi/?contrat=cdi&contrat=cdd")
    again, again_sql = sql_of(client, "/emploi/?contrat=cdi&contrat=cdd")
    assert any("GROUP BY" in sql for sql in first_sql)
    assert not any("GROUP BY" in sql for sql in again_sql)
    assert len(again_sql) < len(first_sql)
    assert titles(again) == titles(first) and total(again) == "2 offres"


def test_a_published_offer_shows_at_once_and_a_closed_one_goes(client, offers):
    assert total(client.get("/emploi/")) == "2 offres"
    JobOfferFactory(title="Chargée de mission à Grenoble", commune=commune("38185"))
    response = client.get("/emploi/")
    assert total(response) == "3 offres"
    assert "Chargée de mission à Grenoble" in titles(response)

    lyon = offers[0]
    services.close_offer(lyon, reason="Poste pourvu")
    response = client.get("/emploi/")
    assert total(response) == "2 offres"
    assert "CDI à Lyon" not in titles(response)
    assert "CDI à Lyon" not in client.get("/emploi/rss/").content.decode()


def test_each_filter_set_and_page_has_its_own_entry(client, offers):
    assert titles(client.get("/emploi/?contrat=cdi")) == ["CDI à Lyon"]
    assert titles(client.get("/emploi/?contrat=cdd")) == ["CDD à Marseille"]
    assert client.get("/emploi/?contrat=cdi&page=2").status_code == 200
    assert titles(client.get("/emploi/?contrat=cdi")) == ["CDI à Lyon"]


def test_the_feed_is_served_from_the_cache_compressed_and_follows_new_offers(client, offers):
    url = "/emploi/rss/?contrat=cdi"
    _first, first_sql = sql_of(client, url, HTTP_ACCEPT_ENCODING="gzip")
    again, again_sql = sql_of(client, url, HTTP_ACCEPT_ENCODING="gzip")
    assert again["Content-Encoding"] == "gzip"
    assert len(again_sql) < len(first_sql)
    feed = feedparser.parse(gzip.decompress(again.content))
    assert [entry.title.split(" – ")[0] for entry in feed.entries] == ["CDI à Lyon"]

    JobOfferFactory(title="CDI à Nantes", commune=commune("44109"), contract_type=contract("cdi"))
    feed = feedparser.parse(client.get(url).content)
    assert {entry.title.split(" – ")[0] for entry in feed.entries} == {"CDI à Lyon", "CDI à Nantes"}
    # Another filter set is another feed.
    feed = feedparser.parse(client.get("/emploi/rss/?contrat=cdd").content)
    assert [entry.title.split(" – ")[0] for entry in feed.entries] == ["CDD à Marseille"]


@pytest.mark.parametrize("name", ["rss", "json", "widget"])
def test_partner_exports_follow_a_change_of_the_partner(client, offers, name):
    partner = make_partner(region=Region.objects.get(code="84"))
    url = f"/emploi/partenaires/{partner.token}/{name}/"
    assert "CDI à Lyon" in client.get(url).content.decode()
    assert "CDI à Lyon" in client.get(url).content.decode()  # from the cache

    partner.region = Region.objects.get(code="93")
    partner.save()
    body = client.get(url).content.decode()
    assert "CDD à Marseille" in body and "CDI à Lyon" not in body

    partner.contract_types.set([contract("cdi")])
    assert "CDD à Marseille" not in client.get(url).content.decode()

    partner.is_active = False
    partner.save()
    assert client.get(url).status_code == 404


def test_partner_widget_keeps_its_framing_headers_when_cached(client, offers):
    partner = make_partner()
    url = f"/emploi/partenaires/{partner.token}/widget/"
    client.get(url)
    response = client.get(url)
    assert "X-Frame-Options" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    json_response = client.get(f"/emploi/partenaires/{partner.token}/json/")
    json_response = client.get(f"/emploi/partenaires/{partner.token}/json/")
    assert json_response["Access-Control-Allow-Origin"] == "*"
    assert json_response["Content-Type"] == "application/feed+json; charset=utf-8"

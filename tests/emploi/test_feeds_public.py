"""RSS 2.0 and Atom feeds of the listing, for any filter: parsed with feedparser."""

import feedparser
import pytest

from tests.home.html import parse

from .factories import JobOfferFactory, commune, contract
from .public_support import offers_page_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

HIDDEN_TRAITS = ["draft", "submitted", "refused", "withdrawn", "closed", "expired", "closed_long_ago"]


@pytest.fixture
def offers(offers_page):
    cdi_lyon = JobOfferFactory(title="CDI à Lyon", commune=commune("69123"), contract_type=contract("cdi"))
    cdd_marseille = JobOfferFactory(title="CDD à Marseille", commune=commune("13055"), contract_type=contract("cdd"))
    hidden = [JobOfferFactory(**{trait: True}, title=f"Cachée {trait}") for trait in HIDDEN_TRAITS]
    return cdi_lyon, cdd_marseille, hidden


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feed_lists_listed_offers_only(client, offers, kind):
    cdi_lyon, cdd_marseille, _hidden = offers
    response = client.get(f"/emploi/{kind}/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == ("rss20" if kind == "rss" else "atom10")
    titles = [entry.title for entry in feed.entries]
    assert sorted(titles) == sorted([f"{o.title} – {o.organisation.name}" for o in (cdi_lyon, cdd_marseille)])
    entry = next(e for e in feed.entries if e.title.startswith("CDI à Lyon"))
    assert entry.link == f"http://testserver/emploi/{cdi_lyon.url_key}/"
    assert "Vous accompagnez" in entry.summary
    assert entry.published_parsed is not None


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feed_follows_the_filters(client, offers, kind):
    cdi_lyon, _cdd, _hidden = offers
    feed = feedparser.parse(client.get(f"/emploi/{kind}/?contrat=cdi&departement=69").content)
    assert [entry.title for entry in feed.entries] == [f"{cdi_lyon.title} – {cdi_lyon.organisation.name}"]
    assert "filtrée" in feed.feed.title
    feed = feedparser.parse(client.get(f"/emploi/{kind}/?commune=Marseille+(13)&rayon=10").content)
    assert [entry.title.split(" – ")[0] for entry in feed.entries] == ["CDD à Marseille"]
    feed = feedparser.parse(client.get(f"/emploi/{kind}/?rayon=abc&page=-3&departement=000").content)
    assert len(feed.entries) == 2


def test_listing_and_offer_pages_advertise_the_feeds(client, offers):
    cdi_lyon, _cdd, _hidden = offers
    tree = parse(client.get("/emploi/?contrat=cdi"))
    href = tree.xpath("//link[@rel='alternate'][@type='application/rss+xml']/@href")[0]
    feed = feedparser.parse(client.get(href).content)
    assert len(feed.entries) == 1
    tree = parse(client.get(f"/emploi/{cdi_lyon.url_key}/"))
    assert tree.xpath("//link[@rel='alternate'][@type='application/atom+xml']/@href") == ["/emploi/atom/"]


def test_feed_query_budget(client, offers_page, django_assert_max_num_queries):
    JobOfferFactory.create_batch(12)
    client.get("/emploi/rss/?contrat=cdi")
    with django_assert_max_num_queries(15):
        assert client.get("/emploi/rss/?contrat=cdi").status_code == 200

"""The offer blocks on the home page, and the sitemap of offers: the public rule holds in both."""

from datetime import timedelta

import pytest
from django.contrib.sitemaps.views import sitemap
from django.test import RequestFactory
from django.utils import timezone
from lxml import etree

from emploi.blocks import JobOfferBlock, LatestOffersBlock
from emploi.sitemaps import JobOfferSitemap
from reference.models import Sector
from tests.home.html import parse, texts

from .factories import JobOfferFactory, commune, contract
from .public_support import offers_page_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

HIDDEN_TRAITS = ["draft", "submitted", "refused", "withdrawn", "closed_long_ago"]


def set_home_body(home_page, body):
    home_page.body = body
    home_page.save_revision().publish()


def latest(**overrides):
    value = {"title": "Offres récentes", "sector": "", "contract_type": "", "region": "", "departement": "", "count": 5}
    value.update(overrides)
    return ("latest_offers", value)


def test_latest_offers_block_lists_listed_offers_with_its_filters(client, home_page, offers_page):
    sector = Sector.objects.order_by("order")[1]
    kept = JobOfferFactory(title="CDI Rhône", sector=sector, commune=commune("69123"))
    JobOfferFactory(title="CDD Rhône", sector=sector, contract_type=contract("cdd"))
    JobOfferFactory(title="CDI Bouches-du-Rhône", sector=sector, commune=commune("13055"))
    JobOfferFactory(title="CDI autre secteur", commune=commune("69123"))
    for trait in HIDDEN_TRAITS + ["closed", "expired"]:
        JobOfferFactory(**{trait: True}, title=f"Cachée {trait}", sector=sector, commune=commune("69123"))
    set_home_body(home_page, [latest(sector=sector.slug, contract_type="cdi", departement="69")])
    response = client.get("/")
    tree = parse(response)
    assert texts(tree, "//div[@class='latest-offers']//h3") == ["CDI Rhône"]
    assert tree.xpath("//div[@class='latest-offers']//h3/a/@href") == [f"/emploi/{kept.url_key}/"]
    more = tree.xpath("//div[@class='latest-offers']//a[text()='Voir toutes les offres']/@href")[0]
    assert more == f"/emploi/?contrat=cdi&secteur={sector.slug}&departement=69"


def test_latest_offers_block_count_and_order(client, home_page, offers_page):
    for n in range(12):
        JobOfferFactory(title=f"Offre {n:02d}", published_at=timezone.now() - timedelta(hours=n))
    set_home_body(home_page, [latest(count=3)])
    assert texts(parse(client.get("/")), "//div[@class='latest-offers']//h3") == ["Offre 00", "Offre 01", "Offre 02"]


def test_latest_offers_block_cache_follows_offer_changes(client, home_page, offers_page):
    offer = JobOfferFactory(title="Bientôt retirée")
    set_home_body(home_page, [latest()])
    assert "Bientôt retirée" in client.get("/").content.decode()
    offer.status = "withdrawn"
    offer.save()
    assert "Bientôt retirée" not in client.get("/").content.decode()


def test_job_offer_block_renders_visible_offers_only(client, home_page, offers_page):
    shown = JobOfferFactory(title="Offre mise en avant")
    closed = JobOfferFactory(closed=True, title="Offre close récemment")
    hidden = [JobOfferFactory(**{trait: True}, title=f"Cachée {trait}") for trait in HIDDEN_TRAITS]
    set_home_body(
        home_page,
        [("job_offer", {"offer": offer}) for offer in [shown, closed, *hidden]],
    )
    response = client.get("/")
    content = response.content.decode()
    assert "Offre mise en avant" in content
    assert "Offre close récemment" in content and "Offre clôturée" in content
    for offer in hidden:
        assert offer.title not in content


def test_job_offer_block_keeps_the_editor_choice():
    offer = JobOfferFactory(draft=True)
    value = JobOfferBlock().to_python({"offer": offer.pk})
    assert value["offer"] == offer
    assert JobOfferBlock().render(value).strip() == ""


def test_home_page_with_offer_blocks_query_budget(client, home_page, offers_page, django_assert_max_num_queries):
    offers = JobOfferFactory.create_batch(6)
    set_home_body(
        home_page,
        [latest(), latest(contract_type="cdd"), *[("job_offer", {"offer": o}) for o in offers[:3]]],
    )
    client.get("/")
    with django_assert_max_num_queries(15):
        assert client.get("/").status_code == 200


def test_block_options_are_bounded():
    block = LatestOffersBlock()
    with pytest.raises(Exception):
        block.child_blocks["count"].clean(11)


def sitemap_urls(offers_page) -> tuple[list[str], list[str]]:
    request = RequestFactory().get("/sitemap.xml")
    response = sitemap(request, {"offres": JobOfferSitemap()})
    response.render()
    tree = etree.fromstring(response.content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return tree.xpath("//s:url/s:loc/text()", namespaces=ns), tree.xpath("//s:url/s:lastmod/text()", namespaces=ns)


def test_sitemap_lists_listed_offers_with_lastmod(offers_page):
    listed = JobOfferFactory()
    for trait in HIDDEN_TRAITS + ["closed", "expired"]:
        JobOfferFactory(**{trait: True})
    locations, lastmods = sitemap_urls(offers_page)
    assert locations == [f"http://testserver/emploi/{listed.url_key}/"]
    assert lastmods == [listed.updated_at.date().isoformat()] or lastmods[0].startswith(
        listed.updated_at.date().isoformat()
    )


def test_sitemap_without_offers_page_is_empty(db):
    JobOfferFactory()
    assert list(JobOfferSitemap().items()) == []


def test_listed_offers_are_in_the_sitemap_index(client, home_page):
    from emploi.models import OffersIndexPage

    from .factories import JobOfferFactory

    index = home_page.add_child(instance=OffersIndexPage(title="Emploi", slug="emploi"))
    offer = JobOfferFactory()  # published by default
    assert "/sitemap-offres.xml" in client.get("/sitemap.xml").content.decode()
    body = client.get("/sitemap-offres.xml").content.decode()
    assert f"{index.url}{offer.url_key}/" in body

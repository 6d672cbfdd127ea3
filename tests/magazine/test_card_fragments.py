"""The magazine's card lists are kept rendered (`core.fragments`): any change a reader may see in a card
shows at once, on the article pages and the listings alike, and nothing restricted leaks through them."""

import datetime

import pytest
import wagtail_factories
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site
from wagtailseo.models import SeoSettings

from core.fragments import fragment_key, identity
from home.models import SiteSettings
from tests.factories import HomePageFactory
from tests.home.html import parse, texts

from .factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def related(response) -> list[str]:
    return texts(parse(response), "//section[@aria-labelledby='autres-articles']//h3")


def listing(response) -> list[str]:
    return texts(
        parse(response), "//ul[contains(@class, 'article-list')]//h3 | //ul[contains(@class, 'article-list')]//h2"
    )


@pytest.fixture(autouse=True)
def _settings_rows(home_page):
    """The site's settings rows exist, as on any running site (the first request would create them, a
    settings change that moves the versions once): what a test sees next comes from its own change."""
    site = Site.objects.get(is_default_site=True)
    SiteSettings.for_site(site)
    SeoSettings.for_site(site)


@pytest.fixture
def cards(rubrique, image):
    now = timezone.now()
    return [
        ArticlePageFactory(
            parent=rubrique,
            title=f"Carte {number}",
            slug=f"carte-{number}",
            main_image=image,
            publication_date=now - datetime.timedelta(hours=2 + number),
        )
        for number in range(3)
    ]


@pytest.fixture
def reader_article(rubrique, cards):
    return ArticlePageFactory(
        parent=rubrique,
        title="Article lu",
        slug="article-lu",
        publication_date=timezone.now() - datetime.timedelta(days=3),
    )


def test_the_card_list_is_kept_and_served_again(client, reader_article, cards):
    first = client.get(reader_article.url)
    second = client.get(reader_article.url)

    card = "magazine/includes/article_card.html"
    assert card in [template.name for template in first.templates]
    assert card not in [template.name for template in second.templates]  # served from the cache
    assert first.content == second.content
    assert related(second) == ["Carte 0", "Carte 1", "Carte 2"]


def test_an_edited_card_shows_at_once(client, reader_article, cards, magazine):
    client.get(reader_article.url)
    client.get(magazine.url)
    cards[1].title = "Carte renommée"
    cards[1].save_revision().publish()

    assert "Carte renommée" in related(client.get(reader_article.url))
    assert "Carte renommée" in client.get(magazine.url).content.decode()


def test_an_unpublished_card_leaves_at_once_and_comes_back_when_published(client, reader_article, cards, magazine):
    client.get(reader_article.url)
    client.get(magazine.url)
    cards[0].unpublish()

    assert "Carte 0" not in related(client.get(reader_article.url))
    assert "Carte 0" not in client.get(magazine.url).content.decode()

    cards[0].refresh_from_db()
    cards[0].save_revision().publish()
    assert "Carte 0" in related(client.get(reader_article.url))


def test_a_newly_published_article_shows_in_the_listing_at_once(client, rubrique, cards, magazine):
    client.get(rubrique.url)
    ArticlePageFactory(parent=rubrique, title="Toute fraîche", slug="toute-fraiche")

    assert "Toute fraîche" in client.get(rubrique.url).content.decode()


def test_a_changed_image_or_focal_point_shows_at_once(client, reader_article, cards, image):
    before = client.get(reader_article.url).content.decode()
    image.focal_point_x, image.focal_point_y, image.focal_point_width, image.focal_point_height = 1500, 800, 60, 60
    image.save()
    after = client.get(reader_article.url).content.decode()
    assert before != after  # new renditions (another crop), new URLs

    other = wagtail_factories.ImageFactory(title="Autre", file__width=1200, file__height=800)
    cards[2].main_image = other
    cards[2].save_revision().publish()
    assert other.get_rendition("fill-320x180|format-webp").url in client.get(reader_article.url).content.decode()


def test_a_card_put_behind_a_view_restriction_never_reaches_anonymous_readers(
    client, reader_article, cards, magazine, candidate
):
    client.force_login(candidate)
    client.get(reader_article.url)
    client.get(magazine.url)
    restriction = PageViewRestriction.objects.create(page=cards[1], restriction_type=PageViewRestriction.LOGIN)

    for reader in ("signed in", "anonymous"):
        assert "Carte 1" not in related(client.get(reader_article.url)), reader
        assert "Carte 1" not in client.get(magazine.url).content.decode(), reader
        client.logout()

    restriction.delete()
    assert "Carte 1" in related(client.get(reader_article.url))


def test_a_fragment_key_holds_the_site_the_versions_and_the_cards(rf, home_page, cards):
    request = rf.get("/", HTTP_HOST="localhost")
    regional_home = HomePageFactory(parent=home_page.get_parent(), title="Bretagne", slug="bretagne")
    Site.objects.create(hostname="bretagne.localhost", port=80, root_page=regional_home)
    regional_request = rf.get("/", HTTP_HOST="bretagne.localhost")

    key = fragment_key(request, "magazine-cards", [cards, "h3"])

    assert key == fragment_key(request, "magazine-cards", [list(cards), "h3"])
    assert key != fragment_key(request, "magazine-cards", [cards[:2], "h3"])
    assert key != fragment_key(request, "magazine-cards", [cards, "h2"])
    assert key != fragment_key(regional_request, "magazine-cards", [cards, "h3"])
    assert fragment_key(None, "magazine-cards", [cards]) is None
    with pytest.raises(TypeError):
        identity(object())

"""Articles behind a view restriction (password, login or groups, on the article or an ancestor) stay out
of every listing, feed, « À la une » and the sitemap: `is_listed` is false for them, recomputed when a
restriction is added or removed and when a page moves, so listings keep their one-table queries."""

import datetime

import feedparser
import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from magazine.models import ArticlePage
from tests.home.html import parse, texts

from .factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

LIST_TITLES = "//ul[contains(@class, 'article-list')]//h2"
CARD_TITLES = "//ul[contains(@class, 'article-list')]//h3"


def restrict(page, kind=PageViewRestriction.PASSWORD):
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=kind, password="secret")
    if kind == PageViewRestriction.GROUPS:
        restriction.groups.set([Group.objects.get_or_create(name="Adhérents")[0]])
    return restriction


def listing_titles(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return texts(parse(response), LIST_TITLES)


def feed_titles(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return [entry.title for entry in feedparser.parse(response.content).entries]


def everywhere(client, magazine, home_page, article) -> dict[str, list[str]]:
    """The titles each public list shows, for the `article` fixture's tags, territory, author and month."""
    month = timezone.localtime(article.publication_date)
    home_page.body = [("featured_articles", {"title": "À la une", "count": 4})]
    home_page.save_revision().publish()
    index = parse(client.get(magazine.url))
    return {
        "index": texts(index, "//main//ul[contains(@class, 'article-list')]//h3"),
        "featured": texts(index, "//section[@aria-labelledby='a-la-une']//h3"),
        "home": texts(parse(client.get("/")), "//section[contains(@class, 'home-section--featured_articles')]//h3"),
        "tag": listing_titles(client, "/magazine/etiquette/habitat/"),
        "region": listing_titles(client, "/magazine/region/auvergne-rhone-alpes/"),
        "departement": listing_titles(client, "/magazine/departement/rhone/"),
        "author": listing_titles(client, "/magazine/auteur/lea-martin/"),
        "month": listing_titles(client, f"/magazine/{month:%Y/%m}/"),
        "feed": feed_titles(client, "/magazine/flux/rss/"),
        "tag feed": feed_titles(client, "/magazine/flux/etiquette/habitat/atom/"),
        "region feed": feed_titles(client, "/magazine/flux/region/auvergne-rhone-alpes/rss/"),
        "sitemap": [url for url in client.get("/sitemap-articles.xml").content.decode().split() if article.slug in url],
    }


@pytest.fixture
def featured_article(article):
    article.is_featured = True
    article.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk)


@pytest.mark.parametrize("kind", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN, PageViewRestriction.GROUPS])
def test_an_article_behind_a_restriction_leaves_every_list_until_it_is_lifted(
    client, magazine, home_page, rubrique, featured_article, kind
):
    public = everywhere(client, magazine, home_page, featured_article)
    assert all(public.values()), public  # seen everywhere first (and cached)

    restriction = restrict(featured_article, kind)
    assert not ArticlePage.objects.get(pk=featured_article.pk).is_listed
    hidden = everywhere(client, magazine, home_page, featured_article)
    assert not any(featured_article.title in titles for titles in hidden.values()), hidden
    assert not hidden["sitemap"]
    assert "ESS" in texts(parse(client.get(magazine.url)), "//nav[@class='magazine-rubriques']//a")

    restriction.delete()
    assert everywhere(client, magazine, home_page, featured_article) == public


def test_a_rubrique_behind_a_restriction_takes_its_articles_and_feed_along(
    client, magazine, home_page, rubrique, other_rubrique, featured_article
):
    elsewhere = ArticlePageFactory(parent=other_rubrique, title="Ailleurs", tag_names=["habitat"])
    assert client.get("/magazine/flux/rubrique/ess/rss/").status_code == 200
    restriction = restrict(rubrique, PageViewRestriction.LOGIN)

    hidden = everywhere(client, magazine, home_page, featured_article)
    assert not any(featured_article.title in titles for titles in hidden.values()), hidden
    assert hidden["tag"] == [elsewhere.title] and hidden["index"] == [elsewhere.title]
    assert client.get("/magazine/flux/rubrique/ess/rss/").status_code == 404
    assert client.get("/magazine/flux/rubrique/recruteurs/rss/").status_code == 200
    # Related articles elsewhere do not point to it either.
    related = parse(client.get(elsewhere.url))
    assert featured_article.title not in texts(related, "//section[@aria-labelledby='articles-lies']//h3")

    restriction.delete()
    assert featured_article.title in everywhere(client, magazine, home_page, featured_article)["tag"]
    assert client.get("/magazine/flux/rubrique/ess/rss/").status_code == 200


def test_a_restriction_added_after_the_listing_was_cached_shows_at_once(client, magazine, rubrique):
    articles = [ArticlePageFactory(parent=rubrique, title=f"Article {n}") for n in range(3)]
    assert listing_titles(client, rubrique.url) == [article.title for article in articles]
    assert listing_titles(client, rubrique.url) == [article.title for article in articles]  # from the cache
    restrict(articles[1])
    assert listing_titles(client, rubrique.url) == [articles[0].title, articles[2].title]


def test_the_magazine_itself_behind_a_login_hides_all_its_articles_from_the_home_page(
    client, magazine, home_page, featured_article
):
    home_page.body = [("featured_articles", {"title": "À la une", "count": 4})]
    home_page.save_revision().publish()
    home = "//section[contains(@class, 'home-section--featured_articles')]//h3"
    assert texts(parse(client.get("/")), home) == [featured_article.title]
    restrict(magazine, PageViewRestriction.LOGIN)
    assert texts(parse(client.get("/")), home) == []
    assert client.get(magazine.url).status_code == 302  # to the login page


def test_articles_published_or_moved_under_a_restriction_are_not_listed(client, rubrique, other_rubrique):
    restrict(other_rubrique)
    published_there = ArticlePageFactory(parent=other_rubrique, title="Réservé")
    moved = ArticlePageFactory(parent=rubrique, title="Déplacé")
    assert not published_there.is_listed
    assert listing_titles(client, rubrique.url) == [moved.title]

    Page.objects.get(pk=moved.pk).move(Page.objects.get(pk=other_rubrique.pk), pos="last-child")
    assert not ArticlePage.objects.get(pk=moved.pk).is_listed
    assert listing_titles(client, rubrique.url) == []

    Page.objects.get(pk=moved.pk).move(Page.objects.get(pk=rubrique.pk), pos="last-child")
    assert ArticlePage.objects.get(pk=moved.pk).is_listed
    assert listing_titles(client, rubrique.url) == [moved.title]


def test_a_draft_stays_unlisted_when_a_restriction_is_lifted(rubrique):
    draft = ArticlePageFactory(parent=rubrique, live=False)
    restriction = restrict(rubrique)
    restriction.delete()
    assert not ArticlePage.objects.get(pk=draft.pk).is_listed


def test_deleting_a_restricted_rubrique_deletes_its_restriction_quietly(client, magazine, rubrique):
    ArticlePageFactory(parent=rubrique)
    restrict(rubrique)
    Page.objects.get(pk=rubrique.pk).delete()
    assert not PageViewRestriction.objects.exists()
    assert client.get(magazine.url).status_code == 200


@pytest.mark.parametrize("count", [1, 45])
def test_listings_keep_their_query_budget_with_restrictions(
    client, magazine, rubrique, other_rubrique, article, count, django_assert_max_num_queries
):
    for n in range(count):
        ArticlePageFactory(parent=other_rubrique if n % 2 else rubrique, tag_names=["habitat"])
    restrict(other_rubrique, PageViewRestriction.LOGIN)
    ArticlePageFactory(parent=rubrique, publication_date=timezone.now() - datetime.timedelta(days=1))
    for url in [magazine.url, rubrique.url, "/magazine/etiquette/habitat/", article.url, "/magazine/flux/rss/"]:
        client.get(url)
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200, url

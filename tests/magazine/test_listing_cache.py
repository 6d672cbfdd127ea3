"""A listing's page of ids is kept in the cache for the listing generation: page 1,000 costs what page 1
does, and publishing, unpublishing or retagging an article shows at once on every page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.home.html import parse, texts

from .factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

LIST_TITLES = "//ul[contains(@class, 'article-list')]//h2"


def titles(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return texts(parse(response), LIST_TITLES)


def warm_sql(client, url) -> list[str]:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_a_deep_page_costs_what_the_first_does_once_warm(client, rubrique):
    for _ in range(45):
        ArticlePageFactory(parent=rubrique)
    first, deep = warm_sql(client, rubrique.url), warm_sql(client, rubrique.url + "?page=3")
    assert len(deep) == len(first)
    assert not any("OFFSET" in sql.upper() for sql in deep)


def test_a_new_article_moves_every_cached_page(client, rubrique):
    articles = [ArticlePageFactory(parent=rubrique) for _ in range(21)]
    assert titles(client, rubrique.url)[0] == articles[0].title
    assert titles(client, rubrique.url + "?page=2") == [articles[20].title]

    newest = ArticlePageFactory(
        parent=rubrique, title="La dernière nouvelle", publication_date=timezone.now() + datetime.timedelta(seconds=1)
    )
    assert titles(client, rubrique.url)[0] == newest.title
    assert titles(client, rubrique.url + "?page=2") == [articles[19].title, articles[20].title]


def test_unpublishing_or_retagging_leaves_the_cached_tag_page(client, magazine, rubrique):
    kept = ArticlePageFactory(parent=rubrique, title="Coopérative d’habitants", tag_names=["habitat"])
    gone = ArticlePageFactory(parent=rubrique, title="Foncière solidaire", tag_names=["habitat"])
    retagged = ArticlePageFactory(parent=rubrique, title="Bail réel solidaire", tag_names=["habitat"])
    url = f"{magazine.url}etiquette/habitat/"
    assert titles(client, url) == [kept.title, gone.title, retagged.title]

    gone.unpublish()
    retagged.tags.set(["logement"])
    retagged.save_revision().publish()
    assert titles(client, url) == [kept.title]
    assert titles(client, f"{magazine.url}etiquette/logement/") == [retagged.title]


def test_deleting_an_article_the_way_the_admin_does_leaves_listings_and_feeds(client, magazine, rubrique):
    from wagtail.models import Page

    kept = ArticlePageFactory(parent=rubrique, title="Reste en ligne")
    deleted = ArticlePageFactory(parent=rubrique, title="Retiré par la rédaction")
    assert titles(client, rubrique.url) == [kept.title, deleted.title]
    assert deleted.title in client.get(f"{magazine.url}flux/rss/").content.decode()

    Page.objects.get(pk=deleted.pk).delete()  # a plain Page, as Wagtail's delete action does

    assert titles(client, rubrique.url) == [kept.title]
    assert deleted.title not in client.get(f"{magazine.url}flux/rss/").content.decode()


def test_unpublishing_a_plain_page_as_the_scheduled_expiry_does(client, rubrique):
    from wagtail.models import Page

    from magazine.models import ArticlePage

    kept = ArticlePageFactory(parent=rubrique, title="Toujours là")
    expired = ArticlePageFactory(parent=rubrique, title="Expiré")
    assert titles(client, rubrique.url) == [kept.title, expired.title]

    Page.objects.get(pk=expired.pk).unpublish()

    assert not ArticlePage.objects.get(pk=expired.pk).is_listed
    assert titles(client, rubrique.url) == [kept.title]


def test_a_deleted_press_review_link_leaves_its_page(client, magazine):
    from .factories import PressReviewLinkFactory

    links = [PressReviewLinkFactory(title=f"Lien {n}") for n in range(2)]
    url = f"{magazine.url}revue-de-presse/"
    assert "Lien 1" in client.get(url).content.decode()
    links[1].delete()
    assert "Lien 1" not in client.get(url).content.decode()


def test_a_rubrique_put_behind_a_password_leaves_the_navigation(client, magazine, rubrique):
    from wagtail.models import PageViewRestriction

    ArticlePageFactory(parent=rubrique)
    nav = "//nav[@class='magazine-rubriques']//a"
    assert "ESS" in texts(parse(client.get(magazine.url)), nav)
    restriction = PageViewRestriction.objects.create(
        page=rubrique, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert "ESS" not in texts(parse(client.get(magazine.url)), nav)
    restriction.delete()
    assert "ESS" in texts(parse(client.get(magazine.url)), nav)


def test_a_draft_revision_keeps_the_cached_listings(rubrique):
    from magazine.caching import listing_generation

    article = ArticlePageFactory(parent=rubrique)
    generation = listing_generation()
    article.title = "Titre en cours de relecture"
    article.save_revision()
    assert listing_generation() == generation
    article.save_revision().publish()
    assert listing_generation() != generation

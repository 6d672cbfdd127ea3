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

"""RSS 2.0 and Atom feeds, read with feedparser as a feed reader would."""

import datetime

import feedparser
import pytest
from django.utils import timezone

from .factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, feedparser.parse(response.content)


@pytest.mark.parametrize(("url", "version"), [("/magazine/flux/rss/", "rss20"), ("/magazine/flux/atom/", "atom10")])
def test_magazine_feed_lists_articles_newest_first_with_lead_link_date_and_image(
    client, article, rubrique, url, version
):
    older = ArticlePageFactory(
        parent=rubrique, title="Plus ancien", publication_date=timezone.now() - datetime.timedelta(days=3)
    )
    draft = ArticlePageFactory(parent=rubrique, title="Brouillon", live=False)

    response, feed = read(client, url)
    assert feed.version == version
    assert not feed.bozo
    assert feed.feed.title == "Solidaires — le magazine"
    assert [entry.title for entry in feed.entries] == [article.title, older.title]
    assert draft.title not in response.content.decode()
    entry = feed.entries[0]
    assert entry.link == "http://localhost/magazine/ess/lyon-cooperative-habitants/"  # the Wagtail site's address
    assert entry.summary == article.lead
    published = datetime.datetime(*entry.published_parsed[:6], tzinfo=datetime.UTC)
    assert abs(published - article.publication_date) < datetime.timedelta(seconds=1)
    (enclosure,) = [link for link in entry.links if link.rel == "enclosure"]
    assert enclosure.href.startswith("http://testserver/") and enclosure.href.endswith(".jpg")
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) > 0
    assert client.get(enclosure.href.removeprefix("http://testserver")).status_code in {200, 404}
    assert not [link for link in feed.entries[1].links if link.rel == "enclosure"]
    assert entry.author == "Léa Martin"


@pytest.mark.parametrize(
    ("url", "title", "expected"),
    [
        ("/magazine/flux/rubrique/ess/rss/", "Solidaires — ESS", ["article"]),
        ("/magazine/flux/etiquette/habitat/atom/", "Solidaires — habitat", ["article"]),
        ("/magazine/flux/departement/rhone/rss/", "Solidaires — Rhône", ["article"]),
        ("/magazine/flux/region/auvergne-rhone-alpes/atom/", "Solidaires — Auvergne-Rhône-Alpes", ["article"]),
        ("/magazine/flux/rubrique/recruteurs/rss/", "Solidaires — Recruteurs", ["other"]),
    ],
)
def test_scoped_feeds_hold_their_articles_only(client, article, other_rubrique, url, title, expected):
    other = ArticlePageFactory(parent=other_rubrique, title="Recruter autrement", tag_names=["emploi"])
    _response, feed = read(client, url)
    assert feed.feed.title == title
    names = {"article": article.title, "other": other.title}
    assert [entry.title for entry in feed.entries] == [names[name] for name in expected]


def test_feed_costs_a_bounded_number_of_queries(client, article, rubrique, django_assert_max_num_queries):
    for _ in range(35):
        ArticlePageFactory(parent=rubrique, main_image=article.main_image)
    client.get("/magazine/flux/rss/")
    with django_assert_max_num_queries(15):
        _response, feed = read(client, "/magazine/flux/rss/")
    assert len(feed.entries) == 30


def test_feed_escapes_markup_in_titles(client, rubrique):
    ArticlePageFactory(parent=rubrique, title="<script>alert(1)</script> & co", lead="<b>gras</b>")
    response, feed = read(client, "/magazine/flux/rss/")
    assert "<script>" not in response.content.decode()
    assert feed.entries[0].title == "<script>alert(1)</script> & co"


def test_a_polled_feed_is_read_from_the_cache_until_an_article_changes(client, article, rubrique):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = "/magazine/flux/rss/"
    client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert again["Content-Encoding"] == "gzip"
    assert not any("magazine_articlepage" in query["sql"] for query in queries.captured_queries)

    newest = ArticlePageFactory(
        parent=rubrique, title="Tout juste publié", publication_date=timezone.now() + datetime.timedelta(seconds=1)
    )
    _response, feed = read(client, url)
    assert feed.entries[0].title == newest.title
    newest.unpublish()
    _response, feed = read(client, url)
    assert newest.title not in [entry.title for entry in feed.entries]
    assert client.get("/magazine/flux/etiquette/inconnue/rss/").status_code == 404

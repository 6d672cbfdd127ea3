"""The month calendar and the RSS/Atom feeds are kept in the cache under the feeds' version: a repeated
view reads no event, and a publication, unpublication or deletion shows at once."""

import gzip

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.home.html import parse, texts

from .factories import EventCategoryFactory, EventPageFactory, paris

pytestmark = pytest.mark.django_db

MONTH = "/agenda/2027/03/"


def day_titles(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return texts(parse(response), "//main//*[contains(@class, 'event-card__title')]")


def sql_of(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
        assert response.status_code == 200
    return response, [query["sql"] for query in queries.captured_queries]


def test_a_repeated_month_view_reads_no_event(client, agenda_page):
    EventPageFactory(parent=agenda_page, title="Forum", start=paris(2027, 3, 2, 9), end=paris(2027, 3, 2, 17))
    first, first_sql = sql_of(client, MONTH)
    again, again_sql = sql_of(client, MONTH)
    assert any("agenda_eventoccurrence" in sql for sql in first_sql)
    assert not any("agenda_eventoccurrence" in sql for sql in again_sql)
    assert texts(parse(again), "//h3[@class='agenda-day']") == ["mardi 2 mars 2027"]
    assert parse(again).xpath("//a[@rel='next']/@href") == ["/agenda/2027/04/"]


def test_the_month_follows_publication_and_unpublication(client, agenda_page):
    forum = EventPageFactory(parent=agenda_page, title="Forum", start=paris(2027, 3, 2, 9), end=paris(2027, 3, 2, 17))
    assert day_titles(client, MONTH) == ["Forum"]
    salon = EventPageFactory(parent=agenda_page, title="Salon", live=False, start=paris(2027, 3, 9, 9))
    salon.end = paris(2027, 3, 9, 18)
    salon.save_revision().publish()
    assert day_titles(client, MONTH) == ["Forum", "Salon"]
    forum.unpublish()
    assert day_titles(client, MONTH) == ["Salon"]


def test_each_filter_set_is_its_own_month(client, agenda_page):
    forum = EventCategoryFactory(slug="forum", label="Forum")
    atelier = EventCategoryFactory(slug="atelier", label="Atelier")
    EventPageFactory(
        parent=agenda_page, title="Le forum", category=forum, start=paris(2027, 3, 2, 9), end=paris(2027, 3, 2, 17)
    )
    EventPageFactory(
        parent=agenda_page, title="L’atelier", category=atelier, start=paris(2027, 3, 3, 9), end=paris(2027, 3, 3, 17)
    )
    assert day_titles(client, MONTH) == ["Le forum", "L’atelier"]
    assert day_titles(client, MONTH + "?categorie=forum") == ["Le forum"]
    assert day_titles(client, MONTH + "?categorie=atelier") == ["L’atelier"]


@pytest.mark.parametrize("url", ["/agenda/flux/rss/", "/agenda/flux/atom/"])
def test_feeds_are_served_compressed_from_the_cache_and_follow_publication(client, agenda_page, url):
    forum = EventPageFactory(parent=agenda_page, title="Forum", start=paris(2027, 3, 2, 9), end=paris(2027, 3, 2, 17))
    _first, first_sql = sql_of(client, url, HTTP_ACCEPT_ENCODING="gzip")
    again, again_sql = sql_of(client, url, HTTP_ACCEPT_ENCODING="gzip")
    assert again["Content-Encoding"] == "gzip"
    assert len(again_sql) < len(first_sql)
    assert [entry.title for entry in feedparser.parse(gzip.decompress(again.content)).entries] == ["Forum"]

    EventPageFactory(parent=agenda_page, title="Salon", start=paris(2027, 3, 9, 9), end=paris(2027, 3, 9, 18))
    assert [entry.title for entry in feedparser.parse(client.get(url).content).entries] == ["Forum", "Salon"]
    forum.delete()
    assert [entry.title for entry in feedparser.parse(client.get(url).content).entries] == ["Salon"]


def test_unpublishing_a_plain_page_as_the_scheduled_expiry_does(client, agenda_page):
    from wagtail.models import Page

    from agenda.models import EventOccurrence

    kept = EventPageFactory(parent=agenda_page, title="Forum", start=paris(2027, 3, 2, 9), end=paris(2027, 3, 2, 17))
    gone = EventPageFactory(parent=agenda_page, title="Salon", start=paris(2027, 3, 9, 9), end=paris(2027, 3, 9, 18))
    assert day_titles(client, MONTH) == [kept.title, gone.title]

    Page.objects.get(pk=gone.pk).unpublish()

    assert not EventOccurrence.objects.filter(event=gone, live=True).exists()
    assert day_titles(client, MONTH) == [kept.title]
    assert [entry.title for entry in feedparser.parse(client.get("/agenda/flux/rss/").content).entries] == ["Forum"]


def test_a_restricted_event_leaves_the_cached_feeds(client, agenda_page):
    from wagtail.models import PageViewRestriction

    forum = EventPageFactory(parent=agenda_page, title="Forum", start=paris(2027, 3, 2, 9), end=paris(2027, 3, 2, 17))
    assert [entry.title for entry in feedparser.parse(client.get("/agenda/flux/rss/").content).entries] == ["Forum"]
    PageViewRestriction.objects.create(page=forum, restriction_type=PageViewRestriction.LOGIN)
    assert feedparser.parse(client.get("/agenda/flux/rss/").content).entries == []


def test_one_fragment_per_result_whatever_the_spelling_of_the_filters(agenda_page):
    from agenda.forms import EventFilterForm
    from agenda.models import active_categories

    def key(**query):
        return EventFilterForm(query, active_categories()).cache_key()

    assert key(commune="Lyon (69)") == key(commune="69123") != key(commune="Lyon (69)", rayon="50")
    assert key(gratuit="on") == key(gratuit="n’importe quoi") != key()
    assert key(departement="999") == key()  # an invalid value is ignored, as by the view


def test_a_draft_revision_keeps_the_cached_feeds(agenda_page):
    from agenda.ical import feeds_version

    forum = EventPageFactory(parent=agenda_page, title="Forum", start=paris(2027, 3, 2, 9), end=paris(2027, 3, 2, 17))
    version = feeds_version()
    forum.title = "Forum (brouillon)"
    forum.save_revision()
    assert feeds_version() == version
    forum.save_revision().publish()
    assert feeds_version() != version

"""RSS 2.0 and Atom feeds of upcoming events, parsed with feedparser, and their advertisement."""

import datetime as dt

import feedparser
import pytest
from django.utils import timezone

from agenda.formatting import when_text
from agenda.models import EventOccurrence, EventPage
from agenda.recurrence import PARIS
from reference.models import Commune

from .factories import EventCategoryFactory, EventPageFactory, paris

pytestmark = pytest.mark.django_db


def parsed(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return response, feed


def test_rss_lists_upcoming_live_events_soonest_first(client, agenda_page):
    later = EventPageFactory(
        parent=agenda_page, title="Salon plus tard", start=paris(2027, 5, 4, 9), end=paris(2027, 5, 4, 12)
    )
    sooner = EventPageFactory(
        parent=agenda_page, title="Forum bientôt", start=paris(2027, 2, 4, 9), end=paris(2027, 2, 4, 12)
    )
    EventPageFactory(parent=agenda_page, title="Brouillon caché", live=False)
    EventPageFactory(parent=agenda_page, title="Passé", start=paris(2021, 1, 4, 9), end=paris(2021, 1, 4, 12))
    response, feed = parsed(client, "/agenda/flux/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert feed.version == "rss20"
    assert [entry.title for entry in feed.entries] == ["Forum bientôt", "Salon plus tard"]
    first = feed.entries[0]
    assert first.link.endswith(sooner.url)
    assert first.id == sooner.ical_uid
    # The dates read as on the event's page: « 9 h », not « 9 h 00 ».
    assert "jeudi 4 février 2027, de 9\u00a0h à 12\u00a0h" in first.summary
    assert later.title in feed.entries[1].title


def test_atom_and_per_category_and_region_feeds(client, agenda_page):
    forum = EventCategoryFactory(slug="forum-flux", label="Forum flux")
    rennes = Commune.objects.get(code="35238")
    in_category = EventPageFactory(parent=agenda_page, category=forum, title="Un forum")
    in_rennes = EventPageFactory(parent=agenda_page, commune=rennes, title="À Rennes")
    _response, feed = parsed(client, "/agenda/flux/atom/")
    assert feed.version == "atom10"
    assert {entry.title for entry in feed.entries} == {in_category.title, in_rennes.title}
    _response, feed = parsed(client, "/agenda/flux/rss/categorie/forum-flux/")
    assert [entry.title for entry in feed.entries] == ["Un forum"]
    assert "Forum flux" in feed.feed.title
    _response, feed = parsed(client, f"/agenda/flux/atom/region/{rennes.region.slug}/")
    assert [entry.title for entry in feed.entries] == ["À Rennes"]
    assert client.get("/agenda/flux/rss/categorie/inconnue/").status_code == 404


def test_a_cancelled_event_says_so(client, agenda_page):
    EventPageFactory(parent=agenda_page, title="Forum", status=EventPage.Status.CANCELLED)
    _response, feed = parsed(client, "/agenda/flux/rss/")
    assert feed.entries[0].title.startswith("Annulé")


def test_script_in_an_event_is_escaped_in_the_feed(client, agenda_page):
    EventPageFactory(
        parent=agenda_page, title="Forum <script>alert(1)</script>", summary="<img src=x onerror=alert(1)>"
    )
    response, feed = parsed(client, "/agenda/flux/rss/")
    assert b"<script>" not in response.content and b"<img" not in response.content
    # Escaped twice in the XML: a feed reader shows the text, it never renders it as markup.
    assert b"&amp;lt;img src=x" in response.content
    (entry,) = feed.entries
    assert "<img" not in entry.summary and "&lt;img src=x" in entry.summary


@pytest.mark.parametrize("count", [3, 30])
def test_feeds_read_a_bounded_number_of_queries(client, agenda_page, count, django_assert_max_num_queries):
    lyon = Commune.objects.get(code="69123")
    for _n in range(count):
        EventPageFactory(parent=agenda_page, commune=lyon)
    client.get("/agenda/flux/rss/")
    for url in ("/agenda/flux/rss/", "/agenda/flux/atom/", f"/agenda/flux/rss/region/{lyon.region.slug}/"):
        with django_assert_max_num_queries(8):
            _response, feed = parsed(client, url)
        assert len(feed.entries) == count


def test_pages_advertise_the_feeds_narrowed_to_their_filters(client, agenda_page):
    forum = EventCategoryFactory(slug="forum-liens", label="Forum liens")
    rennes = Commune.objects.get(code="35238")
    html = client.get(agenda_page.url).content.decode()
    assert '<link rel="alternate" type="text/calendar"' in html
    assert 'href="/agenda/calendrier.ics"' in html
    assert 'type="application/rss+xml"' in html and 'href="/agenda/flux/rss/"' in html
    assert 'type="application/atom+xml"' in html
    filtered = client.get(f"{agenda_page.url}?categorie=forum-liens&region={rennes.region.slug}").content.decode()
    assert f'href="/agenda/calendrier/{forum.slug}.ics"' in filtered
    assert f'href="/agenda/calendrier/region/{rennes.region.slug}.ics"' in filtered
    assert f'href="/agenda/flux/atom/region/{rennes.region.slug}/"' in filtered


def test_an_event_page_offers_its_ics(client, agenda_page):
    event = EventPageFactory(parent=agenda_page)
    html = client.get(event.url).content.decode()
    assert f'href="/agenda/evenements/{event.pk}.ics"' in html
    assert "Ajouter à mon agenda" in html


def test_the_feed_says_the_dates_as_the_event_page_does(client, agenda_page):
    event = EventPageFactory(parent=agenda_page, start=paris(2027, 2, 4, 14), end=paris(2027, 2, 4, 17, 30))
    when = "jeudi 4 février 2027, de 14\u00a0h à 17\u00a0h\u00a030"
    assert when in client.get(event.url).content.decode()
    (entry,) = parsed(client, "/agenda/flux/rss/")[1].entries
    assert when in entry.summary
    (entry,) = parsed(client, "/agenda/flux/atom/")[1].entries
    assert when in entry.summary


def test_a_recurring_event_is_announced_once_at_its_next_date(client, agenda_page):
    today = timezone.now().astimezone(PARIS).date()
    start = dt.datetime.combine(today - dt.timedelta(days=14), dt.time(18, 30), tzinfo=PARIS)
    event = EventPageFactory(
        parent=agenda_page,
        title="Café de l’ESS",
        start=start,
        end=start + dt.timedelta(hours=2),
        recurrence_rule=EventPage.Recurrence.WEEKLY,
        recurrence_until=today + dt.timedelta(days=60),
    )
    upcoming = EventOccurrence.objects.filter(event=event, end__gte=timezone.now()).order_by("start").first()
    (entry,) = parsed(client, "/agenda/flux/rss/")[1].entries
    assert entry.title == "Café de l’ESS"
    assert when_text(upcoming.start, upcoming.end, False) in entry.summary
    assert upcoming.start > event.start

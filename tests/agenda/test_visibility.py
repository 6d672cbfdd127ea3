"""Events behind a view restriction (password, sign-in, groups), on the event itself or on a page above it,
are in no list, month view, feed, calendar nor block, even once those are cached; they come back when the
restriction goes, and follow a page moved in or out of a restricted part of the site."""

import importlib

import feedparser
import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from icalendar import Calendar
from wagtail.models import Page, PageViewRestriction

from agenda.models import EventOccurrence, EventSubmission
from reference.models import Commune
from tests.factories import HomePageFactory, UserFactory
from tests.home.html import parse, texts

from .factories import AgendaIndexPageFactory, EventCategoryFactory, EventPageFactory, paris

pytestmark = pytest.mark.django_db

MONTH = "/agenda/2027/03/"


@pytest.fixture
def lyon():
    return Commune.objects.get(code="69123")


@pytest.fixture
def forum_category():
    return EventCategoryFactory(slug="forum-prive", label="Forum")


@pytest.fixture
def public_event(agenda_page, lyon, forum_category):
    return EventPageFactory(
        parent=agenda_page,
        title="Forum public",
        category=forum_category,
        commune=lyon,
        start=paris(2027, 3, 2, 9),
        end=paris(2027, 3, 2, 17),
    )


@pytest.fixture
def private_event(agenda_page, lyon, forum_category):
    return EventPageFactory(
        parent=agenda_page,
        title="Réunion réservée",
        category=forum_category,
        commune=lyon,
        start=paris(2027, 3, 9, 9),
        end=paris(2027, 3, 9, 17),
    )


def restrict(page, kind: str) -> PageViewRestriction:
    if kind == "password":
        return PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
    if kind == "login":
        return PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set([Group.objects.get(name="Modérateurs")])
    return restriction


def card_titles(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return texts(parse(response), "//main//*[contains(@class, 'event-card__title')]")


def feed_titles(client, url) -> list[str]:
    return [entry.title for entry in feedparser.parse(client.get(url).content).entries]


def calendar_titles(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return sorted(str(vevent["SUMMARY"]) for vevent in Calendar.from_ical(response.content).walk("VEVENT"))


def feeds(lyon, category) -> list[str]:
    region = lyon.region.slug
    return [
        "/agenda/flux/rss/",
        "/agenda/flux/atom/",
        f"/agenda/flux/rss/categorie/{category.slug}/",
        f"/agenda/flux/atom/region/{region}/",
    ]


def calendars(lyon, category) -> list[str]:
    return [
        "/agenda/calendrier.ics",
        f"/agenda/calendrier/{category.slug}.ics",
        f"/agenda/calendrier/region/{lyon.region.slug}.ics",
    ]


@pytest.mark.parametrize("kind", ["password", "login", "groups"])
def test_a_restricted_event_is_in_no_list_feed_calendar_or_block(
    client, home_page, public_event, private_event, lyon, forum_category, kind
):
    home_page.body = [
        ("upcoming_events", {"title": "Prochainement", "category": None, "region": "", "departement": "", "count": 5})
    ]
    home_page.save_revision().publish()
    restrict(private_event, kind)

    assert card_titles(client, MONTH) == ["Forum public"]
    assert card_titles(client, "/agenda/2027/03/?categorie=forum-prive") == ["Forum public"]
    home = texts(parse(client.get("/")), "//*[contains(@class, 'event-card__title')]")
    assert "Forum public" in home and "Réunion réservée" not in home
    for url in feeds(lyon, forum_category):
        assert feed_titles(client, url) == ["Forum public"], url
    for url in calendars(lyon, forum_category):
        assert calendar_titles(client, url) == ["Forum public"], url
    assert client.get(f"/agenda/evenements/{private_event.pk}.ics").status_code == 404
    assert not EventOccurrence.objects.live().filter(event=private_event).exists()


def test_a_restricted_event_leaves_the_upcoming_and_past_lists(client, agenda_page):
    soon = EventPageFactory(parent=agenda_page, title="Bientôt, réservé")
    done = EventPageFactory(
        parent=agenda_page,
        title="Passé, réservé",
        start=paris(2021, 3, 2, 9),
        end=paris(2021, 3, 2, 17),
    )
    assert card_titles(client, "/agenda/") == [soon.title]
    assert card_titles(client, "/agenda/passes/") == [done.title]
    restrict(soon, "login")
    restrict(done, "password")
    assert card_titles(client, "/agenda/") == []
    assert card_titles(client, "/agenda/ce-mois-ci/") == []
    assert card_titles(client, "/agenda/passes/") == []


@pytest.mark.parametrize("where", ["agenda", "home"])
def test_a_restriction_above_the_events_hides_them_all_even_from_cached_feeds(
    client, home_page, agenda_page, public_event, private_event, lyon, forum_category, where
):
    # Seen, so kept in the cache.
    assert card_titles(client, MONTH) == ["Forum public", "Réunion réservée"]
    for url in feeds(lyon, forum_category):
        assert feed_titles(client, url) == ["Forum public", "Réunion réservée"], url
    for url in calendars(lyon, forum_category):
        assert calendar_titles(client, url) == ["Forum public", "Réunion réservée"], url

    restriction = restrict(agenda_page if where == "agenda" else home_page, "groups")

    for url in feeds(lyon, forum_category):
        assert feed_titles(client, url) == [], url
    for url in calendars(lyon, forum_category):
        assert calendar_titles(client, url) == [], url
    assert client.get(MONTH).status_code == 302  # the agenda itself asks to sign in
    # Even someone allowed to open the agenda finds no event listed: lists are what the public sees, and
    # the month's cached fragment is the same for everyone.
    client.force_login(UserFactory(is_superuser=True))
    assert card_titles(client, MONTH) == []
    assert not EventOccurrence.objects.live().exists()

    restriction.delete()
    client.logout()
    assert card_titles(client, MONTH) == ["Forum public", "Réunion réservée"]
    assert feed_titles(client, "/agenda/flux/rss/") == ["Forum public", "Réunion réservée"]
    assert calendar_titles(client, "/agenda/calendrier.ics") == ["Forum public", "Réunion réservée"]


def test_an_event_restricted_twice_stays_hidden_until_both_go(client, agenda_page, private_event):
    on_event = restrict(private_event, "password")
    on_agenda = restrict(agenda_page, "login")
    on_agenda.delete()
    assert feed_titles(client, "/agenda/flux/rss/") == []
    on_event.delete()
    assert feed_titles(client, "/agenda/flux/rss/") == ["Réunion réservée"]


def test_publishing_a_restricted_event_keeps_it_hidden(client, agenda_page):
    restrict(agenda_page, "login")
    event = EventPageFactory(parent=agenda_page, title="Brouillon réservé", live=False)
    event.save_revision().publish()
    assert EventOccurrence.objects.filter(event=event).exists()
    assert not EventOccurrence.objects.live().filter(event=event).exists()
    assert feed_titles(client, "/agenda/flux/rss/") == []


def test_an_unpublished_event_stays_hidden_when_a_restriction_goes(client, agenda_page, private_event):
    restriction = restrict(private_event, "login")
    private_event.unpublish()
    restriction.delete()
    assert not EventOccurrence.objects.live().filter(event=private_event).exists()


def test_an_event_moved_under_a_restricted_page_leaves_the_feeds(client, home_page, agenda_page, private_event):
    other_home = HomePageFactory(parent=Page.get_first_root_node(), slug="autre-site")
    other_agenda = AgendaIndexPageFactory(parent=other_home, slug="agenda-interne")
    restrict(other_home, "login")
    assert feed_titles(client, "/agenda/flux/rss/") == ["Réunion réservée"]
    Page.objects.get(pk=private_event.pk).move(other_agenda, pos="last-child")
    assert feed_titles(client, "/agenda/flux/rss/") == []
    Page.objects.get(pk=private_event.pk).move(Page.objects.get(pk=agenda_page.pk), pos="last-child")
    assert feed_titles(client, "/agenda/flux/rss/") == ["Réunion réservée"]


def test_the_data_migration_and_its_reverse(agenda_page, private_event):
    """Migration 0007: proposals "submitted" become "in_review", the dates of events already restricted
    leave what the public sees; its reverse puts both back."""
    migration = importlib.import_module("agenda.migrations.0007_submission_status_and_restricted_occurrences")
    old = EventSubmission.objects.create(email="asso@exemple.test", status="submitted", page=private_event)
    PageViewRestriction.objects.bulk_create(  # no signal: as before the migration
        [PageViewRestriction(page=agenda_page, restriction_type=PageViewRestriction.LOGIN)]
    )
    assert EventOccurrence.objects.live().filter(event=private_event).exists()

    migration.forwards(django_apps, None)
    old.refresh_from_db()
    assert old.status == EventSubmission.Status.IN_REVIEW
    assert not EventOccurrence.objects.live().filter(event=private_event).exists()

    migration.backwards(django_apps, None)
    old.refresh_from_db()
    assert old.status == "submitted"
    assert EventOccurrence.objects.live().filter(event=private_event).exists()

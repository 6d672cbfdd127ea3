"""iCalendar output, parsed back with the icalendar library."""

import datetime as dt

import pytest
import recurring_ical_events
from icalendar import Calendar

from agenda.ical import invalidate_feeds
from agenda.models import EventPage
from agenda.recurrence import PARIS
from reference.models import Commune, Region

from .factories import EventCategoryFactory, EventPageFactory, paris

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def parse(response) -> Calendar:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_by_uid(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_the_event_file_has_a_stable_uid_and_paris_times(client, agenda_page):
    lyon = Commune.objects.select_related("departement").get(code="69123")
    event = EventPageFactory(
        parent=agenda_page, start=paris(2027, 3, 29, 10), end=paris(2027, 3, 29, 12, 30), commune=lyon
    )
    response = client.get(f"/agenda/evenements/{event.pk}.ics")
    assert response["Content-Disposition"].startswith("attachment;")
    calendar = parse(response)
    assert str(calendar["X-WR-CALNAME"]) == event.title
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Paris"]
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == event.ical_uid
    assert int(vevent["SEQUENCE"]) == 0
    assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
    # The day after the end-of-March change: 10:00 in Paris is 08:00 UTC.
    assert vevent.start.astimezone(UTC) == dt.datetime(2027, 3, 29, 8, tzinfo=UTC)
    assert vevent.end.astimezone(UTC) == dt.datetime(2027, 3, 29, 10, 30, tzinfo=UTC)
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert "Lyon (69)" in str(vevent["LOCATION"]) and "Maison des associations" in str(vevent["LOCATION"])
    assert vevent["GEO"].latitude == pytest.approx(lyon.latitude, abs=1e-5)
    assert str(vevent["URL"]).endswith(event.url)
    assert "DTSTAMP" in vevent and "LAST-MODIFIED" in vevent


def test_a_winter_event_is_one_hour_ahead_of_utc(client, agenda_page):
    event = EventPageFactory(parent=agenda_page, start=paris(2027, 3, 27, 10), end=paris(2027, 3, 27, 11))
    (vevent,) = parse(client.get(f"/agenda/evenements/{event.pk}.ics")).walk("VEVENT")
    assert vevent.start.astimezone(UTC) == dt.datetime(2027, 3, 27, 9, tzinfo=UTC)


def test_uid_stays_and_sequence_is_bumped_by_a_significant_change(client, agenda_page):
    event = EventPageFactory(parent=agenda_page, start=paris(2027, 5, 4, 9), end=paris(2027, 5, 4, 12))
    first = events_by_uid(parse(client.get(f"/agenda/evenements/{event.pk}.ics")))[event.ical_uid]
    event.start, event.end = paris(2027, 5, 5, 9), paris(2027, 5, 5, 12)
    event.save_revision().publish()
    event.refresh_from_db()
    second = events_by_uid(parse(client.get(f"/agenda/evenements/{event.pk}.ics")))[event.ical_uid]
    assert int(second["SEQUENCE"]) == int(first["SEQUENCE"]) + 1
    assert second.start.date() == dt.date(2027, 5, 5)
    # A change of wording only keeps the SEQUENCE.
    event.summary = "Un autre résumé."
    event.save_revision().publish()
    third = events_by_uid(parse(client.get(f"/agenda/evenements/{event.pk}.ics")))[event.ical_uid]
    assert int(third["SEQUENCE"]) == int(second["SEQUENCE"])


def test_a_cancelled_event_stays_in_the_feed_as_cancelled(client, agenda_page):
    event = EventPageFactory(parent=agenda_page, status=EventPage.Status.CANCELLED)
    vevent = events_by_uid(parse(client.get("/agenda/calendrier.ics")))[event.ical_uid]
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert str(vevent["SUMMARY"]).startswith("Annulé")


def test_an_all_day_event_uses_dates_with_an_exclusive_end(client, agenda_page):
    event = EventPageFactory(parent=agenda_page, start=paris(2027, 6, 10), end=paris(2027, 6, 12, 18), all_day=True)
    (vevent,) = parse(client.get(f"/agenda/evenements/{event.pk}.ics")).walk("VEVENT")
    assert vevent["DTSTART"].params.get("VALUE") == "DATE"
    assert vevent.start == dt.date(2027, 6, 10)
    assert vevent.end == dt.date(2027, 6, 13)
    assert b"DTSTART;VALUE=DATE:20270610" in client.get(f"/agenda/evenements/{event.pk}.ics").content


def test_a_recurring_event_is_one_vevent_with_its_rule(client, agenda_page):
    event = EventPageFactory(
        parent=agenda_page,
        start=paris(2027, 1, 5, 18, 30),
        end=paris(2027, 1, 5, 20),
        recurrence_rule=EventPage.Recurrence.MONTHLY_NTH_WEEKDAY,
        recurrence_until=dt.date(2027, 6, 30),
    )
    calendar = parse(client.get(f"/agenda/evenements/{event.pk}.ics"))
    (vevent,) = calendar.walk("VEVENT")
    rule = vevent["RRULE"]
    assert rule["FREQ"] == ["MONTHLY"] and rule["BYDAY"] == ["1TU"] and rule["COUNT"] == [6]


def test_drafts_and_unknown_events_are_not_served(client, agenda_page):
    draft = EventPageFactory(parent=agenda_page, live=False)
    assert client.get(f"/agenda/evenements/{draft.pk}.ics").status_code == 404
    assert client.get("/agenda/evenements/999999.ics").status_code == 404
    assert draft.ical_uid not in client.get("/agenda/calendrier.ics").content.decode()


def test_feeds_per_category_and_region(client, agenda_page):
    forum = EventCategoryFactory(slug="forum-test", label="Forum test")
    atelier = EventCategoryFactory(slug="atelier-test", label="Atelier test")
    lyon = Commune.objects.get(code="69123")
    rennes = Commune.objects.get(code="35238")
    in_lyon = EventPageFactory(parent=agenda_page, category=forum, commune=lyon)
    in_rennes = EventPageFactory(parent=agenda_page, category=atelier, commune=rennes)
    everything = events_by_uid(parse(client.get("/agenda/calendrier.ics")))
    assert {in_lyon.ical_uid, in_rennes.ical_uid} <= set(everything)
    forums = parse(client.get("/agenda/calendrier/forum-test.ics"))
    assert set(events_by_uid(forums)) == {in_lyon.ical_uid}
    assert "Forum test" in str(forums["X-WR-CALNAME"])
    region = Region.objects.get(pk=rennes.region_id)
    bretagne = parse(client.get(f"/agenda/calendrier/region/{region.slug}.ics"))
    assert set(events_by_uid(bretagne)) == {in_rennes.ical_uid}
    assert client.get("/agenda/calendrier/inconnue.ics").status_code == 404
    assert client.get("/agenda/calendrier/region/inconnue.ics").status_code == 404


def test_the_feed_window_is_bounded(client, agenda_page):
    old = EventPageFactory(parent=agenda_page, start=paris(2020, 1, 10, 9), end=paris(2020, 1, 10, 10))
    soon = EventPageFactory(parent=agenda_page)
    uids = set(events_by_uid(parse(client.get("/agenda/calendrier.ics"))))
    assert soon.ical_uid in uids and old.ical_uid not in uids


def test_text_is_escaped_as_ical_wants(client, agenda_page):
    event = EventPageFactory(parent=agenda_page, title="Forum; ateliers, débats", summary="Ligne 1\nLigne 2")
    content = client.get(f"/agenda/evenements/{event.pk}.ics").content
    assert b"SUMMARY:Forum\\; ateliers\\, d" in content
    (vevent,) = Calendar.from_ical(content).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Forum; ateliers, débats"
    assert str(vevent["DESCRIPTION"]).startswith("Ligne 1\nLigne 2")


@pytest.mark.parametrize("count", [3, 30])
def test_the_feed_reads_a_bounded_number_of_queries(client, agenda_page, count, django_assert_max_num_queries):
    lyon = Commune.objects.get(code="69123")
    for _n in range(count):
        EventPageFactory(parent=agenda_page, commune=lyon)
    client.get("/agenda/calendrier.ics")  # warm the site root paths' cache
    invalidate_feeds()
    with django_assert_max_num_queries(8):
        calendar = parse(client.get("/agenda/calendrier.ics"))
    assert len(calendar.walk("VEVENT")) == count
    with django_assert_max_num_queries(8):
        parse(client.get(f"/agenda/calendrier/region/{lyon.region.slug}.ics"))
    # Polled again: served from the cache.
    with django_assert_max_num_queries(3):
        assert len(parse(client.get("/agenda/calendrier.ics")).walk("VEVENT")) == count


def test_cached_feeds_change_as_soon_as_an_event_is_published_or_unpublished(client, agenda_page):
    first = EventPageFactory(parent=agenda_page)
    assert set(events_by_uid(parse(client.get("/agenda/calendrier.ics")))) == {first.ical_uid}
    second = EventPageFactory(parent=agenda_page, live=False)
    second.save_revision().publish()
    assert set(events_by_uid(parse(client.get("/agenda/calendrier.ics")))) == {first.ical_uid, second.ical_uid}
    first.unpublish()
    assert set(events_by_uid(parse(client.get("/agenda/calendrier.ics")))) == {second.ical_uid}
    second.delete()
    assert not events_by_uid(parse(client.get("/agenda/calendrier.ics")))


@pytest.mark.parametrize(
    "start, rule, interval, until",
    [
        # Every other Tuesday evening across the end of March (summer time).
        (paris(2027, 3, 2, 18, 30), EventPage.Recurrence.WEEKLY, 2, dt.date(2027, 6, 30)),
        # The last Thursday of the month (a fifth Thursday), across the end of October.
        (paris(2027, 9, 30, 9), EventPage.Recurrence.MONTHLY_NTH_WEEKDAY, 1, dt.date(2028, 3, 31)),
        # The first Monday, every third month, bounded by the 100 dates and two years of the agenda.
        (paris(2027, 1, 4, 14), EventPage.Recurrence.MONTHLY_NTH_WEEKDAY, 3, None),
    ],
)
def test_calendar_clients_expand_a_recurring_event_to_the_agendas_dates(
    client, agenda_page, start, rule, interval, until
):
    """The RRULE is plain RFC 5545: a calendar library (recurring-ical-events) finds the agenda's dates."""
    event = EventPageFactory(
        parent=agenda_page,
        start=start,
        end=start + dt.timedelta(hours=2),
        recurrence_rule=rule,
        recurrence_interval=interval,
        recurrence_until=until,
    )
    calendar = parse(client.get(f"/agenda/evenements/{event.pk}.ics"))
    expanded = recurring_ical_events.of(calendar).between(dt.date(2026, 1, 1), dt.date(2031, 1, 1))
    stored = list(event.occurrences.order_by("start"))
    assert [(vevent.start, vevent.end) for vevent in expanded] == [(o.start, o.end) for o in stored]
    assert {vevent.start.astimezone(PARIS).time() for vevent in expanded} == {start.time()}

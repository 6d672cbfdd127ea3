"""Events: dates in Europe/Paris, recurrence across summer-time changes, occurrences kept in step with the
page's life (publish, edit, unpublish, delete), iCalendar sequence and territory copied from the commune."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from agenda.models import EventOccurrence, EventPage
from agenda.recurrence import MAX_OCCURRENCES, PARIS, nth_weekday_date, nth_weekday_of, occurrence_dates
from reference.models import Commune

from .factories import EventPageFactory, paris

pytestmark = pytest.mark.django_db

WEEKLY = EventPage.Recurrence.WEEKLY
MONTHLY = EventPage.Recurrence.MONTHLY_NTH_WEEKDAY


def local_starts(event):
    return [occurrence.local_start for occurrence in EventOccurrence.objects.filter(event=event).order_by("start")]


def test_a_one_off_event_has_one_live_occurrence(agenda_page):
    event = EventPageFactory(parent=agenda_page, start=paris(2026, 12, 3, 9), end=paris(2026, 12, 3, 12))

    (occurrence,) = EventOccurrence.objects.filter(event=event)
    assert occurrence.live
    assert (occurrence.start, occurrence.end) == (paris(2026, 12, 3, 9), paris(2026, 12, 3, 12))
    assert occurrence.start.utcoffset() is not None
    assert event.ical_uid.endswith("@solidaires")
    assert event.ical_sequence == 0


def test_dates_are_stored_in_utc_and_read_in_paris(agenda_page):
    event = EventPageFactory(parent=agenda_page, start=paris(2026, 7, 14, 10), end=paris(2026, 7, 14, 12))
    event.refresh_from_db()
    assert event.start == dt.datetime(2026, 7, 14, 8, 0, tzinfo=dt.UTC)
    assert event.local_start.hour == 10
    assert event.local_start.utcoffset() == dt.timedelta(hours=2)


def test_weekly_recurrence_keeps_local_time_across_the_end_of_march(agenda_page):
    event = EventPageFactory(
        parent=agenda_page,
        start=paris(2027, 3, 16, 18, 30),
        end=paris(2027, 3, 16, 20),
        recurrence_rule=WEEKLY,
        recurrence_until=dt.date(2027, 4, 6),
    )
    starts = local_starts(event)
    assert [start.date() for start in starts] == [
        dt.date(2027, 3, 16),
        dt.date(2027, 3, 23),
        dt.date(2027, 3, 30),
        dt.date(2027, 4, 6),
    ]
    assert {(start.hour, start.minute) for start in starts} == {(18, 30)}
    assert [start.utcoffset() for start in starts] == [dt.timedelta(hours=h) for h in (1, 1, 2, 2)]
    # The UTC hour moves so that the Paris hour stays.
    assert [o.start.astimezone(dt.UTC).hour for o in EventOccurrence.objects.filter(event=event).order_by("start")] == [
        17,
        17,
        16,
        16,
    ]


def test_every_first_tuesday_keeps_local_time_across_the_end_of_october(agenda_page):
    event = EventPageFactory(
        parent=agenda_page,
        start=paris(2026, 10, 6, 18, 30),  # first Tuesday of October 2026, summer time
        end=paris(2026, 10, 6, 20, 30),
        recurrence_rule=MONTHLY,
        recurrence_until=dt.date(2027, 1, 31),
    )
    starts = local_starts(event)
    assert [start.date() for start in starts] == [
        dt.date(2026, 10, 6),
        dt.date(2026, 11, 3),
        dt.date(2026, 12, 1),
        dt.date(2027, 1, 5),
    ]
    assert all(start.weekday() == 1 and start.day <= 7 for start in starts)
    assert {(start.hour, start.minute) for start in starts} == {(18, 30)}
    assert starts[0].utcoffset() == dt.timedelta(hours=2)
    assert starts[1].utcoffset() == dt.timedelta(hours=1)
    ends = [o.end.astimezone(PARIS) for o in EventOccurrence.objects.filter(event=event).order_by("start")]
    assert {(end.hour, end.minute) for end in ends} == {(20, 30)}
    assert event.recurrence_label == "chaque premier mardi du mois"
    assert event.rrule()["FREQ"] == "MONTHLY"
    assert event.rrule()["BYDAY"] == "1TU"
    assert event.rrule()["COUNT"] == 4


def test_an_occurrence_spanning_the_night_of_the_change_keeps_its_wall_clock_length(agenda_page):
    # Saturday 22:00 to Sunday 04:00 across the end of summer time: six hours on the clock, seven elapsed.
    event = EventPageFactory(
        parent=agenda_page,
        start=paris(2026, 10, 17, 22),
        end=paris(2026, 10, 18, 4),
        recurrence_rule=WEEKLY,
        recurrence_until=dt.date(2026, 10, 24),
    )
    second = EventOccurrence.objects.filter(event=event).order_by("start")[1]
    assert second.local_start.hour == 22 and second.local_end.hour == 4
    assert second.end - second.start == dt.timedelta(hours=7)


def test_the_last_weekday_of_the_month():
    assert nth_weekday_of(dt.date(2026, 12, 29)) == -1  # fifth Tuesday: "the last one"
    assert nth_weekday_date(2027, 2, 1, -1) == dt.date(2027, 2, 23)
    dates = occurrence_dates(dt.date(2026, 12, 29), "monthly_nth_weekday", 1, dt.date(2027, 3, 31))
    assert dates == [dt.date(2026, 12, 29), dt.date(2027, 1, 26), dt.date(2027, 2, 23), dt.date(2027, 3, 30)]


def test_every_other_week():
    dates = occurrence_dates(dt.date(2026, 1, 5), "weekly", 2, dt.date(2026, 2, 5))
    assert dates == [dt.date(2026, 1, 5), dt.date(2026, 1, 19), dt.date(2026, 2, 2)]


def test_recurrence_is_bounded_in_count_and_time():
    weekly = occurrence_dates(dt.date(2026, 1, 1), "weekly", 1, None)
    assert len(weekly) == MAX_OCCURRENCES
    monthly = occurrence_dates(dt.date(2026, 1, 6), "monthly_nth_weekday", 1, dt.date(2040, 1, 1))
    assert monthly[-1] <= dt.date(2028, 1, 6)
    assert len(monthly) == 25


def test_all_day_events_cover_whole_paris_days(agenda_page):
    event = EventPageFactory(
        parent=agenda_page, all_day=True, start=paris(2026, 11, 18, 15), end=paris(2026, 11, 20, 9)
    )
    event.refresh_from_db()
    assert event.local_start == paris(2026, 11, 18, 0)
    assert event.local_end == dt.datetime(2026, 11, 20, 23, 59, 59, tzinfo=PARIS)
    assert event.is_multi_day


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"end": paris(2026, 12, 3, 8)}, "end"),
        ({"end": paris(2027, 3, 3, 8)}, "end"),
        ({"recurrence_rule": WEEKLY, "recurrence_until": dt.date(2026, 11, 1)}, "recurrence_until"),
        ({"attendance_mode": EventPage.AttendanceMode.ONLINE, "online_url": ""}, "online_url"),
        ({"venue": "", "address": "", "commune": None}, "commune"),
        ({"is_free": False, "price": ""}, "price"),
    ],
)
def test_inconsistent_events_are_refused(agenda_page, changes, field):
    fields = {"start": paris(2026, 12, 3, 9), "end": paris(2026, 12, 3, 12), **changes}
    event = EventPageFactory.build(**fields)
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert field in error.value.message_dict


def test_editing_and_publishing_rebuilds_occurrences(agenda_page):
    event = EventPageFactory(parent=agenda_page, start=paris(2026, 12, 3, 9), end=paris(2026, 12, 3, 12))
    event.start, event.end = paris(2026, 12, 10, 14), paris(2026, 12, 10, 16)
    event.recurrence_rule, event.recurrence_until = WEEKLY, dt.date(2026, 12, 24)
    event.save_revision().publish()

    assert [start.date() for start in local_starts(event)] == [
        dt.date(2026, 12, 10),
        dt.date(2026, 12, 17),
        dt.date(2026, 12, 24),
    ]
    assert EventOccurrence.objects.filter(event=event, live=True).count() == 3


def test_a_draft_revision_leaves_the_published_dates_alone(agenda_page):
    event = EventPageFactory(parent=agenda_page, start=paris(2026, 12, 3, 9), end=paris(2026, 12, 3, 12))
    event.start, event.end = paris(2027, 1, 10, 14), paris(2027, 1, 10, 16)
    event.save_revision()  # not published

    assert [start.date() for start in local_starts(event)] == [dt.date(2026, 12, 3)]


def test_unpublishing_hides_occurrences_and_republishing_shows_them(agenda_page):
    event = EventPageFactory(parent=agenda_page)
    event.unpublish()
    assert not EventOccurrence.objects.filter(event=event, live=True).exists()
    assert EventOccurrence.objects.filter(event=event).count() == 1

    event.save_revision().publish()
    assert EventOccurrence.objects.filter(event=event, live=True).count() == 1


def test_a_draft_event_has_no_live_occurrence_and_deleting_removes_them(agenda_page):
    draft = EventPageFactory(parent=agenda_page, live=False)
    assert not EventOccurrence.objects.filter(event=draft, live=True).exists()
    draft.delete()
    assert not EventOccurrence.objects.filter(event_id=draft.pk).exists()


def test_sequence_is_bumped_when_time_place_or_status_change(agenda_page):
    event = EventPageFactory(parent=agenda_page)
    event.title = "Un nouveau titre"
    event.save_revision().publish()
    event.refresh_from_db()
    assert event.ical_sequence == 0

    event.start += dt.timedelta(hours=1)
    event.end += dt.timedelta(hours=1)
    event.save_revision().publish()
    event.refresh_from_db()
    assert event.ical_sequence == 1

    event.status = EventPage.Status.CANCELLED
    event.save_revision().publish()
    event.refresh_from_db()
    assert event.ical_sequence == 2

    event.venue = "Autre salle"
    event.save()
    event.refresh_from_db()
    assert event.ical_sequence == 3


def test_territory_is_copied_from_the_commune(agenda_page):
    lyon = Commune.objects.get(code="69123")
    event = EventPageFactory(parent=agenda_page, commune=lyon)
    event.refresh_from_db()
    assert (event.latitude, event.longitude) == (lyon.latitude, lyon.longitude)
    assert event.departement.code == "69"
    assert event.region_id == lyon.region_id

    event.commune = None
    event.save()
    event.refresh_from_db()
    assert (event.latitude, event.departement_id, event.region_id) == (None, None, None)


def test_ical_uids_are_unique_and_stable(agenda_page):
    first, second = EventPageFactory(parent=agenda_page), EventPageFactory(parent=agenda_page)
    assert first.ical_uid != second.ical_uid
    uid = first.ical_uid
    first.title = "Renommé"
    first.save_revision().publish()
    first.refresh_from_db()
    assert first.ical_uid == uid

import datetime as dt

import pytest

from agenda.models import EventOccurrence, EventPage

from .factories import EventPageFactory, paris

pytestmark = pytest.mark.django_db


def test_a_one_off_event_has_one_live_occurrence(agenda_page):
    event = EventPageFactory(parent=agenda_page, start=paris(2026, 12, 3, 9), end=paris(2026, 12, 3, 12))
    occurrences = list(EventOccurrence.objects.filter(event=event))
    assert len(occurrences) == 1
    assert occurrences[0].live
    assert occurrences[0].start == paris(2026, 12, 3, 9)
    assert event.ical_uid.endswith("@solidaires")


def test_weekly_recurrence_keeps_local_time_across_summer_time(agenda_page):
    event = EventPageFactory(
        parent=agenda_page,
        start=paris(2027, 3, 16, 18, 30),
        end=paris(2027, 3, 16, 20),
        recurrence_rule=EventPage.Recurrence.WEEKLY,
        recurrence_until=dt.date(2027, 4, 6),
    )
    starts = [o.local_start for o in EventOccurrence.objects.filter(event=event).order_by("start")]
    assert [s.date() for s in starts] == [
        dt.date(2027, 3, 16),
        dt.date(2027, 3, 23),
        dt.date(2027, 3, 30),
        dt.date(2027, 4, 6),
    ]
    assert {(s.hour, s.minute) for s in starts} == {(18, 30)}
    assert starts[1].utcoffset() == dt.timedelta(hours=1)
    assert starts[2].utcoffset() == dt.timedelta(hours=2)

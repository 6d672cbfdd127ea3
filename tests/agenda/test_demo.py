"""The agenda's demo content: ~120 varied events once, and the bulk-inserted full scale keeping the tree sound."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page

from agenda.demo import FULL_SCALE_SLUG_PREFIX, bulk_create_events
from agenda.models import AgendaIndexPage, EventOccurrence, EventPage, EventPhoto

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    call_command("seed_demo", "--quiet-accounts", stdout=io.StringIO())
    return AgendaIndexPage.objects.get()


def test_demo_seeds_varied_events_once(seeded):
    events = EventPage.objects.live()
    assert 110 <= events.count() <= 130
    assert events.filter(recurrence_rule=EventPage.Recurrence.MONTHLY_NTH_WEEKDAY).exists()
    assert events.filter(status=EventPage.Status.CANCELLED).exists()
    assert events.filter(attendance_mode=EventPage.AttendanceMode.ONLINE).exists()
    assert events.filter(all_day=True).exists()
    assert events.filter(category__slug="mois-de-l-ess", start__month=11).count() >= 10
    assert events.exclude(organiser=None).count() > 50
    assert EventPhoto.objects.exists()
    assert EventOccurrence.objects.filter(live=True).count() > events.count()  # recurring ones add dates

    before = (Page.objects.count(), EventOccurrence.objects.count())
    call_command("seed_demo", "--quiet-accounts", stdout=io.StringIO())
    assert (Page.objects.count(), EventOccurrence.objects.count()) == before


def test_bulk_created_events_keep_the_page_tree_consistent(seeded, client):
    created = bulk_create_events(seeded, 30, batch_size=12)

    assert created == 30
    assert all(not problems for problems in Page.find_problems())
    seeded.refresh_from_db()
    assert seeded.numchild == seeded.get_children().count()
    event = EventPage.objects.get(slug=f"{FULL_SCALE_SLUG_PREFIX}7")
    assert event.url_path.endswith("/agenda/rdv-7/")
    assert EventOccurrence.objects.filter(event=event, live=True).exists()
    assert client.get(event.url).status_code == 200
    # A page added afterwards the usual way lands after them in the tree.
    late = EventPage(title="Ajouté ensuite", slug="ajoute-ensuite", summary="…", start=event.start, end=event.end,
                     category=event.category, venue="Salle")  # fmt: skip
    seeded.add_child(instance=late)
    assert all(not problems for problems in Page.find_problems())

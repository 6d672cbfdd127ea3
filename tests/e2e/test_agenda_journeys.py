"""The agenda in a real browser, on the demo content: a reader finds next month's events of a département
and opens one; the month calendar is used with the keyboard; every page passes axe and fits 320 px."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agenda.models import EventOccurrence
from agenda.recurrence import PARIS
from agenda.services import add_months

from .support import AxeAudit, scroll_width

pytestmark = pytest.mark.e2e


def next_months_occurrence():
    """An in-person demo event of the next two months, in a département."""
    now = timezone.now()
    horizon = now + dt.timedelta(days=55)
    return (
        EventOccurrence.objects.live()
        .filter(start__gte=now, start__lt=horizon)
        .exclude(event__departement=None)
        .select_related("event__departement")
        .order_by("start")
        .first()
    )


def test_reader_finds_next_months_events_of_a_departement_and_opens_one(page):
    occurrence = next_months_occurrence()
    assert occurrence is not None, "the demo has events in the coming weeks"
    event, departement = occurrence.event, occurrence.event.departement
    audit = AxeAudit()

    page.goto("/agenda/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Agenda")
    audit.check(page, "agenda")
    page.get_by_role("navigation", name="Vues de l’agenda").get_by_role("link", name="Le mois prochain").click()
    expect(page).to_have_url(re.compile(r"/agenda/mois-prochain/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Le mois prochain")

    page.get_by_text("Filtrer les événements", exact=True).first.click()
    page.get_by_label("Département").select_option(departement.code)
    page.get_by_role("button", name="Filtrer").click()

    expect(page).to_have_url(re.compile(rf"/agenda/mois-prochain/\?.*departement={departement.code}"))
    audit.check(page, "agenda, le mois prochain, filtré")
    cards = page.locator(".event-card__where")
    for text in cards.all_inner_texts():
        if text.strip() and "En ligne" not in text:
            assert f"({departement.code})" in text
    page.get_by_role("link", name=event.title, exact=True).first.click()

    expect(page).to_have_url(re.compile(rf"/agenda/{event.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(event.title)
    expect(page.locator("dl.event__facts")).to_contain_text(departement.code)
    audit.check(page, "événement")
    audit.assert_clean()


def test_month_calendar_with_the_keyboard(page):
    today = timezone.now().astimezone(PARIS).date()
    page.goto(f"/agenda/{today.year}/{today.month:02d}/")
    table = page.get_by_role("table")
    expect(table.locator("caption")).to_contain_text(str(today.year))
    day_links = table.get_by_role("link")
    assert day_links.count() >= 2, "the demo has several days with events this month"

    # Tab from the top of the page reaches the first day of the calendar that has events.
    page.locator("body").focus()
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('table') !== null"):
            break
    first_href = page.evaluate("document.activeElement.getAttribute('href')")
    assert first_href == day_links.first.get_attribute("href")

    # Arrow keys move between the days that have events; Enter goes to that day's list.
    page.keyboard.press("ArrowRight")
    second_href = page.evaluate("document.activeElement.getAttribute('href')")
    assert second_href == day_links.nth(1).get_attribute("href")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(second_href) + "$"))
    expect(page.locator(second_href)).to_be_focused()

    # The next month link works from the keyboard too.
    next_month = add_months(today.replace(day=1), 1)
    page.get_by_role("link", name=re.compile("Mois suivant")).focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/agenda/{next_month.year}/{next_month.month:02d}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(next_month.year))
    audit = AxeAudit()
    audit.check(page, "calendrier du mois")
    audit.assert_clean()


def agenda_paths() -> dict[str, str]:
    today = timezone.now().astimezone(PARIS).date()
    past_event = (
        EventOccurrence.objects.live()
        .filter(end__lt=timezone.now(), event__photos__isnull=False)
        .select_related("event")
        .first()
    )
    paths = {
        "agenda": "/agenda/",
        "ce mois-ci": "/agenda/ce-mois-ci/",
        "calendrier": f"/agenda/{today.year}/{today.month:02d}/",
        "passés": "/agenda/passes/",
        "filtres en erreur": "/agenda/?rayon=abc&departement=999&commune=Nullepart",
    }
    if past_event is not None:
        paths["événement passé avec photos"] = past_event.event.url
    return paths


def test_agenda_pages_pass_axe(page):
    audit = AxeAudit()
    for label, path in agenda_paths().items():
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        audit.check(page, label)
    audit.assert_clean()


def test_agenda_pages_fit_320_px_without_javascript(new_context):
    context = new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    too_wide = []
    for label, path in agenda_paths().items():
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        if (width := scroll_width(page)) > 320:
            too_wide.append(f"{label}: {width}px")
    assert not too_wide, f"Agenda pages wider than 320 px: {too_wide}"

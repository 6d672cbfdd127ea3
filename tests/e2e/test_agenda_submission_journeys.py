"""Agenda proposals in a real browser: an organisation member proposes an event (errors first), an editor
approves it in the Wagtail admin, a reader adds it to their calendar. axe audits every public page."""

import datetime as dt
import re
import uuid

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from agenda.models import EventPage
from agenda.recurrence import PARIS
from tests.factories import TEST_PASSWORD, OrganisationFactory, RecruiterFactory

from .support import AxeAudit, described_by_text, link_in_email, sent_emails, sign_in

pytestmark = pytest.mark.e2e


def test_a_member_proposes_an_event_an_editor_publishes_it_a_reader_adds_it(page, new_context, demo_site):
    audit = AxeAudit()
    suffix = uuid.uuid4().hex[:6]
    member = RecruiterFactory(email=f"membre.{suffix}@exemple.test")
    organisation = OrganisationFactory(members=[member], name=f"Coopérative des Possibles {suffix}")
    title = f"Forum des Possibles {suffix}"
    day = (timezone.now() + dt.timedelta(days=35)).astimezone(PARIS).date()

    # The member proposes the event, with two mistakes first.
    sign_in(page, member.email, TEST_PASSWORD)
    page.goto("/agenda/proposer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposer un événement")
    audit.check(page, "proposer un événement")
    page.get_by_label("Structure organisatrice").select_option(label=organisation.name)
    page.get_by_label("Titre de l’événement").fill(title)
    page.get_by_label("Résumé").fill("Rencontres entre structures de l’ESS et personnes en recherche d’emploi.")
    page.get_by_label("Catégorie").select_option(index=1)
    page.get_by_label("Date de début").fill(day.isoformat())
    page.get_by_label("Heure de début").fill("14:00")
    page.get_by_label("Date de fin").fill((day - dt.timedelta(days=1)).isoformat())
    page.get_by_label("Heure de fin").fill("17:30")
    page.get_by_label("Lieu", exact=True).fill("Maison des associations")
    page.get_by_label("Commune").fill("Zzyzx-sur-Mer")
    page.get_by_label("Gratuit").check()
    page.get_by_role("button", name="Envoyer ma proposition").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Le formulaire contient 2 erreurs.")
    expect(page).to_have_title(re.compile("^Erreur"))
    assert "La fin de l’événement doit venir après son début." in described_by_text(
        page, page.get_by_label("Date de fin")
    )
    assert "Commune inconnue" in described_by_text(page, page.get_by_label("Commune"))
    expect(page.get_by_label("Titre de l’événement")).to_have_value(title)
    audit.check(page, "proposer un événement, avec erreurs")

    page.get_by_label("Date de fin").fill("")
    page.get_by_label("Commune").fill("69123")
    page.get_by_role("button", name="Envoyer ma proposition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci pour votre proposition")
    audit.check(page, "proposition reçue")
    event = EventPage.objects.get(title=title)
    assert not event.live

    # An editor approves it in the admin: the workflow publishes it.
    editor_context = new_context()
    editor = editor_context.new_page()
    sign_in(editor, demo_site.editor, demo_site.password)
    editor.goto(f"/admin/pages/{event.pk}/edit/")
    approve = editor.locator('button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])')
    if not approve.is_visible():
        editor.locator("footer .w-dropdown__toggle, footer [data-w-dropdown-target='toggle']").first.click()
    approve.click()
    expect(editor.locator(".messages")).to_contain_text(re.compile("mise à jour|approuv|publi", re.I))
    event.refresh_from_db()
    assert event.live

    # A reader opens it and adds it to their calendar.
    reader = new_context().new_page()
    reader.goto(event.url)
    expect(reader.get_by_role("heading", level=1)).to_have_text(title)
    audit.check(reader, "page de l’événement")
    link = reader.get_by_role("link", name=re.compile("Ajouter à mon agenda"))
    with reader.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    content = open(download.path(), "rb").read()
    (vevent,) = Calendar.from_ical(content).walk("VEVENT")
    assert str(vevent["UID"]) == event.ical_uid
    assert str(vevent["SUMMARY"]) == title
    assert vevent.start.astimezone(PARIS).hour == 14
    response = reader.request.get(f"/agenda/evenements/{event.pk}.ics")
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    audit.assert_clean()


def test_anyone_proposes_with_a_confirmed_address(page, demo_site):
    audit = AxeAudit()
    suffix = uuid.uuid4().hex[:6]
    email = f"asso.{suffix}@exemple.test"
    title = f"Atelier réparation {suffix}"
    day = (timezone.now() + dt.timedelta(days=20)).astimezone(PARIS).date()

    page.goto("/agenda/proposer/")
    page.get_by_label("Votre adresse électronique").fill(email)
    page.get_by_label("Nom de l’organisateur").fill("Repair Café du quartier")
    page.get_by_label("Titre de l’événement").fill(title)
    page.get_by_label("Résumé").fill("Venez avec vos objets cassés : des bénévoles vous aident à les réparer.")
    page.get_by_label("Catégorie").select_option(index=1)
    page.get_by_label("Date de début").fill(day.isoformat())
    page.get_by_label("Heure de début").fill("10:00")
    page.get_by_label("Heure de fin").fill("12:00")
    page.get_by_label("Commune").fill("Rennes (35)")
    page.get_by_label("Gratuit").check()
    page.get_by_role("button", name="Envoyer ma proposition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci pour votre proposition")
    expect(page.get_by_role("main")).to_contain_text("nous vous avons envoyé un courriel")
    audit.check(page, "proposition à confirmer")
    assert not EventPage.objects.filter(title=title).exists()

    (message,) = sent_emails(email)
    page.goto(link_in_email(message, "/agenda/proposer/confirmer/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmer ma proposition")
    audit.check(page, "confirmer ma proposition")
    page.get_by_role("button", name="Confirmer et transmettre à la rédaction").click()
    expect(page.get_by_role("main")).to_contain_text("Votre événement est transmis à la rédaction")
    event = EventPage.objects.get(title=title)
    assert not event.live and event.submitted_by_email == email
    assert event.commune.name == "Rennes"
    audit.assert_clean()

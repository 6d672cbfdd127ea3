"""The agenda's other ways in, in a real browser: a member sends the photos of a past event (errors first)
and a moderator publishes them; a moderator imports a partner's .ics calendar in the Wagtail admin (a bad
file first). axe audits every page on the way."""

import datetime as dt
import io
import re
import uuid

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from agenda.models import AgendaIndexPage, EventPage, EventSubmission
from agenda.recurrence import PARIS
from tests.agenda.factories import EventPageFactory
from tests.factories import TEST_PASSWORD, OrganisationFactory, RecruiterFactory

from .support import AxeAudit, described_by_text, sent_emails, sign_in

pytestmark = pytest.mark.e2e

MODERATOR = "moderation@solidaires.test"


def jpeg(width=900, height=600) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 120, 90)).save(buffer, format="JPEG")
    return buffer.getvalue()


def approve_in_admin(page, page_id: int) -> None:
    """Approve the page's current workflow task from its edit view (the workflow then publishes it)."""
    page.goto(f"/admin/pages/{page_id}/edit/")
    approve = page.locator('button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])')
    if not approve.is_visible():
        page.locator("footer .w-dropdown__toggle, footer [data-w-dropdown-target='toggle']").first.click()
    approve.click()
    expect(page.locator(".messages")).to_contain_text(re.compile("mise à jour|approuv|publi", re.I))


def test_a_member_sends_the_photos_of_a_past_event_a_moderator_publishes_them(page, new_context, demo_site):
    audit = AxeAudit()
    suffix = uuid.uuid4().hex[:6]
    member = RecruiterFactory(email=f"photos.{suffix}@exemple.test")
    organisation = OrganisationFactory(members=[member], name=f"Coopérative des Images {suffix}")
    start = (
        (timezone.now() - dt.timedelta(days=6)).astimezone(PARIS).replace(hour=14, minute=0, second=0, microsecond=0)
    )
    event = EventPageFactory(
        parent=AgendaIndexPage.objects.live().get(),
        title=f"Forum des images {suffix}",
        slug=f"forum-des-images-{suffix}",
        organiser=organisation,
        start=start,
        end=start + dt.timedelta(hours=3),
    )

    # The member finds the form on the page of the event, once it is over.
    sign_in(page, member.email, TEST_PASSWORD)
    page.goto(event.url)
    expect(page.get_by_role("main")).to_contain_text("Cet événement a eu lieu.")
    page.get_by_role("link", name="Envoyer des photos de l’événement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Envoyer les photos de « {event.title} »")
    audit.check(page, "envoyer des photos")

    # A program disguised as a picture, no description, rights not confirmed: three errors, each explained.
    photos = page.get_by_label(re.compile(r"^Photos"))
    photos.set_input_files([{"name": "programme.jpg", "mimeType": "image/jpeg", "buffer": b"<html><script>x</script>"}])
    page.get_by_role("button", name="Envoyer les photos").click()
    expect(page.get_by_role("alert")).to_contain_text("Le formulaire contient 3 erreurs.")
    expect(page).to_have_title(re.compile("^Erreur"))
    photos = page.get_by_label(re.compile(r"^Photos"))
    expect(photos).to_have_attribute("aria-invalid", "true")
    assert "Photo 1 (programme.jpg)" in described_by_text(page, photos)
    assert "n’est pas une image lisible" in described_by_text(page, photos)
    audit.check(page, "envoyer des photos, avec erreurs")

    # Now right: two pictures, what they show, the credit, the rights.
    photos.set_input_files(
        [
            {"name": "accueil.jpg", "mimeType": "image/jpeg", "buffer": jpeg()},
            {"name": "table-ronde.jpg", "mimeType": "image/jpeg", "buffer": jpeg(600, 900)},
        ]
    )
    page.get_by_label("Ce que montrent les photos").fill("Les participants du forum autour des stands")
    page.get_by_label("Crédit photo").fill(organisation.name)
    page.get_by_label("Je détiens les droits de ces photos").check()
    page.get_by_role("button", name="Envoyer les photos").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(event.url)}$"))
    expect(page.get_by_role("main")).to_contain_text("Vos photos sont transmises à la rédaction")
    audit.check(page, "photos transmises")
    submission = EventSubmission.objects.get(kind=EventSubmission.Kind.PHOTOS, page=event)
    assert submission.status == EventSubmission.Status.IN_REVIEW
    event.refresh_from_db()
    assert event.photos.count() == 0  # not before the editors' decision

    # A moderator approves the revision: the gallery is published, the member is told.
    moderator = new_context().new_page()
    sign_in(moderator, MODERATOR, demo_site.password)
    approve_in_admin(moderator, event.pk)
    event.refresh_from_db()
    assert event.photos.count() == 2
    (message,) = sent_emails(member.email)
    assert f"Vos photos de « {event.title} » sont publiées" == message.subject

    reader = new_context().new_page()
    reader.goto(event.url)
    gallery = reader.get_by_role("region", name="Photos de l’événement")
    expect(gallery.get_by_role("img", name="Les participants du forum autour des stands")).to_have_count(2)
    expect(gallery).to_contain_text(f"© {organisation.name}")
    audit.check(reader, "galerie publiée")
    audit.assert_clean()


def calendar(*events: str) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Partenaire//FR", *events, "END:VCALENDAR"]
    return ("\r\n".join(lines) + "\r\n").encode()


def vevent(uid: str, summary: str, start: str, end: str, *extra: str) -> str:
    return "\r\n".join(
        [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"SUMMARY:{summary}",
            "DTSTAMP:20260101T000000Z",
            start,
            end,
            *extra,
            "END:VEVENT",
        ]
    )


def test_a_moderator_imports_a_partners_calendar_in_the_admin(page, demo_site):
    audit = AxeAudit()
    suffix = uuid.uuid4().hex[:6]
    day = (timezone.now() + dt.timedelta(days=40)).astimezone(PARIS).date()
    forum = f"Forum des partenaires {suffix}"
    cafe = f"Café coopératif {suffix}"
    good = calendar(
        vevent(
            f"forum-{suffix}@partenaire.test",
            forum,
            f"DTSTART;TZID=Europe/Paris:{day:%Y%m%d}T100000",
            f"DTEND;TZID=Europe/Paris:{day:%Y%m%d}T123000",
            "LOCATION:Maison de l’ESS\\, Rennes",
            "DESCRIPTION:<script>alert(1)</script>Ateliers et débats",
        ),
        vevent(
            f"cafe-{suffix}@partenaire.test",
            cafe,
            f"DTSTART;TZID=Europe/Paris:{day:%Y%m%d}T183000",
            f"DTEND;TZID=Europe/Paris:{day:%Y%m%d}T200000",
            "RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4",
            "LOCATION:https://visio.partenaire.test/cafe",
        ),
        vevent(
            f"passe-{suffix}@partenaire.test",
            f"Déjà passé {suffix}",
            "DTSTART;TZID=Europe/Paris:20200110T100000",
            "DTEND;TZID=Europe/Paris:20200110T120000",
        ),
    )

    sign_in(page, MODERATOR, demo_site.password)
    page.goto("/admin/")
    page.get_by_role("link", name="Importer un calendrier").click()
    expect(page).to_have_url(re.compile(r"/admin/agenda/import/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Importer un calendrier")
    audit.check(page, "import d’un calendrier (administration)")

    # A web page saved as .ics: refused whole, nothing imported.
    page.get_by_label("Fichier .ics").set_input_files(
        [{"name": "agenda.ics", "mimeType": "text/calendar", "buffer": b"<html><body>Agenda</body></html>"}]
    )
    page.get_by_role("button", name="Importer", exact=True).click()
    refusal = page.get_by_role("alert")
    expect(refusal).to_contain_text("Le fichier a été refusé, rien n’a été importé.")
    expect(refusal).to_contain_text("n’est pas un calendrier iCalendar")
    audit.check(page, "import refusé")

    # The partner's real file: two drafts, the past event skipped with its reason.
    page.get_by_label("Fichier .ics").set_input_files(
        [{"name": "partenaire.ics", "mimeType": "text/calendar", "buffer": good}]
    )
    page.get_by_role("button", name="Importer", exact=True).click()
    report = page.get_by_role("region", name="Compte rendu de l’import")
    expect(report).to_contain_text("2 créé(s), 0 mis à jour, 1 ignoré(s).")
    expect(report.get_by_role("row", name=re.compile(f"Déjà passé {suffix}"))).to_contain_text("déjà passé")
    audit.check(page, "compte rendu de l’import")

    imported = EventPage.objects.get(source_uid=f"forum-{suffix}@partenaire.test")
    assert not imported.live and imported.venue == "Maison de l’ESS, Rennes"
    assert "<script" not in str(imported.body) and "Ateliers et débats" in str(imported.body)
    recurring = EventPage.objects.get(source_uid=f"cafe-{suffix}@partenaire.test")
    assert recurring.recurrence_rule == EventPage.Recurrence.WEEKLY and recurring.recurrence_interval == 2
    assert recurring.occurrences.count() == 4 and recurring.attendance_mode == EventPage.AttendanceMode.ONLINE

    # Each draft opens in the editor, where the moderator reviews it before publishing.
    report.get_by_role("link", name=forum).click()
    expect(page).to_have_url(re.compile(rf"/admin/pages/{imported.pk}/edit/$"))
    expect(page.locator("#id_title")).to_have_value(forum)

    # The same file again changes nothing.
    page.goto("/admin/agenda/import/")
    page.get_by_label("Fichier .ics").set_input_files(
        [{"name": "partenaire.ics", "mimeType": "text/calendar", "buffer": good}]
    )
    page.get_by_role("button", name="Importer", exact=True).click()
    expect(page.get_by_role("region", name="Compte rendu de l’import")).to_contain_text(
        "0 créé(s), 0 mis à jour, 3 ignoré(s)."
    )
    assert EventPage.objects.filter(source_uid__endswith=f"{suffix}@partenaire.test").count() == 2
    audit.assert_clean()

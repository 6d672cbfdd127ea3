"""An organisation proposes a press release in a real browser: the form's errors, a valid submission,
the confirmation link from the email, then the draft in the moderators' queue in the admin."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from .support import AxeAudit, described_by_text, link_in_email, sent_emails, sign_in

pytestmark = pytest.mark.e2e

FORM_URL = "/magazine/communiques/proposer/"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
TEXT = (
    "La coopérative Les Tisserands ouvre un atelier de réparation textile à Roubaix, avec douze emplois "
    "en insertion.\n\nL’atelier accueillera le public trois jours par semaine à partir du mois de mars."
)


def test_an_organisation_proposes_a_release_that_reaches_the_moderators(page, demo_site):
    run = uuid.uuid4().hex[:8]
    email = f"presse.{run}@tisserands.test"
    title = f"Un atelier de réparation textile ouvre à Roubaix ({run})"
    audit = AxeAudit()

    page.goto(FORM_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposer un communiqué de presse")
    audit.check(page, "press-release form")

    # Sent empty, then with a wrong address and a disguised program: the errors, next to each field.
    page.get_by_role("button", name="Envoyer le communiqué").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Le formulaire contient 5 erreurs.")
    expect(page).to_have_title(re.compile("^Erreur"))
    audit.check(page, "press-release form with its errors")

    page.get_by_label("Votre nom").fill("Camille Martin")
    page.get_by_label("Votre adresse électronique").fill("camille@")
    page.get_by_label("Structure ou agence de presse").fill("Les Tisserands")
    page.get_by_label("Titre du communiqué").fill(title)
    page.get_by_label("Texte du communiqué").fill("<script>alert('pirate')</script>" + TEXT)
    page.get_by_label("Pièces jointes").set_input_files(
        [{"name": "communique.pdf", "mimeType": "application/pdf", "buffer": EXE}]
    )
    page.get_by_role("button", name="Envoyer le communiqué").click()
    expect(page.get_by_role("alert")).to_contain_text("Le formulaire contient 2 erreurs.")
    email_field = page.get_by_label("Votre adresse électronique")
    expect(email_field).to_have_attribute("aria-invalid", "true")
    assert "Saisissez une adresse électronique valide" in described_by_text(page, email_field)
    files_field = page.get_by_label("Pièces jointes")
    assert "« communique.pdf » n’est ni un PDF ni une image" in described_by_text(page, files_field)
    # What was typed is kept (but not the files, which a browser never refills).
    expect(page.get_by_label("Titre du communiqué")).to_have_value(title)
    audit.check(page, "press-release form with a wrong address and a disguised program")

    # Now right.
    email_field.fill(email)
    files_field.set_input_files([{"name": "dossier-de-presse.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_role("button", name="Envoyer le communiqué").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre boîte de réception")
    audit.check(page, "press release sent")

    # The confirmation link from the email: a button, then the release reaches the editors.
    [message] = sent_emails(email)
    assert "Confirmez l’envoi" in message.subject
    page.goto(link_in_email(message, "/magazine/communiques/confirmer/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmer l’envoi du communiqué")
    audit.check(page, "confirmation page")
    page.get_by_role("button", name="Confirmer l’envoi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Communiqué transmis à la rédaction")
    expect(page.locator("main")).to_contain_text(title)

    # A moderator finds it in the admin, in the queue of what awaits their review.
    page.context.clear_cookies()
    sign_in(page, "moderation@solidaires.test", demo_site.password)
    page.goto("/admin/")
    queue = page.locator("#awaiting-review-section")
    expect(queue.get_by_role("heading", level=2)).to_have_text("En attente de votre vérification")
    row = queue.locator("tr", has_text=title)
    # In the committee's workflow, at its first task.
    expect(row.locator("[data-w-tooltip-content-value^='Relecture par la rédaction']")).to_have_count(1)
    queue_link = row.get_by_role("link", name=title)
    queue_link.click()
    expect(page.locator("#id_title")).to_have_value(title)
    expect(page.locator("body")).to_contain_text("Les Tisserands")
    expect(page.locator("body")).not_to_contain_text("pirate")

    audit.assert_clean()

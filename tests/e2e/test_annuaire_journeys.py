"""A reader in the directory of organisations, in a real browser and without JavaScript: filters the
listing, opens an organisation, writes to it through the site. axe-core checks every page on the way."""

import re

import pytest
from playwright.sync_api import expect

from .support import AxeAudit, scroll_width, sent_emails

pytestmark = pytest.mark.e2e


def test_reader_filters_opens_an_organisation_and_writes_to_it(new_context, demo_site, page):
    visited = {}
    context = new_context(java_script_enabled=False)
    reader = context.new_page()

    reader.goto("/")
    nav = reader.get_by_role("navigation", name="Navigation principale")
    nav.get_by_role("link", name="Annuaire des structures").click()
    expect(reader).to_have_url(re.compile(r"/annuaire/$"))
    expect(reader.get_by_role("heading", level=1)).to_have_text("Annuaire des structures")
    visited["annuaire"] = reader.url

    reader.locator("summary", has_text="Forme juridique").click()  # opens the <details> without JavaScript
    reader.get_by_role("checkbox", name=re.compile(r"^SCIC")).check()
    reader.get_by_label("Département").select_option("69")
    reader.get_by_role("button", name="Afficher les structures").click()
    expect(reader).to_have_url(re.compile(r"/annuaire/\?.*forme=scic&.*departement=69"))
    cards = reader.locator(".directory-card")
    expect(cards.first).to_be_visible()
    for kicker in cards.locator(".card__kicker").all_inner_texts():
        assert "SCIC" in kicker and "(69)" in kicker, kicker
    expect(reader.get_by_role("checkbox", name=re.compile(r"^SCIC"))).to_be_checked()
    visited["annuaire filtré"] = reader.url

    # Nothing matches: a sentence says so, the filters stay.
    reader.goto("/annuaire/?q=aucune-structure-ne-porte-ce-nom")
    expect(reader.get_by_text(re.compile(r"^Aucun résultat"))).to_be_visible()
    visited["aucun résultat"] = reader.url

    reader.goto(visited["annuaire filtré"])
    reader.get_by_role("link", name="Coopérative Terres Communes").click()
    expect(reader).to_have_url(re.compile(r"/annuaire/[\w-]+/$"))
    expect(reader.get_by_role("heading", level=1)).to_have_text("Coopérative Terres Communes")
    visited["structure"] = reader.url

    form = reader.locator("#contact")
    form.get_by_label("Votre nom").fill("Camille <b>Martin</b>")
    form.get_by_label("Votre adresse électronique").fill("camille@example.test")
    form.get_by_label("Objet").fill("Devenir bénévole")
    form.get_by_role("button", name="Envoyer le message").click()
    # The message is missing: the error summary names it, nothing is sent.
    expect(reader.get_by_role("alert")).to_contain_text("Votre message")
    visited["contact (erreurs)"] = reader.url
    reader.get_by_label("Votre message").fill("Bonjour,\nje souhaite aider aux distributions du samedi.")
    reader.get_by_role("button", name="Envoyer le message").click()
    expect(reader).to_have_url(re.compile(r"/annuaire/[\w-]+/$"))
    expect(reader.get_by_text("Votre message a été transmis à Coopérative Terres Communes.")).to_be_visible()

    emails = sent_emails("recruteur@solidaires.test")
    assert emails, "the organisation's administrator receives the message"
    message = emails[-1]
    assert message.extra_headers["Reply-To"] == "camille@example.test"
    assert "je souhaite aider aux distributions du samedi" in message.body
    html = next(content for content, mimetype in message.alternatives if mimetype == "text/html")
    assert "<b>Martin</b>" not in html

    reader.set_viewport_size({"width": 320, "height": 800})
    reader.goto(visited["annuaire filtré"])
    assert scroll_width(reader) <= 320

    audit = AxeAudit()
    for label, url in visited.items():
        if label == "contact (erreurs)":
            continue  # a POST result: audited below through the same form
        page.goto(url)
        audit.check(page, label)
    page.goto(visited["structure"])
    page.locator("#contact").get_by_role("button", name="Envoyer le message").click()
    expect(page.get_by_role("alert")).to_be_visible()
    audit.check(page, "contact (erreurs)")
    page.goto(visited["annuaire"])
    page.get_by_text("Voir ces structures sur une carte").click()
    audit.check(page, "annuaire, carte ouverte")
    audit.assert_clean()

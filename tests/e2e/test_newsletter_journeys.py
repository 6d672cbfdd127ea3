"""A reader subscribes to the newsletter in a real browser: sign-up, the confirmation link from the email,
the preferences page, then the unsubscription page; axe on each page."""

import uuid

import pytest
from playwright.sync_api import expect

from newsletter.models import MailingList, Subscriber, SubscriberStatus
from newsletter.tokens import unsubscribe_token

from .support import AxeAudit, link_in_email, sent_emails

pytestmark = pytest.mark.e2e


def test_a_reader_subscribes_confirms_changes_preferences_and_unsubscribes(page, demo_site):
    email = f"lectrice.{uuid.uuid4().hex[:8]}@exemple.test"
    audit = AxeAudit()

    page.goto("/newsletter/inscription/")
    expect(page.get_by_role("heading", level=1)).to_have_text("S’inscrire aux lettres de Solidaires")
    audit.check(page, "newsletter sign-up")
    page.locator("main").get_by_label("Votre adresse électronique").fill(email)
    page.get_by_label("La lettre hebdomadaire").check()
    page.locator("main").get_by_role("button", name="Je m’inscris").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre boîte aux lettres")
    audit.check(page, "sign-up sent")

    [message] = sent_emails(email)
    page.goto(link_in_email(message, "/newsletter/confirmer/"))
    audit.check(page, "confirmation")
    page.get_by_role("button", name="Je confirme mon inscription").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes lettres")
    expect(page.locator("main")).to_contain_text("Votre inscription est confirmée")
    audit.check(page, "preferences")

    page.get_by_label("La lettre des recruteurs").check()
    page.get_by_role("button", name="Enregistrer mes choix").click()
    expect(page.locator("main")).to_contain_text("Vos choix sont enregistrés.")
    subscriber = Subscriber.objects.get(email=email)
    assert subscriber.status == SubscriberStatus.ACTIVE and subscriber.lists.count() == 2

    weekly = MailingList.objects.get(slug="hebdo")
    page.goto(f"/newsletter/desinscription/{unsubscribe_token(subscriber.pk, weekly.pk)}/")
    audit.check(page, "unsubscription")
    page.get_by_role("button", name="Me désinscrire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vous êtes désinscrit·e")
    assert list(subscriber.lists.values_list("slug", flat=True)) == ["recruteurs"]
    audit.assert_clean()

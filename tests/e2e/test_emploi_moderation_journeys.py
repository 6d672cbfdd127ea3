"""A moderator refuses a submitted offer with a reason in the Wagtail admin, from the « À modérer » panel;
the recruiter gets the reason by email and sees the offer refused, with it, in their space. Every page of
ours on the way is audited with axe."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from emploi.models import JobOffer, OfferStatus
from tests.emploi.factories import JobOfferFactory
from tests.factories import TEST_PASSWORD, OrganisationFactory, RecruiterFactory

from .support import AxeAudit, sent_emails, sign_in

pytestmark = pytest.mark.e2e

MODERATOR = "moderation@solidaires.test"
REASON = "Précisez le lieu de travail et la durée du contrat, puis soumettez l’offre à nouveau."


def test_moderator_refuses_an_offer_with_a_reason_and_the_recruiter_sees_it(page, new_context):
    audit = AxeAudit()
    suffix = uuid.uuid4().hex[:6]
    recruiter = RecruiterFactory(email=f"recrutement.{suffix}@exemple.test")
    organisation = OrganisationFactory(name=f"Épicerie solidaire {suffix}", members=[recruiter])
    offer = JobOfferFactory(
        submitted=True, organisation=organisation, created_by=recruiter, title=f"Vendeur·se en épicerie {suffix}"
    )

    # 1. The moderator finds the offer from the « À modérer » panel of the admin's home.
    moderator_page = new_context().new_page()
    sign_in(moderator_page, MODERATOR, DEMO_PASSWORD)
    moderator_page.goto("/admin/")
    panel = moderator_page.locator("#a-moderer-section")
    expect(panel.get_by_role("heading", name="À modérer")).to_be_visible()
    expect(panel).to_contain_text(re.compile(r"Offres d’emploi\s*:\s*\d+ en attente"))
    panel.get_by_role("link", name="Offres d’emploi").click()
    expect(moderator_page).to_have_url(re.compile(r"/admin/snippets/emploi/joboffer/\?status=submitted$"))
    moderator_page.get_by_role("link", name=re.compile(rf"^Modérer\s*:\s*{re.escape(offer.title)}$")).click()
    expect(moderator_page.get_by_role("heading", name="Aperçu de l’offre")).to_be_visible()

    # 2. Refusing without a reason is explained; with one, the offer is refused.
    refuse = moderator_page.get_by_role("button", name="Refuser l’offre avec ce motif")
    reason = moderator_page.get_by_label("Motif du refus")
    reason.evaluate("field => field.removeAttribute('required')")  # the server's own check
    refuse.click()
    expect(moderator_page.get_by_text("pourquoi l’offre est refusée")).to_be_visible()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SUBMITTED
    moderator_page.get_by_label("Motif du refus").fill(REASON)
    moderator_page.get_by_role("button", name="Refuser l’offre avec ce motif").click()
    expect(moderator_page.get_by_text(re.compile(r"refusée\s*;\s*le motif est envoyé"))).to_be_visible()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.REFUSED
    change = offer.state_changes.get(to_status=OfferStatus.REFUSED)
    assert change.reason == REASON and change.by.email == MODERATOR
    assert not JobOffer.objects.visible().filter(pk=offer.pk).exists()

    # 3. The email carrying the reason is in the outbox, for the recruiter.
    [email] = [message for message in sent_emails(recruiter.email) if "n’a pas été publiée" in message.subject]
    assert REASON in email.body

    # 4. The recruiter's space shows the offer refused, with the reason.
    sign_in(page, recruiter.email, TEST_PASSWORD)
    page.goto("/espace/recruteur/")
    row = page.get_by_role("row", name=re.compile(re.escape(offer.title)))
    expect(row).to_contain_text("refusée")
    expect(row).to_contain_text("Précisez le lieu de travail")
    audit.check(page, "espace recruteur avec une offre refusée")
    row.get_by_role("link", name=re.compile(re.escape(offer.title))).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(offer.title)
    expect(page.get_by_text(REASON)).to_be_visible()
    audit.check(page, "offre refusée")
    audit.assert_clean()

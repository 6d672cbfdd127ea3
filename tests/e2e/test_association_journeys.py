"""The association in a real browser: a reader asks to be called back from the footer (without
JavaScript); an association joins at the solidarity tier and finds its attestation. axe-core checks every
page on the way."""

import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from association import services
from association.models import ContactRequest, Correspondent, EssGuidePage, Membership
from magazine.models import ArticlePage, RubriquePage

from .support import AxeAudit, sign_in

pytestmark = pytest.mark.e2e


def test_reader_asks_to_be_called_back_from_the_footer(new_context, demo_site, page):
    visited = {}
    reader = new_context(java_script_enabled=False).new_page()
    reader.goto("/")
    reader.get_by_role("contentinfo").get_by_role("link", name="Parler à quelqu’un").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Parler à quelqu’un")
    visited["form"] = reader.url
    reader.get_by_label("Votre nom").fill("Martine Lopez")
    reader.get_by_label("Pourquoi souhaitez-vous nous parler\u00a0?").fill("Je cherche un emploi près de chez moi.")
    reader.get_by_label("Par téléphone").check()
    reader.get_by_role("button", name="Envoyer ma demande").click()
    expect(reader.get_by_role("alert").or_(reader.locator(".form-errors")).first).to_contain_text("numéro")
    visited["form with errors"] = reader.url
    reader.get_by_label("Téléphone", exact=True).fill("06 12 34 56 78")
    reader.get_by_role("button", name="Envoyer ma demande").click()
    expect(reader).to_have_url(re.compile(r"/association/parler-a-quelqu-un/merci/$"))
    assert ContactRequest.objects.filter(name="Martine Lopez", status="new").exists()
    visited["thanks"] = reader.url
    visited["correspondents"] = "/association/correspondants/"
    visited["l'ESS, c'est quoi"] = EssGuidePage.objects.live().get().url

    audit = AxeAudit()
    for label, url in visited.items():
        page.goto(url)
        audit.check(page, label)
    audit.assert_clean()


def test_association_joins_at_the_solidarity_tier(page):
    sign_in(page, "recruteur@solidaires.test", DEMO_PASSWORD)
    page.goto("/association/adherer/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Adhérer pour")
    audit = AxeAudit()
    audit.check(page, "join")
    page.get_by_label("Association, budget annuel sous 50\u00a0000\u00a0€").check()
    page.get_by_role("radio", name="Solidaire", exact=True).check()
    page.get_by_label("Cotisation (€)").fill("0")
    page.get_by_label("Nom du membre (personne ou structure)").fill("Les Jardins partagés")
    page.get_by_label("Représentant·e (pour une structure)").fill("Aïcha Benali")
    page.get_by_role("button", name="Enregistrer mon adhésion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon adhésion")
    expect(page.get_by_role("link", name=re.compile("Télécharger l’attestation"))).to_be_visible()
    audit.check(page, "space")
    audit.assert_clean()
    assert Membership.objects.get(user__email="recruteur@solidaires.test").is_paid


def test_every_page_of_the_association_passes_axe(demo_site, page):
    """The pages the two journeys above do not cross: the fees read signed out, the correspondents, the
    ESS guide, the form with its errors, then the member's space and the general assembly (with the
    permission to read the members)."""
    audit = AxeAudit()
    for label, path in [
        ("adhérer, sans compte", "/association/adherer/"),
        ("correspondant·es", "/association/correspondants/"),
        ("parler à quelqu’un", "/association/parler-a-quelqu-un/"),
        ("l’ESS, c’est quoi ?", EssGuidePage.objects.live().first().url),
    ]:
        response = page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        audit.check(page, label)
    page.goto("/association/parler-a-quelqu-un/")
    page.locator("main").get_by_role("button").last.click()
    expect(page.get_by_role("alert").first).to_be_visible()
    audit.check(page, "parler à quelqu’un, avec erreurs")

    sign_in(page, "admin@solidaires.test", DEMO_PASSWORD)
    for label, path in [
        ("mon adhésion", "/association/mon-adhesion/"),
        ("adhérer, connecté·e", "/association/adherer/"),
        ("assemblée générale", "/association/assemblee-generale/"),
    ]:
        response = page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        audit.check(page, label)
    audit.assert_clean()


def approve_in_the_admin(page, page_id: int) -> None:
    """Approve the current task of a page's workflow from its edit view (the button may sit in the menu)."""
    page.goto(f"/admin/pages/{page_id}/edit/")
    approve = page.locator('button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])')
    if not approve.is_visible():
        page.locator("footer .w-dropdown__toggle, footer [data-w-dropdown-target='toggle']").first.click()
    approve.click()
    expect(page.locator(".messages")).to_be_visible()


def test_a_correspondent_proposes_an_article_that_the_editors_publish(new_context, demo_site):
    """The Breton correspondent writes an article in their section of the magazine from the admin and
    submits it; they cannot publish it; the editors' workflow (rédaction, then modération) publishes it,
    and a reader finds it."""
    correspondent = Correspondent.objects.select_related("user").get(user__email__startswith="correspondante-bretagne")
    correspondent.user.set_password(demo_site.password)
    correspondent.user.save()
    EmailAddress.objects.update_or_create(
        user=correspondent.user, email=correspondent.user.email, defaults={"verified": True, "primary": True}
    )
    services.grant_correspondent(correspondent)
    rubrique = RubriquePage.objects.live().descendant_of(correspondent.section).first()
    title = "Un tiers-lieu solidaire ouvre ses portes à Morlaix"

    writer = new_context().new_page()
    sign_in(writer, correspondent.user.email, demo_site.password)
    writer.goto(f"/admin/pages/add/magazine/articlepage/{rubrique.pk}/")
    writer.locator("#id_title").fill(title)
    writer.locator("#id_lead").fill("Une ancienne conserverie devient un lieu de travail partagé et une épicerie.")
    writer.locator("footer .w-dropdown__toggle, footer [data-w-dropdown-target='toggle']").first.click()
    writer.locator('button[name="action-submit"]').click()
    expect(writer.locator(".messages")).to_be_visible()
    article = ArticlePage.objects.get(title=title)
    assert not article.live and article.workflow_in_progress
    assert not article.permissions_for_user(correspondent.user).can_publish()

    for who in (demo_site.editor, "moderation@solidaires.test"):
        reviewer = new_context().new_page()
        sign_in(reviewer, who, demo_site.password)
        approve_in_the_admin(reviewer, article.pk)
    article.refresh_from_db()
    assert article.live

    reader = new_context().new_page()
    reader.goto(article.url)
    expect(reader.get_by_role("heading", level=1)).to_have_text(title)
    AxeAudit().check(reader, "article d’un·e correspondant·e")

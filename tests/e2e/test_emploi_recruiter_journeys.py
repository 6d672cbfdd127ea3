"""A recruiter, in a real browser: signs up, creates an organisation, submits an offer (errors first),
then a moderator publishes it in the admin. Every page of ours is audited with axe."""

import random
import re
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from emploi.models import JobOffer, OfferStatus
from tests.factories import TEST_PASSWORD, luhn_siret

from .support import AxeAudit, described_by_text, link_in_email, sent_emails, sign_in

pytestmark = pytest.mark.e2e

MODERATOR = "moderation@solidaires.test"


def unique_email(name: str) -> str:
    return f"{name}.{uuid.uuid4().hex[:8]}@exemple.test"


def sign_up_as_recruiter(page, email: str) -> None:
    page.goto("/comptes/signup/")
    page.get_by_label("Prénom").fill("Nadia")
    page.get_by_label("Nom", exact=True).fill("Ferrand")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe (obligatoire)", exact=True).fill("un-mot-de-passe-solide-42")
    page.get_by_label("Mot de passe (confirmation)").fill("un-mot-de-passe-solide-42")
    page.get_by_label("Je recrute pour une structure de l’ESS (recruteur·se)").check()
    page.get_by_role("button", name="Inscription").click()
    [message] = sent_emails(email)
    page.goto(link_in_email(message, "/comptes/confirm-email/"))
    page.get_by_role("button", name="Confirmer").click()
    expect(page).to_have_url(re.compile(r"/espace/$"))


def test_recruiter_signs_up_creates_an_organisation_submits_an_offer_and_a_moderator_publishes_it(page, new_context):
    audit = AxeAudit()
    email = unique_email("nadia.ferrand")
    organisation_name = f"Tiers-lieu des Pentes {uuid.uuid4().hex[:6]}"
    offer_title = f"Animateur·rice de tiers-lieu {uuid.uuid4().hex[:6]}"

    # 1. Sign up as a recruiter; /espace/ leads to the recruiter space.
    sign_up_as_recruiter(page, email)
    section = page.locator("section", has=page.get_by_role("heading", name="Espace recruteur·se"))
    section.get_by_role("link", name="Mes offres d’emploi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Espace recruteur")
    audit.check(page, "espace recruteur sans structure")

    # 2. Create the organisation (a wrong SIRET first).
    page.get_by_role("link", name="Créer une structure").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer une structure")
    audit.check(page, "création de structure")
    page.get_by_label("Nom de la structure").fill(organisation_name)
    page.get_by_label("Forme juridique").select_option(label="SCIC – Société coopérative d'intérêt collectif")
    siret = page.get_by_label("SIRET")
    siret.fill("123 456 789 00001")
    page.get_by_label("Commune").fill("Lyon (69)")
    page.get_by_label("Culture, arts et patrimoine").check()
    page.get_by_role("button", name="Créer la structure").click()
    expect(page.get_by_role("alert")).to_contain_text("Le formulaire contient une erreur.")
    expect(siret).to_have_attribute("aria-invalid", "true")
    assert "clé de contrôle" in described_by_text(page, siret)
    audit.check(page, "création de structure (erreurs)")
    siret.fill(luhn_siret(random.randint(10**8, 10**9)))
    page.get_by_role("button", name="Créer la structure").click()
    expect(page).to_have_url(re.compile(r"/espace/recruteur/$"))
    expect(page.get_by_role("status")).to_contain_text(f"La structure «\u202f{organisation_name}\u202f» est créée")

    # 3. Write an offer with mistakes: closing date past, salary range upside down, unknown commune.
    page.get_by_role("link", name="Publier une offre").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publier une offre")
    audit.check(page, "formulaire d’offre")
    page.get_by_label("Intitulé du poste").fill(offer_title)
    page.get_by_label("Type de contrat").select_option(label="CDD")
    page.get_by_label("Métier").select_option(label="Petite enfance et animation")
    page.get_by_label("Secteur d’activité").select_option(label="Culture, arts et patrimoine")
    commune = page.get_by_label("Commune")
    commune.fill("Atlantide-sur-Mer")
    page.get_by_label("Salaire minimum").fill("30000")
    page.get_by_label("Salaire maximum").fill("25000")
    page.get_by_label("Description du poste").fill(
        "Vous animez le lieu et accueillez les publics.\n\n<script>alert('x')</script>Programmation culturelle."
    )
    closing = page.get_by_label("Date limite de candidature")
    closing.fill((timezone.localdate() - timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Prévisualiser l’offre").click()

    expect(page.get_by_role("alert")).to_contain_text("Le formulaire contient 3 erreurs.")
    for field, error in [
        (commune, "Commune inconnue"),
        (page.get_by_label("Salaire maximum"), "supérieur ou égal au salaire minimum"),
        (closing, "déjà passée"),
    ]:
        expect(field).to_have_attribute("aria-invalid", "true")
        assert error in described_by_text(page, field)
    expect(page.get_by_label("Intitulé du poste")).to_have_value(offer_title)
    audit.check(page, "formulaire d’offre (erreurs)")
    assert not JobOffer.objects.filter(title=offer_title).exists()

    # 4. Fix them: the preview shows the offer, then it is submitted.
    commune.fill("Lyon (69)")
    page.get_by_label("Salaire maximum").fill("32000")
    closing.fill((timezone.localdate() + timedelta(days=45)).isoformat())
    page.get_by_role("button", name="Prévisualiser l’offre").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(offer_title)
    preview = page.get_by_role("region", name="Aperçu de l’offre")
    expect(preview).to_contain_text("Vous animez le lieu et accueillez les publics.")
    expect(preview).to_contain_text("Lyon (69)")
    expect(preview).not_to_contain_text("alert(")
    audit.check(page, "aperçu de l’offre")
    page.get_by_role("button", name="Soumettre à la validation").click()
    expect(page.get_by_role("status")).to_contain_text("l’équipe de Solidaires la relit")
    offer = JobOffer.objects.get(title=offer_title)
    assert offer.status == OfferStatus.SUBMITTED

    page.get_by_role("link", name="Espace recruteur").click()
    row = page.get_by_role("row", name=re.compile(re.escape(offer_title)))
    expect(row).to_contain_text("en attente de validation")
    audit.check(page, "espace recruteur avec une offre")

    # 5. A moderator publishes it from the admin queue.
    moderator_page = new_context().new_page()
    sign_in(moderator_page, MODERATOR, DEMO_PASSWORD)
    moderator_page.goto("/admin/snippets/emploi/joboffer/?status=submitted")
    moderator_page.get_by_role("link", name=re.compile(rf"^Modérer\s*:\s*{re.escape(offer_title)}$")).click()
    expect(moderator_page.get_by_role("heading", name="Aperçu de l’offre")).to_be_visible()
    expect(moderator_page.get_by_text("Vous animez le lieu et accueillez les publics.")).to_be_visible()
    moderator_page.get_by_role("button", name="Publier l’offre").click()
    expect(moderator_page.get_by_text(f"Offre «\u202f{offer_title}\u202f» publiée.")).to_be_visible()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED
    assert JobOffer.objects.listed().filter(pk=offer.pk).exists()

    # 6. The recruiter is told, and sees it published.
    published_emails = [message for message in sent_emails(email) if "est publiée" in message.subject]
    assert published_emails
    page.reload()
    expect(page.get_by_role("row", name=re.compile(re.escape(offer_title)))).to_contain_text("publiée")

    audit.assert_clean()


def test_recruiter_asks_to_join_an_organisation_and_its_admin_approves(page, new_context):
    from tests.factories import OrganisationFactory, RecruiterFactory

    audit = AxeAudit()
    admin = RecruiterFactory(email=unique_email("admin.structure"))
    organisation = OrganisationFactory(name=f"Régie de quartier {uuid.uuid4().hex[:6]}", members=[admin])
    email = unique_email("paul.roux")
    sign_up_as_recruiter(page, email)

    page.goto("/espace/structures/")
    audit.check(page, "mes structures (vide)")
    page.get_by_role("link", name="Rejoindre une structure existante").click()
    page.get_by_label("Nom ou SIRET de la structure").fill(organisation.name)
    page.get_by_role("button", name="Chercher", exact=True).click()
    audit.check(page, "recherche de structure")
    page.get_by_role("button", name=f"Demander à rejoindre {organisation.name}").click()
    expect(page.get_by_role("status")).to_contain_text("Votre demande est envoyée")

    [request_email] = sent_emails(admin.email)
    admin_page = new_context().new_page()
    sign_in(admin_page, admin.email, TEST_PASSWORD)
    # Emails link to settings.WAGTAILADMIN_BASE_URL (the site's public address): follow the path here.
    link = link_in_email(request_email, "/espace/structures/")
    admin_page.goto(urlsplit(link).path)
    audit.check(admin_page, "mes structures (demande à décider)")
    admin_page.get_by_role("button", name=re.compile(r"^Accepter Nadia Ferrand")).click()
    expect(admin_page.get_by_role("status")).to_contain_text("est maintenant membre")

    page.goto("/espace/recruteur/")
    expect(page.get_by_role("link", name="Publier une offre")).to_be_visible()
    audit.assert_clean()

"""Missions in a real browser: an organisation posts a mission, a moderator publishes it, a consultant
answers with a PDF, the organisation short-lists and picks the proposal. Every page of ours is audited
with axe."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from conseil.models import Mission, Proposal
from tests.conseil.factories import PDF_BYTES

from .support import AxeAudit, link_in_email, sent_emails, sign_in

pytestmark = pytest.mark.e2e

RECRUITER, MODERATOR, CONSULTANT = (
    "recruteur@solidaires.test",
    "moderation@solidaires.test",
    "consultant@solidaires.test",
)


def test_an_organisation_posts_a_mission_a_consultant_answers_and_is_picked(page, new_context, tmp_path):
    audit = AxeAudit()
    title = f"Évaluation de notre utilité sociale {uuid.uuid4().hex[:6]}"

    # 1. The organisation posts the mission (a past deadline first).
    sign_in(page, RECRUITER, DEMO_PASSWORD)
    page.goto("/espace/missions/")
    audit.check(page, "mes missions")
    page.get_by_role("link", name="Publier une mission").click()
    page.get_by_label("Intitulé de la mission").fill(title)
    page.get_by_label("Votre besoin").fill("Nous voulons mesurer ce que nos ateliers changent pour les habitants.")
    page.get_by_label("Livrables attendus").fill("Un rapport et une restitution au conseil d’administration.")
    page.get_by_label("Évaluation d’impact").check()
    page.get_by_label("Possible à distance").check()
    deadline = page.get_by_label("Date limite de réponse")
    deadline.fill((timezone.localdate() - timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Envoyer à la modération").click()
    expect(deadline).to_have_attribute("aria-invalid", "true")
    audit.check(page, "formulaire de mission (erreurs)")
    deadline.fill((timezone.localdate() + timedelta(days=20)).isoformat())
    page.get_by_role("button", name="Envoyer à la modération").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    mission = Mission.objects.get(title=title)
    assert mission.status == "submitted"

    # 2. A moderator publishes it from the shared decision page.
    moderator = new_context().new_page()
    sign_in(moderator, MODERATOR, DEMO_PASSWORD)
    moderator.goto(f"/admin/snippets/conseil/mission/moderate/{mission.pk}/")
    moderator.get_by_role("button", name="Publier la mission").click()
    expect(moderator.locator("li.success").first).to_contain_text("publiée")

    # 3. A consultant finds it and answers with a PDF.
    consultant = new_context().new_page()
    sign_in(consultant, CONSULTANT, DEMO_PASSWORD)
    consultant.goto("/conseil/missions/?distance=1")
    audit.check(consultant, "missions de conseil")
    consultant.get_by_role("link", name=title).click()
    expect(consultant.get_by_role("heading", level=1)).to_have_text(title)
    audit.check(consultant, "page de mission")
    consultant.get_by_role("link", name="Répondre à cette mission").click()
    audit.check(consultant, "réponse à une mission")
    consultant.get_by_label("Votre proposition").fill("Une démarche en trois temps, sur deux mois.")
    pdf = tmp_path / "proposition.pdf"
    pdf.write_bytes(PDF_BYTES)
    consultant.get_by_label("Proposition détaillée (PDF, facultatif)").set_input_files(str(pdf))
    consultant.get_by_role("button", name="Envoyer ma proposition").click()
    expect(consultant.get_by_text("Vous avez répondu le")).to_be_visible()
    proposal = Proposal.objects.get(mission=mission)

    # 4. The organisation short-lists, then picks it and closes the mission.
    page.goto(f"/espace/missions/{mission.pk}/")
    audit.check(page, "mission et propositions")
    name = proposal.consultant.name
    page.get_by_role("button", name=f"Présélectionner {name}").click()
    page.get_by_role("link", name=f"Retenir {name} et clôturer").click()
    audit.check(page, "clôture de la mission")
    page.get_by_role("button", name="Oui, clôturer la mission").click()
    expect(page.get_by_role("status")).to_contain_text("Mission clôturée")
    proposal.refresh_from_db()
    assert proposal.status == "chosen"
    audit.assert_clean()


def test_a_consultant_builds_a_profile_and_appears_in_the_filtered_directory(page):
    audit = AxeAudit()
    email = f"lea.moreau.{uuid.uuid4().hex[:8]}@exemple.test"
    name = f"Léa Moreau {uuid.uuid4().hex[:4]}"
    page.goto("/comptes/signup/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe (obligatoire)", exact=True).fill("un-mot-de-passe-solide-42")
    page.get_by_label("Mot de passe (confirmation)").fill("un-mot-de-passe-solide-42")
    page.get_by_label("Je propose mes services de conseil (consultant·e)").check()
    page.get_by_role("button", name="Inscription").click()
    [message] = sent_emails(email)
    page.goto(link_in_email(message, "/comptes/confirm-email/"))
    page.get_by_role("button", name="Confirmer").click()

    page.goto("/espace/consultant/")
    audit.check(page, "fiche consultant·e vide")
    page.get_by_label("Nom affiché").fill(name)
    page.get_by_label("Accroche").fill("Gouvernance partagée des coopératives")
    page.get_by_label("Gouvernance", exact=True).check()
    page.get_by_label("Intervient dans toute la France").check()
    page.get_by_role("button", name="Enregistrer ma fiche").click()
    expect(page.get_by_role("status")).to_contain_text("Votre fiche est enregistrée.")
    audit.check(page, "fiche consultant·e enregistrée")

    page.goto("/conseil/?expertise=gouvernance&national=1")
    expect(page.get_by_role("link", name=name)).to_be_visible()
    audit.check(page, "annuaire filtré")
    page.goto("/conseil/?expertise=immobilier&national=1")
    expect(page.get_by_role("link", name=name)).to_have_count(0)
    audit.assert_clean()

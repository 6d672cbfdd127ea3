"""A candidate, in a real browser and without writing any script: adds an experience to the CV, moves a
section up, publishes the bio, reads it signed out. Every page of ours is audited with axe."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD

from .support import AxeAudit, sign_in

pytestmark = pytest.mark.e2e

CANDIDATE = "candidate@solidaires.test"


def test_candidate_builds_the_cv_reorders_it_and_publishes_the_bio(page, demo_site):
    audit = AxeAudit()
    title = f"Coordinatrice de jardin partagé {uuid.uuid4().hex[:6]}"
    sign_in(page, CANDIDATE, DEMO_PASSWORD)

    page.goto("/espace/candidat/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace candidat·e")
    audit.check(page, "espace candidat·e")

    page.get_by_role("link", name="Modifier mon CV").click()
    audit.check(page, "mon CV")
    page.get_by_role("link", name=re.compile(r"Ajouter à «\s*expériences professionnelles")).click()
    page.get_by_role("button", name="Enregistrer").click()  # the title is missing
    expect(page.locator(".field--error")).to_have_count(1)
    audit.check(page, "entrée du CV avec erreurs")
    page.get_by_label("Intitulé").fill(title)
    page.get_by_label("Structure ou établissement").fill("Jardins du Rhône")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("strong", has_text=title)).to_be_visible()

    page.get_by_role("button", name="Monter la rubrique Formation").click()
    expect(page.locator("section.panel h2").first).to_have_text("Formation")

    page.goto("/espace/candidat/bio/")
    audit.check(page, "réglages de la bio")
    page.get_by_label(re.compile("^Publique")).check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page).to_have_url(re.compile(r"/espace/candidat/$"))
    bio_path = page.locator("a[href^='/cv/']").first.get_attribute("href")

    page.context.clear_cookies()
    page.goto(bio_path)
    expect(page.locator("strong", has_text=title)).to_be_visible()
    audit.check(page, "bio publique")
    audit.assert_clean()

"""axe-core (WCAG 2.1 A and AA) finds nothing on any page of the foundation, signed out and signed in."""

import pytest
from playwright.sync_api import expect

from home.demo import STANDARD_PAGES

from .support import AxeAudit, sign_in

pytestmark = pytest.mark.e2e

STANDARD_PAGE_PATHS = [f"/{spec['slug']}/" for spec in STANDARD_PAGES]


def test_public_pages_and_forms(page):
    audit = AxeAudit()
    pages = [
        ("accueil", "/", 200),
        *[(f"page éditoriale {path}", path, 200) for path in STANDARD_PAGE_PATHS],
        ("plan du site", "/plan-du-site/", 200),
        ("page introuvable", "/cette-page-n-existe-pas/", 404),
        ("connexion", "/comptes/login/", 200),
        ("inscription", "/comptes/signup/", 200),
        ("mot de passe oublié", "/comptes/password/reset/", 200),
        ("mot de passe oublié, courriel envoyé", "/comptes/password/reset/done/", 200),
        ("vérification de l'adresse envoyée", "/comptes/confirm-email/", 200),
    ]
    for label, path, status in pages:
        response = page.goto(path)
        assert response.status == status, f"{path} answered {response.status}"
        audit.check(page, label)

    page.goto("/comptes/signup/")
    page.get_by_label("Adresse électronique").fill("pas-une-adresse")
    page.get_by_label("Mot de passe (obligatoire)", exact=True).fill("un-mot-de-passe-solide-42")
    page.get_by_label("Mot de passe (confirmation)").fill("un-autre-mot-de-passe-42")
    page.get_by_role("button", name="Inscription").click()
    expect(page.get_by_role("alert")).to_be_visible()
    audit.check(page, "inscription avec erreurs")

    page.goto("/comptes/login/")
    page.get_by_label("Adresse électronique").fill("personne@exemple.test")
    page.get_by_label("Mot de passe").fill("pas-le-bon-mot-de-passe")
    page.get_by_role("button", name="Connexion").click()
    expect(page.get_by_role("alert")).to_be_visible()
    audit.check(page, "connexion avec erreur")

    audit.assert_clean()


@pytest.mark.parametrize("who", ["candidate", "editor"])
def test_signed_in_pages(page, demo_site, who):
    audit = AxeAudit()
    sign_in(page, getattr(demo_site, who), demo_site.password)
    audit.check(page, f"mon espace ({who})")
    for label, path in [
        ("changer d'adresse électronique", "/comptes/email/"),
        ("changer de mot de passe", "/comptes/password/change/"),
        ("déconnexion", "/comptes/logout/"),
    ]:
        response = page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        audit.check(page, f"{label} ({who})")
    audit.assert_clean()

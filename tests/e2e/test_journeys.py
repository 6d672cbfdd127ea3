"""What people do on the site, in a real browser: read, move with the keyboard, sign up, sign in, reset a
password, open the back-office."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from accounts.models import User
from core.models import OutgoingEmail
from home.demo import STANDARD_PAGES
from tests.factories import TEST_PASSWORD, CandidateFactory

from .support import assert_accessible, described_by_text, link_in_email, scroll_width, sent_emails, sign_in

pytestmark = pytest.mark.e2e

FOCUSABLE = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])"


def unique_email(name: str) -> str:
    """The browser tests share one database per process (and keep it with --reuse-db)."""
    return f"{name}.{uuid.uuid4().hex[:8]}@exemple.test"


def main_navigation(page):
    return page.get_by_role("navigation", name="Navigation principale")


def test_reader_goes_from_home_to_a_page_and_back(page):
    page.goto("/")
    expect(page).to_have_title("Solidaires : actualité, emploi et agenda de l’ESS")
    main_navigation(page).get_by_role("link", name="À propos").click()

    expect(page).to_have_url(re.compile(r"/a-propos/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("À propos")
    expect(main_navigation(page).get_by_role("link", name="À propos")).to_have_attribute("aria-current", "page")
    breadcrumb = page.get_by_role("navigation", name="Fil d’Ariane")
    expect(breadcrumb.locator("[aria-current=page]")).to_have_text("À propos")
    breadcrumb.get_by_role("link", name="Accueil").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Solidaires"))


def test_footer_links_lead_somewhere(page):
    page.goto("/")
    footer = page.get_by_role("contentinfo")
    expect(footer.get_by_role("link", name="contact@solidaires.test")).to_have_attribute(
        "href", "mailto:contact@solidaires.test"
    )
    links = footer.get_by_role("navigation", name="Liens de pied de page").get_by_role("link")
    targets = [(link.inner_text(), link.get_attribute("href")) for link in links.all()]
    footer_titles = {spec["title"] for spec in STANDARD_PAGES if spec["slug"] != "a-propos"}
    assert {text for text, _href in targets} >= footer_titles

    for text, href in targets:
        page.goto("/")
        page.get_by_role("contentinfo").get_by_role("link", name=text, exact=True).click()
        if href.endswith(".xml"):
            expect(page).to_have_url(re.compile(re.escape(href) + "$"))
            continue
        # The page's title names what the link says (« Adhérer » → « Adhérer pour 2026 »).
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(re.escape(text), re.IGNORECASE))

    response = page.goto("/sitemap.xml")
    assert response.status == 200
    assert "xml" in response.headers["content-type"]


def test_unknown_address_shows_the_french_404_page(page):
    response = page.goto("/cette-page-n-existe-pas/")
    assert response.status == 404
    expect(page).to_have_title("Page introuvable · Solidaires")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")
    page.get_by_role("link", name="Revenir à l’accueil").click()
    expect(page).to_have_url(re.compile(r"/$"))


def test_small_screen_without_javascript(new_context, demo_site):
    """At 320 px and with JavaScript off, the menu opens and nothing scrolls sideways."""
    context = new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto("/")
    about = main_navigation(page).get_by_role("link", name="À propos")
    expect(about).to_be_hidden()
    page.get_by_text("Menu", exact=True).click()
    expect(about).to_be_visible()
    about.click()
    expect(page).to_have_url(re.compile(r"/a-propos/$"))

    paths = [
        "/",
        *[f"/{spec['slug']}/" for spec in STANDARD_PAGES],
        "/cette-page-n-existe-pas/",
        "/comptes/login/",
        "/comptes/signup/",
        "/comptes/password/reset/",
    ]
    too_wide = {}
    for path in paths:
        page.goto(path)
        if (width := scroll_width(page)) > 320:
            too_wide[path] = width
    page.goto("/comptes/signup/")
    page.get_by_role("button", name="Inscription").click()  # the empty form comes back with errors
    expect(page.get_by_role("alert")).to_be_visible()
    if (width := scroll_width(page)) > 320:
        too_wide["/comptes/signup/ (erreurs)"] = width
    sign_in(page, demo_site.candidate, demo_site.password)
    if (width := scroll_width(page)) > 320:
        too_wide["/espace/"] = width
    assert not too_wide, f"Pages wider than 320 px (scrollWidth): {too_wide}"


def test_keyboard_skip_link_and_visible_focus(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Aller au contenu")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#contenu")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null"), "Tab after the skip link left <main>"

    for path in ["/", "/comptes/login/"]:
        page.goto(path)
        without_outline, checked = [], 0
        for _ in range(page.locator(FOCUSABLE).count()):
            page.keyboard.press("Tab")
            focused = page.evaluate(
                """() => {
                    const el = document.activeElement;
                    const style = getComputedStyle(el);
                    return {body: el === document.body, html: el.outerHTML.slice(0, 120),
                            style: style.outlineStyle, width: style.outlineWidth};
                }"""
            )
            if focused["body"]:  # past the last focusable element
                break
            checked += 1
            if focused["style"] == "none" or focused["width"] == "0px":
                without_outline.append(focused["html"])
        assert checked >= 5, f"Only {checked} elements reached with Tab on {path}"
        assert not without_outline, f"Focus not visible on {path}: {without_outline}"


def test_sign_up_as_candidate(page):
    email = unique_email("awa.diop")
    page.goto("/")
    page.get_by_role("link", name="Créer un compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inscription")

    email_field = page.get_by_label("Adresse électronique")
    password = page.get_by_label("Mot de passe (obligatoire)", exact=True)
    confirmation = page.get_by_label("Mot de passe (confirmation)")
    page.get_by_label("Prénom").fill("Awa")
    page.get_by_label("Nom", exact=True).fill("Diop")
    email_field.fill("awa.diop-arobase-exemple")
    password.fill("un-mot-de-passe-solide-42")
    confirmation.fill("un-autre-mot-de-passe-43")
    page.get_by_label("Je cherche un emploi (candidat·e)").check()
    page.get_by_role("button", name="Inscription").click()

    expect(page.get_by_role("alert")).to_contain_text("Le formulaire contient 2 erreurs.")
    for field, error in [
        (email_field, "Saisissez une adresse de courriel valide."),
        (confirmation, "Vous devez saisir deux fois le même mot de passe."),
    ]:
        expect(field).to_have_attribute("aria-invalid", "true")
        assert error in described_by_text(page, field)  # read out with the field
        expect(page.locator(".field", has=field).locator(".field__errors")).to_have_text(error)  # shown beside it
    expect(page.get_by_label("Prénom")).to_have_value("Awa")
    expect(page.get_by_label("Je cherche un emploi (candidat·e)")).to_be_checked()

    email_field.fill(email)
    password.fill("un-mot-de-passe-solide-42")
    confirmation.fill("un-mot-de-passe-solide-42")
    page.get_by_role("button", name="Inscription").click()
    expect(page).to_have_url(re.compile(r"/comptes/confirm-email/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre adresse électronique")

    [message] = sent_emails(email)
    assert message.subject.startswith("[Solidaires] ")
    assert [mimetype for _content, mimetype in message.alternatives] == ["text/html"]
    assert OutgoingEmail.objects.get(subject=message.subject, to=[email]).status == OutgoingEmail.Status.SENT
    page.goto(link_in_email(message, "/comptes/confirm-email/"))
    assert_accessible(page, "confirmation de l'adresse")
    page.get_by_role("button", name="Confirmer").click()

    expect(page).to_have_url(re.compile(r"/espace/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
    expect(page.get_by_text("Bonjour Awa Diop.")).to_be_visible()
    expect(page.get_by_role("heading", name="Espace candidat·e")).to_be_visible()
    expect(page.get_by_role("heading", name="Rédaction")).to_have_count(0)
    user = User.objects.get(email=email)
    assert (user.is_candidate, user.is_recruiter, user.is_consultant) == (True, False, False)


def test_sign_in_with_a_wrong_password_then_the_right_one_then_sign_out(page, demo_site):
    page.goto("/")
    main_navigation(page).get_by_role("link", name="Se connecter").click()
    page.get_by_label("Adresse électronique").fill(demo_site.candidate)
    page.get_by_label("Mot de passe").fill("pas-le-bon-mot-de-passe")
    page.get_by_role("button", name="Connexion").click()
    expect(page.get_by_role("alert")).to_contain_text("L’adresse électronique ou le mot de passe sont incorrects.")
    expect(page).to_have_url(re.compile(r"/comptes/login/$"))

    page.get_by_label("Mot de passe").fill(demo_site.password)
    page.get_by_role("button", name="Connexion").click()
    expect(page).to_have_url(re.compile(r"/espace/$"))
    expect(page.get_by_role("heading", name="Espace candidat·e")).to_be_visible()
    expect(main_navigation(page).get_by_role("link", name="Mon espace")).to_be_attached()

    page.get_by_role("link", name="Se déconnecter").click()
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(main_navigation(page).get_by_role("link", name="Se connecter")).to_be_attached()
    page.goto("/espace/")
    expect(page).to_have_url(re.compile(r"/comptes/login/\?next=/espace/$"))


def test_password_reset(page):
    person = CandidateFactory(email=unique_email("ines.haddad"), first_name="Inès", last_name="Haddad")
    page.goto("/comptes/login/")
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    page.get_by_label("Adresse électronique").fill(person.email)
    page.get_by_role("button", name="Réinitialiser mon mot de passe").click()
    expect(page).to_have_url(re.compile(r"/comptes/password/reset/done/$"))

    [message] = sent_emails(person.email)
    page.goto(link_in_email(message, "/comptes/password/reset/key/"))
    assert_accessible(page, "nouveau mot de passe")
    page.get_by_label("Nouveau mot de passe (obligatoire)", exact=True).fill("une-nouvelle-phrase-de-passe")
    page.get_by_label("Nouveau mot de passe (confirmation)").fill("une-nouvelle-phrase-de-passe")
    page.get_by_role("button", name="Modifier le mot de passe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Modifier le mot de passe")
    assert_accessible(page, "mot de passe modifié")

    page.goto("/comptes/login/")
    page.get_by_label("Adresse électronique").fill(person.email)
    page.get_by_label("Mot de passe").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    expect(page.get_by_role("alert")).to_be_visible()
    sign_in(page, person.email, "une-nouvelle-phrase-de-passe")
    expect(page.get_by_text("Bonjour Inès Haddad.")).to_be_visible()


def test_editor_reaches_the_back_office(page, demo_site):
    sign_in(page, demo_site.editor, demo_site.password)
    section = page.locator("section", has=page.get_by_role("heading", name="Rédaction", exact=True))
    expect(section).to_be_visible()
    admin_link = section.get_by_role("link", name="Ouvrir l’administration")
    expect(admin_link).to_have_attribute("href", "/admin/")
    admin_link.click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page).to_have_title(re.compile("Tableau de bord"))


def test_a_candidate_also_becomes_a_recruiter_from_the_espace(page):
    person = CandidateFactory(email=unique_email("malik.benali"), first_name="Malik", last_name="Benali")
    sign_in(page, person.email, TEST_PASSWORD)
    expect(page).to_have_url(re.compile(r"/espace/$"))
    expect(page.get_by_role("heading", name="Espace recruteur·se")).to_have_count(0)

    roles = page.get_by_role("group", name="Mes rôles")
    expect(roles.get_by_label("Je cherche un emploi (candidat·e)")).to_be_checked()
    roles.get_by_label("Je recrute pour une structure de l’ESS (recruteur·se)").check()
    page.get_by_role("button", name="Enregistrer mes rôles").click()

    expect(page.get_by_role("status")).to_contain_text("Vos rôles ont été mis à jour.")
    expect(page.get_by_role("heading", name="Espace recruteur·se")).to_be_visible()
    expect(page.get_by_role("heading", name="Espace candidat·e")).to_be_visible()
    assert_accessible(page, "espace après changement de rôles")
    person.refresh_from_db()
    assert person.is_candidate and person.is_recruiter

"""Creating an account: the form, its errors, the verification email, the first sign-in."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User
from core.models import OutgoingEmail
from tests.home.html import h1s, parse

pytestmark = pytest.mark.django_db

PASSWORD = "une-phrase-secrete-42"


def signup_data(**overrides):
    data = {
        "first_name": "Camille",
        "last_name": "Roussel",
        "email": "camille@exemple.test",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "roles": ["candidate", "recruiter"],
    }
    return {**data, **overrides}


def field_errors(response, field: str) -> list[str]:
    return [" ".join(p.text_content().split()) for p in parse(response).xpath(f"//*[@id='id_{field}_errors']/p")]


def test_signup_form_in_french_with_the_self_service_roles(client, home_page):
    response = client.get("/comptes/signup/")

    assert response.status_code == 200
    tree = parse(response)
    assert tree.get("lang") == "fr"
    assert len(h1s(response)) == 1
    labels = [" ".join(label.text_content().split()) for label in tree.xpath("//form//label")]
    assert "Prénom" in labels
    assert any(label.startswith("Mot de passe") for label in labels)
    roles = tree.xpath("//input[@name='roles']/@value")
    assert roles == ["candidate", "recruiter", "consultant"]
    assert tree.xpath("//fieldset/legend[normalize-space()='Vous venez pour…']")


def test_signup_saves_the_account_and_queues_a_french_verification_email(client, home_page):
    response = client.post("/comptes/signup/", signup_data())

    assert response.status_code == 302
    assert response["Location"] == "/comptes/confirm-email/"
    user = User.objects.get(email="camille@exemple.test")
    assert (user.first_name, user.last_name) == ("Camille", "Roussel")
    assert (user.is_candidate, user.is_recruiter, user.is_consultant) == (True, True, False)
    assert not user.is_staff and not user.groups.exists()
    assert not EmailAddress.objects.get(user=user).verified
    # Not signed in before the address is confirmed.
    assert client.get("/espace/").status_code == 302

    # The email went through the outbox (saved), and is delivered once the request's transaction commits.
    outgoing = OutgoingEmail.objects.get(to=["camille@exemple.test"])
    assert outgoing.subject == "[Solidaires] Confirmez votre adresse électronique"
    sent_page = client.get("/comptes/confirm-email/")
    assert sent_page.status_code == 200 and len(h1s(sent_page)) == 1


def test_verification_email_has_french_text_and_html_parts(client, home_page, delivering):
    with delivering():
        client.post("/comptes/signup/", signup_data())

    (message,) = mail.outbox
    assert message.to == ["camille@exemple.test"]
    assert message.subject == "[Solidaires] Confirmez votre adresse électronique"
    # Greets with the site's name (allauth's templates read it from `current_site`).
    assert message.body.startswith("Bonjour, c’est Solidaires\u202f!")
    assert "Merci d’utiliser Solidaires\u202f!" in message.body
    assert "http://testserver/comptes/confirm-email/" in message.body
    assert "Hello" not in message.body and "Thank you" not in message.body
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    assert '<html lang="fr">' in html
    assert 'href="http://testserver/comptes/confirm-email/' in html


def test_confirming_the_address_signs_in_and_opens_the_espace(client, home_page, last_link, delivering):
    with delivering():
        client.post("/comptes/signup/", signup_data())
    confirm_url = last_link(r"/comptes/confirm-email/[^/\s]+/")

    page = client.get(confirm_url)
    assert page.status_code == 200
    assert len(h1s(page)) == 1
    assert not EmailAddress.objects.get(email="camille@exemple.test").verified  # a GET does not confirm

    response = client.post(confirm_url)

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="camille@exemple.test").verified
    espace = client.get("/espace/")
    assert espace.status_code == 200
    sections = [" ".join(h.text_content().split()) for h in parse(espace).xpath("//section/h2")]
    assert "Espace candidat·e" in sections and "Espace recruteur·se" in sections
    assert "Espace consultant·e" not in sections


def test_signup_names_are_plain_text(client, home_page):
    client.post("/comptes/signup/", signup_data(first_name="<b>Camille</b>", last_name="Roussel<script>x()</script>"))
    user = User.objects.get(email="camille@exemple.test")
    assert (user.first_name, user.last_name) == ("Camille", "Roussel")


def test_signup_cannot_grant_the_editor_role(client, home_page):
    response = client.post("/comptes/signup/", signup_data(roles=["candidate", "editor"]))

    assert response.status_code == 200
    assert not User.objects.filter(email="camille@exemple.test").exists()
    assert field_errors(response, "roles") == ["Sélectionnez un choix valide. editor n’en fait pas partie."]


def test_duplicate_email_creates_no_second_account_and_warns_the_owner_in_french(client, candidate, delivering):
    with delivering():
        response = client.post("/comptes/signup/", signup_data(email=candidate.email.upper()))

    # Refused without telling a stranger that the address has an account (no enumeration):
    # the page is the same as for a new address, and the owner is told by email.
    assert response.status_code == 302
    assert response["Location"] == "/comptes/confirm-email/"
    assert User.objects.filter(email__iexact=candidate.email).count() == 1
    assert User.objects.count() == 1
    candidate.refresh_from_db()
    assert candidate.check_password("un-mot-de-passe-solide-42")
    (message,) = mail.outbox
    assert message.to == [candidate.email]
    assert message.subject == "[Solidaires] Ce compte existe déjà"
    assert "Bonjour" in message.body and "Hello" not in message.body


def test_weak_password_errors_are_french_and_tied_to_the_field(client, home_page):
    response = client.post("/comptes/signup/", signup_data(password1="12345678", password2="12345678"))

    assert response.status_code == 200
    assert not User.objects.exists()
    errors = field_errors(response, "password1")
    assert "Ce mot de passe est trop court. Il doit contenir au minimum 10 caractères." in errors
    assert "Ce mot de passe est entièrement numérique." in errors
    (password_input,) = parse(response).xpath("//input[@name='password1']")
    assert "id_password1_errors" in password_input.get("aria-describedby").split()
    assert password_input.get("aria-invalid") == "true"
    summary = parse(response).xpath("//*[@class='form-errors' and @role='alert']")
    assert summary and "Le formulaire contient" in summary[0].text_content()


def test_mismatched_passwords_error_is_french_and_tied_to_the_field(client, home_page):
    response = client.post("/comptes/signup/", signup_data(password2="une-autre-phrase-secrete"))

    assert response.status_code == 200
    assert field_errors(response, "password2") == ["Vous devez saisir deux fois le même mot de passe."]
    (confirm_input,) = parse(response).xpath("//input[@name='password2']")
    assert "id_password2_errors" in confirm_input.get("aria-describedby").split()
    # Every id the inputs point to exists on the page.
    tree = parse(response)
    for element in tree.xpath("//*[@aria-describedby]"):
        for target in element.get("aria-describedby").split():
            assert tree.xpath(f"//*[@id='{target}']"), target


def test_invalid_email_error_is_french(client, home_page):
    response = client.post("/comptes/signup/", signup_data(email="pas-une-adresse"))
    assert field_errors(response, "email") == ["Saisissez une adresse de courriel valide."]


def test_an_address_longer_than_254_characters_is_refused_not_cut(client, home_page):
    """allauth cuts a value to its column: 300 characters would become an account at "aaa…a", no domain."""
    address = "a" * 300 + "@x.org"

    response = client.post("/comptes/signup/", signup_data(email=address))

    assert response.status_code == 200
    assert field_errors(response, "email") == [
        "Une adresse électronique compte au plus 254 caractères (celle-ci en compte 306)."
    ]
    assert not User.objects.exists() and not EmailAddress.objects.exists()
    # 254 characters fit: the account is created with the whole address.
    fitting = "b" * 248 + "@x.org"
    assert client.post("/comptes/signup/", signup_data(email=fitting)).status_code == 302
    assert User.objects.get().email == fitting


def test_account_pages_follow_the_house_style(client):
    """allauth's French is passed through locale/allauth-fr.sed: no "e-mail", typographic apostrophes."""
    html = client.get("/comptes/signup/").content.decode()
    assert "Adresse électronique" in html
    assert "e-mail" not in html.lower()
    assert "Inscription" in html

"""Signing in with an email address, and what a password-guessing attacker runs into."""

import re

import pytest
from django.core import mail

from tests.factories import CandidateFactory
from tests.home.html import h1s, parse

pytestmark = pytest.mark.django_db

WRONG = "pas-le-bon-mot-de-passe"


def login(client, email, password, **extra):
    return client.post("/comptes/login/", {"login": email, "password": password}, **extra)


def form_errors(response) -> str:
    return " ".join(" ".join(node.text_content().split()) for node in parse(response).xpath("//*[@role='alert']"))


def test_login_page_in_french(client, home_page):
    response = client.get("/comptes/login/")
    assert response.status_code == 200
    assert len(h1s(response)) == 1
    tree = parse(response)
    assert tree.xpath("//input[@name='login' and @type='email']")
    assert [" ".join(label.text_content().split()) for label in tree.xpath("//label[@for='id_password']")] == [
        "Mot de passe (obligatoire)"
    ]


def test_login_with_email_opens_the_espace(client, candidate, password):
    response = login(client, candidate.email, password)

    assert response.status_code == 302
    assert response["Location"] == "/espace/"
    assert client.get("/espace/").status_code == 200


def test_login_email_is_case_insensitive(client, candidate, password):
    response = login(client, candidate.email.upper(), password)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == candidate.pk


def test_login_follows_next(client, candidate, password):
    response = client.post("/comptes/login/?next=/espace/", {"login": candidate.email, "password": password})
    assert response["Location"] == "/espace/"
    response = client.post(
        "/comptes/login/", {"login": candidate.email, "password": password, "next": "https://ailleurs.example/"}
    )
    assert "ailleurs.example" not in response.get("Location", "")


def test_wrong_password_is_refused_in_french(client, candidate):
    response = login(client, candidate.email, WRONG)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "L’adresse électronique ou le mot de passe sont incorrects." in form_errors(response)


def test_unknown_email_gets_the_same_message_as_a_wrong_password(client, home_page):
    response = login(client, "inconnue@exemple.test", WRONG)
    assert "L’adresse électronique ou le mot de passe sont incorrects." in form_errors(response)


def test_unverified_address_cannot_sign_in_and_gets_a_new_link(client, password, django_capture_on_commit_callbacks):
    user = CandidateFactory(verified_email=False)

    with django_capture_on_commit_callbacks(execute=True):
        response = login(client, user.email, password)

    assert response.status_code == 302
    assert response["Location"] == "/comptes/confirm-email/"
    assert "_auth_user_id" not in client.session
    assert [message.to for message in mail.outbox] == [[user.email]]


def test_login_is_throttled_after_five_failures(client, candidate, password):
    for _attempt in range(5):
        response = login(client, candidate.email, WRONG)
        assert "incorrects" in form_errors(response)

    # Even the right password is refused now, in French, on the styled login page.
    response = login(client, candidate.email, password)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Trop de tentatives de connexion échouées. Veuillez réessayer ultérieurement." in form_errors(response)
    assert len(h1s(response)) == 1


def test_throttling_follows_the_account_across_addresses(client, candidate, password):
    """Many machines guessing one account's password: after ten failures in a quarter of an hour, the
    account refuses every address it was never signed in from."""
    for number in range(10):
        login(client, candidate.email, WRONG, REMOTE_ADDR=f"203.0.113.{number + 1}")

    response = login(client, candidate.email, password, REMOTE_ADDR="198.51.100.7")

    assert "_auth_user_id" not in client.session
    assert "Trop de tentatives" in form_errors(response)


def test_a_stranger_cannot_lock_the_owner_out_of_their_usual_connection(client, candidate, password):
    login(client, candidate.email, password, REMOTE_ADDR="198.51.100.20")  # the owner, at home
    client.logout()
    for number in range(30):  # strangers try passwords from everywhere else
        login(client, candidate.email, WRONG, REMOTE_ADDR=f"203.0.113.{number + 1}")

    login(client, candidate.email, password, REMOTE_ADDR="198.51.100.20")

    assert client.session["_auth_user_id"] == str(candidate.pk)


def test_on_a_new_connection_the_owner_signs_in_with_a_code_sent_by_email(
    client, candidate, django_capture_on_commit_callbacks
):
    for number in range(30):
        login(client, candidate.email, WRONG, REMOTE_ADDR=f"203.0.113.{number + 1}")
    html = client.get("/comptes/login/", REMOTE_ADDR="198.51.100.30").content.decode()
    assert 'href="/comptes/login/code/"' in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/comptes/login/code/", {"email": candidate.email}, REMOTE_ADDR="198.51.100.30")
    assert response.status_code == 302
    code = re.search(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b", mail.outbox[-1].body).group()
    response = client.post(response["Location"], {"code": code}, REMOTE_ADDR="198.51.100.30")

    assert client.session["_auth_user_id"] == str(candidate.pk)


def test_throttling_follows_the_address_across_accounts(client, candidate, password):
    for number in range(5):
        login(client, f"devinette{number}@exemple.test", WRONG)

    response = login(client, candidate.email, password)

    assert "_auth_user_id" not in client.session
    assert "Trop de tentatives" in form_errors(response)


def test_a_flood_of_login_requests_gets_a_french_429_in_the_site_design(client, home_page):
    for number in range(30):
        login(client, f"robot{number}@exemple.test", WRONG, REMOTE_ADDR="192.0.2.10")

    response = login(client, "robot@exemple.test", WRONG, REMOTE_ADDR="192.0.2.10")

    assert response.status_code == 429
    tree = parse(response)
    assert tree.get("lang") == "fr"
    assert h1s(response) == ["Trop de requêtes"]
    html = response.content.decode()
    assert "Too Many Requests" not in html
    assert "/static/css/solidaires.css" in html
    assert tree.xpath("//main[@id='contenu']")
    # Another visitor is not affected.
    assert login(client, "robot@exemple.test", WRONG, REMOTE_ADDR="192.0.2.99").status_code == 200


def test_logout_needs_a_post(client, candidate):
    client.force_login(candidate)
    page = client.get("/comptes/logout/")
    assert page.status_code == 200  # a confirmation page, so a link elsewhere cannot sign people out
    assert "_auth_user_id" in client.session
    client.post("/comptes/logout/")
    assert "_auth_user_id" not in client.session

"""Forgotten password and change of address, each confirmed through an email."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User
from tests.home.html import h1s, parse

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "nouvelle-phrase-secrete-2026"


def test_password_reset_by_email(client, candidate, password, delivering, last_link):
    page = client.get("/comptes/password/reset/")
    assert page.status_code == 200 and len(h1s(page)) == 1

    with delivering():
        response = client.post("/comptes/password/reset/", {"email": candidate.email})

    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [candidate.email]
    assert message.subject == "[Solidaires] Courriel de réinitialisation de mot de passe"
    assert message.body.startswith("Bonjour, c’est Solidaires\u202f!")
    assert message.alternatives[0][1] == "text/html"

    key_page = client.get(last_link(r"/comptes/password/reset/key/\S+/"), follow=True)
    assert key_page.status_code == 200
    form_action = key_page.redirect_chain[-1][0]
    assert parse(key_page).xpath("//input[@name='password1']")

    response = client.post(form_action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.check_password(NEW_PASSWORD)
    assert not candidate.check_password(password)
    client.logout()
    assert client.post("/comptes/login/", {"login": candidate.email, "password": NEW_PASSWORD}).status_code == 302


def test_password_reset_link_works_once(client, candidate, delivering, last_link):
    with delivering():
        client.post("/comptes/password/reset/", {"email": candidate.email})
    link = last_link(r"/comptes/password/reset/key/\S+/")
    form_action = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    client.logout()

    again = client.get(link, follow=True)

    assert not parse(again).xpath("//input[@name='password1']")
    assert "invalide" in again.content.decode()


def test_password_reset_for_an_unknown_address_reveals_nothing(client, home_page, delivering):
    with delivering():
        response = client.post("/comptes/password/reset/", {"email": "inconnue@exemple.test"})

    assert response.status_code == 302  # the same answer as for a known address
    assert all("/comptes/password/reset/key/" not in message.body for message in mail.outbox)


def test_weak_new_password_is_refused_in_french(client, candidate, delivering, last_link):
    with delivering():
        client.post("/comptes/password/reset/", {"email": candidate.email})
    form_action = client.get(last_link(r"/comptes/password/reset/key/\S+/"), follow=True).redirect_chain[-1][0]

    response = client.post(form_action, {"password1": "motdepasse", "password2": "motdepasse"})

    assert response.status_code == 200
    errors = " ".join(parse(response).xpath("//*[@id='id_password1_errors']//text()"))
    assert "Ce mot de passe est trop courant." in errors


def test_email_change_takes_effect_once_the_new_address_is_confirmed(client, candidate, delivering, last_link):
    old_address = candidate.email
    client.force_login(candidate)
    page = client.get("/comptes/email/")
    assert page.status_code == 200 and len(h1s(page)) == 1

    with delivering():
        response = client.post("/comptes/email/", {"action_add": "", "email": "nouvelle.adresse@exemple.test"})

    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.email == old_address  # nothing changes before the new address is confirmed
    message = mail.outbox[-1]
    assert message.to == ["nouvelle.adresse@exemple.test"]
    assert message.subject == "[Solidaires] Confirmez votre adresse électronique"

    client.post(last_link(r"/comptes/confirm-email/[^/\s]+/"))

    candidate.refresh_from_db()
    assert candidate.email == "nouvelle.adresse@exemple.test"
    assert EmailAddress.objects.get(user=candidate, primary=True).email == "nouvelle.adresse@exemple.test"
    assert not EmailAddress.objects.filter(email=old_address).exists()
    client.logout()
    assert (
        client.post(
            "/comptes/login/", {"login": "nouvelle.adresse@exemple.test", "password": "un-mot-de-passe-solide-42"}
        ).status_code
        == 302
    )


def test_email_change_to_an_address_in_use_changes_nothing(client, candidate, recruiter):
    client.force_login(candidate)

    client.post("/comptes/email/", {"action_add": "", "email": recruiter.email})

    assert User.objects.get(pk=candidate.pk).email == candidate.email
    assert User.objects.get(pk=recruiter.pk).email == recruiter.email
    assert not EmailAddress.objects.filter(user=candidate, email=recruiter.email, verified=True).exists()

"""The Wagtail admin has no login form of its own: editors go through allauth (throttled, verified)."""

import pytest

from tests.factories import EditorFactory

pytestmark = pytest.mark.django_db


def test_admin_login_page_redirects_to_the_site_login_keeping_the_destination(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/comptes/login/?next=%2Fadmin%2Fpages%2F"


def test_admin_login_redirect_refuses_an_outside_destination(client):
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == "/comptes/login/?next=%2Fadmin%2F"


def test_posting_a_password_to_the_admin_login_does_not_sign_in(client, password):
    editor = EditorFactory()
    response = client.post("/admin/login/", {"username": editor.email, "password": password})
    assert response.status_code in (302, 405)
    assert "_auth_user_id" not in client.session


def test_anonymous_admin_visit_is_sent_to_the_site_login(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/comptes/login/?next=%2Fadmin%2F"


def test_unverified_editor_cannot_sign_in(client, password):
    editor = EditorFactory(verified_email=False)
    response = client.post("/comptes/login/", {"login": editor.email, "password": password})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]


def test_django_admin_is_not_exposed(client, home_page):
    assert client.get("/django-admin/").status_code == 404


def test_a_signed_in_person_without_admin_access_gets_a_french_refusal_not_a_loop(client, candidate):
    client.force_login(candidate)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) <= 2
    html = response.content.decode()
    assert "Accès refusé" in html and "n’a pas accès à l’administration" in html

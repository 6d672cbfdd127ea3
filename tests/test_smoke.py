"""Every page a visitor can reach answers, in French, with exactly one <h1>."""

import pytest

from tests.home.html import h1s, parse

pytestmark = pytest.mark.django_db

ANONYMOUS_PAGES = [
    "/",
    "/comptes/login/",
    "/comptes/signup/",
    "/comptes/password/reset/",
    "/comptes/password/reset/done/",
    "/comptes/confirm-email/",
    "/nexiste-pas/",
]
SIGNED_IN_PAGES = [
    "/espace/",
    "/comptes/email/",
    "/comptes/password/change/",
    "/comptes/logout/",
]


def test_home_page_is_served_in_french(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()


@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_anonymous_pages_are_french_with_one_h1(client, home_page, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert parse(response).get("lang") == "fr"
    assert len(h1s(response)) == 1, h1s(response)


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_signed_in_pages_are_french_with_one_h1(client, home_page, candidate, path):
    client.force_login(candidate)
    response = client.get(path)
    assert response.status_code == 200
    assert parse(response).get("lang") == "fr"
    assert len(h1s(response)) == 1, h1s(response)


@pytest.mark.parametrize("path", ["/espace/", "/admin/"])
def test_private_areas_send_anonymous_visitors_to_a_login_page(client, home_page, path):
    response = client.get(path, follow=True)
    assert response.redirect_chain[-1][0].startswith("/comptes/login/")
    assert response.status_code == 200

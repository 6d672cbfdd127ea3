"""A NUL character anywhere a view could pass it to PostgreSQL is refused with the French 400 page."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    ["/?q=a%00b", "/emploi/?q=%00", "/emploi/rss/?q=%00", "/agenda/?commune=Lyon%00", "/?a%00=1", "/a-propos%00/"],
)
def test_a_nul_character_in_the_address_is_a_400(client, home_page, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "Requête incorrecte" in response.content.decode()


def test_a_nul_character_in_a_form_field_is_a_400(client, home_page):
    response = client.post("/comptes/login/", {"login": "a\x00b@exemple.test", "password": "x"})
    assert response.status_code == 400


def test_ordinary_requests_go_through(client, home_page):
    assert client.get("/?q=économie%20sociale").status_code == 200
    assert client.post("/comptes/login/", {"login": "a@exemple.test", "password": "x"}).status_code == 200

"""The editorial committee writes articles and manages authors and the revue de presse in the admin."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role_fixture", ["editor", "moderator"])
def test_editorial_committee_edits_articles_authors_and_press_review(client, request, role_fixture, article, rubrique):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(f"/admin/pages/{article.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/add/magazine/articlepage/{rubrique.pk}/").status_code == 200
    assert client.get("/admin/snippets/magazine/author/").status_code == 200
    assert client.get("/admin/snippets/magazine/author/add/").status_code == 200
    assert client.get("/admin/snippets/magazine/pressreviewlink/add/").status_code == 200


def test_articles_cannot_be_added_outside_a_rubrique(client, editor, magazine, home_page):
    client.force_login(editor)
    for parent in (home_page, magazine):
        response = client.get(f"/admin/pages/add/magazine/articlepage/{parent.pk}/")
        assert response.status_code in {302, 403}
        assert response.status_code != 302 or response["Location"] == "/admin/"

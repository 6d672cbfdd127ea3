"""Administrators manage people and their roles in Wagtail's user admin."""

import pytest

from accounts.models import User
from tests.factories import CandidateFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(client, home_page):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    return admin


def test_user_forms_show_the_roles(client, administrator):
    for path in ["/admin/users/new/", f"/admin/users/edit/{CandidateFactory().pk}/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        for field in ("is_candidate", "is_recruiter", "is_consultant"):
            assert f'name="{field}"' in html, (path, field)


def test_an_administrator_grants_the_recruiter_role(client, administrator):
    person = CandidateFactory()
    response = client.post(
        f"/admin/users/edit/{person.pk}/",
        {
            "email": person.email,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "is_active": "on",
            "is_candidate": "on",
            "is_recruiter": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.is_candidate and person.is_recruiter and not person.is_consultant


def test_an_administrator_creates_a_consultant_account(client, administrator):
    response = client.post(
        "/admin/users/new/",
        {
            "email": "nouvelle.consultante@exemple.test",
            "first_name": "Aïcha",
            "last_name": "Diallo",
            "password1": "un-mot-de-passe-solide-42",
            "password2": "un-mot-de-passe-solide-42",
            "is_consultant": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(email="nouvelle.consultante@exemple.test").is_consultant


def test_a_candidate_cannot_open_the_user_admin(client, home_page):
    client.force_login(CandidateFactory())
    assert client.get("/admin/users/").status_code == 302

"""/espace/: only for signed-in people, one section per role, roles a person may give themselves."""

import re

import pytest
from django.test import Client

from accounts.models import Role
from tests.factories import UserFactory
from tests.home.html import h1s, parse

pytestmark = pytest.mark.django_db


def sections(response) -> list[str]:
    return [
        " ".join(h.text_content().split())
        for h in parse(response).xpath("//section[starts-with(@aria-labelledby, 'role-')]/h2")
    ]


def admin_links(response) -> list[str]:
    return parse(response).xpath("//main//a[@href='/admin/']/@href")


def test_espace_requires_login(client, home_page):
    response = client.get("/espace/")
    assert response.status_code == 302
    assert response["Location"] == "/comptes/login/?next=/espace/"


def test_roles_form_requires_login(client, home_page):
    response = client.post("/espace/roles/", {"roles": ["candidate"]})
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/")


@pytest.mark.parametrize(
    "role_fixture, expected",
    [
        ("candidate", ["Espace candidat·e"]),
        ("recruiter", ["Espace recruteur·se"]),
        ("consultant", ["Espace consultant·e"]),
        ("editor", ["Rédaction"]),
        ("moderator", ["Rédaction"]),
    ],
)
def test_each_role_sees_its_own_section_only(client, home_page, request, role_fixture, expected):
    client.force_login(request.getfixturevalue(role_fixture))

    response = client.get("/espace/")

    assert response.status_code == 200
    assert h1s(response) == ["Mon espace"]
    assert sections(response) == expected
    assert bool(admin_links(response)) == (role_fixture in ("editor", "moderator"))
    assert parse(response).xpath("//meta[@name='robots']/@content") == ["noindex"]


def test_person_with_several_roles_sees_each_section(client, home_page):
    client.force_login(UserFactory(is_candidate=True, is_consultant=True))
    assert sections(client.get("/espace/")) == ["Espace candidat·e", "Espace consultant·e"]


def test_person_without_role_is_invited_to_choose(client, home_page):
    client.force_login(UserFactory())
    response = client.get("/espace/")
    assert sections(response) == []
    assert "Vous n’avez pas encore choisi de rôle." in response.content.decode()


def test_espace_query_count_is_bounded(client, home_page, editor, django_assert_max_num_queries):
    client.force_login(editor)
    client.get("/espace/")
    with django_assert_max_num_queries(15):
        assert client.get("/espace/").status_code == 200


def test_person_changes_their_roles(client, candidate):
    client.force_login(candidate)

    response = client.post("/espace/roles/", {"roles": ["recruiter", "consultant"]}, follow=True)

    candidate.refresh_from_db()
    assert candidate.roles == [Role.RECRUITER, Role.CONSULTANT]
    assert "Vos rôles ont été mis à jour." in response.content.decode()
    assert sections(response) == ["Espace recruteur·se", "Espace consultant·e"]
    checked = parse(response).xpath("//input[@name='roles' and @checked]/@value")
    assert checked == ["recruiter", "consultant"]


def test_nobody_can_give_themselves_the_editor_role(client, candidate):
    client.force_login(candidate)

    response = client.post("/espace/roles/", {"roles": ["candidate", "editor"]})

    assert response.status_code == 400
    errors = parse(response).xpath("//*[@id='id_roles_errors']/p/text()")
    assert errors == ["Sélectionnez un choix valide. editor n’en fait pas partie."]
    candidate.refresh_from_db()
    assert candidate.roles == [Role.CANDIDATE]
    assert not candidate.is_staff and not candidate.groups.exists()
    assert client.get("/admin/").status_code == 302


def test_an_editor_keeps_the_editor_role_when_changing_self_service_roles(client, editor):
    client.force_login(editor)
    client.post("/espace/roles/", {"roles": ["consultant"]})
    editor.refresh_from_db()
    assert editor.roles == [Role.CONSULTANT, Role.EDITOR]


def test_roles_form_is_protected_against_csrf(candidate):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(candidate)

    forged = browser.post("/espace/roles/", {"roles": ["recruiter"]})

    assert forged.status_code == 403
    candidate.refresh_from_db()
    assert candidate.roles == [Role.CANDIDATE]
    assert parse(forged).get("lang") == "fr"
    assert h1s(forged) == ["Action refusée"]

    page = browser.get("/espace/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    genuine = browser.post("/espace/roles/", {"roles": ["recruiter"], "csrfmiddlewaretoken": token})

    assert genuine.status_code == 302
    candidate.refresh_from_db()
    assert candidate.roles == [Role.RECRUITER]

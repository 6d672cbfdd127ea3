"""The editorial committee's groups created by the data migration, and who gets into the admin."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from accounts.models import EDITOR_GROUP, MODERATOR_GROUP

pytestmark = pytest.mark.django_db


def page_permissions(group_name: str) -> set[str]:
    root = Page.get_first_root_node()
    return set(
        GroupPagePermission.objects.filter(group__name=group_name, page=root).values_list(
            "permission__codename", flat=True
        )
    )


def collection_permissions(group_name: str) -> set[str]:
    return set(
        GroupCollectionPermission.objects.filter(
            group__name=group_name, collection=Collection.get_first_root_node()
        ).values_list("permission__codename", flat=True)
    )


def test_french_groups_replace_wagtails_english_ones():
    names = set(Group.objects.values_list("name", flat=True))
    assert {EDITOR_GROUP, MODERATOR_GROUP} <= names
    assert not names & {"Editors", "Moderators"}


@pytest.mark.parametrize("group_name", [EDITOR_GROUP, MODERATOR_GROUP])
def test_both_groups_reach_the_admin(group_name):
    group = Group.objects.get(name=group_name)
    assert group.permissions.filter(content_type__app_label="wagtailadmin", codename="access_admin").exists()


def test_editors_write_and_moderators_also_publish():
    assert {"add_page", "change_page"} <= page_permissions(EDITOR_GROUP)
    assert "publish_page" not in page_permissions(EDITOR_GROUP)
    assert {"add_page", "change_page", "publish_page"} <= page_permissions(MODERATOR_GROUP)


@pytest.mark.parametrize("group_name", [EDITOR_GROUP, MODERATOR_GROUP])
def test_both_groups_manage_images_and_documents(group_name):
    assert {"add_image", "choose_image", "add_document", "choose_document"} <= collection_permissions(group_name)


@pytest.mark.parametrize("role_fixture", ["editor", "moderator"])
def test_editorial_committee_reaches_the_admin(client, home_page, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))

    assert client.get("/admin/").status_code == 200
    assert client.get(f"/admin/pages/{home_page.pk}/").status_code == 200
    assert client.get(f"/admin/pages/add/home/standardpage/{home_page.pk}/").status_code == 200


@pytest.mark.parametrize("role_fixture", ["candidate", "recruiter", "consultant"])
def test_other_roles_are_kept_out_of_the_admin(client, home_page, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))

    response = client.get("/admin/", follow=True)

    assert response.status_code == 403 and "Accès refusé" in response.content.decode()
    assert client.get(f"/admin/pages/add/home/standardpage/{home_page.pk}/", follow=True).status_code == 403


def test_anonymous_visitors_are_sent_to_the_admin_login(client, home_page):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/comptes/login/?next=%2Fadmin%2F"
    assert response.status_code == 200

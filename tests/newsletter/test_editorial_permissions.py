"""The editorial committee's groups run the newsletters (data migration newsletter/0003): both manage and
import subscribers; Rédacteurs compose letters, Modérateurs (publish on pages) also send them."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import EDITOR_GROUP, MODERATOR_GROUP
from newsletter.models import Subscriber
from tests.newsletter.conftest import make_subscribers

pytestmark = pytest.mark.django_db


def codenames(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return set(group.permissions.filter(content_type__app_label="newsletter").values_list("codename", flat=True))


def test_migration_gives_both_groups_the_subscribers():
    assert {"view_subscriber", "add_subscriber", "change_subscriber", "view_mailinglist"} <= codenames(EDITOR_GROUP)
    assert "delete_subscriber" not in codenames(EDITOR_GROUP)
    assert {"delete_subscriber", "change_mailinglist"} <= codenames(MODERATOR_GROUP)


@pytest.mark.parametrize("role_fixture", ["editor", "moderator"])
def test_editorial_committee_sees_subscribers_and_imports(client, weekly, request, role_fixture):
    make_subscribers(weekly, 2)
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(reverse("wagtailsnippets_newsletter_subscriber:list")).status_code == 200
    assert client.get(reverse("newsletter_import")).status_code == 200
    upload = SimpleUploadedFile("l.csv", b"email,lists,consent_date\nnouvelle@exemple.fr,hebdo,2024-01-01\n")
    response = client.post(reverse("newsletter_import"), {"csv_file": upload})
    assert response.status_code == 200
    assert Subscriber.objects.filter(email="nouvelle@exemple.fr").exists()


def test_only_moderators_send(client, letter, editor, moderator):
    url = reverse("newsletter_send", args=[letter.pk])
    client.force_login(editor)
    assert client.get(url).status_code in (302, 403)
    client.force_login(moderator)
    assert client.get(url).status_code == 200


def test_other_roles_get_nothing(client, weekly, candidate):
    client.force_login(candidate)
    assert client.get(reverse("newsletter_import")).status_code in (302, 403)
    assert client.get(reverse("wagtailsnippets_newsletter_subscriber:list")).status_code in (302, 403)

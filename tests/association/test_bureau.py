"""The « Bureau de l'association » group (data migration 0003): members list and general assembly,
contact-request inbox and payments in the admin, and nothing else of the association."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from association.fees import Tier
from association.models import ContactRequest
from tests.factories import UserFactory

from .test_membership import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(db):
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Bureau de l’association"))
    return user


def test_the_group_holds_the_association_permissions():
    codenames = set(Group.objects.get(name="Bureau de l’association").permissions.values_list("codename", flat=True))
    assert {"access_admin", "view_members", "view_contactrequest", "change_contactrequest"} <= codenames
    assert {"view_payment", "add_payment", "change_payment"} <= codenames
    assert "delete_contactrequest" not in codenames and "change_correspondent" not in codenames


def test_an_officer_reads_the_inbox_and_the_payments_and_prepares_the_assembly(
    client, home_page, officer, django_assert_max_num_queries
):
    ContactRequest.objects.create(name="<b>Martine</b>", reason="Bonjour", channel="phone", phone="0612345678")
    make_member(fee=0, tier=Tier.SOLIDARITY, display_name="Les Jardins partagés")
    client.force_login(officer)
    assert reverse("association:assembly") in client.get(reverse("wagtailadmin_home")).content.decode()
    with django_assert_max_num_queries(40):
        response = client.get(reverse("wagtailsnippets_association_contactrequest:list"))
    assert response.status_code == 200 and "&lt;b&gt;Martine&lt;/b&gt;" in response.content.decode()
    assert client.get(reverse("wagtailsnippets_association_payment:list")).status_code == 200
    assert client.get(reverse("wagtailsnippets_association_payment:add")).status_code == 200
    response = client.get(reverse("association:assembly"))
    assert response.status_code == 200 and "Les Jardins partagés" in response.content.decode()


def test_an_officer_changes_a_request_status_and_note(client, home_page, officer):
    row = ContactRequest.objects.create(name="Martine", reason="Bonjour", channel="phone", phone="0612345678")
    client.force_login(officer)
    url = reverse("wagtailsnippets_association_contactrequest:edit", args=[row.pk])
    response = client.post(url, {"status": "scheduled", "note": "Rappel jeudi <script>"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.status, row.note) == ("scheduled", "Rappel jeudi <script>")
    # Bad input on PostgreSQL: a NUL character and an unknown status are refused, nothing saved.
    response = client.post(url, {"status": "bogus", "note": "ok"})
    assert response.status_code == 200 and "bogus" in response.content.decode()
    assert client.post(url, {"status": "done", "note": "a\x00b"}).status_code in (200, 400)
    assert client.post(url, {"status": "done", "note": "x" * 2001}).status_code == 200
    row.refresh_from_db()
    assert row.status == "scheduled"
    assert row.note == "Rappel jeudi <script>"


def test_an_officer_cannot_delete_requests_nor_touch_correspondents(client, home_page, officer):
    row = ContactRequest.objects.create(name="Martine", reason="Bonjour", channel="phone", phone="0612345678")
    client.force_login(officer)
    assert client.get(reverse("wagtailsnippets_association_contactrequest:delete", args=[row.pk])).status_code in (
        302,
        403,
    )
    assert client.get(reverse("wagtailsnippets_association_correspondent:list")).status_code in (302, 403)


def test_editors_without_the_permission_see_no_assembly_link(client, home_page, editor):
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200 and reverse("association:assembly") not in response.content.decode()


def test_an_outsider_is_not_an_officer(client, home_page, candidate):
    client.force_login(candidate)
    assert client.get(reverse("wagtailsnippets_association_payment:list")).status_code in (302, 403)
    assert client.get(reverse("association:assembly")).status_code == 403

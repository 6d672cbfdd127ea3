"""Editors read and extend the vocabularies in the Wagtail admin; the demo seeder checks the data."""

import io

import pytest
from django.urls import reverse

from reference import demo
from reference.models import ContractType

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["sector", "legalform", "contracttype"])
def test_editor_lists_vocabularies(client, editor, model):
    client.force_login(editor)
    response = client.get(reverse(f"wagtailsnippets_reference_{model}:list"))
    assert response.status_code == 200


def test_editor_adds_a_contract_type(client, editor):
    client.force_login(editor)
    url = reverse("wagtailsnippets_reference_contracttype:add")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"slug": "portage", "label": "Portage salarial", "description": "", "order": "95", "is_active": "on"}
    )
    assert response.status_code == 302
    assert ContractType.objects.get(slug="portage").label == "Portage salarial"


def test_reference_menu_in_admin(client, editor):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert '"name": "referentiels", "label": "R\\u00e9f\\u00e9rentiels"' in html  # the sidebar's JSON


def test_candidates_cannot_reach_the_admin_lists(client, candidate):
    client.force_login(candidate)
    response = client.get(reverse("wagtailsnippets_reference_sector:list"))
    assert response.status_code in (302, 403)


def test_demo_seeder_reports_counts():
    out = io.StringIO()
    demo.seed(scale="small", stdout=out)
    assert "101 départements" in out.getvalue()

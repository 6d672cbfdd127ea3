"""The consultant blocks of editorial pages: one profile, or a list filtered by expertise or territory."""

import pytest

from conseil.models import Expertise
from reference.models import Region
from tests.factories import StandardPageFactory

from .factories import ConsultantProfileFactory

pytestmark = pytest.mark.django_db


def page_with(home_page, body):
    page = StandardPageFactory(parent=home_page, slug="accompagnement")
    page.body = body
    page.save_revision().publish()
    return page


def test_list_block_filters_by_expertise_and_territory(client, home_page, consultants_page):
    region = Region.objects.order_by("code").first()
    funding = Expertise.objects.get(slug="financement")
    ConsultantProfileFactory(name="Alice Financement", expertises=[funding], national=False, regions=[region])
    ConsultantProfileFactory(name="Bruno Stratégie")
    ConsultantProfileFactory(name="Chloé Masquée", expertises=[funding], visibility="hidden")
    value = {
        "title": "Financer son projet",
        "expertise": "financement",
        "region": region.code,
        "departement": "",
        "count": 4,
    }
    body = client.get(page_with(home_page, [("consultants", value)]).url).content.decode()
    assert "Financer son projet" in body and "Alice Financement" in body
    assert "Bruno Stratégie" not in body and "Chloé Masquée" not in body
    assert "?expertise=financement&amp;region=" in body


def test_single_block_shows_a_public_profile_only(client, home_page, consultants_page):
    shown = ConsultantProfileFactory(name="Denis Public")
    hidden = ConsultantProfileFactory(name="Eve Masquée", visibility="hidden")
    page = page_with(home_page, [("consultant", {"profile": shown}), ("consultant", {"profile": hidden})])
    body = client.get(page.url).content.decode()
    assert "Denis Public" in body and f"/conseil/{shown.slug}/" in body
    assert "Eve Masquée" not in body


def test_blocks_render_nothing_without_a_public_directory(client, home_page):
    alone = ConsultantProfileFactory(name="Fanny Seule")
    page = page_with(home_page, [("consultant", {"profile": alone}), ("consultants", {"title": "Liste", "count": 3})])
    assert "Fanny Seule" not in client.get(page.url).content.decode()

"""The directory at /conseil/: filters (each and combined), profiles with JSON-LD, contact through the
site's messaging, sitemap, bad input and query budgets."""

import json
import re

import pytest
from django.urls import reverse

from accounts.models import MessageThread
from conseil.models import Expertise
from reference.models import Departement, Region, Sector
from tests.factories import CandidateFactory

from .factories import ConsultantProfileFactory, ConsultantReferenceFactory

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [profile.name for profile in response.context["profiles"]]


@pytest.fixture
def territory():
    departement = Departement.objects.select_related("region").order_by("code").first()
    other_region = Region.objects.exclude(pk=departement.region_id).order_by("code").first()
    return departement, departement.region, other_region


@pytest.fixture
def directory(consultants_page, territory):
    departement, region, other_region = territory
    strategy, funding, legal = (Expertise.objects.get(slug=slug) for slug in ("strategie", "financement", "juridique"))
    sector = Sector.objects.order_by("pk").first()
    return {
        "national": ConsultantProfileFactory(name="Anne National", expertises=[strategy], national=True),
        "region": ConsultantProfileFactory(
            name="Bruno Région", expertises=[funding], national=False, regions=[region], sectors=[sector]
        ),
        "departement": ConsultantProfileFactory(
            name="Chloé Département",
            expertises=[funding, legal],
            national=False,
            departements=[departement],
            availability="soon",
        ),
        "elsewhere": ConsultantProfileFactory(
            name="Denis Ailleurs", expertises=[legal], national=False, regions=[other_region]
        ),
        "hidden": ConsultantProfileFactory(name="Eve Masquée", expertises=[strategy], visibility="hidden"),
    }


def test_listing_shows_public_profiles_with_the_intro(client, directory, consultants_page):
    response = client.get(consultants_page.url)
    assert response.status_code == 200
    assert set(names(response)) == {"Anne National", "Bruno Région", "Chloé Département", "Denis Ailleurs"}
    assert "Bienvenue." in response.content.decode()


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"expertise": "financement"}, {"Bruno Région", "Chloé Département"}),
        ({"expertise": ["strategie", "juridique"]}, {"Anne National", "Chloé Département", "Denis Ailleurs"}),
        ({"national": "1"}, {"Anne National"}),
        ({"disponibilite": "soon"}, {"Chloé Département"}),
        ({"q": "ailleurs"}, {"Denis Ailleurs"}),
    ],
)
def test_each_filter(client, directory, consultants_page, query, expected):
    assert set(names(client.get(consultants_page.url, query))) == expected


def test_territory_filters_include_national_and_nested_territories(client, directory, consultants_page, territory):
    departement, region, other_region = territory
    by_region = set(names(client.get(consultants_page.url, {"region": region.code})))
    assert by_region == {"Anne National", "Bruno Région", "Chloé Département"}
    by_departement = set(names(client.get(consultants_page.url, {"departement": departement.code})))
    assert by_departement == {"Anne National", "Bruno Région", "Chloé Département"}
    assert set(names(client.get(consultants_page.url, {"region": other_region.code}))) == {
        "Anne National",
        "Denis Ailleurs",
    }


def test_filters_combine(client, directory, consultants_page, territory):
    departement, region, _other = territory
    sector = Sector.objects.order_by("pk").first()
    query = {"expertise": "financement", "region": region.code, "disponibilite": "available"}
    assert names(client.get(consultants_page.url, query)) == ["Bruno Région"]
    query = {"expertise": "financement", "secteur": sector.slug}
    assert names(client.get(consultants_page.url, query)) == ["Bruno Région"]


@pytest.mark.parametrize(
    "query",
    [
        {"expertise": "<script>alert(1)</script>"},
        {"region": "a\x00b"},
        {"departement": "99999"},
        {"q": "a\x00b"},
        {"q": "x" * 5000},
        {"page": "2147483648"},
        {"page": "-1"},
        {"disponibilite": "jamais"},
        {"national": "<b>"},
    ],
)
def test_bad_input_never_fails(client, directory, consultants_page, query):
    response = client.get(consultants_page.url, query)
    assert response.status_code in (200, 400)  # NUL in a query string: refused by the site's middleware
    assert "<script>alert(1)" not in response.content.decode()


def test_pagination_keeps_the_filters(client, consultants_page):
    for n in range(25):
        ConsultantProfileFactory(name=f"Personne {n:02d}")
    response = client.get(consultants_page.url, {"expertise": "strategie"})
    assert len(response.context["profiles"]) == 20
    assert "expertise=strategie&amp;page=2" in response.content.decode()
    assert len(client.get(consultants_page.url, {"expertise": "strategie", "page": "2"}).context["profiles"]) == 5


def test_profile_page_json_ld_and_no_address(client, directory, consultants_page):
    profile = directory["departement"]
    ConsultantReferenceFactory(profile=profile)
    response = client.get(f"{consultants_page.url}{profile.slug}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert profile.user.email not in body
    assert "Coopérative des Tisserands" in body
    blocks = [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', body)]
    person = next(block for block in blocks if block["@type"] == "Person")
    assert person["name"] == "Chloé Département"
    assert set(person["knowsAbout"]) == {"Financement", "Juridique"}
    assert person["url"].endswith(f"/conseil/{profile.slug}/")
    assert any(block["@type"] == "BreadcrumbList" for block in blocks)


def test_a_firm_is_a_professional_service_and_markup_stays_in_json(client, consultants_page):
    firm = ConsultantProfileFactory(
        kind="firm", name="Cabinet </script><script>alert(1)</script>", daily_rate_min=500, daily_rate_max=700
    )
    body = client.get(f"{consultants_page.url}{firm.slug}/").content.decode()
    assert "<script>alert(1)" not in body
    blocks = [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', body)]
    service = next(block for block in blocks if block["@type"] == "ProfessionalService")
    assert service["name"] == firm.name
    assert service["priceRange"].startswith("500–700")


def test_hidden_profiles_and_unknown_slugs_are_404(client, directory, consultants_page):
    assert client.get(f"{consultants_page.url}{directory['hidden'].slug}/").status_code == 404
    assert client.get(f"{consultants_page.url}inconnu/").status_code == 404
    assert client.get(f"{consultants_page.url}{directory['hidden'].slug}/contacter/").status_code == 404


def test_contact_needs_sign_in_then_starts_a_thread(client, directory, consultants_page):
    profile = directory["national"]
    contact = f"{consultants_page.url}{profile.slug}/contacter/"
    response = client.get(contact)
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/") and "next=" in response["Location"]
    sender = CandidateFactory()
    client.force_login(sender)
    assert client.get(contact).status_code == 200
    response = client.post(contact, {"body": "Bonjour, pouvons-nous échanger ?"})
    assert response.status_code == 302 and response["Location"] == reverse("messages_list")
    thread = MessageThread.objects.get()
    assert (thread.starter, thread.recipient, thread.about) == (sender, profile.user, profile)
    assert client.post(contact, {"body": ""}).status_code == 400


def test_one_cannot_write_to_oneself(client, directory, consultants_page):
    profile = directory["national"]
    client.force_login(profile.user)
    client.post(f"{consultants_page.url}{profile.slug}/contacter/", {"body": "Moi"})
    assert not MessageThread.objects.exists()


def test_sitemap_lists_public_profiles(client, directory, consultants_page):
    body = client.get(reverse("sitemap_section", args=["consultants"])).content.decode()
    assert f"/conseil/{directory['national'].slug}/" in body
    assert directory["hidden"].slug not in body
    assert "sitemap-consultants.xml" in client.get(reverse("sitemap")).content.decode()


def test_listing_query_budget(client, consultants_page, django_assert_max_num_queries):
    for n in range(30):
        ConsultantProfileFactory(name=f"Personne {n:02d}")
    client.get(consultants_page.url)  # warm caches (site root, filter options)
    with django_assert_max_num_queries(15):
        assert client.get(consultants_page.url, {"expertise": "strategie", "national": "1"}).status_code == 200


def test_profile_query_budget(client, directory, consultants_page, django_assert_max_num_queries):
    profile = directory["departement"]
    ConsultantReferenceFactory(profile=profile)
    url = f"{consultants_page.url}{profile.slug}/"
    client.get(url)
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200

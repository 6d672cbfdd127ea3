"""The migrations loaded realistic territories and vocabularies."""

import pytest
from django.contrib.auth.models import Group
from django.db.models import Count, F

from reference.models import Commune, CommunePostcode, ContractType, Departement, LegalForm, Region, Sector

pytestmark = pytest.mark.django_db

# (lat min, lat max, lon min, lon max) for each part of France the data covers.
BOUNDING_BOXES = {
    "metropole": (41.3, 51.15, -5.2, 9.6),
    "971": (15.8, 16.55, -61.9, -60.95),  # Guadeloupe
    "972": (14.35, 14.9, -61.25, -60.8),  # Martinique
    "973": (2.1, 5.8, -54.7, -51.6),  # Guyane
    "974": (-21.4, -20.85, 55.2, 55.85),  # La Réunion
    "976": (-13.05, -12.6, 45.0, 45.35),  # Mayotte
}


def test_regions_and_departements():
    assert Region.objects.count() == 18  # 13 metropolitan, 5 overseas
    assert Departement.objects.count() == 101
    assert set(Departement.objects.filter(code__in=["2A", "2B", "971", "976"]).values_list("code", flat=True)) == {
        "2A",
        "2B",
        "971",
        "976",
    }
    rhone = Departement.objects.select_related("region").get(code="69")
    assert rhone.name == "Rhône"
    assert rhone.region.name == "Auvergne-Rhône-Alpes"
    assert str(rhone) == "Rhône (69)"
    assert Region.objects.get(code="04").name == "La Réunion"


def test_commune_counts():
    assert 34_000 < Commune.objects.filter(kind=Commune.Kind.COMMUNE).count() < 36_000
    # Paris 20, Marseille 16, Lyon 9.
    arrondissements = Commune.objects.filter(kind=Commune.Kind.ARRONDISSEMENT)
    assert dict(arrondissements.values_list("parent__name").annotate(n=Count("id"))) == {
        "Paris": 20,
        "Marseille": 16,
        "Lyon": 9,
    }
    assert not Commune.objects.filter(is_active=False).exists()
    assert 35_000 < CommunePostcode.objects.count() < 37_000


def test_paris_and_its_arrondissements(commune):
    paris = commune("75056")
    assert str(paris) == "Paris (75)"
    assert paris.population > 2_000_000
    postcodes = set(paris.postcodes.values_list("code", flat=True))
    assert {f"750{n:02}" for n in range(1, 21)} <= postcodes
    first = commune("75101")
    assert first.name == "Paris 1er Arrondissement"
    assert first.parent == paris
    assert first.kind == Commune.Kind.ARRONDISSEMENT
    assert list(first.postcodes.values_list("code", flat=True)) == ["75001"]
    assert set(commune("75116").postcodes.values_list("code", flat=True)) == {"75016", "75116"}


def test_lyon(commune):
    lyon = commune("69123")
    assert str(lyon) == "Lyon (69)"
    assert lyon.label == "Lyon (69)"
    assert lyon.slug == "lyon"
    assert lyon.departement.code == "69"
    assert lyon.region.code == "84"
    assert list(lyon.postcodes.values_list("code", flat=True)) == [f"6900{n}" for n in range(1, 10)]
    assert 45.7 < lyon.latitude < 45.8 and 4.8 < lyon.longitude < 4.9
    assert not lyon.coordinates_approximate


def test_accented_names_are_normalised(commune):
    saint_etienne = commune("42218")
    assert saint_etienne.name == "Saint-Étienne"
    assert saint_etienne.search_name == "saint etienne"
    assert saint_etienne.slug == "saint-etienne"
    assert commune("01001").search_name == "l abergement clemenciat"  # L'Abergement-Clémenciat


def test_overseas_communes(commune):
    saint_denis = commune("97411")
    assert str(saint_denis) == "Saint-Denis (974)"
    assert saint_denis.region.name == "La Réunion"
    assert "97400" in saint_denis.postcodes.values_list("code", flat=True)
    mamoudzou = commune("97611")
    assert mamoudzou.departement.code == "976"
    ajaccio = commune("2A004")
    assert str(ajaccio) == "Ajaccio (2A)"
    assert ajaccio.region.name == "Corse"


def test_every_commune_has_plausible_coordinates_and_a_postcode():
    assert not Commune.objects.filter(latitude__isnull=True).exists()
    assert not Commune.objects.filter(longitude__isnull=True).exists()
    assert Commune.objects.filter(coordinates_approximate=True).count() < 50
    assert not Commune.objects.annotate(n=Count("postcodes")).filter(n=0).exists()
    for code, lat, lon in Commune.objects.values_list("departement__code", "latitude", "longitude"):
        lat_min, lat_max, lon_min, lon_max = BOUNDING_BOXES.get(code, BOUNDING_BOXES["metropole"])
        assert lat_min <= lat <= lat_max and lon_min <= lon <= lon_max, (code, lat, lon)


def test_communes_region_matches_their_departement():
    assert not Commune.objects.exclude(region_id=F("departement__region_id")).exists()


def test_near_and_distance(commune):
    lyon = commune("69123")
    villeurbanne = commune("69266")
    assert 3 < lyon.distance_to(villeurbanne) < 8
    paris = commune("75056")
    assert 380 < lyon.distance_to(paris) < 420
    nearby = Commune.objects.near(lyon.latitude, lyon.longitude, 10)
    assert nearby.filter(code="69266").exists()
    assert not nearby.filter(code="75056").exists()
    assert nearby.count() < 200


def test_vocabularies_are_seeded():
    legal_forms = set(LegalForm.objects.values_list("slug", flat=True))
    assert {
        "association",
        "scop",
        "scic",
        "cae",
        "cooperative",
        "mutuelle",
        "fondation-rup",
        "fonds-dotation",
        "entreprise-esus",
        "entreprise-insertion",
        "etti",
        "aci",
        "entreprise-adaptee",
    } <= legal_forms
    assert LegalForm.objects.get(slug="scic").family == LegalForm.Family.COOPERATIVE
    assert LegalForm.objects.get(slug="etti").family == LegalForm.Family.INSERTION
    assert {"cdi", "cdd", "stage", "alternance", "service-civique", "interim", "freelance", "benevolat"} <= set(
        ContractType.objects.values_list("slug", flat=True)
    )
    assert Sector.objects.count() >= 20
    assert str(ContractType.objects.get(slug="service-civique")) == "Service civique"
    assert list(ContractType.objects.values_list("slug", flat=True)[:2]) == ["cdi", "cdd"]  # ordered by `order`


def test_editorial_groups_may_read_and_extend_vocabularies():
    for name in ("Rédacteurs", "Modérateurs"):
        codenames = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert {"view_sector", "add_sector", "change_sector", "change_legalform", "add_contracttype"} <= codenames
        assert "delete_sector" not in codenames

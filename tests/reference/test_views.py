"""GET /referentiel/communes/?q=… — the autocomplete endpoint."""

import pytest
from django.urls import reverse

from reference.models import Commune

pytestmark = pytest.mark.django_db

URL = "/referentiel/communes/"


def search(client, q, **extra):
    response = client.get(URL, {"q": q}, **extra)
    assert response.status_code == 200
    return response.json()["results"]


def names(results):
    return [result["name"] for result in results]


def test_url_name():
    assert reverse("reference:commune_autocomplete") == URL


def test_result_shape(client):
    results = search(client, "Lyon")
    assert results[0] == {
        "code": "69123",
        "name": "Lyon",
        "label": "Lyon (69)",
        "postcodes": [f"6900{n}" for n in range(1, 10)],
        "departement": {"code": "69", "name": "Rhône"},
        "region": {"code": "84", "name": "Auvergne-Rhône-Alpes"},
    }


def test_prefix_match_is_accent_case_and_hyphen_insensitive(client):
    for q in ["saint etienne", "SAINT-ÉTIENNE", "Saint-Etienne", "saint-étienne", "  saint   etienne "]:
        assert search(client, q)[0]["code"] == "42218", q
    assert search(client, "lyo")[0]["code"] == "69123"
    assert search(client, "abergement clem")[0]["name"] == "L'Abergement-Clémenciat"
    assert search(client, "l'abergement-clém")[0]["name"] == "L'Abergement-Clémenciat"


def test_leading_articles_may_be_left_out(client):
    assert search(client, "havre")[0]["name"] == "Le Havre"
    assert search(client, "le havre")[0]["name"] == "Le Havre"
    assert search(client, "rochelle")[0]["name"] == "La Rochelle"


def test_abbreviated_saint(client):
    assert search(client, "st etienne")[0]["code"] == "42218"
    assert search(client, "ste foy")[0]["name"].startswith("Sainte-Foy")
    # While typing, "st" may be the start of Strasbourg.
    assert "Strasbourg" in names(search(client, "st"))


def test_results_are_ordered_by_population_then_name(client):
    results = search(client, "saint")
    assert len(results) == 20
    codes = [result["code"] for result in results]
    communes = {c.code: c for c in Commune.objects.filter(code__in=codes)}
    keys = [(-communes[code].population, communes[code].name) for code in codes]
    assert keys == sorted(keys)
    most_populated = Commune.objects.filter(search_name__startswith="saint ").order_by("-population").first()
    assert results[0]["code"] == most_populated.code


def test_at_most_20_results(client):
    assert len(search(client, "sa")) == 20
    assert len(search(client, "01")) == 20


def test_postcode_prefix(client):
    results = search(client, "69001")
    assert names(results) == ["Lyon", "Lyon 1er Arrondissement"]
    results = search(client, "750")
    assert results[0]["name"] == "Paris"
    assert {"Paris 15e Arrondissement", "Paris 20e Arrondissement"} <= set(names(results))
    assert "Paris 1er Arrondissement" not in names(results)  # the 21st, least populated, is cut
    assert all(any(code.startswith("750") for code in r["postcodes"]) for r in results)
    assert names(search(client, "42000")) == ["Saint-Étienne"]
    assert search(client, "97400")[0]["code"] == "97411"


def test_postcode_and_name(client):
    assert names(search(client, "69001 lyon 1")) == ["Lyon 1er Arrondissement"]
    assert names(search(client, "Lyon (69)"))[0] == "Lyon"
    assert search(client, "Saint-Denis (974)")[0]["code"] == "97411"


def test_inactive_communes_are_not_suggested(client):
    Commune.objects.filter(code="42218").update(is_active=False)
    assert "42218" not in [r["code"] for r in search(client, "saint etienne")]


@pytest.mark.parametrize(
    "q",
    [
        "",
        "a",
        "é",
        " l ",
        "6",
        "x" * 101,
        "lyon" * 30,
        "%",
        "%%",
        "__",
        "_%_%",
        "%yon",
        "s_int",
        "' OR 1=1 --",
        "'; DROP TABLE reference_commune; --",
        "😀😀😀",
        "\u202e\u200b\u200b",
        "ｌｙｏｎ" * 20,
        "\\\\",
        "0" * 100,
    ],
)
def test_bad_input_is_harmless(client, q, django_assert_max_num_queries):
    client.get(URL)  # the process's first request builds the site frame (core.frame): not this test's concern
    with django_assert_max_num_queries(3):
        response = client.get(URL, {"q": q})
    assert response.status_code == 200
    results = response.json()["results"]
    if q in ("%yon", "s_int"):  # wildcards are not wildcards: "%yon" is the word "yon"
        assert "Lyon" not in names(results) and "Saint-Étienne" not in names(results)
    else:
        assert results == [] or q.startswith("ｌｙｏｎ")
    assert Commune.objects.filter(code="69123").exists()


@pytest.mark.parametrize("q", ["\x00\x00lyon", "\x00"])
def test_a_nul_character_is_a_bad_request(client, q):
    assert client.get(URL, {"q": q}).status_code == 400


def test_missing_or_repeated_q(client):
    assert client.get(URL).json() == {"results": []}
    response = client.get(URL + "?q=lyon&q=paris")
    assert response.status_code == 200
    assert response.json()["results"][0]["name"] == "Paris"


def test_query_count(client, django_assert_max_num_queries):
    client.get(URL)  # the process's first request builds the site frame (core.frame)
    for q in ["sa", "saint etienne", "75", "69001 lyon", "Lyon (69)"]:
        with django_assert_max_num_queries(3):
            assert search(client, q)


def test_headers(client):
    response = client.get(URL, {"q": "lyon"})
    assert response["Content-Type"] == "application/json"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=86400"} <= cache_control
    assert "Set-Cookie" not in response


def test_only_get(client):
    assert client.post(URL, {"q": "lyon"}).status_code == 405

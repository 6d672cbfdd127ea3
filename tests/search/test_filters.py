"""The filters of the search's type tabs, bad input on them, and counts shown past their cap."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reference.models import LegalForm
from search import services
from tests.emploi.factories import JobOfferFactory, commune, contract
from tests.factories import OrganisationFactory
from tests.magazine.factories import ArticlePageFactory, RubriquePageFactory

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="French full-text search")


def found(response) -> list[str]:
    return [str(result.title) for result in response.context["results"] or []]


def search(client, **params):
    response = client.get("/recherche/", {"q": "coopérative", **params})
    assert response.status_code == 200
    return response


@pytest.fixture
def articles(world, rubrique):
    magazine = rubrique.get_parent()
    other = RubriquePageFactory(parent=magazine, title="Recruteurs", slug="recruteurs")
    now = timezone.now()
    old = ArticlePageFactory(
        parent=other,
        title="Les coopératives d’hier",
        slug="cooperatives-hier",
        publication_date=now - datetime.timedelta(days=400),
        lead="Une coopérative ancienne.",
    )
    return {"recent": world["article"], "old": old, "other_rubrique": other}


@postgres_only
def test_articles_by_rubrique(client, articles):
    response = search(client, type="articles", rubrique="recruteurs")
    assert [title.replace("<mark>", "").replace("</mark>", "") for title in found(response)] == [
        "Les coopératives d’hier"
    ]
    assert 'name="rubrique"' in response.content.decode()


@postgres_only
def test_articles_by_date_range_either_way_round(client, articles):
    today = timezone.localdate()
    since = (today - datetime.timedelta(days=30)).isoformat()
    response = search(client, type="articles", du=since)
    assert len(found(response)) == 1 and "Bretagne" in found(response)[0]
    response = search(client, type="articles", du=today.isoformat(), au=since)  # backwards: read right way round
    assert len(found(response)) == 1 and "Bretagne" in found(response)[0]
    long_ago = (today - datetime.timedelta(days=500)).strftime("%d/%m/%Y")  # as a French reader types it
    response = search(client, type="articles", du=long_ago, au=(today - datetime.timedelta(days=300)).isoformat())
    assert len(found(response)) == 1 and "hier" in found(response)[0]


@postgres_only
def test_organisations_by_legal_form_region_and_departement(client, world):
    world["organisation"].legal_form = LegalForm.objects.get(slug="scic")
    world["organisation"].commune = commune("69123")
    world["organisation"].save()
    OrganisationFactory(
        name="Coopérative Bêta", legal_form=LegalForm.objects.get(slug="association"), commune=commune("13055")
    )
    assert len(found(search(client, type="structures"))) == 2
    assert "Alpha" in found(search(client, type="structures", forme="scic"))[0]
    assert len(found(search(client, type="structures", forme="scic"))) == 1
    assert "Bêta" in found(search(client, type="structures", region="93"))[0]
    assert "Alpha" in found(search(client, type="structures", departement="69"))[0]
    assert found(search(client, type="structures", departement="13", forme="scic")) == []


@postgres_only
def test_offers_by_contract_and_remote_work(client, world):
    JobOfferFactory(title="Coopérative en télétravail", commune=None, full_remote=True, contract_type=contract("cdd"))
    assert len(found(search(client, type="offres"))) == 2
    assert "télétravail" in found(search(client, type="offres", contrat="cdd"))[0]
    assert "télétravail" in found(search(client, type="offres", teletravail="1"))[0]
    assert len(found(search(client, type="offres", contrat="cdi"))) == 1


@postgres_only
def test_events_by_category_and_upcoming(client, world):
    category = world["event"].category
    assert len(found(search(client, type="evenements", categorie=category.slug))) == 1
    response = search(client, type="evenements", categorie="inconnue")
    assert len(found(response)) == 1
    assert "Une valeur de filtre inconnue a été ignorée." in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"type": "articles", "rubrique": "inconnue"},
        {"type": "articles", "du": "2026-13-45"},
        {"type": "articles", "du": "99999-01-01"},
        {"type": "articles", "du": "0001-01-01", "au": "x" * 5000},
        {"type": "articles", "du": ["2026-01-01", "2026-02-01"]},
        {"type": "structures", "forme": "<script>alert(1)</script>"},
        {"type": "structures", "region": "' OR 1=1 --", "departement": "2a"},
        {"type": "structures", "departement": "9" * 300},
        {"type": "offres", "contrat": "x" * 300, "teletravail": "peut-être"},
        {"type": "evenements", "categorie": "\u202e", "a_venir": "2"},
        {"type": "consultants", "departement": "-1"},
        {"type": "articles", "page": "-5"},
    ],
)
def test_bad_filter_values_never_fail(client, world, params):
    response = client.get("/recherche/", {"q": "coopérative", **params})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_nul_character_in_a_filter_is_a_400(client, world):
    response = client.get("/recherche/", {"q": "coopérative", "type": "articles", "rubrique": "a\x00b"})
    assert response.status_code == 400


@postgres_only
def test_counts_past_the_cap_read_plus_de(client, world, monkeypatch):
    for n in range(4):
        JobOfferFactory(title=f"Animateur coopérative {n}")
    monkeypatch.setattr(services, "COUNT_CAP", 2)
    response = search(client)
    tabs = {kind.key: count for kind, count in response.context["tabs"]}
    assert tabs["offres"].capped and str(tabs["offres"]) == "plus de 2"
    assert 'Offres d’emploi <span class="search-tabs__count">(plus de 2)</span>' in response.content.decode()
    assert "Voir tous les résultats\u00a0: Offres d’emploi" in response.content.decode()
    monkeypatch.setattr(services, "PAGED_CAP", 3)
    response = search(client, type="offres")
    assert response.context["total"].capped
    assert "Plus de 3 résultats" in response.content.decode()


@postgres_only
def test_filtered_tab_query_budget(client, world):
    params = {"type": "structures", "forme": "scic", "region": "84", "departement": "69"}
    search(client, **params)
    with CaptureQueriesContext(connection) as queries:
        search(client, **params)
    assert len(queries) <= 15, [query["sql"][:120] for query in queries]
    params = {"type": "articles", "rubrique": "ess", "du": "2020-01-01", "au": "2030-01-01"}
    search(client, **params)
    with CaptureQueriesContext(connection) as queries:
        search(client, **params)
    assert len(queries) <= 15, [query["sql"][:120] for query in queries]

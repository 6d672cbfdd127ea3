"""The site search, `/recherche/`: French full-text on PostgreSQL, tabs, visibility, escaping, bad input."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from annuaire.models import OrganisationIndexPage
from conseil.models import ConsultantIndexPage
from emploi.filters import OfferFilters
from emploi.models import JobOffer
from search.highlight import highlight
from search.models import UnansweredSearch
from tests.conseil.factories import ConsultantProfileFactory
from tests.emploi.factories import JobOfferFactory
from tests.factories import EditorFactory, OrganisationFactory
from tests.magazine.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="French full-text search")


def titles(response) -> str:
    return response.content.decode()


def test_empty_search_page_answers(client, home_page):
    response = client.get("/recherche/")
    assert response.status_code == 200
    assert "Rechercher sur le site" in response.content.decode()


@postgres_only
def test_accents_are_ignored(client, world):
    assert connection.vendor == "postgresql"
    response = client.get("/recherche/", {"q": "economie sociale"})
    assert "L’économie sociale en Bretagne" in titles(response) or "économie</mark> <mark>sociale" in titles(response)
    assert "Bretagne" in titles(response)


@postgres_only
def test_french_stemming(client, world):
    """« coopératives » finds « coopérative » (and the other way round)."""
    response = client.get("/recherche/", {"q": "coopératives", "type": "structures"})
    assert "Alpha" in titles(response)
    response = client.get("/recherche/", {"q": "cooperative", "type": "evenements"})
    assert "Forum des" in titles(response)


@postgres_only
def test_tabs_with_counts(client, world):
    response = client.get("/recherche/", {"q": "coopérative"})
    tabs = {kind.key: count for kind, count in response.context["tabs"]}
    assert tabs == {"articles": 1, "offres": 1, "evenements": 1, "structures": 1, "consultants": 0}
    assert response.context["all_count"] == 4
    assert 'type=offres"' in titles(response)
    response = client.get("/recherche/", {"q": "coopérative", "type": "offres"})
    assert [result.url for result in response.context["results"]] == [
        f"/emploi/{world['offer'].slug}-{world['offer'].pk}/"
    ]


@postgres_only
def test_never_shows_what_the_public_may_not_see(client, world, rubrique):
    hidden = ArticlePageFactory(parent=rubrique, title="Coopérative secrète", slug="secrete", live=False)
    restricted = ArticlePageFactory(parent=rubrique, title="Coopérative réservée", slug="reservee")
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    JobOfferFactory(title="Coopérative brouillon", draft=True)
    JobOfferFactory(title="Coopérative fermée depuis longtemps", closed_long_ago=True)
    OrganisationFactory(name="Coopérative non vérifiée", is_verified=False)
    content = titles(client.get("/recherche/", {"q": "coopérative"}))
    for text in ("secrète", "réservée", "brouillon", "longtemps", "non vérifiée"):
        assert text not in content
    assert hidden.pk and restricted.pk


@postgres_only
def test_open_offer_ranks_before_closed_one(client, world):
    JobOfferFactory(title="Coopérative : poste clôturé", closed=True)
    response = client.get("/recherche/", {"q": "coopérative", "type": "offres"})
    results = response.context["results"]
    assert len(results) == 2
    assert "clôturé" in str(results[1].title)


def test_query_is_escaped_in_page_and_excerpts(client, world):
    response = client.get("/recherche/", {"q": "<script>alert(1)</script> coopérative"})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()
    marked = highlight("Une <b>coopérative</b> & co", "coopérative")
    assert marked == "Une &lt;b&gt;<mark>coopérative</mark>&lt;/b&gt; &amp; co"


@pytest.mark.parametrize(
    "params",
    [
        {"q": "a\x00b"},
        {"q": "x" * 5000},
        {"q": "!!! ???"},
        {"q": "' OR 1=1 --"},
        {"q": "coopérative", "page": "abc"},
        {"q": "coopérative", "page": "99999999999999999999999"},
        {"q": "coopérative", "type": "inconnu"},
        {"q": "coopérative", "type": "offres", "departement": "999"},
    ],
)
def test_bad_input_never_fails(client, world, params):
    response = client.get("/recherche/", params)
    assert response.status_code in (200, 400)


@postgres_only
def test_pagination(client, world):
    for n in range(22):
        JobOfferFactory(title=f"Animateur coopérative {n}")
    first = client.get("/recherche/", {"q": "coopérative", "type": "offres"})
    assert first.context["total"] == 23 and first.context["pages"] == 2
    assert 'rel="next"' in titles(first)
    last = client.get("/recherche/", {"q": "coopérative", "type": "offres", "page": "50"})
    assert last.context["page_number"] == 2 and len(last.context["results"]) == 3


@postgres_only
def test_department_filter(client, world):
    JobOfferFactory(title="Coopérative à Paris", commune=None, full_remote=True)
    response = client.get("/recherche/", {"q": "coopérative", "type": "offres", "departement": "69"})
    assert len(response.context["results"]) == 1
    assert response.context["filter_form"].filters_data["departement"] == "69"


@postgres_only
def test_query_budget(client, world, django_assert_max_num_queries):
    client.get("/recherche/", {"q": "coopérative"})  # warms the caches (site root, navigation, départements)
    client.get("/recherche/", {"q": "coopérative", "type": "offres"})
    with CaptureQueriesContext(connection) as queries:
        client.get("/recherche/", {"q": "coopérative"})
    assert len(queries) <= 15, [query["sql"][:120] for query in queries]
    with CaptureQueriesContext(connection) as queries:
        client.get("/recherche/", {"q": "coopérative", "type": "offres"})
    assert len(queries) <= 15, [query["sql"][:120] for query in queries]
    client.get("/recherche/", {"q": "zzyzx"})
    with CaptureQueriesContext(connection) as queries:
        client.get("/recherche/", {"q": "zzyzx"})
    assert len(queries) <= 15, [query["sql"][:120] for query in queries]


@postgres_only
def test_promotions_come_first(client, world, home_page):
    query = Query.get("adhérer")
    SearchPromotion.objects.create(query=query, page=home_page, sort_order=0, description="Rejoignez-nous.")
    SearchPromotion.objects.create(query=query, external_link_url="https://example.org/", external_link_text="Ailleurs")
    response = client.get("/recherche/", {"q": "Adhérer"})
    content = titles(response)
    assert "À la une pour cette recherche" in content and "Rejoignez-nous." in content and "Ailleurs" in content
    assert "Aucun résultat" not in content


@postgres_only
def test_queries_are_counted_with_the_unanswered_ones(client, world):
    client.get("/recherche/", {"q": "Coopérative"})
    client.get("/recherche/", {"q": "coopérative "})
    client.get("/recherche/", {"q": "zzyzx introuvable"})
    assert Query.objects.get(query_string="coopérative").hits == 2
    assert list(UnansweredSearch.objects.values_list("query_string", "hits")) == [("zzyzx introuvable", 1)]


@postgres_only
def test_no_result_suggests_spelling_and_popular_searches(client, world):
    client.get("/recherche/", {"q": "coopérative"})
    response = client.get("/recherche/", {"q": "bretagen"})
    content = titles(response)
    assert "Aucun résultat" in content
    assert response.context["spelling"] == "bretagne"
    assert "coopérative" in response.context["popular"]


def test_opensearch_description(client, home_page):
    response = client.get("/recherche/opensearch.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    assert b"/recherche/?q={searchTerms}" in response.content
    page = client.get("/recherche/").content.decode()
    assert 'rel="search" type="application/opensearchdescription+xml"' in page


@postgres_only
def test_suggestions_json(client, world):
    response = client.get("/recherche/suggestions/", {"q": "coop"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert {"title": "Forum des coopératives", "url": world["event"].url, "type": "Événements"} in results
    assert client.get("/recherche/suggestions/", {"q": "c"}).json() == {"results": []}
    assert client.get("/recherche/suggestions/", {"q": "coop", "format": "opensearch"}).json()[0] == "coop"


def test_suggestions_are_rate_limited(client, home_page, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search.suggestions": "3/m"}
    codes = [client.get("/recherche/suggestions/", {"q": "coop"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_header_search_form_works_without_javascript(client, home_page):
    content = client.get("/").content.decode()
    assert 'class="site-search" method="get" action="/recherche/"' in content
    assert "js/search-suggestions" in content and "<script>" not in content


@postgres_only
def test_fresher_article_ranks_first_at_equal_relevance(client, rubrique):
    ArticlePageFactory(
        parent=rubrique,
        title="Coopérative ancienne",
        slug="a",
        publication_date=timezone.now() - datetime.timedelta(days=900),
    )
    ArticlePageFactory(parent=rubrique, title="Coopérative récente", slug="b", publication_date=timezone.now())
    results = client.get("/recherche/", {"q": "coopérative", "type": "articles"}).context["results"]
    assert "récente" in str(results[0].title)


@postgres_only
def test_admin_report_lists_top_and_unanswered_queries(client, world):
    client.get("/recherche/", {"q": "coopérative"})
    client.get("/recherche/", {"q": "zzyzx"})
    client.force_login(EditorFactory())
    response = client.get("/admin/reports/recherches/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Recherches du public" in content and "coopérative" in content and "zzyzx" in content


def test_admin_report_refuses_the_public(client, candidate):
    client.force_login(candidate)
    assert client.get("/admin/reports/recherches/").status_code in (302, 403)


@postgres_only
def test_every_tab_has_a_title(client, world):
    for params in ({"q": "coopérative"}, {"q": "coopérative", "type": "offres"}, {"q": "zzyzx"}):
        content = titles(client.get("/recherche/", params))
        assert "<title>Recherche « " in content and content.count("<h1") == 1


@postgres_only
def test_the_document_index_serves_full_text_matches(world):
    """Wagtail's database backend matches `title || body` against the query (the offers' keywords too):
    migration search/0003 indexes it after the content type, and the planner can use it."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM wagtailsearch_indexentry "
            "WHERE (title || body) @@ plainto_tsquery('french_unaccent', 'cooperatives')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_indexentry_type_document" in plan, plan
    keywords_only = OfferFilters(keywords="coopératives").apply(JobOffer.objects.all())
    assert list(keywords_only.values_list("title", flat=True)) == ["Chargée de mission coopérative"]


def test_an_organisation_links_to_its_directory_page(client, world, home_page):
    """Once the public directory exists, an organisation found by the search links to its page there."""
    organisation = world["organisation"]
    directory = OrganisationIndexPage(title="Annuaire des structures", slug="annuaire")
    home_page.add_child(instance=directory)
    directory.save_revision().publish()
    response = client.get("/recherche/", {"q": "coopérative", "type": "structures"})
    assert response.status_code == 200
    assert f'href="/annuaire/{organisation.slug}/"' in response.content.decode()


def test_consultants_are_searched_with_a_link_to_their_profile(client, world, home_page):
    directory = ConsultantIndexPage(title="Consultant·es", slug="conseil")
    home_page.add_child(instance=directory)
    directory.save_revision().publish()
    shown = ConsultantProfileFactory(name="Camille Coopérative", headline="Accompagnement des coopératives")
    hidden = ConsultantProfileFactory(name="Dominique Coopérative", visibility="hidden")
    response = client.get("/recherche/", {"q": "cooperatives", "type": "consultants"})
    assert response.status_code == 200
    page = response.content.decode()
    assert f'href="/conseil/{shown.slug}/"' in page
    assert hidden.name not in page

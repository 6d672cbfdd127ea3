"""/emploi/: filters alone and combined, facet counts, radius at the boundary, bad input, query budget."""

from datetime import timedelta

import pytest
from django.utils import timezone

from emploi.filters import OfferFilterForm, OfferFilters, load_options
from emploi.models import JobFunction, JobOffer
from reference.models import Commune, Sector, distance_expression, distance_km
from tests.home.html import h1s, parse, texts

from .factories import JobOfferFactory, commune, contract
from .public_support import offers_page_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def listed_titles(response) -> list[str]:
    return texts(parse(response), "//ul[@class='offer-list']//h3")


def facet_label(response, name: str, key: str) -> str:
    tree = parse(response)
    return " ".join(tree.xpath(f"//label[@for='filtre-{name}-{key}']")[0].text_content().split())


@pytest.fixture
def offers(offers_page):
    """A varied set: Lyon CDI, Marseille CDD, a remote freelance, an internship in Villeurbanne, plus
    offers the public must never see in a listing."""
    functions = list(JobFunction.objects.order_by("order")[:2])
    sectors = list(Sector.objects.order_by("order")[:2])
    made = {
        "lyon": JobOfferFactory(
            title="Coordinatrice de projets alimentaires",
            commune=commune("69123"),
            contract_type=contract("cdi"),
            function=functions[0],
            sector=sectors[0],
            description="<p>Animer le réseau des cantines bio.</p>",
            published_at=timezone.now() - timedelta(hours=2),
        ),
        "marseille": JobOfferFactory(
            title="Animateur de quartier",
            commune=commune("13055"),
            contract_type=contract("cdd"),
            function=functions[1],
            sector=sectors[1],
            published_at=timezone.now() - timedelta(days=20),
        ),
        "remote": JobOfferFactory(
            title="Développeuse web coopérative",
            commune=None,
            full_remote=True,
            contract_type=contract("freelance"),
            function=functions[1],
            sector=sectors[0],
            published_at=timezone.now() - timedelta(days=3),
        ),
        "villeurbanne": JobOfferFactory(
            title="Stage communication",
            commune=commune("69266"),
            contract_type=contract("stage"),
            function=functions[0],
            sector=sectors[1],
            published_at=timezone.now() - timedelta(days=2),
        ),
    }
    hidden = [
        JobOfferFactory(draft=True, title="Offre brouillon"),
        JobOfferFactory(submitted=True, title="Offre soumise"),
        JobOfferFactory(refused=True, title="Offre refusée"),
        JobOfferFactory(withdrawn=True, title="Offre retirée"),
        JobOfferFactory(closed=True, title="Offre clôturée hier"),
        JobOfferFactory(expired=True, title="Offre expirée"),
        JobOfferFactory(closed_long_ago=True, title="Offre ancienne"),
    ]
    return made, hidden


def test_listing_shows_listed_offers_only_newest_first(client, offers):
    made, hidden = offers
    response = client.get("/emploi/")
    assert response.status_code == 200
    assert h1s(response) == ["Offres d’emploi"]
    titles = listed_titles(response)
    assert set(titles) == {offer.title for offer in made.values()}
    assert titles[-1] == "Animateur de quartier"  # published 20 days ago
    for offer in hidden:
        assert offer.title not in response.content.decode()
    assert texts(parse(response), "//h2[@id='resultats-titre']") == ["4 offres"]


def test_facet_counts_ignore_hidden_offers_and_their_own_filter(client, offers):
    response = client.get("/emploi/?contrat=cdi")
    assert listed_titles(response) == ["Coordinatrice de projets alimentaires"]
    # Alternatives to the chosen contract keep their counts (their own facet is not applied to them).
    assert facet_label(response, "contrat", "cdi") == "CDI (1)"
    assert facet_label(response, "contrat", "cdd") == "CDD (1)"
    # Hidden offers (all CDI by default) are not counted.
    response = client.get("/emploi/")
    assert facet_label(response, "contrat", "cdi") == "CDI (1)"
    tree = parse(response)
    rhone = tree.xpath("//select[@name='departement']/option[@value='69']")[0].text_content()
    assert rhone.endswith("(2)")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=cantines", {"lyon"}),
        ("q=Coopérative", {"remote"}),
        ("q=animateur+quartier", {"marseille"}),
        ("contrat=cdi&contrat=stage", {"lyon", "villeurbanne"}),
        ("departement=69", {"lyon", "villeurbanne"}),
        ("region=93", {"marseille"}),
        ("teletravail=1", {"remote"}),
        ("depuis=7", {"lyon", "remote", "villeurbanne"}),
        ("depuis=1", {"lyon"}),
        ("commune=Lyon+(69)&rayon=10", {"lyon", "villeurbanne"}),
        ("commune=69123&rayon=5", {"lyon", "villeurbanne"}),
        ("commune=13055&rayon=50", {"marseille"}),
        ("contrat=stage&departement=69", {"villeurbanne"}),
        ("contrat=cdd&departement=69", set()),
    ],
)
def test_each_filter_alone_and_combined(client, offers, query, expected):
    made, _hidden = offers
    response = client.get(f"/emploi/?{query}")
    assert response.status_code == 200
    assert set(listed_titles(response)) == {made[key].title for key in expected}


def test_function_and_sector_filters(client, offers):
    made, _hidden = offers
    function = made["lyon"].function
    sector = made["marseille"].sector
    response = client.get(f"/emploi/?metier={function.slug}")
    assert set(listed_titles(response)) == {made["lyon"].title, made["villeurbanne"].title}
    response = client.get(f"/emploi/?secteur={sector.slug}&metier={function.slug}")
    assert listed_titles(response) == [made["villeurbanne"].title]


def test_radius_is_exact_at_the_boundary(offers_page):
    """The bounding box is a superset; the exact distance decides, the same as reference.distance_km."""
    lyon = commune("69123")
    others = list(
        Commune.objects.active()
        .near(lyon.latitude, lyon.longitude, 60)
        .exclude(pk=lyon.pk)
        .filter(latitude__isnull=False)
        .select_related("departement", "region")[:300]
    )
    offers = [JobOfferFactory(commune=other) for other in others]
    distances = {
        offer.pk: distance_km(lyon.latitude, lyon.longitude, offer.latitude, offer.longitude) for offer in offers
    }
    radius = 30
    filters = OfferFilters(commune=lyon, radius_km=radius)
    found = set(filters.apply(JobOffer.objects.listed()).values_list("pk", flat=True))
    assert found == {pk for pk, d in distances.items() if d <= radius}
    assert any(d > radius for d in distances.values())  # the box held some outside the circle
    # The database's distance agrees with Python's within a metre.
    sample = offers[0]
    computed = (
        JobOffer.objects.filter(pk=sample.pk)
        .annotate(d=distance_expression(lyon.latitude, lyon.longitude))
        .values_list("d", flat=True)[0]
    )
    assert computed == pytest.approx(distances[sample.pk], abs=0.001)


def test_radius_boundary_offer_just_inside_and_just_outside(offers_page):
    lyon = commune("69123")
    near = JobOfferFactory(commune=commune("69266"))  # Villeurbanne
    d = distance_km(lyon.latitude, lyon.longitude, near.latitude, near.longitude)
    inside = OfferFilters(commune=lyon, radius_km=int(d) + 1)
    outside = OfferFilters(commune=lyon, radius_km=int(d))
    assert near in inside.apply(JobOffer.objects.listed())
    if int(d) < d:
        assert near not in outside.apply(JobOffer.objects.listed())


@pytest.mark.parametrize(
    "query",
    [
        "rayon=abc&commune=Lyon+(69)",
        "page=-1",
        "page=abc",
        "page=99999999999999999999",
        "departement=999",
        "region=ZZ",
        "contrat=inconnu",
        "depuis=abc",
        "depuis=-5",
        "commune=Nulle-part-sur-terre",
        "commune=" + "x" * 500,
        "q=" + "mot " * 200,
        "teletravail=peut-etre",
        "rayon=100000&commune=69123",
    ],
)
def test_bad_values_never_fail(client, offers, query):
    response = client.get(f"/emploi/?{query}")
    assert response.status_code == 200
    assert h1s(response) == ["Offres d’emploi"]


def test_a_nul_character_in_a_filter_is_a_bad_request(client, offers):
    # PostgreSQL refuses NUL in a query parameter: core.middleware answers 400 before the view.
    assert client.get("/emploi/?metier=%00").status_code == 400


def test_unknown_values_are_reported_and_dropped(client, offers):
    response = client.get("/emploi/?departement=999&contrat=inconnu")
    assert "Une valeur de filtre inconnue a été ignorée." in response.content.decode()
    assert len(listed_titles(response)) == 4
    response = client.get("/emploi/?commune=Nulle-part-sur-terre")
    assert "Commune inconnue ou ambiguë" in response.content.decode()


def test_radius_is_clamped_and_defaulted():
    options = load_options()
    assert OfferFilterForm({"rayon": ["abc"]}, options).offer_filters().radius_km == 30
    assert OfferFilterForm({"rayon": ["100000"]}, options).offer_filters().radius_km == 200
    assert OfferFilterForm({"rayon": ["-3"]}, options).offer_filters().radius_km == 30


def test_filters_round_trip_through_the_query_string(offers):
    options = load_options()
    filters = OfferFilterForm(
        {"q": ["  cantine   bio "], "contrat": ["cdi", "cdi", "stage"], "departement": ["69"], "depuis": ["7"]},
        options,
    ).offer_filters()
    assert filters.query_string() == "q=cantine+bio&contrat=cdi&contrat=stage&departement=69&depuis=7"


def test_pagination_is_stable_and_keeps_filters(client, offers_page):
    same_time = timezone.now() - timedelta(hours=1)
    created = [JobOfferFactory(title=f"Poste {n:02d}", published_at=same_time) for n in range(45)]
    first = client.get("/emploi/?contrat=cdi")
    second = client.get("/emploi/?contrat=cdi&page=2")
    third = client.get("/emploi/?contrat=cdi&page=3")
    beyond = client.get("/emploi/?contrat=cdi&page=40")
    pages = [listed_titles(r) for r in (first, second, third)]
    assert [len(p) for p in pages] == [20, 20, 5]
    everything = pages[0] + pages[1] + pages[2]
    # Same publication time: the id breaks the tie, newest id first, and no offer is shown twice.
    assert everything == [offer.title for offer in sorted(created, key=lambda o: -o.pk)]
    assert listed_titles(beyond) == pages[2]  # clamped to the last page
    links = parse(first).xpath("//nav[@class='pagination']//a[@rel='next']/@href")
    assert links == ["?contrat=cdi&page=2"]
    assert b'name="robots" content="noindex, follow"' in second.content


def test_feed_links_carry_the_filters(client, offers):
    response = client.get("/emploi/?contrat=cdi&departement=69")
    tree = parse(response)
    rss = tree.xpath("//link[@rel='alternate'][@type='application/rss+xml']/@href")
    atom = tree.xpath("//link[@rel='alternate'][@type='application/atom+xml']/@href")
    assert rss == ["/emploi/rss/?contrat=cdi&departement=69"]
    assert atom == ["/emploi/atom/?contrat=cdi&departement=69"]


def test_form_works_without_javascript(client, offers):
    tree = parse(client.get("/emploi/"))
    form = tree.xpath("//main//form[@role='search']")[0]
    assert form.get("method") == "get"
    assert form.get("action") == "/emploi/"
    names = set(form.xpath(".//input/@name | .//select/@name"))
    assert {
        "q",
        "contrat",
        "metier",
        "secteur",
        "region",
        "departement",
        "commune",
        "rayon",
        "teletravail",
        "depuis",
    } <= names
    # Every input has a label.
    for element in form.xpath(".//input[@type!='hidden'] | .//select"):
        assert tree.xpath(f"//label[@for='{element.get('id')}']"), element.get("id")


def test_keywords_are_escaped(client, offers):
    response = client.get("/emploi/?q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert b"<script>alert(1)" not in response.content


@pytest.mark.parametrize("count", [3, 300])
def test_query_budget(client, offers_page, django_assert_max_num_queries, count):
    JobOfferFactory.create_batch(3, commune=commune("69123"))
    if count > 3:
        organisation = JobOffer.objects.first().organisation
        template = JobOffer.objects.first()
        JobOffer.objects.bulk_create(
            [
                JobOffer(
                    organisation=organisation,
                    title=f"Chargé·e d’accompagnement bis {n}",
                    slug=f"chargee-daccompagnement-bis-{n}",
                    contract_type_id=template.contract_type_id,
                    function_id=template.function_id,
                    sector_id=template.sector_id,
                    commune_id=template.commune_id,
                    description="<p>Poste.</p>",
                    closing_date=template.closing_date,
                    status=template.status,
                    published_at=template.published_at,
                    **JobOffer.location_fields(template.commune),
                )
                for n in range(count - 3)
            ]
        )
    for url in (
        "/emploi/",
        "/emploi/?contrat=cdi&departement=69&q=accompagnement&depuis=30",
        "/emploi/?commune=Lyon+(69)&rayon=20&contrat=cdi",
        "/emploi/?page=3",
    ):
        client.get(url)  # settings rows created, vocabularies cached: what every later request costs
        with django_assert_max_num_queries(15) as captured:
            response = client.get(url)
        assert response.status_code == 200
        QUERY_COUNTS.setdefault(url, set()).add(len(captured))
    if count > 3:  # the same whatever the number of offers
        assert all(len(counts) == 1 for counts in QUERY_COUNTS.values()), QUERY_COUNTS


QUERY_COUNTS: dict[str, set[int]] = {}


def test_keyword_search_uses_the_sites_search_index_on_postgresql(offers):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: other databases search with icontains")
    queryset = OfferFilters(keywords="cantines").apply(JobOffer.objects.listed())
    assert [offer.title for offer in queryset] == ["Coordinatrice de projets alimentaires"]
    # The keywords go through the site's one search index (Wagtail's, French configuration: see search/).
    keywords_only = OfferFilters(keywords="cantines").apply(JobOffer.objects.all()).order_by()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = keywords_only.values("pk").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "wagtailsearch_indexentry" in plan and "emploi_offer_fulltext" not in plan, plan


@pytest.mark.django_db
def test_territory_codes_are_read_in_capitals():
    filters = OfferFilterForm({"departement": [" 2a "]}).offer_filters()
    assert filters.departement == "2A"
    assert filters.notices == []

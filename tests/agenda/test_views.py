"""The agenda's views: upcoming list and its horizons, the month calendar, past events, every filter,
bad input, and the number of queries whatever the number of events."""

import datetime as dt

import pytest
import wagtail_factories
from django.utils import timezone

from agenda.models import EventPage
from agenda.recurrence import PARIS
from agenda.services import add_months
from reference.models import Commune, distance_km
from tests.home.html import parse, texts

from .factories import EventCategoryFactory, EventPageFactory, EventPhotoFactory, paris

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return texts(parse(response), "//main//*[contains(@class, 'event-card__title')]")


def in_days(days: int, hour: int = 14) -> dt.datetime:
    day = timezone.now().astimezone(PARIS).date() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=PARIS)


@pytest.fixture
def lyon():
    return Commune.objects.select_related("departement", "region").get(code="69123")


@pytest.fixture
def villeurbanne():
    return Commune.objects.get(code="69266")


@pytest.fixture
def grenoble():
    return Commune.objects.get(code="38185")


@pytest.fixture
def nantes():
    return Commune.objects.get(code="44109")


# --- upcoming list ------------------------------------------------------------------------------


def test_upcoming_lists_live_future_events_by_date_with_french_dates(client, agenda_page):
    EventPageFactory(parent=agenda_page, title="Plus tard", start=paris(2027, 3, 4, 9), end=paris(2027, 3, 4, 12))
    EventPageFactory(parent=agenda_page, title="Bientôt", start=paris(2027, 3, 2, 14), end=paris(2027, 3, 2, 17, 30))
    EventPageFactory(parent=agenda_page, title="Passé", start=in_days(-3), end=in_days(-3) + dt.timedelta(hours=2))
    EventPageFactory(
        parent=agenda_page, title="Brouillon", live=False, start=paris(2027, 3, 3, 9), end=paris(2027, 3, 3, 10)
    )

    response = client.get("/agenda/")

    assert response.status_code == 200
    assert titles(response) == ["Bientôt", "Plus tard"]
    tree = parse(response)
    assert texts(tree, "//h3[@class='agenda-day']") == ["mardi 2 mars 2027", "jeudi 4 mars 2027"]
    assert "mardi 2 mars 2027, de 14 h à 17 h 30" in texts(tree, "//p[@class='event-card__when']")
    assert "de 14\u00a0h à 17\u00a0h\u00a030" in response.content.decode()  # no-break spaces
    (time,) = tree.xpath("//p[@class='event-card__when']/time[contains(., '2 mars')]")
    assert time.get("datetime") == "2027-03-02T14:00:00+01:00"
    assert len(tree.xpath("//h1")) == 1


def test_all_day_and_multi_day_events_are_shown_as_such(client, agenda_page):
    EventPageFactory(parent=agenda_page, title="Salon", all_day=True, start=paris(2027, 5, 18), end=paris(2027, 5, 20))
    EventPageFactory(parent=agenda_page, title="Journée", all_day=True, start=paris(2027, 6, 1), end=paris(2027, 6, 1))
    EventPageFactory(parent=agenda_page, title="Nuit", start=paris(2027, 6, 5, 20), end=paris(2027, 6, 6, 2))

    whens = texts(parse(client.get("/agenda/")), "//p[@class='event-card__when']")

    assert whens == [
        "du mardi 18 mai au jeudi 20 mai 2027",
        "mardi 1er juin 2027, toute la journée",
        "du samedi 5 juin à 20 h au dimanche 6 juin 2027 à 2 h",
    ]


def test_this_month_and_next_month_are_one_and_two_month_horizons(client, agenda_page):
    EventPageFactory(parent=agenda_page, title="Dans 20 jours", start=in_days(20), end=in_days(20, 16))
    EventPageFactory(parent=agenda_page, title="Dans 45 jours", start=in_days(45), end=in_days(45, 16))
    EventPageFactory(parent=agenda_page, title="Dans 80 jours", start=in_days(80), end=in_days(80, 16))

    this_month = client.get("/agenda/ce-mois-ci/")
    next_month = client.get("/agenda/mois-prochain/")

    assert titles(this_month) == ["Dans 20 jours"]
    assert titles(next_month) == ["Dans 20 jours", "Dans 45 jours"]
    assert titles(client.get("/agenda/")) == ["Dans 20 jours", "Dans 45 jours", "Dans 80 jours"]
    nav = parse(next_month).xpath("//nav[@class='agenda-views']//a[@aria-current='page']")
    assert [link.text_content() for link in nav] == ["Le mois prochain"]


def test_an_event_under_way_is_still_upcoming(client, agenda_page):
    EventPageFactory(parent=agenda_page, title="En cours", all_day=True, start=in_days(-1), end=in_days(1))
    assert titles(client.get("/agenda/")) == ["En cours"]


def test_a_recurring_event_is_listed_at_each_date(client, agenda_page):
    EventPageFactory(
        parent=agenda_page,
        title="Café du premier mardi",
        start=paris(2027, 1, 5, 18, 30),
        end=paris(2027, 1, 5, 20),
        recurrence_rule=EventPage.Recurrence.MONTHLY_NTH_WEEKDAY,
        recurrence_until=dt.date(2027, 3, 31),
    )
    response = client.get("/agenda/")
    assert titles(response) == ["Café du premier mardi"] * 3
    assert texts(parse(response), "//h3[@class='agenda-day']") == [
        "mardi 5 janvier 2027",
        "mardi 2 février 2027",
        "mardi 2 mars 2027",
    ]


def test_the_list_is_paginated_without_counting(client, agenda_page):
    for n in range(23):
        EventPageFactory(parent=agenda_page, title=f"Événement {n:02d}", start=in_days(10 + n), end=in_days(10 + n, 16))
    first = client.get("/agenda/")
    second = client.get("/agenda/?page=2")
    assert len(titles(first)) == 20
    assert titles(second) == ["Événement 20", "Événement 21", "Événement 22"]
    assert parse(first).xpath("//a[@rel='next']/@href") == ["?page=2"]
    assert client.get("/agenda/?page=abc").status_code == 200
    assert titles(client.get("/agenda/?page=999")) == []


# --- filters ------------------------------------------------------------------------------------


@pytest.fixture
def varied(agenda_page, lyon, villeurbanne, grenoble, nantes):
    forum = EventCategoryFactory(slug="forum-test", label="Forum test")
    webinar = EventCategoryFactory(slug="webinaire-test", label="Webinaire test")
    start = in_days(12)
    common = {"parent": agenda_page, "start": start, "end": start + dt.timedelta(hours=2)}
    EventPageFactory(title="Forum à Lyon", category=forum, commune=lyon, **common)
    EventPageFactory(
        title="Forum à Villeurbanne", category=forum, commune=villeurbanne, is_free=False, price="10 €", **common
    )
    EventPageFactory(title="Forum à Grenoble", category=forum, commune=grenoble, **common)
    EventPageFactory(title="Atelier à Nantes", commune=nantes, **common)
    EventPageFactory(
        title="Webinaire",
        category=webinar,
        attendance_mode=EventPage.AttendanceMode.ONLINE,
        online_url="https://visio.example.org/",
        venue="",
        address="",
        **common,
    )
    EventPageFactory(
        title="Conférence hybride",
        commune=lyon,
        attendance_mode=EventPage.AttendanceMode.MIXED,
        online_url="https://visio.example.org/",
        **common,
    )


@pytest.mark.parametrize(
    "query, expected",
    [
        ("categorie=forum-test", {"Forum à Lyon", "Forum à Villeurbanne", "Forum à Grenoble"}),
        ("departement=69", {"Forum à Lyon", "Forum à Villeurbanne", "Conférence hybride"}),
        (
            "region=auvergne-rhone-alpes",
            {"Forum à Lyon", "Forum à Villeurbanne", "Forum à Grenoble", "Conférence hybride"},
        ),
        ("region=pays-de-la-loire", {"Atelier à Nantes"}),
        ("participation=en-ligne", {"Webinaire", "Conférence hybride"}),
        ("participation=presentiel&departement=69", {"Forum à Lyon", "Forum à Villeurbanne", "Conférence hybride"}),
        ("gratuit=on&categorie=forum-test", {"Forum à Lyon", "Forum à Grenoble"}),
        ("commune=Lyon+%2869%29&rayon=10", {"Forum à Lyon", "Forum à Villeurbanne", "Conférence hybride"}),
        (
            "commune=Lyon+%2869%29&rayon=100",
            {"Forum à Lyon", "Forum à Villeurbanne", "Forum à Grenoble", "Conférence hybride"},
        ),
        ("commune=69123", {"Forum à Lyon", "Forum à Villeurbanne", "Conférence hybride"}),  # 20 km by default
        ("commune=Lyon+%2869%29&rayon=5&categorie=forum-test&gratuit=on", {"Forum à Lyon"}),
    ],
)
def test_filters(client, varied, query, expected):
    response = client.get(f"/agenda/?{query}")
    assert response.status_code == 200
    assert set(titles(response)) == expected
    assert '<meta name="robots" content="noindex, follow">' in response.content.decode()


def test_filters_are_kept_in_the_links_to_other_views(client, varied):
    response = client.get("/agenda/?departement=69&categorie=forum-test")
    links = parse(response).xpath("//nav[@class='agenda-views']//a/@href")
    assert all("departement=69" in link and "categorie=forum-test" in link for link in links)
    assert titles(client.get("/agenda/mois-prochain/?departement=69&categorie=forum-test")) == [
        "Forum à Lyon",
        "Forum à Villeurbanne",
    ]


@pytest.mark.parametrize(
    "query",
    ["rayon=abc&commune=Lyon+%2869%29", "departement=999", "region=atlantide", "categorie=<script>", "participation=x"],
)
def test_bad_filter_values_are_reported_and_ignored(client, varied, query):
    response = client.get(f"/agenda/?{query}")
    assert response.status_code == 200
    tree = parse(response)
    assert tree.xpath("//*[contains(@class, 'field--error')]")
    assert "<script>" not in response.content.decode().split("<main")[1]
    if "commune" in query:  # the commune still filters, with the default radius
        assert set(titles(response)) == {"Forum à Lyon", "Forum à Villeurbanne", "Conférence hybride"}
    else:
        assert len(titles(response)) == 6


def test_an_unknown_commune_is_an_error_next_to_the_field(client, varied):
    response = client.get("/agenda/?commune=Nullepart-sur-Mer")
    tree = parse(response)
    assert texts(tree, "//div[@id='id_commune_errors']")
    assert tree.xpath("//input[@id='id_commune']/@aria-invalid") == ["true"]
    assert len(titles(response)) == 6


def test_radius_boundary_uses_the_exact_distance(agenda_page, lyon, villeurbanne):
    from agenda.models import EventOccurrence
    from agenda.services import near

    EventPageFactory(parent=agenda_page, title="Villeurbanne", commune=villeurbanne)
    distance = distance_km(lyon.latitude, lyon.longitude, villeurbanne.latitude, villeurbanne.longitude)
    occurrences = EventOccurrence.objects.live()
    assert near(occurrences, lyon, distance + 0.01).count() == 1
    assert near(occurrences, lyon, distance - 0.01).count() == 0


def test_radius_excludes_the_corners_of_the_bounding_box(agenda_page):
    """A commune inside the square around the centre but outside the circle is left out."""
    from agenda.models import EventOccurrence
    from agenda.services import near

    centre = Commune.objects.get(code="69123")
    corner = (
        Commune.objects.near(centre.latitude, centre.longitude, 50)
        .exclude(latitude=None)
        .order_by("-latitude", "-longitude")
    )
    far_corner = next(
        c for c in corner if 50 < distance_km(centre.latitude, centre.longitude, c.latitude, c.longitude) <= 70
    )
    EventPageFactory(parent=agenda_page, commune=far_corner)
    assert near(EventOccurrence.objects.all(), centre, 50).count() == 0
    assert near(EventOccurrence.objects.all(), centre, 71).count() == 1


# --- month calendar -----------------------------------------------------------------------------


def test_month_view_is_an_accessible_table_with_links_to_each_busy_day(client, agenda_page):
    EventPageFactory(parent=agenda_page, title="Forum", start=paris(2027, 3, 2, 9), end=paris(2027, 3, 2, 17))
    EventPageFactory(parent=agenda_page, title="Salon", all_day=True, start=paris(2027, 3, 30), end=paris(2027, 4, 2))
    EventPageFactory(parent=agenda_page, title="En avril", start=paris(2027, 4, 10, 9), end=paris(2027, 4, 10, 17))

    response = client.get("/agenda/2027/03/")

    assert response.status_code == 200
    tree = parse(response)
    (table,) = tree.xpath("//table")
    assert "mars 2027" in table.xpath("caption")[0].text_content()
    assert [th.get("scope") for th in table.xpath("thead//th")] == ["col"] * 7
    assert [" ".join(a.text_content().split()) for a in table.xpath(".//abbr")][0] == "lun."
    day_links = table.xpath(".//td/a/@href")
    assert day_links == ["#jour-2027-03-02", "#jour-2027-03-30", "#jour-2027-03-31"]
    for href in day_links:
        assert tree.xpath(f"//*[@id='{href[1:]}']")
    assert texts(tree, "//h3[@class='agenda-day']") == [
        "mardi 2 mars 2027",
        "mardi 30 mars 2027",
        "mercredi 31 mars 2027",
    ]
    assert "En avril" not in titles(response)
    assert tree.xpath("//a[@rel='prev']/@href") == ["/agenda/2027/02/"]
    assert tree.xpath("//a[@rel='next']/@href") == ["/agenda/2027/04/"]
    assert "février 2027" in texts(tree, "//a[@rel='prev']")[0]

    april = client.get("/agenda/2027/04/")
    assert texts(parse(april), "//h3[@class='agenda-day']") == [
        "jeudi 1er avril 2027",
        "vendredi 2 avril 2027",
        "samedi 10 avril 2027",
    ]


def test_month_view_filters_and_keeps_them_when_navigating(client, varied):
    target = in_days(12).date()
    response = client.get(f"/agenda/{target.year}/{target.month:02d}/?departement=69")
    assert set(titles(response)) == {"Forum à Lyon", "Forum à Villeurbanne", "Conférence hybride"}
    assert all("departement=69" in href for href in parse(response).xpath("//nav[@class='month-nav']//a/@href"))


def test_month_view_across_years(client, agenda_page):
    tree = parse(client.get("/agenda/2026/12/"))
    assert tree.xpath("//a[@rel='next']/@href") == ["/agenda/2027/01/"]
    tree = parse(client.get("/agenda/2027/1/"))
    assert tree.xpath("//a[@rel='prev']/@href") == ["/agenda/2026/12/"]


@pytest.mark.parametrize(
    "path", ["2026/13/", "2026/0/", "2026/00/", "99999/11/", "1999/12/", "2101/01/", "abcd/11/", "2026/11/12/"]
)
def test_bad_months_are_not_found(client, agenda_page, path):
    assert client.get(f"/agenda/{path}").status_code == 404


def test_edge_years_have_no_link_beyond(client, agenda_page):
    assert parse(client.get("/agenda/2100/12/")).xpath("//a[@rel='next']") == []
    assert parse(client.get("/agenda/2000/01/")).xpath("//a[@rel='prev']") == []


# --- past events --------------------------------------------------------------------------------


def test_past_events_are_listed_latest_first_with_their_visuals(client, agenda_page):
    image = wagtail_factories.ImageFactory()
    old = EventPageFactory(
        parent=agenda_page, title="Il y a un mois", image=image, start=in_days(-30), end=in_days(-30, 16)
    )
    EventPageFactory(parent=agenda_page, title="Il y a une semaine", start=in_days(-7), end=in_days(-7, 16))
    EventPageFactory(parent=agenda_page, title="À venir", start=in_days(7), end=in_days(7, 16))
    EventPhotoFactory(event=old)
    EventPhotoFactory(event=old)

    response = client.get("/agenda/passes/")

    assert titles(response) == ["Il y a une semaine", "Il y a un mois"]
    tree = parse(response)
    assert tree.xpath("//img[@class='event-card__image']")
    assert texts(tree, "//p[@class='event-card__photo-count']") == ["2 photos : Il y a un mois"]


# --- queries ------------------------------------------------------------------------------------


def make_events(agenda_page, count, lyon):
    image = wagtail_factories.ImageFactory()
    category = EventCategoryFactory(slug="forum-test")
    for n in range(count):
        start = in_days(n % 50 - 10) if n % 5 else in_days(35 + n % 20)
        EventPageFactory(
            parent=agenda_page,
            start=start,
            end=start + dt.timedelta(hours=3),
            image=image if n % 2 else None,
            commune=lyon if n % 3 else None,
            category=category,
        )


QUERY_PATHS = [
    "/agenda/",
    "/agenda/ce-mois-ci/",
    "/agenda/mois-prochain/?departement=69&categorie=forum-test",
    "/agenda/?commune=Lyon+%2869%29&rayon=20&gratuit=on&participation=presentiel&region=auvergne-rhone-alpes",
    "/agenda/passes/?commune=Lyon+%2869%29&categorie=forum-test",
    "MONTH?commune=Lyon+%2869%29&departement=69&categorie=forum-test",
]


@pytest.mark.parametrize("count", [3, 40])
def test_agenda_views_need_at_most_15_queries(client, agenda_page, lyon, django_assert_max_num_queries, count):
    make_events(agenda_page, count, lyon)
    month = add_months(timezone.now().astimezone(PARIS).date(), 1)
    for path in QUERY_PATHS:
        path = path.replace("MONTH", f"/agenda/{month.year}/{month.month:02d}/")
        client.get(path)  # renditions are generated on the first view
        with django_assert_max_num_queries(15):
            response = client.get(path)
        assert response.status_code == 200


def test_cards_show_category_and_departement_from_the_cached_vocabularies(client, agenda_page, lyon):
    retired = EventCategoryFactory(slug="ancienne", label="Catégorie retirée", is_active=False)
    EventPageFactory(parent=agenda_page, title="Rencontre", category=retired, commune=lyon, start=in_days(3))
    tree = parse(client.get("/agenda/"))
    assert texts(tree, "//p[@class='event-card__kicker']") == ["Catégorie retirée"]
    assert "Lyon (69)" in texts(tree, "//p[@class='event-card__where']")[0]

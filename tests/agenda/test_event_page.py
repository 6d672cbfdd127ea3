"""The event page: what it shows before and after the event, its JSON-LD field by field, its queries; the
"Prochains événements" block; the sitemap."""

import datetime as dt

import pytest
import wagtail_factories
from django.utils import timezone

from agenda.models import EventPage
from agenda.recurrence import PARIS
from reference.models import Commune
from tests.factories import OrganisationFactory
from tests.home.html import json_ld_of_type, parse, texts

from .factories import EventCategoryFactory, EventPageFactory, EventPhotoFactory, paris

pytestmark = pytest.mark.django_db


def in_days(days: int, hour: int = 14) -> dt.datetime:
    day = timezone.now().astimezone(PARIS).date() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=PARIS)


@pytest.fixture
def lyon():
    return Commune.objects.get(code="69123")


@pytest.fixture
def organiser():
    return OrganisationFactory(
        name="Coopérative Terres Communes",
        website="https://terres-communes.example.org/",
        logo=wagtail_factories.ImageFactory(),
    )


@pytest.fixture
def forum(agenda_page, lyon, organiser):
    return EventPageFactory(
        parent=agenda_page,
        title="Forum de l’emploi solidaire",
        summary="Recruteurs de l’ESS et candidat·es se rencontrent.",
        start=paris(2027, 3, 2, 14),
        end=paris(2027, 3, 2, 17, 30),
        venue="Maison des associations",
        address="12 rue des Coopérateurs",
        commune=lyon,
        organiser=organiser,
        is_free=False,
        price="15 € ; 5 € tarif réduit",
        registration_url="https://inscriptions.example.org/forum",
        accessibility="Salle accessible en fauteuil roulant.",
        image=wagtail_factories.ImageFactory(),
        image_alt="Une salle de forum",
        category=EventCategoryFactory(slug="forum-test", label="Forum"),
    )


def test_event_page_shows_every_field(client, forum):
    response = client.get(forum.url)

    assert response.status_code == 200
    tree = parse(response)
    assert texts(tree, "//h1") == ["Forum de l’emploi solidaire"]
    facts = " ".join(texts(tree, "//dl[@class='event__facts']"))
    assert "mardi 2 mars 2027, de 14 h à 17 h 30" in facts
    assert "Maison des associations" in facts and "12 rue des Coopérateurs" in facts and "Lyon (69)" in facts
    assert "15 € ; 5 € tarif réduit" in facts
    assert "Salle accessible en fauteuil roulant." in facts
    assert tree.xpath("//a[@href='https://inscriptions.example.org/forum']")
    assert texts(tree, "//p[@class='event__kicker']") == ["Forum"]
    assert tree.xpath("//figure[@class='event__image']//img/@alt") == ["Une salle de forum"]
    card = " ".join(texts(tree, "//aside[@class='organiser-card']"))
    assert "Coopérative Terres Communes" in card
    assert tree.xpath("//aside[@class='organiser-card']//a[@href='https://terres-communes.example.org/']")
    assert not tree.xpath("//*[contains(@class, 'event-banner')]")
    assert texts(tree, "//nav[@aria-label='Fil d’Ariane']//a") == ["Accueil", "Agenda"]
    assert "iframe" not in response.content.decode() and "maps" not in response.content.decode()


def test_event_page_queries_are_bounded(client, forum, django_assert_max_num_queries):
    client.get(forum.url)  # renditions are generated on the first view
    with django_assert_max_num_queries(15):
        assert client.get(forum.url).status_code == 200


def test_past_event_page_with_gallery_queries_are_bounded(
    client, agenda_page, organiser, django_assert_max_num_queries
):
    event = EventPageFactory(
        parent=agenda_page,
        start=in_days(-10),
        end=in_days(-10, 17),
        organiser=organiser,
        image=wagtail_factories.ImageFactory(),
    )
    for _ in range(6):
        EventPhotoFactory(event=event)
    client.get(event.url)
    with django_assert_max_num_queries(15):
        response = client.get(event.url)
    assert len(parse(response).xpath("//ul[@class='gallery']/li")) == 6


def test_event_json_ld_field_by_field(client, forum):
    (event,) = json_ld_of_type(client.get(forum.url), "Event")

    assert event["name"] == "Forum de l’emploi solidaire"
    assert event["description"] == "Recruteurs de l’ESS et candidat·es se rencontrent."
    assert event["startDate"] == "2027-03-02T14:00:00+01:00"
    assert event["endDate"] == "2027-03-02T17:30:00+01:00"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    location = event["location"]
    assert location["@type"] == "Place"
    assert location["name"] == "Maison des associations"
    assert location["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "12 rue des Coopérateurs",
        "addressLocality": "Lyon",
        "addressRegion": "Rhône",
        "addressCountry": "FR",
    }
    assert event["organizer"] == {
        "@type": "Organization",
        "name": "Coopérative Terres Communes",
        "url": "https://terres-communes.example.org/",
    }
    assert event["offers"] == {
        "@type": "Offer",
        "price": "15",
        "priceCurrency": "EUR",
        "url": "https://inscriptions.example.org/forum",
        "availability": "https://schema.org/InStock",
    }
    assert "isAccessibleForFree" not in event
    assert event["image"][0].startswith("http://testserver/") and event["image"][0].endswith(".jpg")
    assert event["url"] == "http://localhost/agenda/" + forum.slug + "/"
    (breadcrumb,) = json_ld_of_type(client.get(forum.url), "BreadcrumbList")
    assert [item["name"] for item in breadcrumb["itemListElement"]] == [
        "Solidaires, le média de l'ESS",
        "Agenda",
        forum.title,
    ]


def test_summer_dates_carry_the_summer_offset(client, agenda_page):
    event = EventPageFactory(parent=agenda_page, start=paris(2027, 7, 1, 9), end=paris(2027, 7, 3, 18))
    (data,) = json_ld_of_type(client.get(event.url), "Event")
    assert (data["startDate"], data["endDate"]) == ("2027-07-01T09:00:00+02:00", "2027-07-03T18:00:00+02:00")


def test_online_free_and_cancelled_events_in_json_ld(client, agenda_page):
    event = EventPageFactory(
        parent=agenda_page,
        attendance_mode=EventPage.AttendanceMode.ONLINE,
        online_url="https://visio.example.org/salle",
        venue="",
        address="",
        status=EventPage.Status.CANCELLED,
        organiser_name="Collectif local",
    )
    response = client.get(event.url)
    (data,) = json_ld_of_type(response, "Event")
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://visio.example.org/salle"}
    assert data["isAccessibleForFree"] is True
    assert "offers" not in data
    assert data["organizer"] == {"@type": "Organization", "name": "Collectif local"}
    assert "image" not in data
    banner = texts(parse(response), "//*[contains(@class, 'event-banner--cancelled')]")
    assert banner == ["Événement annulé. Cet événement n’aura pas lieu."]
    assert not parse(response).xpath("//a[@href='https://visio.example.org/salle']")  # no link to a cancelled room


def test_mixed_and_postponed_events_in_json_ld(client, agenda_page, lyon):
    event = EventPageFactory(
        parent=agenda_page,
        commune=lyon,
        attendance_mode=EventPage.AttendanceMode.MIXED,
        online_url="https://visio.example.org/salle",
        status=EventPage.Status.POSTPONED,
        registration_url="https://inscriptions.example.org/",
    )
    (data,) = json_ld_of_type(client.get(event.url), "Event")
    assert data["eventStatus"] == "https://schema.org/EventPostponed"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [location["@type"] for location in data["location"]] == ["Place", "VirtualLocation"]
    assert data["location"][0]["geo"]["@type"] == "GeoCoordinates"
    assert data["isAccessibleForFree"] is True
    assert data["offers"]["price"] == "0"


def test_recurring_event_lists_its_dates_and_gives_the_next_one_in_json_ld(client, agenda_page):
    first_tuesday = in_days(-40).date().replace(day=1)
    first_tuesday += dt.timedelta(days=(1 - first_tuesday.weekday()) % 7)
    event = EventPageFactory(
        parent=agenda_page,
        start=dt.datetime.combine(first_tuesday, dt.time(18, 30), tzinfo=PARIS),
        end=dt.datetime.combine(first_tuesday, dt.time(20), tzinfo=PARIS),
        recurrence_rule=EventPage.Recurrence.MONTHLY_NTH_WEEKDAY,
        recurrence_until=first_tuesday + dt.timedelta(days=200),
    )
    response = client.get(event.url)
    tree = parse(response)
    dates = texts(tree, "//section[@class='event__occurrences']//li")
    assert dates and all(text.startswith("mardi ") and text.endswith("de 18 h 30 à 20 h") for text in dates)
    assert "Se répète chaque premier mardi du mois." in " ".join(texts(tree, "//dl"))
    (data,) = json_ld_of_type(response, "Event")
    next_start = dt.datetime.fromisoformat(data["startDate"])
    assert next_start > timezone.now() - dt.timedelta(hours=2)
    assert next_start.astimezone(PARIS).day <= 7 and next_start.astimezone(PARIS).weekday() == 1


def test_gallery_appears_after_the_event_only(client, agenda_page):
    upcoming = EventPageFactory(parent=agenda_page, registration_url="https://inscriptions.example.org/")
    EventPhotoFactory(event=upcoming, caption="Une photo trop tôt")
    past = EventPageFactory(
        parent=agenda_page, start=in_days(-5), end=in_days(-5, 17), registration_url="https://inscriptions.example.org/"
    )
    EventPhotoFactory(event=past, caption="L’accueil", credit="Camille")

    before = parse(client.get(upcoming.url))
    after = parse(client.get(past.url))

    assert not before.xpath("//section[@class='event__gallery']")
    assert before.xpath("//a[@href='https://inscriptions.example.org/']")
    assert texts(after, "//section[@class='event__gallery']//figcaption") == ["L’accueil © Camille"]
    assert after.xpath("//section[@class='event__gallery']//img/@alt") == ["L’accueil"]
    assert texts(after, "//*[contains(@class, 'event-banner--past')]") == ["Cet événement a eu lieu."]
    assert not after.xpath("//a[@href='https://inscriptions.example.org/']")


def test_script_in_event_text_is_escaped(client, agenda_page):
    event = EventPageFactory(
        parent=agenda_page,
        title="<script>alert(1)</script>",
        summary="</script><b>x</b>",
        venue="<img src=x onerror=alert(1)>",
    )
    for url in (event.url, "/agenda/"):
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "<img src=x" not in html
    (data,) = json_ld_of_type(client.get(event.url), "Event")
    assert data["name"] == "<script>alert(1)</script>"


def test_unpublished_and_unknown_events_are_not_found(client, agenda_page):
    event = EventPageFactory(parent=agenda_page)
    event.unpublish()
    assert client.get(f"/agenda/{event.slug}/").status_code == 404
    assert client.get("/agenda/n-existe-pas/").status_code == 404


def test_upcoming_events_block_on_the_home_page(client, home_page, agenda_page, lyon, django_assert_max_num_queries):
    forum = EventCategoryFactory(slug="forum-test")
    EventPageFactory(
        parent=agenda_page, title="Forum lyonnais", category=forum, commune=lyon, image=wagtail_factories.ImageFactory()
    )
    EventPageFactory(parent=agenda_page, title="Forum ailleurs", category=forum)
    EventPageFactory(parent=agenda_page, title="Atelier lyonnais", commune=lyon)
    home_page.body = [
        ("upcoming_events", {"title": "À Lyon", "category": forum, "region": "", "departement": "69", "count": 3}),
        ("upcoming_events", {"title": "Tout l’agenda", "category": None, "region": "", "departement": "", "count": 2}),
    ]
    home_page.save_revision().publish()

    client.get("/")
    with django_assert_max_num_queries(15):
        response = client.get("/")

    tree = parse(response)
    sections = tree.xpath("//div[@class='upcoming-events']")
    assert [" ".join(s.xpath("h2")[0].text_content().split()) for s in sections] == ["À Lyon", "Tout l’agenda"]
    assert texts(sections[0], ".//*[contains(@class, 'event-card__title')]") == ["Forum lyonnais"]
    assert len(sections[1].xpath(".//article")) == 2
    assert sections[0].xpath(".//a[text()='Tout l’agenda']/@href") == ["/agenda/"]


def test_events_are_in_the_sitemap_with_lastmod(client, forum):
    forum.save_revision().publish()
    assert "/sitemap-pages.xml" in client.get("/sitemap.xml").content.decode()
    body = client.get("/sitemap-pages.xml").content.decode()
    assert f"http://localhost/agenda/{forum.slug}/" in body
    entry = body.split(f"/agenda/{forum.slug}/</loc>")[1].split("</url>")[0]
    assert "<lastmod>" in entry

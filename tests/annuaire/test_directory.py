"""The public directory of organisations (/annuaire/): filters, pages, sections from the other features,
contact form, structured data, sitemap, bad input and query budgets."""

import json
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annuaire import directory, filters
from annuaire.demo import seed_directory_page
from annuaire.models import OrganisationIndexPage, OrganisationMembership
from bench.budgets import MAX_COMPRESSED_BYTES
from bench.weight import page_weight
from reference.models import Commune, LegalForm, Sector
from tests.agenda.factories import AgendaIndexPageFactory, EventPageFactory
from tests.emploi.factories import JobOfferFactory
from tests.emploi.public_support import offers_page_fixture  # noqa: F401  (the `offers_page` fixture)
from tests.factories import OrganisationFactory, RecruiterFactory
from tests.magazine.factories import ArticlePageFactory, MagazineIndexPageFactory, RubriquePageFactory

pytestmark = pytest.mark.django_db

MARKUP = '<script>alert("x")</script><b>gras</b>'


def commune(code):
    return Commune.objects.select_related("departement__region").get(code=code)


def legal_form(slug):
    return LegalForm.objects.get(slug=slug)


def sector(slug):
    return Sector.objects.get(slug=slug)


@pytest.fixture
def directory_page(home_page) -> OrganisationIndexPage:
    page = OrganisationIndexPage(title="Annuaire des structures", slug="annuaire", intro="<p>Les structures.</p>")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def organisations(db):
    """Four verified organisations in Lyon, Villeurbanne, Paris and Marseille, and one unverified."""
    lyon = OrganisationFactory(
        name="Coopérative Terres Communes",
        slug="terres-communes",
        legal_form=legal_form("scic"),
        commune=commune("69123"),
        description="Maraîchers et cantines scolaires.",
        email="contact@terres.test",
    )
    lyon.sectors.set([sector("agriculture-alimentation")])
    villeurbanne = OrganisationFactory(
        name="Théâtre du Lien",
        slug="theatre-du-lien",
        legal_form=legal_form("association"),
        commune=commune("69266"),
        description="Un théâtre associatif.",
    )
    villeurbanne.sectors.set([sector("culture")])
    paris = OrganisationFactory(
        name="Les Ateliers du Réemploi",
        slug="ateliers-reemploi",
        legal_form=legal_form("association"),
        commune=commune("75056"),
        description="Une ressourcerie de quartier.",
    )
    paris.sectors.set([sector("environnement"), sector("culture")])
    marseille = OrganisationFactory(
        name="Mutuelle Entraide Santé",
        slug="mutuelle-entraide",
        legal_form=legal_form("mutuelle"),
        commune=commune("13055"),
        description="Une mutuelle de santé.",
    )
    hidden = OrganisationFactory(
        name="Structure en attente",
        slug="en-attente",
        legal_form=legal_form("association"),
        commune=commune("69123"),
        is_verified=False,
        email="cache@attente.test",
    )
    return {"lyon": lyon, "villeurbanne": villeurbanne, "paris": paris, "marseille": marseille, "hidden": hidden}


def listed_names(response) -> list[str]:
    return [organisation.name for organisation in response.context["organisations"]]


def get(client, query=""):
    response = client.get("/annuaire/" + (f"?{query}" if query else ""))
    assert response.status_code == 200
    return response


# -- Listing and filters ----------------------------------------------------------------------------------


def test_listing_shows_verified_organisations_only(client, directory_page, organisations):
    response = get(client)
    assert listed_names(response) == [
        "Coopérative Terres Communes",
        "Les Ateliers du Réemploi",
        "Mutuelle Entraide Santé",
        "Théâtre du Lien",
    ]
    assert response.context["total"] == 4
    body = response.content.decode()
    assert "4 structures" in body
    assert "Structure en attente" not in body
    assert "Les structures." in body  # the editors' introduction
    assert body.count("<h1") == 1


def test_free_text_filter_matches_name_and_description(client, directory_page, organisations):
    assert listed_names(get(client, "q=ressourcerie")) == ["Les Ateliers du Réemploi"]
    assert listed_names(get(client, "q=mutuelle+santé")) == ["Mutuelle Entraide Santé"]
    assert listed_names(get(client, "q=en+attente")) == []


def test_legal_form_filter(client, directory_page, organisations):
    assert listed_names(get(client, "forme=association")) == ["Les Ateliers du Réemploi", "Théâtre du Lien"]
    assert listed_names(get(client, "forme=association&forme=mutuelle")) == [
        "Les Ateliers du Réemploi",
        "Mutuelle Entraide Santé",
        "Théâtre du Lien",
    ]


def test_sector_filter_does_not_repeat_organisations(client, directory_page, organisations):
    response = get(client, "secteur=culture&secteur=environnement")
    assert listed_names(response) == ["Les Ateliers du Réemploi", "Théâtre du Lien"]
    assert response.context["total"] == 2


def test_region_and_departement_filters(client, directory_page, organisations):
    assert listed_names(get(client, "region=84")) == ["Coopérative Terres Communes", "Théâtre du Lien"]
    assert listed_names(get(client, "departement=13")) == ["Mutuelle Entraide Santé"]
    assert listed_names(get(client, "region=84&departement=13")) == []


def test_commune_and_radius(client, directory_page, organisations):
    # Villeurbanne is next to Lyon; Paris and Marseille are far.
    assert listed_names(get(client, "commune=Lyon+(69)&rayon=10")) == [
        "Coopérative Terres Communes",
        "Théâtre du Lien",
    ]
    assert listed_names(get(client, "commune=Marseille&rayon=20")) == ["Mutuelle Entraide Santé"]
    assert listed_names(get(client, "commune=75056&rayon=5")) == ["Les Ateliers du Réemploi"]


def test_radius_is_clamped(client, directory_page, organisations):
    # Paris is 390 km from Lyon: beyond the largest radius, whatever is asked.
    response = get(client, "commune=69123&rayon=100000")
    assert response.context["filters"].radius_km == filters.MAX_RADIUS_KM
    assert response.context["query_string"] == f"commune=69123&rayon={filters.MAX_RADIUS_KM}"
    assert listed_names(response) == ["Coopérative Terres Communes", "Théâtre du Lien"]


def test_combined_filters_and_links_keep_them(client, directory_page, organisations):
    response = get(client, "q=th%C3%A9%C3%A2tre&forme=association&secteur=culture&region=84&commune=Lyon+(69)&rayon=20")
    assert listed_names(response) == ["Théâtre du Lien"]
    assert response.context["query_string"] == (
        "q=th%C3%A9%C3%A2tre&forme=association&secteur=culture&region=84&commune=69123&rayon=20"
    )
    body = response.content.decode()
    assert 'name="forme" value="association" checked' in body
    assert '<option value="84" selected>' in body
    assert "Tout effacer" in body


def test_activity_filter_recruits(client, directory_page, organisations, offers_page):
    JobOfferFactory(organisation=organisations["paris"])
    JobOfferFactory(organisation=organisations["lyon"], expired=True)
    response = get(client, "activite=recrute")
    assert listed_names(response) == ["Les Ateliers du Réemploi"]
    assert "Recrute" in response.content.decode()


def test_activity_filter_events_and_magazine(client, directory_page, organisations, home_page):
    agenda = AgendaIndexPageFactory(parent=home_page)
    EventPageFactory(parent=agenda, organiser=organisations["marseille"])
    magazine = MagazineIndexPageFactory(parent=home_page)
    rubrique = RubriquePageFactory(parent=magazine, title="ESS", slug="ess")
    ArticlePageFactory(parent=rubrique, source_organisation=organisations["villeurbanne"])
    assert listed_names(get(client, "activite=evenements")) == ["Mutuelle Entraide Santé"]
    assert listed_names(get(client, "activite=publie")) == ["Théâtre du Lien"]
    assert listed_names(get(client, "activite=publie&activite=evenements")) == []


def test_every_feature_registers_its_section_and_activity():
    assert [section.key for section in directory.sections()] == ["offres", "evenements", "magazine", "missions"]
    assert [activity.key for activity in directory.activities()] == [
        "recrute",
        "evenements",
        "cherche-consultant",
        "publie",
    ]


def test_no_result_message(client, directory_page, organisations):
    body = get(client, "q=introuvable").content.decode()
    assert "0 structure" in body
    assert "Aucun résultat" in body


@pytest.mark.parametrize(
    "query",
    [
        "forme=inconnue",
        "secteur=xx&secteur=yy",
        "region=999",
        "departement=ZZ",
        "commune=Nulle-part-sur-terre",
        "rayon=abc&commune=69123",
        "rayon=-5",
        "page=abc",
        "page=-1",
        "page=999999999999999999999999",
        "activite=vole",
        "q=" + "x" * 5000,
        "q=%27%3B+DROP+TABLE+annuaire_organisation%3B--",
        "q=%25%25%25___",
        "commune=" + "L" * 5000,
        "forme=" + "&forme=".join(str(n) for n in range(200)),
    ],
)
def test_bad_input_never_fails(client, directory_page, organisations, query):
    response = client.get("/annuaire/?" + query)
    assert response.status_code == 200


def test_nul_character_is_refused_politely(client, directory_page, organisations):
    assert client.get("/annuaire/?q=a%00b").status_code == 400
    assert client.get("/annuaire/?commune=Ly%00on").status_code == 400


def test_unknown_values_are_reported(client, directory_page, organisations):
    response = get(client, "forme=inconnue&departement=ZZ&commune=Nulle-part-sur-terre")
    notices = response.context["filter_notices"]
    assert "Une valeur de filtre inconnue a été ignorée." in notices
    assert any("Commune inconnue" in notice for notice in notices)
    assert response.context["total"] == 4


def test_territory_codes_read_in_capitals(client, directory_page, organisations):
    corse = OrganisationFactory(name="Coopérative corse", slug="coop-corse", commune=commune("2A004"))
    assert listed_names(get(client, "departement=2a")) == [corse.name]


def test_pagination(client, directory_page, settings):
    for n in range(filters.PER_PAGE + 5):
        OrganisationFactory(name=f"Structure {n:02d}", slug=f"structure-{n}")
    first = get(client, "q=structure")
    assert len(first.context["organisations"]) == filters.PER_PAGE
    assert first.context["total"] == filters.PER_PAGE + 5
    assert 'href="?q=structure&amp;page=2"' in first.content.decode()
    second = get(client, "q=structure&page=2")
    assert listed_names(second) == [f"Structure {n:02d}" for n in range(filters.PER_PAGE, filters.PER_PAGE + 5)]
    assert '<meta name="robots" content="noindex, follow">' in second.content.decode()
    beyond = get(client, "q=structure&page=50")
    assert beyond.context["page_obj"].number == 2


@pytest.mark.parametrize("count", [3, 30])
def test_listing_query_count_is_bounded(client, directory_page, offers_page, count):
    for n in range(count):
        organisation = OrganisationFactory(name=f"Structure {n:02d}", slug=f"structure-{n}", commune=commune("69123"))
        organisation.sectors.set([sector("culture")])
        if n % 3 == 0:
            JobOfferFactory(organisation=organisation)
    get(client)  # warm the options and reference caches as production does
    with CaptureQueriesContext(connection) as queries:
        get(client, "secteur=culture&region=84&commune=Lyon+(69)&rayon=30&activite=recrute")
    assert len(queries) <= 15, [query["sql"][:150] for query in queries]
    with CaptureQueriesContext(connection) as cold:
        cache.clear()
        get(client, "forme=association")
    assert len(cold) <= 18


def test_map_is_drawn_by_the_site(client, directory_page, organisations):
    body = get(client).content.decode()
    assert "<svg" in body and "directory-map__dot" in body
    assert "tile" not in body.lower()
    assert not re.search(r'src="https?://', body)


def test_listing_page_weight(client, directory_page):
    for n in range(filters.PER_PAGE):
        OrganisationFactory(name=f"Structure {n:02d}", slug=f"structure-{n}", commune=commune("69123"))
    weight = page_weight(client, "/annuaire/")
    assert weight.status == 200 and not weight.third_party, weight.summary()
    assert weight.compressed_bytes < MAX_COMPRESSED_BYTES, weight.summary()


# -- Organisation page ------------------------------------------------------------------------------------


def test_organisation_page(client, directory_page, organisations):
    response = client.get("/annuaire/terres-communes/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1" in body and "Coopérative Terres Communes" in body
    assert "Maraîchers et cantines scolaires." in body
    assert "contact@terres.test" not in body  # the address is relayed, never shown
    assert 'action="/annuaire/terres-communes/contact/"' in body
    assert body.count("<h1") == 1


def test_hidden_organisation_has_no_page(client, directory_page, organisations):
    assert client.get("/annuaire/en-attente/").status_code == 404
    assert client.get("/annuaire/en-attente/contact/").status_code == 404
    assert client.get("/annuaire/n-existe-pas/").status_code == 404


def test_organisation_page_sections(client, directory_page, organisations, offers_page, home_page):
    organisation = organisations["lyon"]
    offer = JobOfferFactory(organisation=organisation, title="Maraîcher·e en CDI")
    JobOfferFactory(organisation=organisation, title="Offre brouillon", draft=True)
    agenda = AgendaIndexPageFactory(parent=home_page)
    event = EventPageFactory(parent=agenda, organiser=organisation, title="Portes ouvertes de la SCIC")
    EventPageFactory(parent=agenda, organiser=organisation, title="Fête non publiée", live=False)
    magazine = MagazineIndexPageFactory(parent=home_page)
    rubrique = RubriquePageFactory(parent=magazine, title="ESS", slug="ess")
    article = ArticlePageFactory(parent=rubrique, source_organisation=organisation, title="La SCIC fête ses dix ans")
    body = client.get("/annuaire/terres-communes/").content.decode()
    assert "Offres ouvertes" in body and f'href="/emploi/{offer.url_key}/"' in body
    assert "Offre brouillon" not in body
    assert "Prochains évènements" in body and event.url in body
    assert "Fête non publiée" not in body
    assert "Dans le magazine" in body and article.url in body


def test_empty_sections_are_not_shown(client, directory_page, organisations, offers_page):
    body = client.get("/annuaire/theatre-du-lien/").content.decode()
    for title in ("Offres ouvertes", "Prochains évènements", "Dans le magazine"):
        assert title not in body


@pytest.mark.parametrize("count", [1, 8])
def test_organisation_page_query_count(client, directory_page, offers_page, home_page, count):
    """Every section filled, contact through the administrators (no contact address): still bounded."""
    organisation = OrganisationFactory(name="Pleine", slug="pleine", members=[RecruiterFactory()])
    organisation.sectors.set([sector("culture"), sector("environnement")])
    agenda = AgendaIndexPageFactory(parent=home_page)
    magazine = MagazineIndexPageFactory(parent=home_page)
    rubrique = RubriquePageFactory(parent=magazine, title="ESS", slug="ess")
    for _n in range(count):
        JobOfferFactory(organisation=organisation)
        EventPageFactory(parent=agenda, organiser=organisation)
        ArticlePageFactory(parent=rubrique, source_organisation=organisation)
    client.get("/annuaire/pleine/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/annuaire/pleine/")
    assert response.status_code == 200 and response.context["contact_form"] is not None
    assert len(response.context["sections"]) == 3
    assert len(queries) <= 15, [query["sql"][:150] for query in queries]


def test_organization_json_ld(client, directory_page, organisations):
    organisation = organisations["lyon"]
    organisation.website = "https://terres.test/"
    organisation.address = '12 rue des "Coopérateurs" </script>'
    organisation.save()
    body = client.get("/annuaire/terres-communes/").content.decode()
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    data = [json.loads(script) for script in scripts]
    org = next(item for item in data if item.get("@type") == "Organization")
    assert org["name"] == "Coopérative Terres Communes"
    assert org["url"] == "http://localhost/annuaire/terres-communes/"
    assert org["sameAs"] == ["https://terres.test/"]
    assert org["identifier"]["value"] == organisation.siret
    assert org["address"]["addressLocality"] == "Lyon"
    assert org["address"]["streetAddress"] == '12 rue des "Coopérateurs" </script>'
    assert org["knowsAbout"] == [sector("agriculture-alimentation").label]
    assert "email" not in org
    breadcrumbs = next(item for item in data if item.get("@type") == "BreadcrumbList")
    assert breadcrumbs["itemListElement"][-1]["name"] == "Coopérative Terres Communes"


def test_sitemap_lists_listed_organisations(client, directory_page, organisations):
    assert "/sitemap-structures.xml" in client.get("/sitemap.xml").content.decode()
    body = client.get("/sitemap-structures.xml").content.decode()
    assert "/annuaire/terres-communes/" in body
    assert "/annuaire/en-attente/" not in body


def test_sitemap_is_empty_without_a_public_directory(client, home_page, organisations):
    body = client.get("/sitemap-structures.xml").content.decode()
    assert "/annuaire/" not in body


# -- Contact form -----------------------------------------------------------------------------------------


def contact_data(**overrides):
    data = {
        "name": "Camille Martin",
        "email": "camille@example.test",
        "subject": "Bénévolat",
        "message": "Bonjour,\nje souhaite devenir bénévole.",
        "contact_nickname": "",
    }
    data.update(overrides)
    return data


def test_contact_sends_the_message_to_the_organisation(
    client, directory_page, organisations, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/annuaire/terres-communes/contact/", contact_data())
    assert response.status_code == 302
    assert response["Location"] == "/annuaire/terres-communes/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["contact@terres.test"]
    assert message.extra_headers["Reply-To"] == "camille@example.test"
    assert "Bénévolat" in message.subject
    assert "je souhaite devenir bénévole" in message.body
    followed = client.get(response["Location"])
    assert "Votre message a été transmis" in followed.content.decode()


def test_contact_goes_to_administrators_without_a_contact_address(
    client, directory_page, organisations, django_capture_on_commit_callbacks
):
    admin, member = RecruiterFactory(), RecruiterFactory()
    organisation = OrganisationFactory(name="Sans adresse", slug="sans-adresse", members=[admin, member])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/annuaire/{organisation.slug}/contact/", contact_data())
    assert mail.outbox[0].to == [admin.email]


def test_no_contact_form_without_recipients(client, directory_page, organisations):
    body = client.get("/annuaire/theatre-du-lien/").content.decode()
    assert "contact/" not in body
    response = client.post("/annuaire/theatre-du-lien/contact/", contact_data())
    assert response.status_code == 302
    assert not mail.outbox


def test_contact_form_errors(client, directory_page, organisations):
    response = client.post("/annuaire/terres-communes/contact/", contact_data(email="pas-une-adresse", message=""))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Le formulaire contient 2 erreurs." in body
    assert "Camille Martin" in body  # what was typed is kept
    assert not mail.outbox


def test_contact_form_page_without_javascript(client, directory_page, organisations):
    response = client.get("/annuaire/terres-communes/contact/")
    assert response.status_code == 200
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_contact_honeypot(client, directory_page, organisations):
    response = client.post("/annuaire/terres-communes/contact/", contact_data(contact_nickname="robot"))
    assert response.status_code == 400
    assert "ressemble à celui d’un robot" in response.content.decode()
    assert not mail.outbox


def test_contact_rate_limit(client, directory_page, organisations, settings, django_capture_on_commit_callbacks):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "annuaire.contact": "2/h"}
    with django_capture_on_commit_callbacks(execute=True):
        for _n in range(2):
            assert client.post("/annuaire/terres-communes/contact/", contact_data()).status_code == 302
        # Invalid attempts do not use the quota, but once it is used nothing more is sent.
        response = client.post("/annuaire/terres-communes/contact/", contact_data())
    assert response.status_code == 429
    assert "Trop de messages" in response.content.decode()
    assert len(mail.outbox) == 2


def test_contact_escapes_what_the_visitor_typed(
    client, directory_page, organisations, django_capture_on_commit_callbacks
):
    data = contact_data(name=MARKUP, subject=MARKUP, message=MARKUP + "\n<a href='https://x.test'>lien</a>")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/annuaire/terres-communes/contact/", data)
    assert response.status_code == 302
    message = mail.outbox[0]
    html = next(content for content, mimetype in message.alternatives if mimetype == "text/html")
    for text in (message.body, html, message.subject):
        assert "<script" not in text
    assert "<b>" not in html and "<a href='https://x.test'" not in html
    assert "\n" not in message.subject


def test_membership_without_approval_receives_nothing(
    client, directory_page, organisations, django_capture_on_commit_callbacks
):
    admin, pending = RecruiterFactory(), RecruiterFactory()
    organisation = OrganisationFactory(name="Deux membres", slug="deux-membres", members=[admin])
    OrganisationMembership.objects.create(organisation=organisation, user=pending, is_admin=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/annuaire/{organisation.slug}/contact/", contact_data())
    assert mail.outbox[0].to == [admin.email]


# -- Demo -------------------------------------------------------------------------------------------------


def test_demo_seeder_adds_the_directory_page_once(home_page):
    first = seed_directory_page("small", StringIO())
    again = seed_directory_page("small", StringIO())
    assert first.pk == again.pk
    assert first.live and first.show_in_menus and first.url == "/annuaire/"


# -- Members edit the page --------------------------------------------------------------------------------


def page_data(**overrides):
    data = {
        "address": "3 place des Coopératives",
        "postcode": "69001",
        "commune": "Lyon (69)",
        "website": "https://terres.example",
        "email": "bonjour@terres.example",
        "description": "Nouvelle présentation : maraîchage bio.",
        "sectors": [str(sector("culture").pk)],
        "contact_nickname": "",
    }
    data.update(overrides)
    return data


def test_a_member_edits_the_page_of_a_verified_organisation(client, directory_page):
    member = RecruiterFactory()
    organisation = OrganisationFactory(name="Terres", slug="terres", members=[RecruiterFactory(), member])
    client.force_login(member)
    url = f"/espace/structures/{organisation.pk}/modifier/"
    assert client.get(url).status_code == 200
    response = client.post(url, page_data(name="Autre nom", description=MARKUP))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Terres"  # the verified identity is not in this form
    assert organisation.email == "bonjour@terres.example"
    assert "<script" not in organisation.description and "<b>" not in organisation.description
    assert list(organisation.sectors.values_list("slug", flat=True)) == ["culture"]
    body = client.get("/annuaire/terres/").content.decode()
    assert "3 place des Coopératives" in body and "bonjour@terres.example" not in body
    assert "<b>gras</b>" not in body


def test_only_members_edit_the_page(client, directory_page):
    organisation = OrganisationFactory(members=[RecruiterFactory()])
    url = f"/espace/structures/{organisation.pk}/modifier/"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(RecruiterFactory())
    assert client.get(url).status_code == 404
    assert client.post(url, page_data()).status_code == 404
    pending = RecruiterFactory()
    OrganisationMembership.objects.create(organisation=organisation, user=pending)
    client.force_login(pending)
    assert client.get(url).status_code == 404


def test_unverified_organisation_changes_wait_for_verification(client, directory_page):
    member = RecruiterFactory()
    organisation = OrganisationFactory(slug="nouvelle", is_verified=False, members=[member])
    client.force_login(member)
    response = client.post(f"/espace/structures/{organisation.pk}/modifier/", page_data(), follow=True)
    assert "paraîtra une fois la structure vérifiée" in response.content.decode()
    assert client.get("/annuaire/nouvelle/").status_code == 404


def test_page_form_errors_and_honeypot(client, directory_page):
    member = RecruiterFactory()
    organisation = OrganisationFactory(members=[member])
    client.force_login(member)
    url = f"/espace/structures/{organisation.pk}/modifier/"
    response = client.post(url, page_data(postcode="12", website="javascript:alert(1)", commune="Nulle-part"))
    assert response.status_code == 400
    assert "Le formulaire contient 3 erreurs." in response.content.decode()
    response = client.post(url, page_data(contact_nickname="https://spam.example"))
    assert response.status_code == 400
    organisation.refresh_from_db()
    assert organisation.email == ""

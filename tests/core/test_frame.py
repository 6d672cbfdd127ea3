"""The site frame (`core.frame`): the Site, its settings and menu kept in process memory, forgotten as
soon as any of them changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site
from wagtailseo.models import SeoSettings

from core import frame
from home.models import SiteSettings
from tests.factories import HomePageFactory, StandardPageFactory
from tests.home.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def settings_row(home_page):
    site = Site.objects.get(is_default_site=True)
    row = SiteSettings.for_site(site)
    row.tagline, row.footer_text = "Première signature", "Pied de page"
    row.save()
    return row


def menu(response) -> list[str]:
    nav = parse(response).xpath("//nav[@aria-label='Navigation principale']")[0]
    return [a.text_content().strip() for a in nav.xpath(".//a")]


def queries_of(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_a_settings_edit_shows_on_the_next_request(client, settings_row):
    assert "Première signature" in client.get("/").content.decode()
    assert "Première signature" in client.get("/").content.decode()  # from the frame

    settings_row.tagline = "Nouvelle signature"
    settings_row.save()

    body = client.get("/").content.decode()
    assert "Nouvelle signature" in body
    assert "Première signature" not in body


def test_seo_settings_edit_shows_on_the_next_request(client, home_page, settings_row):
    client.get("/")
    seo = SeoSettings.for_site(Site.objects.get(is_default_site=True))
    seo.twitter_meta = True
    seo.twitter_site = "solidaires_ess"
    seo.save()

    assert "@solidaires_ess" in client.get("/").content.decode()


def test_a_newly_published_page_appears_in_the_menu_at_once(client, home_page, settings_row):
    StandardPageFactory(parent=home_page, title="À propos", slug="a-propos", show_in_menus=True)
    assert menu(client.get("/")) == ["À propos", "Se connecter"]

    draft = StandardPageFactory(
        parent=home_page, title="Agenda local", slug="agenda-local", show_in_menus=True, live=False
    )
    assert menu(client.get("/")) == ["À propos", "Se connecter"]
    draft.save_revision().publish()
    assert menu(client.get("/")) == ["À propos", "Agenda local", "Se connecter"]

    draft.refresh_from_db()
    draft.unpublish()
    assert menu(client.get("/")) == ["À propos", "Se connecter"]


def test_a_page_put_behind_a_view_restriction_leaves_the_menu_at_once(client, home_page, settings_row):
    page = StandardPageFactory(parent=home_page, title="Réservé", slug="reserve", show_in_menus=True)
    assert "Réservé" in menu(client.get("/"))

    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert "Réservé" not in menu(client.get("/"))
    restriction.delete()
    assert "Réservé" in menu(client.get("/"))


def test_a_renamed_or_moved_menu_page_shows_at_once(client, home_page, settings_row):
    page = StandardPageFactory(parent=home_page, title="À propos", slug="a-propos", show_in_menus=True)
    other = StandardPageFactory(parent=home_page, title="Rubrique", slug="rubrique", show_in_menus=False)
    client.get("/")
    page.title = "Qui sommes-nous"
    page.save_revision().publish()
    assert "Qui sommes-nous" in menu(client.get("/"))

    page.refresh_from_db()
    page.move(other, pos="last-child")
    assert "Qui sommes-nous" not in menu(client.get("/"))


def test_the_frame_saves_queries_on_the_next_requests(client, home_page, settings_row):
    StandardPageFactory(parent=home_page, title="À propos", slug="a-propos", show_in_menus=True)
    first = queries_of(client, "/a-propos/")
    second = queries_of(client, "/a-propos/")
    # Site, settings (2), view restrictions, menu and the home page are read once per frame.
    assert second <= first - 4


def test_cache_versions_are_read_once_per_request(client, home_page, settings_row, monkeypatch):
    client.get("/")
    reads = []
    original = frame.current_versions
    monkeypatch.setattr(frame, "current_versions", lambda keys: reads.append(keys) or original(keys))

    client.get("/")

    assert len(reads) == 1


def test_the_frames_are_bounded(rf, home_page, settings_row, monkeypatch):
    monkeypatch.setattr(frame, "MAX_FRAMES", 3)
    for number in range(5):
        request = rf.get("/", HTTP_HOST="localhost")
        request._core_cache_versions = dict.fromkeys(frame.FRAME_VERSION_KEYS, number)
        frame.frame_for_request(request)
    assert len(frame._frames) == 3


def test_without_cache_versions_the_frame_is_built_and_not_kept(rf, home_page, settings_row):
    request = rf.get("/", HTTP_HOST="localhost")
    request._core_cache_versions = dict.fromkeys(frame.FRAME_VERSION_KEYS)

    built = frame.frame_for_request(request)

    assert built.site.root_page.pk == home_page.pk
    assert len(frame._frames) == 0


def test_a_regional_site_has_its_own_frame(client, home_page, settings_row):
    regional_home = HomePageFactory(parent=home_page.get_parent(), title="Solidaires Bretagne", slug="bretagne")
    regional = Site.objects.create(hostname="bretagne.localhost", port=80, root_page=regional_home)
    SiteSettings.objects.create(site=regional, tagline="Signature bretonne")
    StandardPageFactory(parent=regional_home, title="Breizh", slug="breizh", show_in_menus=True)

    national = client.get("/").content.decode()
    breton = client.get("/", HTTP_HOST="bretagne.localhost")

    assert "Première signature" in national and "Signature bretonne" not in national
    assert "Signature bretonne" in breton.content.decode()
    assert menu(breton) == ["Breizh", "Se connecter"]


def test_answers_that_read_nothing_of_the_frame_do_not_build_nor_read_it(client, home_page, monkeypatch):
    """robots.txt reads no Site, setting or menu: the frame is neither looked up (no cache versions read)
    nor installed; a page reads it and gets it."""
    looked_up = []
    real = frame.frame_for_request
    monkeypatch.setattr(frame, "frame_for_request", lambda request: looked_up.append(request.path) or real(request))
    assert client.get("/robots.txt").status_code == 200
    assert looked_up == []
    assert client.get("/").status_code == 200
    assert looked_up == ["/"]  # once, on the first read of any of its attributes


def test_a_lazy_request_reads_the_frame_like_an_installed_one(rf, home_page, settings_row):
    request = rf.get("/")
    request.__class__ = frame.lazy_request_class(type(request))
    assert isinstance(request, type(rf.get("/")))
    assert Site.find_for_request(request).root_page_id == home_page.pk
    assert SiteSettings.for_request(request).tagline == "Première signature"
    request._main_navigation = ["mine"]  # what a request sets wins over the frame's
    assert request._main_navigation == ["mine"]

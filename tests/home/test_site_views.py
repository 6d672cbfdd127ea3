"""What every visitor, crawler and attacker gets from the site frame: robots, sitemap, headers, errors."""

import gzip
import urllib.robotparser
from xml.etree import ElementTree

import pytest
from django.http import Http404
from django.test import Client
from wagtail.models import PageViewRestriction

from home.views import page_not_found, server_error

from .html import h1s, parse

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_robots_txt_keeps_crawlers_out_of_private_areas_and_names_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(response.content.decode().splitlines())
    assert parser.can_fetch("*", "http://testserver/")
    assert parser.can_fetch("*", "http://testserver/a-propos/")
    assert not parser.can_fetch("*", "http://testserver/admin/")
    assert not parser.can_fetch("*", "http://testserver/admin/pages/")
    assert not parser.can_fetch("*", "http://testserver/espace/")
    assert parser.site_maps() == ["http://testserver/sitemap.xml"]


def test_robots_txt_sitemap_url_follows_the_host(client):
    response = client.get("/robots.txt", HTTP_HOST="www.solidaires.example", secure=True)
    assert "Sitemap: https://www.solidaires.example/sitemap.xml" in response.content.decode()


def test_sitemap_lists_live_public_pages_only(client, site):
    PageViewRestriction.objects.create(page=site["legal"], restriction_type=PageViewRestriction.LOGIN)

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    sections = [loc.text for loc in ElementTree.fromstring(response.content).iterfind("sm:sitemap/sm:loc", SITEMAP_NS)]
    assert "http://testserver/sitemap-pages.xml" in sections
    locations = []
    for section in sections:
        section_response = client.get(section.removeprefix("http://testserver"))
        assert section_response.status_code == 200
        tree = ElementTree.fromstring(section_response.content)
        locations += [loc.text for loc in tree.iterfind("sm:url/sm:loc", SITEMAP_NS)]
    assert "http://localhost/" in locations
    assert "http://localhost/a-propos/" in locations
    assert "http://localhost/a-propos/equipe/" in locations
    assert "http://localhost/contact/" in locations
    assert not [url for url in locations if "brouillon" in url]
    assert not [url for url in locations if "mentions-legales" in url]


def test_private_pages_stay_out_of_menus_and_section_lists(client, site):
    site["about"].show_in_menus = True
    PageViewRestriction.objects.create(page=site["contact"], restriction_type=PageViewRestriction.LOGIN)
    PageViewRestriction.objects.create(page=site["team"], restriction_type=PageViewRestriction.LOGIN)

    tree = parse(client.get("/a-propos/"))

    menu = [a.text_content().strip() for a in tree.xpath("//nav[@aria-label='Navigation principale']//a")]
    assert menu == ["À propos", "Se connecter"]
    assert not tree.xpath("//nav[@aria-labelledby='sous-pages']")
    assert client.get("/contact/").status_code == 302  # to the login page


def test_favicon_redirects_to_the_svg_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code in (301, 302)
    assert response["Location"].startswith("/static/favicon") and response["Location"].endswith(".svg")
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert icon["Content-Type"] == "image/svg+xml"


def test_public_pages_send_a_strict_content_security_policy(client, site):
    response = client.get("/a-propos/")

    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/", "/a-propos/", "/nexiste-pas/", "/comptes/login/", "/robots.txt"])
def test_every_public_response_carries_the_strict_policy(client, site, path):
    response = client.get(path)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/", "/a-propos/", "/comptes/login/", "/comptes/signup/"])
def test_public_pages_have_no_inline_script_or_style_the_policy_would_block(client, site, path):
    tree = parse(client.get(path))

    inline_scripts = [s for s in tree.xpath("//script[not(@src)]") if s.get("type") != "application/ld+json"]
    assert inline_scripts == []
    assert tree.xpath("//*[@style]") == []
    assert tree.xpath("//style") == []
    assert tree.xpath("//*[@*[starts-with(name(), 'on')]]") == []


def test_admin_gets_the_looser_policy_it_needs(client, editor):
    client.force_login(editor)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert csp_directives(response)["script-src"] == ["'self'", "'unsafe-inline'"]
    assert "'unsafe-inline'" in csp_directives(client.get("/admin/login/"))["style-src"]


def test_html_is_gzip_compressed_when_the_browser_accepts_it(client, site):
    response = client.get("/a-propos/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    assert "<h1" in html and "À propos" in html
    assert len(response.content) < len(html.encode()) / 2


def test_html_is_not_compressed_for_clients_that_do_not_ask(client, site):
    response = client.get("/a-propos/")
    assert not response.has_header("Content-Encoding")
    assert "À propos" in response.content.decode()


def test_unknown_url_gets_the_french_404(client, site):
    response = client.get("/cette-page-nexiste-pas/")

    assert response.status_code == 404
    tree = parse(response)
    assert tree.get("lang") == "fr"
    assert h1s(response) == ["Page introuvable"]
    assert "La page que vous cherchez n’existe pas ou n’existe plus." in response.content.decode()
    assert tree.xpath("//a[@href='/']")
    assert tree.xpath("//meta[@name='robots']/@content") == ["noindex"]


def test_unknown_url_under_a_django_prefix_gets_the_french_404(client, home_page):
    response = client.get("/espace/nexiste-pas/")
    assert response.status_code == 404
    assert h1s(response) == ["Page introuvable"]


def test_404_handler_makes_no_database_query(rf, django_assert_num_queries):
    request = rf.get("/nulle-part/")
    with django_assert_num_queries(0):
        response = page_not_found(request, Http404("introuvable"))
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_500_handler_makes_no_database_query(rf, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()


@pytest.mark.urls("tests.home.urls_errors")
def test_unexpected_error_shows_the_french_500_without_a_traceback(settings, home_page):
    assert settings.DEBUG is False
    client = Client(raise_request_exception=False)

    response = client.get("/casse/")

    assert response.status_code == 500
    html = response.content.decode()
    assert h1s(response) == ["Une erreur est survenue"]
    assert parse(response).get("lang") == "fr"
    assert "Traceback" not in html
    assert "hunter2" not in html
    assert "RuntimeError" not in html


@pytest.mark.urls("tests.home.urls_errors")
@pytest.mark.parametrize(
    "path, status, title", [("/interdit/", 403, "Accès refusé"), ("/suspect/", 400, "Requête incorrecte")]
)
def test_other_error_pages_are_french_too(client, path, status, title):
    response = client.get(path)

    assert response.status_code == status
    assert parse(response).get("lang") == "fr"
    assert h1s(response) == [title]
    assert "internal reason" not in response.content.decode()


def test_html_sitemap_lists_the_live_public_pages_in_tree_order(client, site, django_assert_max_num_queries):
    client.get("/")  # the site frame (core.frame) is built once, not per page
    with django_assert_max_num_queries(5):
        response = client.get("/plan-du-site/")
    assert response.status_code == 200
    tree = parse(response)
    assert h1s(response) == ["Plan du site"]
    links = tree.xpath("//ul[@class='sitemap']//a")
    assert links[0].text == "Accueil"
    titles = [link.text for link in links]
    assert "À propos" in titles
    assert "Brouillon secret" not in titles
    assert tree.xpath("//footer//a[@href='/plan-du-site/']")


def test_view_restrictions_still_guard_pages_and_their_children(client, site, candidate, django_assert_max_num_queries):
    """The restrictions are read once per request (shared with the menu); they still apply below."""
    about = site["about"]
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    for url in ("/a-propos/", "/a-propos/equipe/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/comptes/connexion/" in response["Location"] or "login" in response["Location"]
    client.force_login(candidate)
    assert client.get("/a-propos/equipe/").status_code == 200
    assert "no-cache" in client.get("/a-propos/")["Cache-Control"]


def test_password_restriction_asks_for_the_password(client, site):
    PageViewRestriction.objects.create(
        page=site["legal"], restriction_type=PageViewRestriction.PASSWORD, password="secret-de-redaction"
    )
    response = client.get(site["legal"].url)
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
    assert "Mentions" not in "".join(h1s(response))


@pytest.mark.django_db
def test_the_main_navigation_has_its_partial_index():
    """Every page lists the menu; without this index the query reads the whole page table."""
    from django.db import connection

    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "wagtailcore_page")
    assert constraints["home_page_in_menus"]["columns"] == ["path"]

"""The Content-Security-Policy (`config.middleware.SiteCSPMiddleware`, django-csp 4): the strict public
policy everywhere, the admin's under `ADMIN_PATH_PREFIX`, a view's own header kept, and a nonce in
`script-src` only when a template or view uses `request.csp_nonce`."""

from unittest import mock

import pytest
from csp.decorators import csp_exempt, csp_replace, csp_update
from csp.exceptions import CSPNonceError
from csp.utils import build_policy
from django.http import HttpResponse
from django.template import engines
from django.template.response import TemplateResponse
from django.test import RequestFactory
from django.urls import include, path

from config import urls as site_urls
from config.middleware import SiteCSPMiddleware

HEADER = "Content-Security-Policy"


def policy(response) -> dict[str, list[str]]:
    """The header as {directive: sources}, whatever the order django-csp writes them in."""
    directives = {}
    for part in response[HEADER].split(";"):
        name, *sources = part.split()
        assert name not in directives, f"{name} twice"
        directives[name] = sources
    return directives


def expected(settings_policy) -> dict[str, list[str]]:
    return {name: list(sources) for name, sources in settings_policy["DIRECTIVES"].items()}


def nonce_sources(directives) -> list[str]:
    return [source for sources in directives.values() for source in sources if source.startswith("'nonce-")]


# --- Views of these tests, served through the whole middleware stack -----------------------------

NONCE_TEMPLATE = '<script nonce="{{ request.csp_nonce }}">document.documentElement.className = "js"</script>'


def plain_view(request):
    return HttpResponse("<p>Rien en ligne</p>")


def nonce_view(request):
    return TemplateResponse(request, engines["django"].from_string(NONCE_TEMPLATE), {})


def nonce_in_code_view(request):
    return HttpResponse(f"nonce={request.csp_nonce}")


def own_header_view(request):
    response = HttpResponse("<p>Carte</p>")
    response[HEADER] = "default-src 'none'; frame-ancestors 'self'"
    return response


@csp_update({"img-src": ["https://tuiles.exemple.fr"]})
def updated_view(request):
    return HttpResponse("<p>Carte</p>")


@csp_replace({"frame-src": ["https://video.exemple.fr"]})
def replaced_view(request):
    return HttpResponse("<p>Vidéo</p>")


@csp_update({"script-src": ["https://stats.exemple.fr"]})
def updated_nonce_view(request):
    return HttpResponse(f"nonce={request.csp_nonce}")


@csp_exempt()
def exempt_view(request):
    return HttpResponse("<p>Sans politique</p>")


urlpatterns = [
    path("essai-csp/", plain_view),
    path("essai-csp/nonce/", nonce_view),
    path("essai-csp/nonce-code/", nonce_in_code_view),
    path("essai-csp/entete/", own_header_view),
    path("essai-csp/ajout/", updated_view),
    path("essai-csp/remplacement/", replaced_view),
    path("essai-csp/ajout-nonce/", updated_nonce_view),
    path("essai-csp/exempte/", exempt_view),
    path("admin/essai-csp/nonce/", nonce_view),
    path("", include(site_urls)),
]

uses_test_views = pytest.mark.urls(__name__)


# --- The public policy ---------------------------------------------------------------------------


def test_public_pages_get_the_strict_policy(client, home_page, settings):
    response = client.get("/")
    assert response.status_code == 200
    directives = policy(response)
    assert directives == expected(settings.CONTENT_SECURITY_POLICY)
    assert directives["script-src"] == ["'self'"] and directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response[HEADER] and "'unsafe-eval'" not in response[HEADER]
    assert not nonce_sources(directives)


def test_error_pages_get_the_strict_policy_too(client, home_page, settings):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert policy(response) == expected(settings.CONTENT_SECURITY_POLICY)


def test_a_redirect_gets_the_strict_policy(client, db, settings):
    response = client.get("/espace/")
    assert response.status_code == 302
    assert policy(response) == expected(settings.CONTENT_SECURITY_POLICY)


# --- The admin's policy --------------------------------------------------------------------------


def test_the_admin_gets_its_own_policy(client, home_page, editor, settings):
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    directives = policy(response)
    assert directives == expected(settings.ADMIN_CONTENT_SECURITY_POLICY)
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["frame-ancestors"] == ["'self'"]  # the page preview's frame
    assert "blob:" in directives["img-src"]
    assert directives["object-src"] == ["'none'"] and directives["base-uri"] == ["'self'"]


def test_the_admin_policy_covers_its_redirects(client, db, settings):
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert policy(response) == expected(settings.ADMIN_CONTENT_SECURITY_POLICY)


def test_the_admin_policy_stays_under_the_prefix():
    assert "'unsafe-inline'" not in csp_for("/administration-publique/")
    assert "'unsafe-inline'" not in csp_for("/agenda/admin/")
    assert "'unsafe-inline'" in csp_for("/admin/images/")


def test_the_admin_prefix_is_read_from_the_settings(settings):
    settings.ADMIN_PATH_PREFIX = "/gestion/"
    assert "'unsafe-inline'" in csp_for("/gestion/pages/")
    assert "'unsafe-inline'" not in csp_for("/admin/pages/")


def csp_for(path_info: str, view=plain_view) -> str:
    return SiteCSPMiddleware(view)(RequestFactory().get(path_info))[HEADER]


# --- A view's own policy -------------------------------------------------------------------------


@uses_test_views
def test_a_views_own_header_is_kept(client, db):
    response = client.get("/essai-csp/entete/")
    assert response[HEADER] == "default-src 'none'; frame-ancestors 'self'"


@uses_test_views
def test_a_view_may_add_sources(client, db):
    directives = policy(client.get("/essai-csp/ajout/"))
    assert directives["img-src"] == ["'self'", "data:", "https://tuiles.exemple.fr"]
    assert directives["script-src"] == ["'self'"]


@uses_test_views
def test_a_view_may_replace_a_directive(client, db):
    directives = policy(client.get("/essai-csp/remplacement/"))
    assert directives["frame-src"] == ["https://video.exemple.fr"]
    assert directives["default-src"] == ["'self'"]


@uses_test_views
def test_a_view_may_go_without_a_policy(client, db):
    assert HEADER not in client.get("/essai-csp/exempte/")


@uses_test_views
def test_a_plain_view_gets_the_strict_policy(client, db, settings):
    assert policy(client.get("/essai-csp/")) == expected(settings.CONTENT_SECURITY_POLICY)


# --- The nonce -----------------------------------------------------------------------------------


@uses_test_views
def test_a_template_using_the_nonce_gets_it_in_script_src(client, db, settings):
    response = client.get("/essai-csp/nonce/")
    nonce = response.context["request"].csp_nonce
    assert f'<script nonce="{nonce}">' in response.content.decode()
    directives = policy(response)
    assert directives["script-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert nonce_sources(directives) == [f"'nonce-{nonce}'"]  # scripts only: styles stay without inline
    rest = {name: sources for name, sources in directives.items() if name != "script-src"}
    assert rest == {
        name: sources for name, sources in expected(settings.CONTENT_SECURITY_POLICY).items() if name != "script-src"
    }


@uses_test_views
def test_a_view_using_the_nonce_gets_it_in_script_src(client, db):
    response = client.get("/essai-csp/nonce-code/")
    nonce = response.content.decode().removeprefix("nonce=")
    assert len(nonce) >= 22
    assert policy(response)["script-src"] == ["'self'", f"'nonce-{nonce}'"]


@uses_test_views
def test_each_response_has_its_own_nonce(client, db):
    first, second = (client.get("/essai-csp/nonce-code/").content for _ in range(2))
    assert first != second


@uses_test_views
def test_the_nonce_joins_the_sources_a_view_added(client, db):
    response = client.get("/essai-csp/ajout-nonce/")
    nonce = response.content.decode().removeprefix("nonce=")
    assert policy(response)["script-src"] == ["'self'", "https://stats.exemple.fr", f"'nonce-{nonce}'"]


@uses_test_views
def test_without_the_nonce_there_is_none_in_the_policy(client, db):
    assert not nonce_sources(policy(client.get("/essai-csp/")))


@uses_test_views
def test_the_admin_never_gets_a_nonce_that_would_disable_its_inline_scripts(client, editor):
    client.force_login(editor)
    response = client.get("/admin/essai-csp/nonce/")
    assert response.status_code == 200
    directives = policy(response)
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert not nonce_sources(directives)


def test_the_nonce_in_the_policy_is_the_one_the_page_used():
    seen = {}

    def view(request):
        seen["nonce"] = str(request.csp_nonce)
        seen["again"] = str(request.csp_nonce)
        return HttpResponse("")

    response = SiteCSPMiddleware(view)(RequestFactory().get("/agenda/"))
    assert seen["nonce"] == seen["again"]
    assert policy(response)["script-src"] == ["'self'", f"'nonce-{seen['nonce']}'"]


def test_a_plain_policy_is_built_once_then_again_when_the_settings_change(settings):
    middleware = SiteCSPMiddleware(plain_view)
    first = middleware(RequestFactory().get("/agenda/"))[HEADER]
    admin = middleware(RequestFactory().get("/admin/pages/"))[HEADER]
    with mock.patch("config.middleware.build_policy", wraps=build_policy) as build:
        assert middleware(RequestFactory().get("/magazine/"))[HEADER] == first
        assert middleware(RequestFactory().get("/admin/images/"))[HEADER] == admin
        assert build.call_count == 0
        settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
        assert middleware(RequestFactory().get("/agenda/"))[HEADER] == "default-src 'none'"
        assert build.call_count == 1


def test_the_nonce_cannot_be_read_once_a_plain_policy_is_written():
    request = RequestFactory().get("/agenda/")
    SiteCSPMiddleware(plain_view)(request)
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)

"""core.response_cache: a kept response is served from the cache, compressed when the client accepts it,
and only 200 answers without cookies are kept."""

import gzip

import pytest
from django.http import HttpResponse, HttpResponseNotFound
from django.test import RequestFactory

from core.response_cache import cached_response, response_key

BODY = ("<item>Une offre de l’ESS</item>\n" * 40).encode()


@pytest.fixture
def builds():
    made = []

    def build(response=None):
        def inner():
            made.append(1)
            built = response or HttpResponse(BODY, content_type="application/rss+xml; charset=utf-8")
            built["Cache-Control"] = "public, max-age=600"
            return built

        return inner

    build.count = made
    return build


def get(accept="gzip, deflate, br"):
    return RequestFactory().get("/flux/", HTTP_ACCEPT_ENCODING=accept)


def test_built_once_then_read_from_the_cache(builds):
    key = response_key("test", 1, "host", "q=1")
    first = cached_response(get(), key, builds(), 60)
    second = cached_response(get(), key, builds(), 60)
    assert len(builds.count) == 1
    assert first.content == second.content
    assert second["Content-Encoding"] == "gzip"
    assert gzip.decompress(second.content) == BODY
    assert second["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert second["Cache-Control"] == "public, max-age=600"
    assert "Accept-Encoding" in second["Vary"]
    assert int(second["Content-Length"]) == len(second.content)


def test_plain_body_for_a_client_without_gzip(builds):
    key = response_key("test", 1, "host")
    cached_response(get(), key, builds(), 60)
    response = cached_response(get(accept="identity"), key, builds(), 60)
    assert not response.has_header("Content-Encoding")
    assert response.content == BODY
    assert "Accept-Encoding" in response["Vary"]


def test_a_new_version_or_selector_is_another_key():
    assert response_key("test", 1, "host", "a") != response_key("test", 2, "host", "a")
    assert response_key("test", 1, "host", "a") != response_key("test", 1, "host", "b")
    assert response_key("test", 1, "a", "bc") != response_key("test", 1, "ab", "c")


def test_errors_and_responses_with_cookies_are_never_kept(builds):
    key = response_key("test", 1, "missing")
    for _ in range(2):
        assert cached_response(get(), key, builds(HttpResponseNotFound("absent")), 60).status_code == 404
    assert len(builds.count) == 2

    with_cookie = HttpResponse(BODY)
    with_cookie.set_cookie("sessionid", "secret")
    key = response_key("test", 1, "cookie")
    for _ in range(2):
        cached_response(get(), key, builds(with_cookie), 60)
    assert len(builds.count) == 4


def test_small_bodies_are_not_compressed():
    key = response_key("test", 1, "small")
    response = cached_response(get(), key, lambda: HttpResponse(b"ok"), 60)
    response = cached_response(get(), key, lambda: HttpResponse(b"never built"), 60)
    assert response.content == b"ok"
    assert not response.has_header("Content-Encoding")


def test_gzip_refused_with_q_0_gets_the_plain_body(builds):
    key = response_key("test", 1, "q0")
    cached_response(get(), key, builds(), 60)
    for accept in ("gzip;q=0", "gzip;q=0.0, identity"):
        response = cached_response(get(accept=accept), key, builds(), 60)
        assert not response.has_header("Content-Encoding")
        assert response.content == BODY


def test_validators_are_kept():
    key = response_key("test", 1, "validators")

    def build():
        response = HttpResponse(BODY)
        response["Last-Modified"] = "Mon, 23 Nov 2026 10:00:00 GMT"
        response["ETag"] = '"abc"'
        return response

    cached_response(get(), key, build, 60)
    response = cached_response(get(), key, build, 60)
    assert response["Last-Modified"] == "Mon, 23 Nov 2026 10:00:00 GMT"
    assert response["ETag"] == '"abc"'

"""Audience without trackers (core.audience): what is counted, what is never stored, Redis failing."""

import datetime
import os
import time
from collections import Counter

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from core import audience
from core.models import PageViewDay, ReferrerDay

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"


@pytest.fixture(autouse=True)
def _empty_buffer():
    audience._take_buffer()
    yield
    audience._take_buffer()


@pytest.mark.parametrize(
    "user_agent",
    [
        "",
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "curl/8.5",
        "python-requests/2.32",
        "facebookexternalhit/1.1",
    ],
)
def test_bots_are_left_out(user_agent):
    assert audience.is_bot(user_agent)


def test_a_browser_is_counted():
    assert not audience.is_bot(BROWSER)


@pytest.mark.parametrize(
    ("referer", "domain"),
    [
        ("https://www.qwant.com/?q=ess", "www.qwant.com"),
        ("https://testserver/magazine/", ""),
        ("javascript:alert(1)", ""),
        ("http://[::1", ""),
        ("", ""),
    ],
)
def test_referrer_domain_only(referer, domain):
    assert audience.referrer_domain(referer, "testserver") == domain


@override_settings(AUDIENCE_COUNTING=True)
def test_pages_counted_per_day_without_cookie_nor_address(client, home_page):
    for _ in range(3):
        response = client.get("/", headers={"User-Agent": BROWSER, "Referer": "https://www.qwant.com/?q=ess"})
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers
    client.get("/", headers={"User-Agent": "Googlebot/2.1"})
    client.get("/admin/", headers={"User-Agent": BROWSER})
    client.get("/nulle-part/", headers={"User-Agent": BROWSER})  # 404: not counted
    audience.flush_buffer()
    today = timezone.localdate()
    assert list(PageViewDay.objects.values_list("day", "path", "views")) == [(today, "/", 3)]
    assert list(ReferrerDay.objects.values_list("domain", "views")) == [("www.qwant.com", 3)]
    stored = [str(value) for row in PageViewDay.objects.values() for value in row.values()]
    assert not any("127.0.0.1" in value or "Mozilla" in value for value in stored)


@pytest.mark.django_db
def test_counts_add_up_across_flushes():
    day = datetime.date(2026, 3, 2).isoformat()
    audience.store(Counter({(day, "/a/", ""): 2, (day, "/b/", "exemple.org"): 1}))
    audience.store(Counter({(day, "/a/", "exemple.org"): 5}))
    assert dict(PageViewDay.objects.values_list("path", "views")) == {"/a/": 7, "/b/": 1}
    assert ReferrerDay.objects.get().views == 6


@pytest.mark.django_db
def test_a_failing_store_keeps_the_counts_and_never_raises(monkeypatch):
    def broken(counts):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(audience, "store", broken)
    audience.record("/magazine/")
    audience.flush_buffer()
    assert sum(audience._buffer.values()) == 1  # kept for the next flush
    monkeypatch.undo()
    audience.flush_buffer()
    assert PageViewDay.objects.get().views == 1


@override_settings(AUDIENCE_COUNTING=True)
def test_a_page_never_fails_because_of_counting(client, home_page, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(audience, "record", broken)
    assert client.get("/", headers={"User-Agent": BROWSER}).status_code == 200


def test_buffer_is_bounded(monkeypatch):
    monkeypatch.setattr(audience, "MAX_KEYS", 3)
    monkeypatch.setattr(audience, "FLUSH_SECONDS", 10**9)
    monkeypatch.setattr(audience, "FLUSH_EVERY", 10**9)
    for n in range(10):
        audience.record(f"/page-{n}/")
    assert len(audience._buffer) == 3


REDIS_URL = os.environ.get("REDIS_URL")


@pytest.mark.skipif(not REDIS_URL, reason="needs Redis (REDIS_URL)")
@pytest.mark.django_db
def test_through_redis_then_drained_to_the_database():
    caches = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"audience-test-{os.getpid()}",
        }
    }
    with override_settings(CACHES=caches):
        audience.record("/agenda/")
        audience.record("/agenda/", "exemple.org")
        audience.flush_buffer()
        assert not PageViewDay.objects.exists()  # buffered in Redis, not yet in the database
        assert audience.drain() == 2
        assert audience.drain() == 0
    assert PageViewDay.objects.get().views == 2
    assert ReferrerDay.objects.get().domain == "exemple.org"


@pytest.mark.django_db
def test_redis_unreachable_keeps_counts_in_the_process():
    caches = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        }
    }
    with override_settings(CACHES=caches):
        audience.record("/emploi/")
        audience.flush_buffer()
    assert sum(audience._buffer.values()) == 1


def test_editors_read_the_figures_in_the_admin(client, home_page, editor, django_assert_max_num_queries):
    day = timezone.localdate().isoformat()
    audience.store(Counter({(day, "/magazine/", "www.qwant.com"): 12, (day, "/<b>x</b>/", ""): 1}))
    client.force_login(editor)
    with django_assert_max_num_queries(30):  # Wagtail's admin frame (menus, permissions) included
        response = client.get(reverse("core_audience"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "/magazine/" in content and "www.qwant.com" in content and "&lt;b&gt;x&lt;/b&gt;" in content
    response = client.get(reverse("core_audience"), {"chemin": "/magazine/", "jours": "7"})
    assert "12" in response.content.decode()


def test_outsiders_do_not_read_the_figures(client, home_page, candidate):
    client.force_login(candidate)
    assert client.get(reverse("core_audience")).status_code in (302, 403)


@pytest.mark.skipif(not REDIS_URL, reason="needs Redis (REDIS_URL)")
@pytest.mark.django_db
def test_the_request_that_makes_a_flush_due_does_not_wait_for_it(monkeypatch):
    caches = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "aud-bg"}}
    monkeypatch.setattr(audience, "FLUSH_EVERY", 3)
    with override_settings(CACHES=caches):
        for _ in range(3):
            audience.record("/conseil/")
        for _ in range(100):  # the background thread's flush
            if not audience._flushing.is_set():
                break
            time.sleep(0.05)
        assert not audience._buffer
        assert audience.drain() == 3

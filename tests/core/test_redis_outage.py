"""With the cache on Redis (production's django-redis settings), a Redis outage slows pages down but never
takes them down, and rate limits let people through (logged) rather than refuse every form."""

import importlib
import logging

import pytest
from django.conf import settings as django_settings

import config.settings.base as base
from core import throttling
from tests.factories import StandardPageFactory
from tests.magazine.factories import ArticlePageFactory, MagazineIndexPageFactory, RubriquePageFactory

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens there: every connection is refused


@pytest.fixture
def redis_down(settings):
    """The production cache settings of config/settings/base.py, pointed at a Redis that is not there."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CLOSED_PORT,
            "KEY_PREFIX": "solidaires-test-outage",
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.25,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    settings.RATE_LIMITS = {**django_settings.RATE_LIMITS, "test.outage": "1/h"}


def test_base_settings_ignore_redis_errors_with_short_timeouts(monkeypatch):
    """What base.py gives the cache when REDIS_URL is set (production requires it)."""
    monkeypatch.setenv("REDIS_URL", CLOSED_PORT)
    try:
        options = importlib.reload(base).CACHES["default"]["OPTIONS"]
    finally:
        monkeypatch.undo()  # the environment as it was (CI sets REDIS_URL), then the module read again
        importlib.reload(base)
    assert options["IGNORE_EXCEPTIONS"] is True
    assert options["SOCKET_CONNECT_TIMEOUT"] <= 0.5 and options["SOCKET_TIMEOUT"] <= 0.5


def test_pages_answer_while_redis_is_down(client, home_page, redis_down, caplog):
    about = StandardPageFactory(parent=home_page, title="À propos", slug="a-propos", show_in_menus=True)
    magazine = MagazineIndexPageFactory(parent=home_page)
    rubrique = RubriquePageFactory(parent=magazine, title="ESS", slug="ess")
    articles = [ArticlePageFactory(parent=rubrique, title=f"Article {n}", slug=f"article-{n}") for n in range(3)]

    with caplog.at_level(logging.ERROR, logger="django_redis"):
        for path in ["/", about.url, magazine.url, rubrique.url, articles[0].url, "/robots.txt", "/sitemap.xml"]:
            for _ in range(2):  # built twice: nothing is kept while the cache is away
                response = client.get(path)
                assert response.status_code == 200, path
        assert "Article 1" in client.get(articles[0].url).content.decode()
    assert any("Exception ignored" in record.message for record in caplog.records)


def test_rate_limits_let_people_through_while_redis_is_down(redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="core.throttling"):
        for _ in range(3):
            throttling.attempt("test.outage", "192.0.2.1")  # over "1/h", yet allowed
        assert not throttling.is_limited("test.outage", "192.0.2.1")
    assert "not counted" in caplog.text

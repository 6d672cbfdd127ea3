"""Fixtures shared by the whole suite: a site with its home page, and one user per role."""

import pytest
from django.core.cache import cache
from wagtail.models import Page, Site

from core.frame import clear_frames
from home.models import HomePage

from .factories import (
    TEST_PASSWORD,
    CandidateFactory,
    ConsultantFactory,
    EditorFactory,
    HomePageFactory,
    ModeratorFactory,
    RecruiterFactory,
)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: allauth's rate limits and Wagtail's site root paths and
    renditions live there, and database ids are reused after each test's rollback. The same goes for
    the site frames this process keeps (`core.frame`)."""
    cache.clear()
    clear_frames()
    yield


@pytest.fixture
def home_page(db) -> HomePage:
    """The site's home page, at the root of the default Site (Wagtail's placeholder removed)."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Solidaires"},
    )
    root.get_children().exclude(pk=home.pk).delete()
    return home


@pytest.fixture
def password() -> str:
    return TEST_PASSWORD


@pytest.fixture
def candidate(db):
    return CandidateFactory()


@pytest.fixture
def recruiter(db):
    return RecruiterFactory()


@pytest.fixture
def consultant(db):
    return ConsultantFactory()


@pytest.fixture
def editor(db):
    return EditorFactory()


@pytest.fixture
def moderator(db):
    return ModeratorFactory()

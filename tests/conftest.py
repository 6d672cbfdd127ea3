"""Fixtures shared by the whole suite: a site with its home page, and one user per role."""

import pytest
from django.core.cache import cache
from wagtail.models import Page, Site
from wagtailseo.models import SeoSettings

from core.frame import clear_frames
from home.models import HomePage, SiteSettings

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
    # The site's settings rows exist, as on any running site: otherwise the first request creates them, a
    # settings change that makes the next one build the site frame (core.frame) again.
    site = Site.objects.get(is_default_site=True)
    SiteSettings.for_site(site)
    SeoSettings.for_site(site)
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

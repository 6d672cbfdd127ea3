"""`core.images.rendition_or_none` reads a rendition without writing it back at every call (Wagtail's
`get_rendition` does: one cache write per call, three per page for JSON-LD and Open Graph)."""

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model

from core.images import prefetch_renditions, rendition_or_none

pytestmark = pytest.mark.django_db


@pytest.fixture
def image(db):
    return wagtail_factories.ImageFactory(title="Assemblée", file__width=800, file__height=600)


@pytest.fixture
def cache_writes(monkeypatch):
    backend = get_image_model().get_rendition_model().cache_backend
    writes = []
    # The test cache's set_many calls set once per key: every key written is counted once.
    for name in ("set", "add"):
        original = getattr(backend, name)
        monkeypatch.setattr(
            backend,
            name,
            lambda *args, _name=name, _original=original, **kwargs: writes.append(_name) or _original(*args, **kwargs),
        )
    return writes


def fresh(image):
    return get_image_model().objects.get(pk=image.pk)


def test_a_rendition_already_cached_is_read_without_writes_nor_queries(image, cache_writes):
    created = rendition_or_none(fresh(image), "original")  # created, then written to the cache once
    assert len(cache_writes) == 1
    cache_writes.clear()

    again = fresh(image)
    with CaptureQueriesContext(connection) as queries:
        first = rendition_or_none(again, "original")
        second = rendition_or_none(again, "original")

    assert first.url == second.url == created.url
    assert cache_writes == []
    assert len(queries) == 0


def test_a_rendition_read_from_the_database_is_written_once(image, cache_writes):
    rendition_or_none(fresh(image), "original")
    backend = get_image_model().get_rendition_model().cache_backend
    backend.clear()
    cache_writes.clear()

    for _ in range(3):
        assert rendition_or_none(fresh(image), "original") is not None

    assert len(cache_writes) == 1  # the first call reads the database and fills the cache


def test_prefetched_renditions_are_neither_written_nor_queried(image, cache_writes):
    rendition_or_none(fresh(image), "original")
    cache_writes.clear()
    again = fresh(image)
    prefetch_renditions([again], ["original"])

    with CaptureQueriesContext(connection) as queries:
        assert rendition_or_none(again, "original") is not None

    assert cache_writes == []
    assert len(queries) == 0


def test_a_changed_focal_point_gives_a_new_rendition(image):
    before = rendition_or_none(fresh(image), "fill-200x200")
    changed = fresh(image)
    changed.focal_point_x, changed.focal_point_y, changed.focal_point_width, changed.focal_point_height = (
        700,
        500,
        50,
        50,
    )
    changed.save()

    after = rendition_or_none(fresh(image), "fill-200x200")

    assert after.focal_point_key != before.focal_point_key

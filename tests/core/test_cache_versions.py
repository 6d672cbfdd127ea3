"""core.cache_versions: a bump forgets at once and again at commit; a lost version never restarts at a
number older entries may still use."""

import pytest
from django.core.cache import cache

from core.cache_versions import bump_version, current_version

KEY = "test:version"

pytestmark = pytest.mark.django_db


def test_a_missing_version_starts_at_a_random_number():
    first = current_version(KEY)
    assert current_version(KEY) == first
    cache.delete(KEY)
    assert current_version(KEY) != first
    assert current_version(KEY) not in (1, 2)


def test_bumped_now_and_again_when_the_transaction_commits(django_capture_on_commit_callbacks):
    start = current_version(KEY)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        bump_version(KEY)
        assert current_version(KEY) == start + 1
    assert len(callbacks) == 1
    callbacks[0]()
    assert current_version(KEY) == start + 2


def test_a_bump_of_an_evicted_version_starts_anew():
    cache.delete(KEY)
    bump_version(KEY)
    assert current_version(KEY) not in (None, 1, 2)

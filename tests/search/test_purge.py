"""The daily purge of counted search queries (`search.tasks.purge_search_counts`)."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion

from search import services
from search.models import UnansweredSearch
from search.tasks import purge_search_counts

pytestmark = pytest.mark.django_db


def test_old_counts_and_orphan_queries_go_recent_and_promoted_ones_stay(home_page):
    today = timezone.localdate()
    old = today - datetime.timedelta(days=settings.WAGTAILSEARCH_HITS_MAX_AGE + 1)
    recent = today - datetime.timedelta(days=3)
    forgotten, kept, promoted = Query.get("forgotten"), Query.get("kept"), Query.get("promoted")
    QueryDailyHits.objects.create(query=forgotten, date=old, hits=4)
    QueryDailyHits.objects.create(query=kept, date=old, hits=2)
    QueryDailyHits.objects.create(query=kept, date=recent, hits=1)
    QueryDailyHits.objects.create(query=promoted, date=old, hits=1)
    SearchPromotion.objects.create(query=promoted, page=home_page, sort_order=0)
    UnansweredSearch.objects.create(query_string="zzyzx", date=old, hits=3)
    UnansweredSearch.objects.create(query_string="zzyzx", date=recent, hits=1)

    assert services.purge_counts() == {"daily_hits": 3, "unanswered": 1, "queries": 1}

    assert set(Query.objects.values_list("query_string", flat=True)) == {"kept", "promoted"}
    assert list(QueryDailyHits.objects.values_list("date", flat=True)) == [recent]
    assert list(UnansweredSearch.objects.values_list("date", flat=True)) == [recent]
    assert purge_search_counts() == {"daily_hits": 0, "unanswered": 0, "queries": 0}  # idempotent


def test_the_purge_is_scheduled_daily_and_watched():
    tasks = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "search.tasks.purge_search_counts" in tasks
    assert "search.tasks.purge_search_counts" in settings.SCHEDULED_JOBS

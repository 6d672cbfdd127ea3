"""Celery tasks of the site search: thin wrappers around `services`."""

from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def purge_search_counts() -> dict[str, int]:
    """Daily (Celery beat): the counted queries older than `WAGTAILSEARCH_HITS_MAX_AGE` days go."""
    return services.purge_counts()

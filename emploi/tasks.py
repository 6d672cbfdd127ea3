"""Celery tasks of job offers: thin, idempotent wrappers around emploi.services."""

from celery import shared_task

from . import services


@shared_task
def close_expired_offers() -> int:
    """Daily (Celery beat): close published offers past their closing date and ask for feedback."""
    return services.close_expired_offers()

"""Celery tasks of the agenda: thin, idempotent wrappers around the services."""

from celery import shared_task

from .submission import purge_unconfirmed_submissions


@shared_task(ignore_result=True)
def purge_unconfirmed_event_submissions() -> int:
    """Delete the proposals whose sender never confirmed the address (their link has expired). Daily (beat)."""
    return purge_unconfirmed_submissions()

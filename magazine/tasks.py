"""Celery tasks of the magazine: thin, idempotent wrappers around Wagtail's commands and the services."""

import io

from celery import shared_task
from django.core.management import call_command


@shared_task(ignore_result=True)
def publish_scheduled_pages() -> str:
    """Publish what reached its go-live date and unpublish what expired (Wagtail's `publish_scheduled`).

    Idempotent: a page already published is not picked again. Run every minute by Celery beat.
    """
    output = io.StringIO()
    call_command("publish_scheduled", stdout=output)
    return output.getvalue()


@shared_task(ignore_result=True)
def purge_unconfirmed_press_releases() -> int:
    """Delete the press releases whose sender never confirmed the address (their link has expired)."""
    from .press.services import purge_unconfirmed_submissions

    return purge_unconfirmed_submissions()

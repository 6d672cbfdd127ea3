"""Celery tasks of the magazine: thin, idempotent wrappers around Wagtail's commands and core's pipeline."""

import io

from celery import shared_task
from django.core.management import call_command

from core.submissions import purge_unconfirmed

from .models import PressReleaseSubmission


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
    return purge_unconfirmed(PressReleaseSubmission)

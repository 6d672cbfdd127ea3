"""Celery tasks of the newsletter: thin wrappers around `sending`. Each is idempotent (see `sending`):
`acks_late` with `reject_on_worker_lost` puts a task killed with its worker back in the queue."""

import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import composition, sending
from .models import NewsletterPage, SendStatus

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def prepare_letter(letter_id: int) -> int:
    """Fill the send log, then queue one task per chunk of `NEWSLETTER_CHUNK_SIZE` recipients."""
    chunks = sending.prepare(letter_id)
    for first, last in chunks:
        send_letter_chunk.delay(letter_id, first, last)
    if not chunks:
        sending.finish_if_done(letter_id)
    return len(chunks)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=8,
    rate_limit=settings.NEWSLETTER_CHUNK_RATE_LIMIT,
)
def send_letter_chunk(self, letter_id: int, first_id: int, last_id: int) -> int:
    try:
        return sending.send_chunk(letter_id, first_id, last_id)
    except Exception as error:
        logger.warning("Newsletter %s chunk %s-%s failed: %r", letter_id, first_id, last_id, error)
        if self.request.is_eager:
            raise
        raise self.retry(countdown=min(60 * 2**self.request.retries, 3600)) from error


@shared_task
def send_scheduled_letters() -> int:
    """Every few minutes (beat): start the letters whose time has come, and queue again the chunks of
    letters still sending (a lost task, a broker outage): the send log skips what was sent."""
    started = 0
    due = NewsletterPage.objects.filter(send_status=SendStatus.SCHEDULED, scheduled_at__lte=timezone.now())
    for letter_id in due.values_list("pk", flat=True):
        if NewsletterPage.objects.filter(pk=letter_id, send_status=SendStatus.SCHEDULED).update(
            send_status=SendStatus.SENDING, sending_started_at=timezone.now()
        ):
            prepare_letter.delay(letter_id)
            started += 1
    stale = timezone.now() - settings.NEWSLETTER_RESUME_AFTER
    for letter_id in NewsletterPage.objects.filter(
        send_status=SendStatus.SENDING, sending_started_at__lt=stale
    ).values_list("pk", flat=True):
        prepare_letter.delay(letter_id)
    return started


@shared_task
def compose_weekly_letters() -> int:
    """Monday morning (beat): the week's draft letter for each weekly list, and on the first Monday of the
    month the recruiters' letter."""
    return len(composition.compose_due_letters())

"""Celery tasks of the site core: thin wrappers around home.emails."""

import logging
from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from .emails import deliver, queue_delivery
from .models import OutgoingEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


@shared_task(bind=True, max_retries=MAX_ATTEMPTS, acks_late=True)
def deliver_email(self, email_id: int) -> str:
    """Deliver one outbox email. Idempotent: an email already sent is not sent again."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status != OutgoingEmail.Status.PENDING:
            return "skipped"
        email.attempts += 1
        try:
            deliver(email)
        except Exception as error:
            email.last_error = repr(error)[:2000]
            if email.attempts >= MAX_ATTEMPTS:
                email.status = OutgoingEmail.Status.FAILED
            email.save(update_fields=["attempts", "last_error", "status"])
            logger.warning("Email %s failed (attempt %s): %r", email_id, email.attempts, error)
        else:
            email.save(update_fields=["attempts"])
            return "sent"
    if email.status == OutgoingEmail.Status.FAILED:
        return "failed"
    if self.request.is_eager:
        # No worker to retry later (development): the periodic re-queue will try again.
        return "pending"
    # Retry outside the transaction, so the attempt is recorded; the back-off doubles each time.
    raise self.retry(countdown=min(60 * 2 ** (email.attempts - 1), 3600))


@shared_task
def requeue_pending_emails(older_than_minutes: int = 5) -> int:
    """Queue again the emails still pending after a while (broker outage, worker lost)."""
    cutoff = timezone.now() - timedelta(minutes=older_than_minutes)
    pending = list(
        OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING, created_at__lt=cutoff).values_list(
            "pk", flat=True
        )[:5000]
    )
    for email_id in pending:
        queue_delivery(email_id)
    return len(pending)

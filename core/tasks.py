"""Celery tasks of the site core: the outbox's delivery, re-queue and purge (see `core.emails`), and the
purge of the scheduled jobs' history (`core.jobs`)."""

import logging
from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from . import audience
from .jobs import runs
from .models import OutgoingEmail
from .outbox import QUEUE_LEASE, deliver, retry_delay

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# `requeue_pending_emails` queues at most REQUEUE_BATCH_SIZE × REQUEUE_MAX_BATCHES emails per run.
REQUEUE_BATCH_SIZE = 500
REQUEUE_MAX_BATCHES = 10
# How long the outbox keeps what it delivered (bodies already cleared) and what it gave up on.
SENT_RETENTION = timedelta(days=30)
FAILED_RETENTION = timedelta(days=90)


@shared_task(bind=True, max_retries=MAX_ATTEMPTS, acks_late=True)
def deliver_email(self, email_id: int, attempts: int | None = None) -> str:
    """Deliver one outbox email. Idempotent: an email already sent is not sent again.

    `attempts` is the number of attempts the email had when this task was queued (None: do not check).
    A worker's retry and the periodic re-queue may both queue the same attempt; the first one to run
    makes it, the other finds the count changed and does nothing, so no attempt is counted twice.
    """
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status != OutgoingEmail.Status.PENDING:
            return "skipped"
        if attempts is not None and email.attempts != attempts:
            return "skipped"
        email.attempts += 1
        try:
            deliver(email)
        except Exception as error:
            email.last_error = repr(error)[:2000]
            if email.attempts >= MAX_ATTEMPTS:
                email.status = OutgoingEmail.Status.FAILED
            else:
                # Due after the back-off; when a worker queues its own retry below, the retry also
                # gets the lease of a queued email, so the periodic re-queue only steps in if it is lost.
                lease = QUEUE_LEASE if not self.request.is_eager else timedelta(0)
                email.next_attempt_at = timezone.now() + retry_delay(email.attempts) + lease
            email.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            logger.warning("Email %s failed (attempt %s): %r", email_id, email.attempts, error)
        else:
            email.save(update_fields=["attempts"])
            return "sent"
    if email.status == OutgoingEmail.Status.FAILED:
        return "failed"
    if self.request.is_eager:
        # No worker to retry later (development): the periodic re-queue will try again once due.
        return "pending"
    # Retry outside the transaction, so the attempt is recorded; the back-off doubles each time.
    raise self.retry(
        args=(email_id, email.attempts), kwargs={}, countdown=int(retry_delay(email.attempts).total_seconds())
    )


def queue_delivery(email_id: int, attempts: int | None = None) -> bool:
    """Hand the email to Celery; if the broker is down, leave it pending (and due) for the periodic re-queue.

    `attempts` is the number of attempts the row had when queued: if another task has made that attempt
    in the meantime, this one does nothing (no attempt is counted twice).
    """
    try:
        deliver_email.delay(email_id, attempts)
    except Exception:  # the broker is unreachable: the outbox row keeps the message
        logger.exception("Could not queue email %s; it stays pending and will be re-queued.", email_id)
        OutgoingEmail.objects.filter(pk=email_id, status=OutgoingEmail.Status.PENDING).update(
            next_attempt_at=timezone.now()
        )
        return False
    return True


@shared_task
def requeue_pending_emails(batch_size: int = REQUEUE_BATCH_SIZE, max_batches: int = REQUEUE_MAX_BATCHES) -> int:
    """Queue again the pending emails that are due (broker outage, worker lost, back-off over).

    Oldest due first, in batches; each queued email gets a lease (`next_attempt_at` pushed forward)
    so that it is not queued again while it waits in the broker. Returns how many were queued.
    """
    queued = 0
    for _batch in range(max_batches):
        now = timezone.now()
        with transaction.atomic():
            due = list(
                OutgoingEmail.objects.select_for_update(skip_locked=True)
                .filter(status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=now)
                .order_by("next_attempt_at", "pk")
                .values_list("pk", "attempts")[:batch_size]
            )
            if not due:
                break
            OutgoingEmail.objects.filter(pk__in=[pk for pk, _attempts in due]).update(next_attempt_at=now + QUEUE_LEASE)
        for index, (email_id, attempts) in enumerate(due):
            if not queue_delivery(email_id, attempts):
                # The broker is down: leave the rest due for the next run rather than try each one.
                rest = [pk for pk, _attempts in due[index + 1 :]]
                OutgoingEmail.objects.filter(pk__in=rest, status=OutgoingEmail.Status.PENDING).update(
                    next_attempt_at=now
                )
                return queued
            queued += 1
        if len(due) < batch_size:
            break
    return queued


@shared_task
def purge_old_emails() -> int:
    """Delete sent emails after 30 days and failed ones after 90 days. Returns how many were deleted."""
    now = timezone.now()
    sent, _ = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT, sent_at__lt=now - SENT_RETENTION).delete()
    failed, _ = OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.FAILED, created_at__lt=now - FAILED_RETENTION
    ).delete()
    if sent or failed:
        logger.info("Outbox purge: %s sent and %s failed emails deleted.", sent, failed)
    return sent + failed


@shared_task
def purge_job_runs() -> int:
    """Daily (beat): keep the scheduled jobs' history bounded (`core.jobs.runs.purge_runs`)."""
    return runs.purge_runs()


@shared_task
def flush_audience() -> int:
    """Move the audience counts gathered in Redis (and this process) to the database (`core.audience`)."""
    return audience.drain()

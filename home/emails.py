"""The one way the site sends email: saved to the outbox first, then delivered by a Celery task.

A broker outage or a failing provider never loses a message: the row stays `pending` and the
periodic task `requeue_pending_emails` queues it again once its `next_attempt_at` is due: after the
back-off of a failed attempt, or when a queued delivery has not run within its lease.
Once sent, the bodies are cleared: the outbox keeps no password-reset or verification link.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

# A queued delivery is expected to run within this delay; after it, the periodic re-queue may queue it again.
QUEUE_LEASE = timedelta(minutes=10)


def retry_delay(attempts: int) -> timedelta:
    """The back-off after `attempts` failed attempts: 1, 2, 4… minutes, one hour at most."""
    return timedelta(seconds=min(60 * 2 ** (max(attempts, 1) - 1), 3600))


def send_email(
    *,
    to: list[str],
    subject: str,
    text: str,
    html: str | None = None,
    context: dict | None = None,
    headers: dict | None = None,
    from_email: str | None = None,
) -> OutgoingEmail:
    """Queue an email with a text part and an HTML part (rendered from the text if none is given).

    Bulk senders pass `headers` with `List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 8058).
    """
    if html is None:
        html = render_to_string("emails/base.html", {**(context or {}), "subject": subject, "text": text})
    email = OutgoingEmail.objects.create(
        to=list(to),
        subject=subject[:255],
        text_body=text,
        html_body=html,
        headers=headers or {},
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        next_attempt_at=timezone.now() + QUEUE_LEASE,
    )
    transaction.on_commit(lambda: queue_delivery(email.pk, attempts=0))
    return email


def queue_delivery(email_id: int, attempts: int | None = None) -> bool:
    """Hand the email to Celery; if the broker is down, leave it pending (and due) for the periodic re-queue.

    `attempts` is the number of attempts the row had when queued: if another task has made that attempt
    in the meantime, this one does nothing (no attempt is counted twice).
    """
    from .tasks import deliver_email

    try:
        deliver_email.delay(email_id, attempts)
    except Exception:  # the broker is unreachable: the outbox row keeps the message
        logger.exception("Could not queue email %s; it stays pending and will be re-queued.", email_id)
        OutgoingEmail.objects.filter(pk=email_id, status=OutgoingEmail.Status.PENDING).update(
            next_attempt_at=timezone.now()
        )
        return False
    return True


def deliver(email: OutgoingEmail) -> None:
    """Send one outbox row through the configured backend (anymail in production)."""
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text_body,
        from_email=email.from_email or settings.DEFAULT_FROM_EMAIL,
        to=email.to,
        headers=email.headers,
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    message.send()
    # Sent: keep who, what and when, not the content (it may hold a password-reset link).
    email.status = OutgoingEmail.Status.SENT
    email.sent_at = timezone.now()
    email.last_error = ""
    email.text_body = ""
    email.html_body = ""
    email.headers = {}
    email.save(update_fields=["status", "sent_at", "last_error", "text_body", "html_body", "headers"])

"""Delivering one outbox row, and the timing rules of the outbox (lease of a queued email, back-off).
Used by the Celery tasks of `core.tasks`; nothing here queues anything."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from .models import OutgoingEmail

# A queued delivery is expected to run within this delay; after it, the periodic re-queue may queue it again.
QUEUE_LEASE = timedelta(minutes=10)


def retry_delay(attempts: int) -> timedelta:
    """The back-off after `attempts` failed attempts: 1, 2, 4… minutes, one hour at most."""
    return timedelta(seconds=min(60 * 2 ** (max(attempts, 1) - 1), 3600))


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

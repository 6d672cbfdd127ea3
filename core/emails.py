"""The one way the site sends email: saved to the outbox first, then delivered by a Celery task.

A broker outage or a failing provider never loses a message: the row stays `pending` and the
periodic task `requeue_pending_emails` queues it again once its `next_attempt_at` is due: after the
back-off of a failed attempt, or when a queued delivery has not run within its lease.
Once sent, the bodies are cleared: the outbox keeps no password-reset or verification link.
"""

import logging
import re
from collections.abc import Callable
from urllib.parse import quote

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import OutgoingEmail
from .outbox import QUEUE_LEASE
from .tasks import deliver_email, queue_delivery

logger = logging.getLogger(__name__)

# kind -> turn_off(token) -> bool: how each feature stops one of its notifications from a signed token.
UNSUBSCRIBERS: dict[str, Callable[[str], bool]] = {}
MAILTO_SUBJECT = re.compile(r"desinscription ([a-z][a-z0-9_.]{0,40}) ([A-Za-z0-9_:.\-]{10,300})")


def as_plain_text(value) -> str:
    """`value` as a plain string. The text part is rendered from `.txt` templates with autoescape off, so
    `render_to_string` returns it marked safe, holding whatever people typed verbatim: in the HTML part it
    must be escaped like any text, never trusted as markup."""
    return str.__str__(value) if value is not None else ""


def register_unsubscriber(kind: str, turn_off: Callable[[str], bool]) -> None:
    """A feature's way to turn one of its notifications off: `turn_off(token)` returns False for a bad
    token. Called from the feature's `AppConfig.ready`; used by the `mailto:` unsubscription below."""
    UNSUBSCRIBERS[kind] = turn_off


def unsubscribe_headers(url: str, token: str, kind: str = "") -> dict:
    """The headers of every email people can turn off (newsletters, mission alerts, message notifications).

    `url` is the feature's one-click endpoint (RFC 8058: a POST without login or confirmation turns the
    mail off; a GET shows a confirmation page); `token` (signed by the feature) and the `kind` it
    registered (`register_unsubscriber`) go in the subject of the `mailto:` alternative, addressed to
    the unsubscription mailbox (RFC 2369), whose inbound mail `unsubscribe_by_mail` reads.
    The newsletter passes no kind: its own inbound receiver reads its tokens.
    Transactional mail (sign-in, password, confirmations, receipts) carries none of this.
    """
    subject = quote(f"desinscription {kind} {token}" if kind else f"desinscription {token}")
    return {
        "List-Unsubscribe": f"<{url}>, <mailto:{settings.NEWSLETTER_UNSUBSCRIBE_MAILBOX}?subject={subject}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def unsubscribe_by_mail(subject: str) -> bool:
    """Turn off the notification named in the subject of a mail sent to the unsubscription mailbox."""
    match = MAILTO_SUBJECT.search(subject or "")
    if match is None or match.group(1) not in UNSUBSCRIBERS:
        return False
    done = UNSUBSCRIBERS[match.group(1)](match.group(2))
    if not done:
        logger.warning("Inbound unsubscription (%s) with a bad token refused.", match.group(1))
    return done


def on_inbound(sender, event, esp_name, **kwargs):
    """anymail's inbound signal (signature checked by anymail before it is sent)."""
    if event.message is not None:
        unsubscribe_by_mail(event.message.subject or "")


def send_email(
    *,
    to: list[str],
    subject: str,
    text: str,
    html: str | None = None,
    context: dict | None = None,
    headers: dict | None = None,
    from_email: str | None = None,
    deliver_now: bool = False,
) -> OutgoingEmail:
    """Queue an email with a text part and an HTML part (rendered from the text if none is given).

    The HTML part built from the text escapes it whole (`as_plain_text`): what users typed never becomes
    markup in a mailbox. A caller passing its own `html` renders it with autoescape on.
    Emails people can turn off pass `headers=unsubscribe_headers(...)` (List-Unsubscribe, RFC 8058).
    `deliver_now` delivers it in this process once the transaction commits, not through a worker: for the
    few messages that report that the workers themselves may be down (`core.jobs.alerts`). If that
    attempt fails, the email stays pending for the periodic re-queue, like any other.
    """
    if html is None:
        html = render_to_string(
            "emails/base.html", {**(context or {}), "subject": as_plain_text(subject), "text": as_plain_text(text)}
        )
    email = OutgoingEmail.objects.create(
        to=list(to),
        subject=subject[:255],
        text_body=text,
        html_body=html,
        headers=headers or {},
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        next_attempt_at=timezone.now() + QUEUE_LEASE,
    )
    if deliver_now:
        transaction.on_commit(lambda: _deliver_here(email.pk))
    else:
        transaction.on_commit(lambda: queue_delivery(email.pk, attempts=0))
    return email


def _deliver_here(email_id: int) -> None:
    try:
        deliver_email.apply(args=(email_id, 0))
    except Exception:  # the database went away meanwhile: the row (if saved) waits for the re-queue
        logger.exception("Could not deliver email %s here; it stays pending.", email_id)

"""Sending a letter: the send log is filled once (`prepare`), then chunks of a few hundred recipients are
sent, each in one call to the mail backend (`send_chunk`).

Idempotent: a chunk locks its pending `Delivery` rows, hands the messages to the provider and marks them
sent in the same transaction. A worker that dies before the commit leaves them pending, and the chunk's
task (acks_late, redelivered) sends them again; rows already sent are never picked again, so a retried or
duplicated chunk sends nothing twice. The only window left is a crash between the provider's answer and
the commit (one chunk at most, a few milliseconds).

With `NEWSLETTER_BATCH_SEND` and an anymail backend, a chunk is one message with per-recipient
`merge_data` and `merge_headers` (anymail's batch sending: the provider personalises it); otherwise
(SMTP, console, locmem) one message per recipient, all handed over in one `send_messages` call.
"""

import logging
from urllib.parse import quote

from anymail.message import AnymailMessage
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from core.emails import unsubscribe_headers
from core.sharing import absolute_url

from .models import Delivery, MailingList, NewsletterPage, SendStatus, Subscriber, SubscriberStatus
from .rendering import RenderedLetter, render_letter
from .tokens import preferences_token, unsubscribe_token

logger = logging.getLogger(__name__)

INSERT_BATCH = 2000


def base_url() -> str:
    return absolute_url("/").rstrip("/")


def unsubscribe_url(subscriber_id: int, list_id: int, base: str | None = None) -> str:
    token = unsubscribe_token(subscriber_id, list_id)
    return f"{base if base is not None else base_url()}/newsletter/desinscription/{token}/"


def preferences_url(subscriber_id: int, base: str | None = None) -> str:
    return f"{base if base is not None else base_url()}/newsletter/preferences/{preferences_token(subscriber_id)}/"


def unsubscribe_mailto(subscriber_id: int, list_id: int) -> str:
    subject = quote(f"desinscription {unsubscribe_token(subscriber_id, list_id)}")
    return f"mailto:{settings.NEWSLETTER_UNSUBSCRIBE_MAILBOX}?subject={subject}"


def bulk_headers(subscriber_id: int, mailing_list: MailingList, base: str | None = None) -> dict:
    """The headers of every bulk message (RFC 2369 and RFC 8058 one-click unsubscribe)."""
    return {
        **unsubscribe_headers(
            unsubscribe_url(subscriber_id, mailing_list.pk, base), unsubscribe_token(subscriber_id, mailing_list.pk)
        ),
        "List-Id": f"{mailing_list.name} <{mailing_list.slug}.{settings.NEWSLETTER_LIST_ID_DOMAIN}>",
        "Precedence": "bulk",
    }


def personalised_message(
    rendered: RenderedLetter, subscriber_id: int, email: str, mailing_list, base: str, connection=None
):
    unsubscribe = unsubscribe_url(subscriber_id, mailing_list.pk, base)
    html, text = rendered.personalise(unsubscribe, preferences_url(subscriber_id, base))
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=text,
        from_email=settings.NEWSLETTER_FROM_EMAIL,
        to=[email],
        headers=bulk_headers(subscriber_id, mailing_list, base),
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


def send_test(letter: NewsletterPage, email: str) -> None:
    """The letter to one editor, right now, with links that work for nobody (id 0)."""
    base = base_url()
    rendered = render_letter(letter, base)
    message = personalised_message(rendered, 0, email, letter.mailing_list, base)
    message.subject = f"[TEST] {message.subject}"
    message.send()


# --- The send log ------------------------------------------------------------------------------------


def recipients(mailing_list: MailingList):
    return Subscriber.objects.filter(status=SubscriberStatus.ACTIVE, lists=mailing_list)


def prepare(letter_id: int) -> list[tuple[int, int]]:
    """Fill the send log of a letter being sent (streamed, idempotent) and return the chunks to send as
    (first, last) Delivery id ranges of pending rows."""
    letter = NewsletterPage.objects.filter(pk=letter_id, send_status=SendStatus.SENDING).first()
    if letter is None:
        return []
    batch = []
    ids = recipients(letter.mailing_list).order_by("pk").values_list("pk", flat=True)
    for subscriber_id in ids.iterator(chunk_size=INSERT_BATCH):
        batch.append(Delivery(letter_id=letter_id, subscriber_id=subscriber_id))
        if len(batch) >= INSERT_BATCH:
            Delivery.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    if batch:
        Delivery.objects.bulk_create(batch, ignore_conflicts=True)
    NewsletterPage.objects.filter(pk=letter_id).update(
        recipient_count=Delivery.objects.filter(letter_id=letter_id).count()
    )
    return pending_chunks(letter_id)


def pending_chunks(letter_id: int, size: int | None = None) -> list[tuple[int, int]]:
    size = size or settings.NEWSLETTER_CHUNK_SIZE
    chunks, first, count, last = [], None, 0, None
    pending = Delivery.objects.filter(letter_id=letter_id, status=Delivery.Status.PENDING).order_by("pk")
    for pk in pending.values_list("pk", flat=True).iterator(chunk_size=INSERT_BATCH):
        if first is None:
            first = pk
        last, count = pk, count + 1
        if count == size:
            chunks.append((first, last))
            first, count = None, 0
    if first is not None:
        chunks.append((first, last))
    return chunks


_rendered_cache: dict[tuple, RenderedLetter] = {}


def rendered_for_sending(letter: NewsletterPage, base: str) -> RenderedLetter:
    """Rendered once per letter revision and process, not once per chunk."""
    key = (letter.pk, letter.latest_revision_id, letter.last_published_at, base)
    rendered = _rendered_cache.get(key)
    if rendered is None:
        _rendered_cache.clear()
        rendered = _rendered_cache[key] = render_letter(letter, base)
    return rendered


def send_chunk(letter_id: int, first_id: int, last_id: int) -> int:
    """Send the pending deliveries of one id range; returns how many were sent."""
    letter = NewsletterPage.objects.select_related("mailing_list").filter(pk=letter_id).first()
    if letter is None or letter.send_status != SendStatus.SENDING:
        return 0
    base = base_url()
    rendered = rendered_for_sending(letter, base)
    mailing_list = letter.mailing_list
    with transaction.atomic():
        rows = list(
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(letter_id=letter_id, status=Delivery.Status.PENDING, pk__gte=first_id, pk__lte=last_id)
            .select_related("subscriber")
            .only("id", "letter_id", "subscriber__id", "subscriber__email", "subscriber__status")
            .order_by("pk")
        )
        if not rows:
            return 0
        still_listed = set(
            Subscriber.lists.through.objects.filter(
                mailinglist_id=mailing_list.pk, subscriber_id__in=[row.subscriber_id for row in rows]
            ).values_list("subscriber_id", flat=True)
        )
        to_send = [
            row
            for row in rows
            if row.subscriber.status == SubscriberStatus.ACTIVE and row.subscriber_id in still_listed
        ]
        skipped = [row.pk for row in rows if row not in to_send]
        if to_send:
            hand_over(rendered, mailing_list, [(row.subscriber_id, row.subscriber.email) for row in to_send], base)
        now = timezone.now()
        Delivery.objects.filter(pk__in=[row.pk for row in to_send]).update(status=Delivery.Status.SENT, sent_at=now)
        if skipped:
            Delivery.objects.filter(pk__in=skipped).update(status=Delivery.Status.SKIPPED)
    finish_if_done(letter_id)
    return len(to_send)


def hand_over(rendered: RenderedLetter, mailing_list, recipients_: list[tuple[int, str]], base: str) -> None:
    """One call to the mail backend for the whole chunk."""
    connection = get_connection()
    if settings.NEWSLETTER_BATCH_SEND and getattr(connection, "esp_name", None):
        connection.send_messages([batch_message(rendered, mailing_list, recipients_, base)])
        return
    messages = [personalised_message(rendered, pk, email, mailing_list, base, connection) for pk, email in recipients_]
    connection.send_messages(messages)


def batch_message(rendered: RenderedLetter, mailing_list, recipients_: list[tuple[int, str]], base: str):
    """One anymail message for the chunk: the provider sends each recipient their own copy, with their
    links (`merge_data`) and their List-Unsubscribe headers (`merge_headers`)."""
    html, text = rendered.with_merge_fields(settings.NEWSLETTER_MERGE_FIELD_FORMAT)
    message = AnymailMessage(
        subject=rendered.subject,
        body=text,
        from_email=settings.NEWSLETTER_FROM_EMAIL,
        to=[email for _pk, email in recipients_],
    )
    message.attach_alternative(html, "text/html")
    message.merge_data = {
        email: {
            "unsubscribe_url": unsubscribe_url(pk, mailing_list.pk, base),
            "preferences_url": preferences_url(pk, base),
        }
        for pk, email in recipients_
    }
    message.merge_headers = {email: bulk_headers(pk, mailing_list, base) for pk, email in recipients_}
    message.track_clicks = False
    message.track_opens = False
    message.tags = [f"newsletter-{mailing_list.slug}"]
    return message


def finish_if_done(letter_id: int) -> bool:
    if Delivery.objects.filter(letter_id=letter_id, status=Delivery.Status.PENDING).exists():
        return False
    done = NewsletterPage.objects.filter(pk=letter_id, send_status=SendStatus.SENDING).update(
        send_status=SendStatus.SENT, sent_at=timezone.now()
    )
    return bool(done)

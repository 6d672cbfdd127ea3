"""Subscriptions: sign-up with double opt-in, confirmation, preferences, unsubscription, bounces and
complaints, import. The sign-up answers the same whatever the address (no enumeration); the email it
sends depends on it, and a bounced or complained address is never mailed again."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone

from core.emails import send_email

from . import tasks
from .models import (
    BLOCKED_STATUSES,
    ConsentSource,
    Delivery,
    MailingList,
    NewsletterPage,
    SendStatus,
    Subscriber,
    SubscriberStatus,
)
from .sending import base_url, preferences_url, recipients
from .tokens import InvalidToken, confirmation_token, read_confirmation_token

logger = logging.getLogger(__name__)

# A second sign-up of the same address within this delay sends no second email (double submission).
RESEND_DELAY = timedelta(minutes=10)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def public_lists():
    return MailingList.objects.filter(is_public=True)


def request_subscription(email: str, lists, page: str = "", base: str | None = None) -> None:
    """Sign-up: record the request and email a confirmation link (on `base`, the address the visitor
    used, else the site's). Says nothing of what it found."""
    email = normalise_email(email)
    list_ids = sorted({mailing_list.pk for mailing_list in lists})
    now = timezone.now()
    with transaction.atomic():
        subscriber, created = Subscriber.objects.select_for_update().get_or_create(
            email=email, defaults={"consent_page": page[:200], "consent_source": ConsentSource.FORM}
        )
        if subscriber.status in BLOCKED_STATUSES:
            logger.info("Sign-up of a blocked address (%s) ignored.", subscriber.pk)
            return
        recently = subscriber.confirmation_sent_at and subscriber.confirmation_sent_at > now - RESEND_DELAY
        if recently and not created:
            return
        subscriber.confirmation_sent_at = now
        subscriber.save(update_fields=["confirmation_sent_at"])
        send_confirmation(subscriber, list_ids, base)


def send_confirmation(subscriber: Subscriber, list_ids: list[int], base: str | None = None) -> None:
    base = base or base_url()
    context = {
        "confirm_url": f"{base}/newsletter/confirmer/{confirmation_token(subscriber.pk, list_ids)}/",
        "preferences_url": preferences_url(subscriber.pk, base),
        "already_active": subscriber.status == SubscriberStatus.ACTIVE,
        "lists": MailingList.objects.filter(pk__in=list_ids),
        "days": settings.NEWSLETTER_CONFIRMATION_MAX_AGE // 86400,
    }
    send_email(
        to=[subscriber.email],
        subject=str(render_to_string("newsletter/emails/confirm_subject.txt", context)).strip(),
        text=render_to_string("newsletter/emails/confirm.txt", context),
    )


def confirm(token: str, page: str = "") -> Subscriber:
    """Open the confirmation link: the address is active on the lists it asked for (a re-subscription
    too). Raises InvalidToken for a forged, expired or stale link."""
    subscriber_id, list_ids = read_confirmation_token(token)
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
        if subscriber is None or subscriber.status in BLOCKED_STATUSES:
            raise InvalidToken
        lists = list(MailingList.objects.filter(pk__in=list_ids))
        now = timezone.now()
        if subscriber.status != SubscriberStatus.ACTIVE:
            subscriber.status = SubscriberStatus.ACTIVE
            subscriber.consent_at = now
            subscriber.consent_source = ConsentSource.FORM
            if page:
                subscriber.consent_page = page[:200]
            subscriber.unsubscribed_at = None
            subscriber.save()
        subscriber.lists.add(*lists)
    return subscriber


def update_preferences(subscriber: Subscriber, lists) -> None:
    """The lists chosen on the preferences page; none left is an unsubscription, some again a re-subscription."""
    with transaction.atomic():
        subscriber.lists.set(lists)
        if not lists:
            unsubscribe_all(subscriber)
        elif subscriber.status == SubscriberStatus.UNSUBSCRIBED:
            subscriber.status = SubscriberStatus.ACTIVE
            subscriber.unsubscribed_at = None
            subscriber.consent_at = timezone.now()
            subscriber.save(update_fields=["status", "unsubscribed_at", "consent_at"])


def unsubscribe(subscriber_id: int, list_id: int) -> Subscriber | None:
    """One-click unsubscription from one list (the last one: from everything)."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
        if subscriber is None:
            return None
        subscriber.lists.remove(list_id)
        if not subscriber.lists.exists():
            unsubscribe_all(subscriber)
    return subscriber


def unsubscribe_all(subscriber: Subscriber) -> None:
    if subscriber.status in (SubscriberStatus.ACTIVE, SubscriberStatus.PENDING):
        subscriber.status = SubscriberStatus.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["status", "unsubscribed_at"])


def block(email: str, status: str, reason: str) -> int:
    """A hard bounce or a complaint from the provider: never mailed again."""
    return (
        Subscriber.objects.filter(email=normalise_email(email))
        .exclude(status=status)
        .update(status=status, blocked_at=timezone.now(), blocked_reason=reason[:255])
    )


# --- Letters --------------------------------------------------------------------------------------------


class SendRefused(Exception):
    pass


def start_sending(letter: NewsletterPage, at=None) -> str:
    """Send now (`at` None or past) or schedule a live letter. Returns the new send status."""
    if not letter.live:
        raise SendRefused("La lettre doit être publiée (version web dans l’archive) avant d’être envoyée.")
    now = timezone.now()
    with transaction.atomic():
        current = NewsletterPage.objects.select_for_update().get(pk=letter.pk)
        if current.send_status not in (SendStatus.DRAFT, SendStatus.SCHEDULED):
            raise SendRefused("Cette lettre est déjà envoyée ou en cours d’envoi.")
        if at is not None and at > now:
            NewsletterPage.objects.filter(pk=letter.pk).update(send_status=SendStatus.SCHEDULED, scheduled_at=at)
            return SendStatus.SCHEDULED
        NewsletterPage.objects.filter(pk=letter.pk).update(
            send_status=SendStatus.SENDING, sending_started_at=now, scheduled_at=None
        )
        transaction.on_commit(lambda: tasks.prepare_letter.delay(letter.pk))
    return SendStatus.SENDING


def cancel_schedule(letter: NewsletterPage) -> bool:
    return bool(
        NewsletterPage.objects.filter(pk=letter.pk, send_status=SendStatus.SCHEDULED).update(
            send_status=SendStatus.DRAFT, scheduled_at=None
        )
    )


def recipient_count(mailing_list: MailingList) -> int:
    return recipients(mailing_list).count()


def delivery_counts(letter: NewsletterPage) -> dict[str, int]:
    counts = dict(
        Delivery.objects.filter(letter=letter).values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in Delivery.Status.values}

"""Messages between people on the site, relayed so that nobody's address is shown.

The candidate side (recruiters writing to candidates) and conseil (organisations writing to consultants)
both start threads here. The other participant is told by email through core's outbox; the email names
the sender and links to the thread, never an address.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.emails import register_unsubscriber, send_email, unsubscribe_headers
from core.text import plain_text, single_line

from .models import Message, MessageThread, User

RATE_SCOPE = "accounts.message"
NOTIFICATIONS_SALT = "accounts.message_notifications"
NOTIFICATIONS_KIND = "messages"
BODY_MAX_LENGTH = 5000


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _clean_body(body: str) -> str:
    text = plain_text(body or "", max_length=BODY_MAX_LENGTH).strip()
    if not text:
        raise ValidationError(_("Écrivez votre message."), code="empty")
    return text


@transaction.atomic
def start_thread(sender: User, recipient: User, body: str, *, subject: str = "", about=None) -> MessageThread:
    """Open a conversation from `sender` to `recipient` with a first message, and tell the recipient."""
    if sender.pk == recipient.pk:
        raise ValidationError(_("Vous ne pouvez pas vous écrire à vous-même."), code="self")
    if not recipient.is_active:
        raise ValidationError(_("Cette personne ne peut plus recevoir de message."), code="inactive")
    text = _clean_body(body)
    thread = MessageThread(starter=sender, recipient=recipient, subject=single_line(subject or "", max_length=200))
    if about is not None:
        thread.about_type = ContentType.objects.get_for_model(about)
        thread.about_id = about.pk
    thread.save()
    _add(thread, sender, text)
    return thread


@transaction.atomic
def post_message(thread: MessageThread, sender: User, body: str) -> Message:
    """Add a reply from `sender`, who must take part in `thread`, and tell the other participant."""
    if not thread.has_participant(sender):
        raise ValidationError(_("Vous ne participez pas à cette conversation."), code="not_participant")
    return _add(thread, sender, _clean_body(body))


def _add(thread: MessageThread, sender: User, text: str) -> Message:
    message = Message.objects.create(thread=thread, sender=sender, body=text)
    MessageThread.objects.filter(pk=thread.pk).update(updated=message.created)
    thread.updated = message.created
    notify(thread, message)
    return message


def notifications_token(user: User) -> str:
    return signing.dumps(user.pk, salt=NOTIFICATIONS_SALT)


def user_from_notifications_token(token: str) -> User | None:
    try:
        pk = signing.loads(token, salt=NOTIFICATIONS_SALT)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=pk, is_active=True).first() if isinstance(pk, int) else None


def set_notifications(user: User, on: bool) -> None:
    """Turn the new-message emails on or off (from /espace/messages/, or off from a link or a mail)."""
    User.objects.filter(pk=user.pk).update(message_notifications=on)
    user.message_notifications = on


def turn_notifications_off(user: User) -> None:
    set_notifications(user, False)


def turn_off_by_token(token: str) -> bool:
    """The mailto: unsubscription (`core.emails.unsubscribe_by_mail`)."""
    user = user_from_notifications_token(token)
    if user is None:
        return False
    turn_notifications_off(user)
    return True


def register() -> None:
    register_unsubscriber(NOTIFICATIONS_KIND, turn_off_by_token)


def notify(thread: MessageThread, message: Message) -> None:
    """Tell the other participant by email, unless they turned these emails off (one click in any of them)."""
    recipient = thread.other(message.sender)
    if not recipient.message_notifications:
        return
    token = notifications_token(recipient)
    unsubscribe = absolute_url(reverse("message_notifications_off", args=[token]))
    context = {
        "sender_name": message.sender.display_name,
        "subject": thread.subject,
        "body": message.body,
        "thread_url": absolute_url(thread.get_absolute_url()),
        "unsubscribe_url": unsubscribe,
    }
    send_email(
        to=[recipient.email],
        subject=_("Nouveau message de %(name)s sur Solidaires") % {"name": message.sender.display_name},
        text=render_to_string("accounts/emails/new_message.txt", context),
        headers=unsubscribe_headers(unsubscribe, token, NOTIFICATIONS_KIND),
    )


def threads_for(user: User):
    """The conversations of `user`, latest first, with the other participants and unread counts."""
    return (
        MessageThread.objects.of(user)
        .select_related("starter", "recipient")
        .annotate(
            unread=Count("messages", filter=Q(messages__read_at__isnull=True) & ~Q(messages__sender=user)),
            last_at=Max("messages__created"),
        )
        .order_by("-updated", "-pk")
    )


def mark_read(thread: MessageThread, user: User) -> int:
    """Mark as read the messages `user` received in `thread`."""
    return thread.messages.filter(read_at__isnull=True).exclude(sender=user).update(read_at=timezone.now())

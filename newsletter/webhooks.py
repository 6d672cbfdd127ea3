"""anymail's webhooks: the provider's tracking events (bounces, complaints, unsubscriptions) and inbound
mail to the unsubscription mailbox (the `mailto:` of List-Unsubscribe). anymail checks the webhook's
shared secret (basic authentication) and, where the provider signs its calls, the signature, before any
signal is sent: a forged call never reaches these receivers."""

import logging
import re

from anymail.signals import inbound, tracking

from . import services
from .models import SubscriberStatus
from .tokens import InvalidToken, read_unsubscribe_token

logger = logging.getLogger(__name__)

TOKEN = re.compile(r"(\d+\.\d+:[A-Za-z0-9_-]{20,})")


def on_tracking(sender, event, esp_name, **kwargs):
    if not event.recipient:
        return
    if event.event_type == "bounced":
        count = services.block(event.recipient, SubscriberStatus.BOUNCED, f"{esp_name}: {event.description or ''}")
        logger.info("Bounce for a subscriber (%s updated).", count)
    elif event.event_type == "complained":
        count = services.block(event.recipient, SubscriberStatus.COMPLAINED, f"{esp_name}: complaint")
        logger.info("Complaint for a subscriber (%s updated).", count)


def on_inbound(sender, event, esp_name, **kwargs):
    message = event.message
    if message is None:
        return
    match = TOKEN.search(message.subject or "") or TOKEN.search(message.text or "")
    if match is None:
        logger.info("Inbound mail without an unsubscription token ignored.")
        return
    try:
        subscriber_id, list_id = read_unsubscribe_token(match.group(1))
    except InvalidToken:
        logger.warning("Inbound unsubscription with a bad token refused.")
        return
    services.unsubscribe(subscriber_id, list_id)


def connect():
    tracking.connect(on_tracking, dispatch_uid="newsletter.tracking")
    inbound.connect(on_inbound, dispatch_uid="newsletter.inbound")

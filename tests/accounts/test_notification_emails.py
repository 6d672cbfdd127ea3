"""Which emails carry an unsubscription: notifications people can turn off do (List-Unsubscribe with an
https and a mailto address, List-Unsubscribe-Post for RFC 8058 one-click), transactional ones never.
Every feature builds those headers with `core.emails.unsubscribe_headers`."""

import pathlib
import re
from urllib.parse import unquote

import pytest
from anymail import signals as anymail_signals
from anymail.inbound import AnymailInboundMessage
from anymail.signals import AnymailInboundEvent
from django.core import mail, signing
from django.urls import reverse

from accounts import messaging
from conseil import missions
from core.emails import unsubscribe_by_mail, unsubscribe_headers
from tests.conseil.factories import ConsultantProfileFactory
from tests.factories import CandidateFactory, RecruiterFactory

pytestmark = pytest.mark.django_db

ROOT = pathlib.Path(__file__).resolve().parents[2]
APPS = ("accounts", "annuaire", "agenda", "association", "conseil", "core", "emploi", "home", "magazine", "newsletter")


def one_click_parts(header: str) -> tuple[str, str]:
    https, mailto = re.findall(r"<([^>]+)>", header)
    return https, mailto


def test_helper_gives_https_and_mailto_and_one_click(settings):
    settings.NEWSLETTER_UNSUBSCRIBE_MAILBOX = "desinscription@solidaires.example"
    headers = unsubscribe_headers("https://solidaires.example/off/abc:def/", "abc:def")
    https, mailto = one_click_parts(headers["List-Unsubscribe"])
    assert https == "https://solidaires.example/off/abc:def/"
    assert mailto.startswith("mailto:desinscription@solidaires.example?subject=")
    assert unquote(mailto.split("subject=")[1]) == "desinscription abc:def"
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_no_feature_writes_its_own_unsubscribe_headers():
    """One helper: the header names appear in core/emails.py only (tests and templates aside)."""
    offenders = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or path == ROOT / "core" / "emails.py":
                continue
            if re.search(r"[\"']List-Unsubscribe(-Post)?[\"']\s*:", path.read_text()):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_message_notification_carries_one_click_unsubscribe(delivering):
    sender, recipient = RecruiterFactory(), CandidateFactory()
    with delivering():
        messaging.start_thread(sender, recipient, "Bonjour, votre profil m’intéresse.")
    [email] = mail.outbox
    https, mailto = one_click_parts(email.extra_headers["List-Unsubscribe"])
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mailto.startswith("mailto:")
    assert https.startswith("http") and "/espace/messages/alertes/" in https
    assert https in email.body


def test_one_click_post_turns_message_notifications_off_without_login(client, delivering):
    sender, recipient = RecruiterFactory(), CandidateFactory()
    with delivering():
        messaging.start_thread(sender, recipient, "Premier message.")
    https, _ = one_click_parts(mail.outbox[0].extra_headers["List-Unsubscribe"])
    path = re.sub(r"^https?://[^/]+", "", https)
    assert client.get(path).status_code == 200
    recipient.refresh_from_db()
    assert recipient.message_notifications is True  # a GET (a link preview, a scanner) changes nothing
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "vous ne recevrez plus" in response.content.decode()
    recipient.refresh_from_db()
    assert recipient.message_notifications is False
    mail.outbox.clear()
    with delivering():
        messaging.start_thread(sender, recipient, "Second message.")
    assert mail.outbox == []  # turned off: the message is kept, no email
    assert messaging.threads_for(recipient).count() == 2


@pytest.mark.parametrize("token", ["faux", "1:abc", "x" * 300, "%00"])
def test_tampered_token_is_refused(client, token):
    candidate = CandidateFactory()
    response = client.post(reverse("message_notifications_off", args=[token]))
    assert response.status_code == 404
    candidate.refresh_from_db()
    assert candidate.message_notifications is True


def test_token_of_another_purpose_is_refused(client):
    candidate = CandidateFactory()
    token = signing.dumps(candidate.pk, salt="conseil.mission_alerts")
    assert client.post(reverse("message_notifications_off", args=[token])).status_code == 404


def test_transactional_mail_carries_no_unsubscribe(client, delivering):
    candidate = CandidateFactory()
    with delivering():
        client.post("/comptes/password/reset/", {"email": candidate.email})
    [email] = mail.outbox
    assert "List-Unsubscribe" not in email.extra_headers
    assert "List-Unsubscribe-Post" not in email.extra_headers
    assert "désinscri" not in email.body.lower()


def test_mailto_unsubscription_turns_message_notifications_off(delivering):
    sender, recipient = RecruiterFactory(), CandidateFactory()
    with delivering():
        messaging.start_thread(sender, recipient, "Premier message.")
    _, mailto = one_click_parts(mail.outbox[0].extra_headers["List-Unsubscribe"])
    subject = unquote(mailto.split("subject=")[1])
    inbound = AnymailInboundEvent(
        event_type="inbound", message=AnymailInboundMessage.construct(subject=subject, text=".")
    )
    anymail_signals.inbound.send(sender=object, event=inbound, esp_name="test")
    recipient.refresh_from_db()
    assert recipient.message_notifications is False


def test_mailto_unsubscription_turns_mission_alerts_off():
    profile = ConsultantProfileFactory()
    assert profile.mission_alerts is True
    token = missions.unsubscribe_token(profile)
    headers = unsubscribe_headers("https://x.example/", token, missions.UNSUBSCRIBE_KIND)
    _, mailto = one_click_parts(headers["List-Unsubscribe"])
    assert unsubscribe_by_mail(unquote(mailto.split("subject=")[1])) is True
    profile.refresh_from_db()
    assert profile.mission_alerts is False


@pytest.mark.parametrize(
    "subject", ["", "desinscription", "desinscription messages faux-jeton-123", "desinscription inconnu abcdefghijkl"]
)
def test_mailto_unsubscription_with_a_bad_subject_changes_nothing(subject):
    candidate = CandidateFactory()
    assert unsubscribe_by_mail(subject) is False
    candidate.refresh_from_db()
    assert candidate.message_notifications is True


def test_the_messages_page_turns_the_emails_off_and_back_on(client):
    candidate = CandidateFactory()
    client.force_login(candidate)
    page = client.get(reverse("messages_list")).content.decode()
    assert "Ne plus recevoir ces courriels" in page
    assert client.get(reverse("message_notifications_setting")).status_code == 405  # a GET changes nothing
    response = client.post(reverse("message_notifications_setting"), {"courriels": "non"}, follow=True)
    candidate.refresh_from_db()
    assert not candidate.message_notifications
    assert "Vous ne recevrez plus de courriel\u00a0; vos messages restent lisibles ici." in response.content.decode()
    assert "Recevoir un courriel à chaque nouveau message" in response.content.decode()
    client.post(reverse("message_notifications_setting"), {"courriels": "oui"})
    candidate.refresh_from_db()
    assert candidate.message_notifications
    assert client.post(reverse("message_notifications_setting"), {"courriels": "oui\x00"}).status_code == 400
    client.post(reverse("message_notifications_setting"), {"courriels": "<b>oui</b>"})  # anything else is "off"
    candidate.refresh_from_db()
    assert not candidate.message_notifications


def test_signed_out_visitors_cannot_touch_the_setting(client):
    response = client.post(reverse("message_notifications_setting"), {"courriels": "oui"})
    assert response.status_code == 302 and "/comptes/" in response["Location"]

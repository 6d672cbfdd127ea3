"""Messages between two people: relayed, addresses never shown, readable by the participants only."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from accounts import messaging
from accounts.models import Message, MessageThread
from core.models import OutgoingEmail
from tests.factories import CandidateFactory, ConsultantFactory, OrganisationFactory, RecruiterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    return RecruiterFactory(first_name="Aline", last_name="Martin"), CandidateFactory(first_name="Bruno")


def test_start_thread_saves_the_first_message_and_tells_the_recipient(pair, delivering):
    sender, recipient = pair
    organisation = OrganisationFactory()
    with delivering():
        thread = messaging.start_thread(
            sender, recipient, "Bonjour,\nvotre profil m’intéresse.", subject="Poste", about=organisation
        )
    assert thread.about == organisation
    assert list(thread.messages.values_list("body", flat=True)) == ["Bonjour,\nvotre profil m’intéresse."]
    assert list(messaging.threads_for(recipient)) == [thread]
    assert list(messaging.threads_for(sender)) == [thread]
    [email] = mail.outbox
    assert email.to == [recipient.email]
    assert sender.email not in email.body and sender.email not in email.alternatives[0][0]
    assert "Aline Martin" in email.subject
    assert f"/espace/messages/{thread.pk}/" in email.body


def test_post_message_needs_a_participant_and_a_body(pair):
    sender, recipient = pair
    thread = messaging.start_thread(sender, recipient, "Bonjour")
    messaging.post_message(thread, recipient, "Merci !")
    assert thread.messages.count() == 2
    with pytest.raises(ValidationError):
        messaging.post_message(thread, ConsultantFactory(), "Intrus")
    with pytest.raises(ValidationError):
        messaging.post_message(thread, sender, "  \x00 ")
    with pytest.raises(ValidationError):
        messaging.start_thread(sender, sender, "Moi")


def test_unread_counts_and_reading_marks_them_read(client, pair):
    sender, recipient = pair
    thread = messaging.start_thread(sender, recipient, "Un")
    messaging.post_message(thread, sender, "Deux")
    assert messaging.threads_for(recipient).get().unread == 2
    assert messaging.threads_for(sender).get().unread == 0
    client.force_login(recipient)
    assert client.get(reverse("messages_thread", args=[thread.pk])).status_code == 200
    assert not Message.objects.filter(read_at__isnull=True).exists()


def test_list_and_thread_show_names_not_addresses(client, pair):
    sender, recipient = pair
    thread = messaging.start_thread(sender, recipient, "Bonjour", subject="Mission")
    client.force_login(recipient)
    listing = client.get(reverse("messages_list")).content.decode()
    assert "Mission" in listing and "Aline Martin" in listing and sender.email not in listing
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Bonjour" in page and sender.email not in page


def test_reply_through_the_form(client, pair, delivering):
    sender, recipient = pair
    thread = messaging.start_thread(sender, recipient, "Bonjour")
    mail.outbox.clear()
    client.force_login(recipient)
    with delivering():
        response = client.post(thread.get_absolute_url(), {"body": "Avec plaisir"})
    assert response.status_code == 302
    assert thread.messages.last().body == "Avec plaisir"
    assert mail.outbox[-1].to == [sender.email]


def test_an_outsider_gets_404_and_anonymous_visitors_sign_in(client, pair):
    sender, recipient = pair
    thread = messaging.start_thread(sender, recipient, "Privé")
    client.force_login(CandidateFactory())
    assert client.get(thread.get_absolute_url()).status_code == 404
    assert client.post(thread.get_absolute_url(), {"body": "Intrus"}).status_code == 404
    assert client.get(reverse("messages_thread", args=[2**40])).status_code == 404
    assert thread.messages.count() == 1
    client.logout()
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_markup_is_escaped_in_pages_and_emails(client, pair, delivering):
    sender, recipient = pair
    sender.first_name = "<script>alert(1)</script>"
    sender.save()
    with delivering():
        thread = messaging.start_thread(sender, recipient, "<b>gras</b><script>x()</script>", subject="<i>objet</i>")
    client.force_login(recipient)
    for url in (reverse("messages_list"), thread.get_absolute_url()):
        body = client.get(url).content.decode()
        assert "<script>alert(1)" not in body and "<b>gras" not in body and "<i>objet" not in body
    html = OutgoingEmail.objects.get().html_body
    assert "<script>alert(1)" not in html and "<b>gras" not in html


@override_settings(RATE_LIMITS={"accounts.message": "2/h"})
def test_replies_are_rate_limited(client, pair):
    sender, recipient = pair
    thread = messaging.start_thread(sender, recipient, "Bonjour")
    client.force_login(recipient)
    for n in range(2):
        assert client.post(thread.get_absolute_url(), {"body": f"Réponse {n}"}).status_code == 302
    response = client.post(thread.get_absolute_url(), {"body": "Encore"})
    assert response.status_code == 400
    assert "Trop de messages" in response.content.decode()
    assert thread.messages.count() == 3


def test_threads_about_an_object_are_found_by_it(pair):
    sender, recipient = pair
    organisation = OrganisationFactory()
    thread = messaging.start_thread(sender, recipient, "Bonjour", about=organisation)
    assert MessageThread.objects.of(sender).get() == thread
    assert MessageThread.objects.of(CandidateFactory()).count() == 0


def test_a_filled_spam_trap_refuses_the_reply(client, pair):
    sender, recipient = pair
    thread = messaging.start_thread(sender, recipient, "Bonjour")
    client.force_login(recipient)
    response = client.post(thread.get_absolute_url(), {"body": "Réponse", "contact_nickname": "robot"})
    assert response.status_code == 400
    assert thread.messages.count() == 1

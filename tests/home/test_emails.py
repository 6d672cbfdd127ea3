"""The outbox: every email is saved before it is sent, sent once, retried, and never lost."""

import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from kombu.exceptions import OperationalError

from home.emails import send_email
from home.models import OutgoingEmail
from home.tasks import MAX_ATTEMPTS, deliver_email, requeue_pending_emails

pytestmark = pytest.mark.django_db

FAILING_BACKEND = "tests.home.test_emails.FailingBackend"


class FailingBackend(BaseEmailBackend):
    """An email provider that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connexion au serveur SMTP perdue")


def queue(**kwargs) -> OutgoingEmail:
    defaults = {"to": ["camille@exemple.test"], "subject": "Votre candidature", "text": "Bonjour Camille."}
    return send_email(**{**defaults, **kwargs})


def test_email_is_saved_first_and_sent_only_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email = queue()
        # Saved, not sent: if the transaction rolls back, nothing leaves.
        assert OutgoingEmail.objects.get(pk=email.pk).status == OutgoingEmail.Status.PENDING
        assert mail.outbox == []
    assert len(callbacks) == 1
    assert mail.outbox == []

    callbacks[0]()

    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 1
    assert email.sent_at is not None


def test_email_has_a_text_and_an_html_part(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue(
            to=["lea@exemple.test"],
            subject="Nouvelle offre : chargée de mission",
            text="Bonjour Léa,\n\nUne offre vous attend : https://solidaires.example/emploi/1/\n<b>pas du HTML</b>",
            headers={
                "List-Unsubscribe": "<https://solidaires.example/newsletter/desinscription/abc/>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )

    (message,) = mail.outbox
    assert message.to == ["lea@exemple.test"]
    assert message.subject == "Nouvelle offre : chargée de mission"
    assert message.from_email == "Solidaires <ne-pas-repondre@solidaires.example>"
    assert message.body.startswith("Bonjour Léa,")
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    assert '<html lang="fr">' in html
    assert "Bonjour Léa," in html
    assert '<a href="https://solidaires.example/emploi/1/"' in html
    assert "<b>pas du HTML</b>" not in html  # the text is escaped, not injected
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.message()["List-Unsubscribe"] == "<https://solidaires.example/newsletter/desinscription/abc/>"


def test_email_is_not_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                queue()
                raise ValueError("le formulaire a échoué après coup")
        except ValueError:
            pass

    assert callbacks == []
    assert mail.outbox == []
    assert not OutgoingEmail.objects.exists()


def test_delivery_is_idempotent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()
    assert len(mail.outbox) == 1

    assert deliver_email.delay(email.pk).get() == "skipped"
    assert deliver_email.delay(email.pk).get() == "skipped"

    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.attempts == 1


def test_delivery_of_an_unknown_email_does_nothing():
    assert deliver_email.delay(987654).get() == "skipped"
    assert mail.outbox == []


def test_failing_backend_leaves_the_email_pending_with_the_error(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = FAILING_BACKEND

    with django_capture_on_commit_callbacks(execute=True):
        email = queue()

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.PENDING
    assert email.attempts == 1
    assert "SMTPServerDisconnected" in email.last_error
    assert email.sent_at is None


def test_email_is_marked_failed_after_max_attempts(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()

    for _attempt in range(MAX_ATTEMPTS - 2):
        assert deliver_email.delay(email.pk).get() == "pending"
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.PENDING, MAX_ATTEMPTS - 1)

    assert deliver_email.delay(email.pk).get() == "failed"
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.FAILED, MAX_ATTEMPTS)

    # A failed email is not tried again, even when the provider is back.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver_email.delay(email.pk).get() == "skipped"
    assert mail.outbox == []


def test_a_worker_retries_with_growing_back_off(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    with django_capture_on_commit_callbacks(execute=False):
        email = queue()

    countdowns = []
    for _attempt in range(3):
        with mock.patch.object(deliver_email, "retry", side_effect=Retry()) as retry:
            with pytest.raises(Retry):
                deliver_email(email.pk)  # run as a worker runs it (not eagerly)
        countdowns.append(retry.call_args.kwargs["countdown"])
        email.refresh_from_db()
        assert email.status == OutgoingEmail.Status.PENDING

    assert countdowns == [60, 120, 240]
    assert email.attempts == 3


def test_requeue_sends_old_pending_emails_only(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        stuck = queue(subject="Resté en attente")
        recent = queue(subject="Tout juste créé")
        done = queue(subject="Déjà envoyé")
    OutgoingEmail.objects.filter(pk__in=[stuck.pk, done.pk]).update(created_at=timezone.now() - timedelta(minutes=30))
    OutgoingEmail.objects.filter(pk=done.pk).update(status=OutgoingEmail.Status.SENT)

    assert requeue_pending_emails.delay().get() == 1

    assert [message.subject for message in mail.outbox] == ["Resté en attente"]
    assert OutgoingEmail.objects.get(pk=stuck.pk).status == OutgoingEmail.Status.SENT
    assert OutgoingEmail.objects.get(pk=recent.pk).status == OutgoingEmail.Status.PENDING


def test_broker_outage_keeps_the_email_and_the_requeue_sends_it(django_capture_on_commit_callbacks, caplog):
    with mock.patch.object(deliver_email, "delay", side_effect=OperationalError("Error 111 connecting to redis")):
        with django_capture_on_commit_callbacks(execute=True):
            email = queue()  # no exception reaches the caller
        assert requeue_pending_emails(older_than_minutes=0) == 1  # still down: nothing lost, nothing raised

    assert mail.outbox == []
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.PENDING
    assert "stays pending" in caplog.text

    # The broker is back: the periodic re-queue delivers it.
    assert requeue_pending_emails.delay(older_than_minutes=0).get() == 1
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT


def test_broker_outage_does_not_break_a_signup(client, home_page, django_capture_on_commit_callbacks):
    with mock.patch.object(deliver_email, "delay", side_effect=OperationalError("Error 111 connecting to redis")):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/comptes/signup/",
                {
                    "email": "nouvelle@exemple.test",
                    "password1": "une-phrase-secrete-42",
                    "password2": "une-phrase-secrete-42",
                },
            )

    assert response.status_code == 302
    (email,) = OutgoingEmail.objects.all()
    assert email.to == ["nouvelle@exemple.test"]
    assert email.status == OutgoingEmail.Status.PENDING
    assert mail.outbox == []

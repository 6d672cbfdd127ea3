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

from core.emails import send_email
from core.models import OutgoingEmail
from core.outbox import QUEUE_LEASE, retry_delay
from core.tasks import MAX_ATTEMPTS, deliver_email, purge_old_emails, requeue_pending_emails

pytestmark = pytest.mark.django_db

FAILING_BACKEND = "tests.core.test_emails.FailingBackend"


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


def due(*emails: OutgoingEmail, minutes_ago: int = 1) -> None:
    """Make emails due for the periodic re-queue (their lease or back-off is over)."""
    OutgoingEmail.objects.filter(pk__in=[email.pk for email in emails]).update(
        next_attempt_at=timezone.now() - timedelta(minutes=minutes_ago)
    )


def test_a_queued_email_has_a_lease_and_is_not_requeued_before_it_runs(django_capture_on_commit_callbacks):
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=False):
        email = queue()
    OutgoingEmail.objects.filter(pk=email.pk).update(created_at=before - timedelta(minutes=30))

    email.refresh_from_db()
    assert before + QUEUE_LEASE <= email.next_attempt_at <= timezone.now() + QUEUE_LEASE
    # Queued (its task waits in the broker): the re-queue leaves it alone, however old it is.
    assert requeue_pending_emails.delay().get() == 0
    assert mail.outbox == []


def test_requeue_sends_due_pending_emails_only(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        stuck = queue(subject="Resté en attente")
        recent = queue(subject="Tout juste mis en file")
        done = queue(subject="Déjà envoyé")
    due(stuck, done)
    OutgoingEmail.objects.filter(pk=done.pk).update(status=OutgoingEmail.Status.SENT)

    assert requeue_pending_emails.delay().get() == 1

    assert [message.subject for message in mail.outbox] == ["Resté en attente"]
    assert OutgoingEmail.objects.get(pk=stuck.pk).status == OutgoingEmail.Status.SENT
    assert OutgoingEmail.objects.get(pk=recent.pk).status == OutgoingEmail.Status.PENDING


def test_requeue_leases_what_it_queues_so_duplicates_do_not_pile_up(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        emails = [queue(subject=f"Lettre {number}") for number in range(3)]
    due(*emails)

    with mock.patch.object(deliver_email, "delay") as delay:  # queued, but no worker has run them yet
        assert requeue_pending_emails() == 3
        assert requeue_pending_emails() == 0  # 5 minutes later: still in the broker, not queued again
        assert requeue_pending_emails() == 0
    assert delay.call_count == 3
    for email in emails:
        email.refresh_from_db()
        assert email.next_attempt_at > timezone.now() + QUEUE_LEASE - timedelta(minutes=1)
        assert email.attempts == 0


def test_requeue_takes_the_oldest_due_first_in_bounded_batches(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        emails = [queue(subject=f"Lettre {number}") for number in range(5)]
    for minutes_ago, email in zip([10, 50, 30, 40, 20], emails, strict=True):
        due(email, minutes_ago=minutes_ago)

    with mock.patch.object(deliver_email, "delay") as delay:
        assert requeue_pending_emails(batch_size=2, max_batches=2) == 4
        queued = [call.args[0] for call in delay.call_args_list]
        assert queued == [emails[1].pk, emails[3].pk, emails[2].pk, emails[4].pk]  # oldest due first
        assert requeue_pending_emails(batch_size=2, max_batches=2) == 1
        assert delay.call_args.args[0] == emails[0].pk


def test_a_failed_attempt_waits_out_its_back_off_before_the_requeue(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()
    OutgoingEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - timedelta(minutes=30))
    email.refresh_from_db()
    assert email.attempts == 1
    # Eager mode (no worker): no retry in process, the row is due after the first back-off.
    assert timedelta(seconds=50) < email.next_attempt_at - timezone.now() <= retry_delay(1)

    assert requeue_pending_emails() == 0  # waiting out its back-off: not queued again
    email.refresh_from_db()
    assert email.attempts == 1

    due(email)
    assert requeue_pending_emails() == 1
    email.refresh_from_db()
    assert email.attempts == 2
    assert timedelta(seconds=110) < email.next_attempt_at - timezone.now() <= retry_delay(2)


def test_a_provider_outage_takes_hours_not_minutes_to_exhaust_the_attempts(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()

    waited = timedelta(0)
    while True:
        email.refresh_from_db()
        if email.status != OutgoingEmail.Status.PENDING:
            break
        wait = email.next_attempt_at - timezone.now()
        waited += wait
        due(email)
        assert requeue_pending_emails() == 1
        assert requeue_pending_emails() == 0

    assert (email.status, email.attempts) == (OutgoingEmail.Status.FAILED, MAX_ATTEMPTS)
    assert waited > timedelta(hours=2)  # 1 + 2 + 4 + … + 60 minutes, not 8 × 5 minutes


def test_a_worker_retry_and_a_requeue_of_the_same_attempt_count_once(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    with django_capture_on_commit_callbacks(execute=False):
        email = queue()

    with mock.patch.object(deliver_email, "retry", side_effect=Retry()) as retry:
        with pytest.raises(Retry):
            deliver_email(email.pk, 0)  # a worker runs the task queued by send_email
    assert retry.call_args.kwargs["args"] == (email.pk, 1)
    email.refresh_from_db()
    assert email.attempts == 1
    # The worker's retry is queued: its lease comes on top of the back-off, the re-queue waits for it.
    assert email.next_attempt_at - timezone.now() > retry_delay(1) + QUEUE_LEASE - timedelta(seconds=10)
    assert requeue_pending_emails() == 0

    # The retry was delayed and the re-queue queued the same attempt too: both run.
    due(email)
    with mock.patch.object(deliver_email, "delay") as delay:
        assert requeue_pending_emails() == 1
    assert delay.call_args.args == (email.pk, 1)
    with mock.patch.object(deliver_email, "retry", side_effect=Retry()):
        with pytest.raises(Retry):
            deliver_email(email.pk, 1)  # the worker's retry
        assert deliver_email(email.pk, 1) == "skipped"  # the re-queued duplicate
        assert deliver_email(email.pk, 0) == "skipped"  # a stale one from long ago
    email.refresh_from_db()
    assert email.attempts == 2


def test_broker_outage_keeps_the_email_and_the_requeue_sends_it(django_capture_on_commit_callbacks, caplog):
    with mock.patch.object(deliver_email, "delay", side_effect=OperationalError("Error 111 connecting to redis")):
        with django_capture_on_commit_callbacks(execute=True):
            email = queue()  # no exception reaches the caller
        email.refresh_from_db()
        assert email.next_attempt_at <= timezone.now()  # never queued: due at the next run, no lease
        assert requeue_pending_emails() == 0  # still down: nothing lost, nothing raised

    assert mail.outbox == []
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.PENDING
    assert email.next_attempt_at <= timezone.now()
    assert "stays pending" in caplog.text

    # The broker is back: the periodic re-queue delivers it.
    assert requeue_pending_emails.delay().get() == 1
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT


def test_an_email_delivered_now_needs_no_worker(settings, django_capture_on_commit_callbacks):
    """For the alerts that say the workers may be down (core.jobs): this process delivers it."""
    with mock.patch.object(deliver_email, "delay", side_effect=AssertionError("not through the broker")):
        with django_capture_on_commit_callbacks(execute=True):
            email = queue(subject="Tâches planifiées en retard", deliver_now=True)
            assert mail.outbox == []  # after the commit, like any email
        email.refresh_from_db()
        assert email.status == OutgoingEmail.Status.SENT
        assert [message.subject for message in mail.outbox] == ["Tâches planifiées en retard"]

        # The provider is down too: the email waits for the periodic re-queue, with its back-off.
        settings.EMAIL_BACKEND = FAILING_BACKEND
        with django_capture_on_commit_callbacks(execute=True):
            failed = queue(subject="Tâches planifiées rétablies", deliver_now=True)
        failed.refresh_from_db()
        assert (failed.status, failed.attempts) == (OutgoingEmail.Status.PENDING, 1)
        assert failed.next_attempt_at > timezone.now()


def test_requeue_stops_at_the_first_broker_error_and_leaves_the_rest_due(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        emails = [queue(subject=f"Lettre {number}") for number in range(4)]
    for minutes_ago, email in zip([40, 30, 20, 10], emails, strict=True):
        due(email, minutes_ago=minutes_ago)

    broker = mock.Mock(side_effect=[None, OperationalError("Error 111 connecting to redis"), None, None])
    with mock.patch.object(deliver_email, "delay", broker):
        assert requeue_pending_emails() == 1
    assert broker.call_count == 2  # not one connection attempt per email
    now = timezone.now()
    leased, *rest = OutgoingEmail.objects.filter(pk__in=[email.pk for email in emails]).order_by("created_at")
    assert leased.next_attempt_at > now
    assert all(email.next_attempt_at <= now for email in rest)


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


# --- Privacy: what the outbox keeps, and for how long ---------------------------------------------


def test_a_sent_email_keeps_no_body(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue(
            subject="Réinitialisation du mot de passe",
            text="Cliquez : https://solidaires.example/comptes/password/reset/key/secret-token/",
            headers={"List-Unsubscribe": "<https://solidaires.example/newsletter/desinscription/abc/>"},
        )

    assert "secret-token" in mail.outbox[0].body  # sent with its content…
    email.refresh_from_db()
    assert (email.text_body, email.html_body, email.headers) == ("", "", {})  # …which is not kept
    assert email.to == ["camille@exemple.test"]
    assert email.subject == "Réinitialisation du mot de passe"
    assert (email.status, email.attempts) == (OutgoingEmail.Status.SENT, 1)
    assert email.created_at and email.sent_at


def test_a_pending_email_keeps_its_body_until_it_is_sent(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    with django_capture_on_commit_callbacks(execute=True):
        email = queue(text="Votre lien : https://solidaires.example/comptes/confirm-email/key/")

    email.refresh_from_db()
    assert "confirm-email" in email.text_body and "confirm-email" in email.html_body

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    due(email)
    assert requeue_pending_emails() == 1
    assert "confirm-email" in mail.outbox[0].body
    email.refresh_from_db()
    assert (email.status, email.text_body, email.html_body) == (OutgoingEmail.Status.SENT, "", "")


def test_purge_deletes_sent_emails_after_30_days_and_failed_ones_after_90(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        emails = {name: queue(subject=name) for name in ("sent-31", "sent-29", "failed-91", "failed-89", "pending-120")}
    now = timezone.now()
    Status = OutgoingEmail.Status
    for name, status, days in [
        ("sent-31", Status.SENT, 31),
        ("sent-29", Status.SENT, 29),
        ("failed-91", Status.FAILED, 91),
        ("failed-89", Status.FAILED, 89),
        ("pending-120", Status.PENDING, 120),
    ]:
        OutgoingEmail.objects.filter(pk=emails[name].pk).update(
            status=status,
            created_at=now - timedelta(days=days, minutes=5),
            sent_at=now - timedelta(days=days) if status == Status.SENT else None,
        )

    assert purge_old_emails.delay().get() == 2

    assert set(OutgoingEmail.objects.values_list("subject", flat=True)) == {"sent-29", "failed-89", "pending-120"}


def test_the_outbox_tasks_are_scheduled():
    from django.conf import settings

    from config.celery import app

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"core.tasks.requeue_pending_emails", "core.tasks.purge_old_emails"} <= tasks
    assert {"core.tasks.requeue_pending_emails", "core.tasks.purge_old_emails"} <= set(app.tasks)


# --- The outbox in the Wagtail admin: read-only, for superusers and moderators ------------------------

LIST_URL = "wagtailsnippets_core_outgoingemail:list"


@pytest.fixture
def outbox(settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = queue(to=["lea@exemple.test"], subject="Bienvenue Léa")
    settings.EMAIL_BACKEND = FAILING_BACKEND
    with django_capture_on_commit_callbacks(execute=True):
        failed = queue(to=["sami@exemple.test"], subject="Lien secret", text="https://x.test/reset/secret-token/")
    OutgoingEmail.objects.filter(pk=failed.pk).update(status=OutgoingEmail.Status.FAILED, attempts=MAX_ATTEMPTS)
    return {"sent": sent, "failed": failed}


@pytest.fixture
def superuser(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser(email="admin@exemple.test", password="une-phrase-secrete-42")


def sidebar(client) -> str:
    from django.urls import reverse

    return client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.parametrize("who", ["superuser", "moderator"])
def test_superusers_and_moderators_see_the_outbox(client, request, outbox, who):
    from django.urls import reverse

    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse(LIST_URL))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bienvenue Léa" in html and "lea@exemple.test" in html
    assert "Lien secret" in html and "sami@exemple.test" in html
    assert "échec définitif" in html
    assert "Courriels sortants" in sidebar(client)

    filtered = client.get(reverse(LIST_URL), {"status": "failed"}).content.decode()
    assert "Lien secret" in filtered and "Bienvenue Léa" not in filtered
    searched = client.get(reverse(LIST_URL), {"q": "lea@exemple"}).content.decode()
    assert "Bienvenue Léa" in searched and "Lien secret" not in searched
    searched = client.get(reverse(LIST_URL), {"q": "secret"}).content.decode()
    assert "Lien secret" in searched and "Bienvenue Léa" not in searched

    inspect = client.get(reverse("wagtailsnippets_core_outgoingemail:inspect", args=[outbox["failed"].pk]))
    assert inspect.status_code == 200
    assert "SMTPServerDisconnected" in inspect.content.decode()
    assert "secret-token" not in inspect.content.decode()  # never the body


@pytest.mark.parametrize("who", ["superuser", "moderator"])
def test_nobody_adds_edits_or_deletes_outbox_rows(client, request, outbox, who):
    from django.urls import reverse

    client.force_login(request.getfixturevalue(who))
    email = outbox["failed"]

    html = client.get(reverse(LIST_URL)).content.decode()
    assert reverse("wagtailsnippets_core_outgoingemail:add") not in html
    assert reverse("wagtailsnippets_core_outgoingemail:edit", args=[email.pk]) not in html
    for url in (
        reverse("wagtailsnippets_core_outgoingemail:add"),
        reverse("wagtailsnippets_core_outgoingemail:edit", args=[email.pk]),
        reverse("wagtailsnippets_core_outgoingemail:delete", args=[email.pk]),
    ):
        assert client.get(url).status_code in (302, 403), url
        assert client.post(url, {"subject": "changé", "to": "[]"}).status_code in (302, 403), url
    email.refresh_from_db()
    assert email.subject == "Lien secret"
    assert OutgoingEmail.objects.count() == 2


@pytest.mark.parametrize("who", ["editor", "candidate"])
def test_editors_and_site_users_do_not_see_the_outbox(client, request, outbox, who):
    from django.urls import reverse

    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse(LIST_URL))
    assert response.status_code in (302, 403)
    assert "Bienvenue Léa" not in response.content.decode()
    inspect = client.get(reverse("wagtailsnippets_core_outgoingemail:inspect", args=[outbox["failed"].pk]))
    assert inspect.status_code in (302, 403)
    if who == "editor":
        assert "Courriels sortants" not in sidebar(client)


def test_the_html_part_escapes_a_text_marked_safe_by_its_template(django_capture_on_commit_callbacks):
    """`.txt` templates render with autoescape off: what a visitor typed comes back marked safe, and must
    still be escaped in the HTML part (a link hidden behind harmless words is a phishing kit)."""
    from django.template import Context, Template

    typed = '<a href="https://pirate.example/">Confirmez ici</a><script>alert(1)</script><img src=x>'
    text = Template("{% autoescape off %}Bonjour {{ name }},{% endautoescape %}").render(Context({"name": typed}))
    with django_capture_on_commit_callbacks(execute=True):
        queue(subject=f"Bienvenue {typed}", text=text)

    html = mail.outbox[0].alternatives[0][0]
    assert "<script" not in html and "<img" not in html and ">Confirmez ici</a>" not in html
    assert "&lt;a href=" in html and "&lt;script&gt;" in html
    assert mail.outbox[0].body == text  # the text part is what was written

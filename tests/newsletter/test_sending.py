"""Letters: rendering, RFC 8058 headers, batched idempotent sending, webhooks, import, composition, admin."""

import base64

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from newsletter import composition, sending, services, tasks, tokens
from newsletter.importing import import_csv
from newsletter.models import Delivery, NewsletterPage, SendStatus, Subscriber, SubscriberStatus

from .conftest import make_subscribers

pytestmark = pytest.mark.django_db


def start(letter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.start_sending(letter)


def test_rendered_letter_inlined_escaped_with_text_part(letter):
    rendered = sending.render_letter(letter, "https://solidaires.example")
    assert "<style" not in rendered.html and 'style="' in rendered.html
    assert "<script>" not in rendered.html and "Un article &lt;script&gt;" in rendered.html
    assert "&lt;b&gt;tout le monde&lt;/b&gt;" in rendered.html
    assert "Un article <script>" in rendered.text and "https://exemple.fr/a" in rendered.text
    assert "<img" not in rendered.html  # no tracking pixel


def test_bulk_message_headers_rfc8058(letter, weekly, django_capture_on_commit_callbacks, settings):
    settings.NEWSLETTER_CHUNK_SIZE = 2
    subscribers = make_subscribers(weekly, 5)
    start(letter, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 5
    message = mail.outbox[0]
    header = message.extra_headers["List-Unsubscribe"]
    https, mailto = [part.strip().strip("<>") for part in header.split(",")]
    assert https.startswith("https://") or https.startswith("http://")
    assert mailto.startswith("mailto:desinscription@")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = message.alternatives[0][0]
    assert https in html and https in message.body
    token = https.rstrip("/").rsplit("/", 1)[1]
    subscriber_id, list_id = tokens.read_unsubscribe_token(token)
    assert list_id == weekly.pk
    assert Subscriber.objects.get(pk=subscriber_id).email == message.to[0]
    letter.refresh_from_db()
    assert letter.send_status == SendStatus.SENT and letter.recipient_count == 5
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == len(subscribers)


def test_retry_sends_nobody_twice(letter, weekly, django_capture_on_commit_callbacks, settings):
    settings.NEWSLETTER_CHUNK_SIZE = 3
    make_subscribers(weekly, 7)
    NewsletterPage.objects.filter(pk=letter.pk).update(send_status=SendStatus.SENDING)
    chunks = sending.prepare(letter.pk)
    assert len(chunks) == 3
    sending.send_chunk(letter.pk, *chunks[0])
    # The worker "crashed": everything is queued again; the send log skips what was sent.
    assert tasks.prepare_letter.apply(args=(letter.pk,)).get() == 2
    assert sending.send_chunk(letter.pk, *chunks[0]) == 0
    assert sorted(message.to[0] for message in mail.outbox) == sorted({m.to[0] for m in mail.outbox})
    assert len(mail.outbox) == 7


def test_failed_handover_leaves_rows_pending(letter, weekly, monkeypatch):
    make_subscribers(weekly, 3)
    NewsletterPage.objects.filter(pk=letter.pk).update(send_status=SendStatus.SENDING)
    (chunk,) = sending.prepare(letter.pk)

    def broken(*args, **kwargs):
        raise ConnectionError("provider down")

    monkeypatch.setattr(sending, "hand_over", broken)
    with pytest.raises(ConnectionError):
        sending.send_chunk(letter.pk, *chunk)
    assert Delivery.objects.filter(status=Delivery.Status.PENDING).count() == 3


def test_unsubscribed_or_bounced_meanwhile_are_skipped(letter, weekly, django_capture_on_commit_callbacks):
    subscribers = make_subscribers(weekly, 3)
    NewsletterPage.objects.filter(pk=letter.pk).update(send_status=SendStatus.SENDING)
    (chunk,) = sending.prepare(letter.pk)
    services.block(subscribers[0].email, SubscriberStatus.BOUNCED, "test")
    subscribers[1].lists.clear()
    assert sending.send_chunk(letter.pk, *chunk) == 1
    assert [message.to[0] for message in mail.outbox] == [subscribers[2].email]


def test_anymail_batch_send_with_merge_data(letter, weekly, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    settings.NEWSLETTER_BATCH_SEND = True
    settings.NEWSLETTER_CHUNK_SIZE = 4
    make_subscribers(weekly, 6)
    start(letter, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2  # one provider call per chunk
    message = mail.outbox[0]
    assert len(message.to) == 4
    assert "{{unsubscribe_url}}" in message.body
    assert set(message.merge_data) == set(message.to)
    assert message.merge_headers[message.to[0]]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.track_clicks is False and message.track_opens is False


def test_draft_cannot_be_sent(letter):
    letter.unpublish()
    with pytest.raises(services.SendRefused):
        services.start_sending(NewsletterPage.objects.get(pk=letter.pk))


def test_schedule_then_beat_starts(letter, weekly, django_capture_on_commit_callbacks):
    make_subscribers(weekly, 2)
    assert services.start_sending(letter, at=timezone.now() + timezone.timedelta(hours=1)) == SendStatus.SCHEDULED
    assert tasks.send_scheduled_letters.apply().get() == 0
    NewsletterPage.objects.filter(pk=letter.pk).update(scheduled_at=timezone.now())
    assert tasks.send_scheduled_letters.apply().get() == 1
    assert len(mail.outbox) == 2


# --- Webhooks ---------------------------------------------------------------------------------------


@pytest.fixture
def webhook_secret(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "user:secret"}
    return "Basic " + base64.b64encode(b"user:secret").decode()


def postmark_bounce(email):
    return {
        "RecordType": "Bounce",
        "Type": "HardBounce",
        "TypeCode": 1,
        "Email": email,
        "MessageID": "x",
        "Description": "Unknown user",
        "BouncedAt": "2026-12-06T10:00:00Z",
    }


def test_bounce_webhook_blocks_address(client, weekly, webhook_secret):
    subscriber = Subscriber.objects.create(email="b@exemple.fr", status=SubscriberStatus.ACTIVE)
    response = client.post(
        "/anymail/postmark/tracking/",
        postmark_bounce("b@exemple.fr"),
        content_type="application/json",
        HTTP_AUTHORIZATION=webhook_secret,
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.BOUNCED


def test_webhook_with_bad_secret_changes_nothing(client, weekly, webhook_secret):
    subscriber = Subscriber.objects.create(email="b@exemple.fr", status=SubscriberStatus.ACTIVE)
    bad = "Basic " + base64.b64encode(b"user:wrong").decode()
    response = client.post(
        "/anymail/postmark/tracking/",
        postmark_bounce("b@exemple.fr"),
        content_type="application/json",
        HTTP_AUTHORIZATION=bad,
    )
    assert response.status_code in (400, 401, 403)
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.ACTIVE


def test_inbound_mailto_unsubscribe(client, weekly, webhook_secret):
    subscriber = Subscriber.objects.create(email="m@exemple.fr", status=SubscriberStatus.ACTIVE)
    subscriber.lists.add(weekly)
    mailto = sending.unsubscribe_mailto(subscriber.pk, weekly.pk)
    from urllib.parse import unquote

    subject = unquote(mailto.split("subject=", 1)[1])
    payload = {
        "From": "m@exemple.fr",
        "FromFull": {"Email": "m@exemple.fr", "Name": ""},
        "To": "desinscription@solidaires.example",
        "ToFull": [{"Email": "desinscription@solidaires.example", "Name": ""}],
        "Subject": subject,
        "TextBody": "",
        "Headers": [],
    }
    response = client.post(
        "/anymail/postmark/inbound/", payload, content_type="application/json", HTTP_AUTHORIZATION=webhook_secret
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED


# --- Import ---------------------------------------------------------------------------------------


def test_csv_import_reports_rejected_lines(weekly, recruiters, tmp_path):
    Subscriber.objects.create(email="parti@exemple.fr", status=SubscriberStatus.UNSUBSCRIBED)
    data = (
        "email,lists,consent_date\n"
        "a@exemple.fr,hebdo,2024-01-02\n"
        "B@exemple.fr,hebdo|recruteurs,02/03/2023\n"
        "a@exemple.fr,hebdo,2024-01-02\n"
        "pas une adresse,hebdo,2024-01-02\n"
        "c@exemple.fr,inconnue,2024-01-02\n"
        "d@exemple.fr,hebdo,hier\n"
        "parti@exemple.fr,hebdo,2024-01-02\n" + "x" * 300 + "@exemple.fr,hebdo,2024-01-02\n"
    )
    report = import_csv(data.encode())
    assert report.created == 2
    assert len(report.rejected) == 6
    assert Subscriber.objects.get(email="b@exemple.fr").lists.count() == 2
    assert Subscriber.objects.get(email="parti@exemple.fr").status == SubscriberStatus.UNSUBSCRIBED
    assert import_csv(b"\xff\xfe").rejected[0][1].startswith("Le fichier n’est pas en UTF-8")
    assert import_csv("email\nx\x00@y.fr\n").rejected
    path = tmp_path / "liste.csv"
    path.write_text("email;lists;consent_date\ne@exemple.fr;hebdo;2024-05-05\n")
    call_command("import_subscribers", str(path))
    assert Subscriber.objects.filter(email="e@exemple.fr", status=SubscriberStatus.ACTIVE).exists()


# --- Composition, archive, admin ------------------------------------------------------------------


def test_compose_weekly_draft(archive, weekly, recruiters):
    letter = composition.compose(weekly)
    assert letter is not None and not letter.live and letter.mailing_list == weekly
    assert composition.compose(weekly).pk == letter.pk  # once per day
    recruiters_letter = composition.compose(recruiters)
    kinds = [block.block_type for block in recruiters_letter.body]
    assert kinds[0] == "heading" and kinds.count("figure") == 3


def test_archive_and_web_version(client, letter, django_assert_max_num_queries):
    NewsletterPage.objects.filter(pk=letter.pk).update(sent_at=timezone.now(), send_status=SendStatus.SENT)
    with django_assert_max_num_queries(15):
        response = client.get("/newsletter/")
    assert response.status_code == 200 and "La lettre du 7 décembre" in response.content.decode()
    with django_assert_max_num_queries(15):
        response = client.get(letter.url)
    body = response.content.decode()
    assert response.status_code == 200 and "Un article &lt;script&gt;" in body


def test_admin_send_view(client, letter, weekly, django_capture_on_commit_callbacks, django_user_model):
    make_subscribers(weekly, 2)
    admin = django_user_model.objects.create_superuser(email="admin@exemple.fr", password="x")
    client.force_login(admin)
    url = reverse("newsletter_send", args=[letter.pk])
    response = client.get(url)
    assert response.status_code == 200 and "2 abonné·es" in response.content.decode()
    client.post(url, {"action": "test"})
    assert mail.outbox[-1].subject.startswith("[TEST]") and mail.outbox[-1].to == ["admin@exemple.fr"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "send"})
    assert len(mail.outbox) == 3
    assert client.get(reverse("wagtailadmin_pages:preview_on_edit", args=[letter.pk]) + "?mode=email").status_code in (
        200,
        405,
    )


def test_admin_views_refuse_others(client, letter, candidate):
    client.force_login(candidate)
    assert client.get(reverse("newsletter_send", args=[letter.pk])).status_code in (302, 403)
    assert client.get(reverse("newsletter_import")).status_code in (302, 403)


def test_admin_import_view(client, weekly, django_user_model):
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin = django_user_model.objects.create_superuser(email="admin@exemple.fr", password="x")
    client.force_login(admin)
    upload = SimpleUploadedFile(
        "l.csv", b"email,lists,consent_date\nz@exemple.fr,hebdo,2024-01-01\nbad,hebdo,2024-01-01\n"
    )
    response = client.post(reverse("newsletter_import"), {"csv_file": upload})
    assert response.status_code == 200
    assert "1 abonné·es créé·es" in response.content.decode()
    assert "Adresse invalide" in response.content.decode()

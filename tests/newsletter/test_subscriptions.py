"""Sign-up with double opt-in, no enumeration, tokens, preferences, one-click unsubscription."""

import re

import pytest
from django.core import mail
from django.core.signing import TimestampSigner
from django.urls import reverse

from newsletter import services, tokens
from newsletter.models import Subscriber, SubscriberStatus

pytestmark = pytest.mark.django_db(transaction=False)


def confirmation_link(message) -> str:
    return re.search(r"https?://\S+/newsletter/confirmer/\S+/", message.body).group(0)


def signup(client, email, **extra):
    return client.post(reverse("newsletter:signup"), {"email": email, **extra})


def test_signup_page(client, home_page, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        response = client.get(reverse("newsletter:signup"))
    assert response.status_code == 200
    assert "S’inscrire aux lettres de Solidaires" in response.content.decode()
    assert "La lettre des recruteurs" in response.content.decode()


def test_footer_box_on_every_page(client, home_page):
    response = client.get("/")
    assert 'action="/newsletter/inscription/"' in response.content.decode()


def test_signup_sends_confirmation_then_confirm_activates(
    client, home_page, weekly, recruiters, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signup(client, "Camille@Exemple.fr", lists=[recruiters.pk], page="/magazine/")
    assert response.status_code == 302 and response.url == reverse("newsletter:signup_sent")
    subscriber = Subscriber.objects.get(email="camille@exemple.fr")
    assert subscriber.status == SubscriberStatus.PENDING
    assert subscriber.consent_page == "/magazine/"
    assert len(mail.outbox) == 1
    link = confirmation_link(mail.outbox[0])
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200  # a button, not an action (mail scanners)
    assert Subscriber.objects.get(pk=subscriber.pk).status == SubscriberStatus.PENDING
    response = client.post("/" + path)
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.ACTIVE
    assert subscriber.consent_at is not None
    assert list(subscriber.lists.all()) == [recruiters]


def test_no_enumeration_same_answer(client, home_page, weekly, django_capture_on_commit_callbacks):
    Subscriber.objects.create(email="connu@exemple.fr", status=SubscriberStatus.ACTIVE).lists.add(weekly)
    Subscriber.objects.create(email="rebond@exemple.fr", status=SubscriberStatus.BOUNCED)
    answers = []
    with django_capture_on_commit_callbacks(execute=True):
        for email in ("connu@exemple.fr", "inconnu@exemple.fr", "rebond@exemple.fr"):
            response = signup(client, email)
            answers.append((response.status_code, response.url))
    assert len(set(answers)) == 1
    # A bounced address is never mailed again; the known one is told it is already subscribed.
    assert sorted(message.to[0] for message in mail.outbox) == ["connu@exemple.fr", "inconnu@exemple.fr"]


def test_double_submission_sends_one_email(client, home_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        signup(client, "deux@exemple.fr")
        signup(client, "deux@exemple.fr")
    assert len(mail.outbox) == 1
    assert Subscriber.objects.filter(email="deux@exemple.fr").count() == 1


@pytest.mark.parametrize(
    "email, message",
    [
        ("pas-une-adresse", "Saisissez une adresse électronique valide"),
        ("a" * 250 + "@exemple.fr", "254 caractères"),
        ("", "Indiquez votre adresse électronique"),
    ],
)
def test_bad_addresses_refused_in_french(client, home_page, email, message):
    response = signup(client, email)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Subscriber.objects.exists() and not mail.outbox


def test_honeypot(client, home_page):
    response = signup(client, "robot@exemple.fr", contact_nickname="x")
    assert response.status_code == 400
    assert not Subscriber.objects.exists()


def test_rate_limit(client, home_page, settings, django_capture_on_commit_callbacks):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "newsletter.signup.ip": "2/h"}
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(2):
            assert signup(client, f"x{n}@exemple.fr").status_code == 302
        response = signup(client, "x9@exemple.fr")
    assert response.status_code == 429
    assert len(mail.outbox) == 2


def test_tampered_and_expired_confirmation(client, home_page, weekly, settings):
    subscriber = Subscriber.objects.create(email="t@exemple.fr")
    token = tokens.confirmation_token(subscriber.pk, [weekly.pk])
    response = client.post(reverse("newsletter:confirm", args=[token[:-2] + "xx"]))
    assert response.status_code == 400 and "n’est pas valable" in response.content.decode()
    settings.NEWSLETTER_CONFIRMATION_MAX_AGE = -1
    response = client.post(reverse("newsletter:confirm", args=[token]))
    assert response.status_code == 400 and "a expiré" in response.content.decode()
    assert Subscriber.objects.get(pk=subscriber.pk).status == SubscriberStatus.PENDING


def test_tokens_round_trip():
    assert tokens.read_unsubscribe_token(tokens.unsubscribe_token(12, 3)) == (12, 3)
    assert tokens.read_preferences_token(tokens.preferences_token(7)) == 7
    with pytest.raises(tokens.InvalidToken):
        tokens.read_preferences_token(TimestampSigner(salt="autre").sign("7"))
    with pytest.raises(tokens.InvalidToken):
        tokens.read_unsubscribe_token(tokens.preferences_token(7))


def test_preferences_and_resubscription(client, home_page, weekly, recruiters):
    subscriber = Subscriber.objects.create(email="p@exemple.fr", status=SubscriberStatus.ACTIVE)
    subscriber.lists.add(weekly)
    url = reverse("newsletter:preferences", args=[tokens.preferences_token(subscriber.pk)])
    response = client.get(url)
    assert response.status_code == 200 and "p@exemple.fr" in response.content.decode()
    client.post(url, {"lists": [recruiters.pk]})
    assert list(subscriber.lists.all()) == [recruiters]
    client.post(url, {})
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    client.post(url, {"lists": [weekly.pk]})
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.ACTIVE
    assert client.get(reverse("newsletter:preferences", args=["1:forged"])).status_code == 400
    assert client.post(url, {"lists": ["999999"]}).status_code == 400


def test_one_click_unsubscribe_post(client, home_page, weekly, recruiters):
    subscriber = Subscriber.objects.create(email="u@exemple.fr", status=SubscriberStatus.ACTIVE)
    subscriber.lists.add(weekly, recruiters)
    url = reverse("newsletter:unsubscribe", args=[tokens.unsubscribe_token(subscriber.pk, weekly.pk)])
    # A GET (link scanner) changes nothing.
    assert client.get(url).status_code == 200
    assert subscriber.lists.count() == 2
    # RFC 8058: a POST with List-Unsubscribe=One-Click, no cookie, no CSRF token, no confirmation.
    csrf_client = client.__class__(enforce_csrf_checks=True)
    response = csrf_client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert list(subscriber.lists.all()) == [recruiters]
    url = reverse("newsletter:unsubscribe", args=[tokens.unsubscribe_token(subscriber.pk, recruiters.pk)])
    csrf_client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    assert csrf_client.post(reverse("newsletter:unsubscribe", args=["1.1:forged"])).status_code == 400


def test_blocked_address_cannot_be_confirmed(weekly):
    subscriber = Subscriber.objects.create(email="c@exemple.fr", status=SubscriberStatus.COMPLAINED)
    with pytest.raises(tokens.InvalidToken):
        services.confirm(tokens.confirmation_token(subscriber.pk, [weekly.pk]))

"""Membership services: fees by capacity, payments (staff and HelloAsso), reminders, the assembly."""

import datetime
import hashlib
import hmac
import json

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings

from association import services
from association.fees import Category, Tier
from association.models import Membership, Payment, WebhookDelivery
from core.models import PageViewDay, ReferrerDay
from tests.factories import CandidateFactory

SECRET = "test-helloasso-secret"
pytestmark = pytest.mark.django_db


def make_member(year=2026, fee=30, category=Category.ASSOCIATION_SMALL, tier=Tier.STANDARD, **kwargs):
    user = kwargs.pop("user", None) or CandidateFactory()
    return services.join(
        user,
        year=year,
        category=category,
        tier=tier,
        fee=fee,
        display_name=kwargs.pop("display_name", "Les Jardins partagés"),
        representative=kwargs.pop("representative", "Aïcha Benali"),
    )


def test_solidarity_tier_at_zero_is_up_to_date_at_once():
    membership = make_member(fee=0, tier=Tier.SOLIDARITY)
    assert membership.status == Membership.Status.PENDING  # the instance returned before payment
    membership.refresh_from_db()
    assert membership.status == Membership.Status.PAID
    assert membership.payments.get().method == Payment.Method.NONE


def test_fee_below_the_tier_floor_is_refused_in_french():
    with pytest.raises(ValidationError) as error:
        make_member(fee=10, category=Category.ASSOCIATION_MEDIUM, tier=Tier.STANDARD)
    assert "100\u00a0€" in error.value.messages[0]
    assert not Membership.objects.exists()


def test_staff_payment_settles_the_membership_once_the_fee_is_reached(django_capture_on_commit_callbacks):
    membership = make_member(fee=30)
    with django_capture_on_commit_callbacks(execute=True):
        services.record_payment(membership, amount_cents=1000, method=Payment.Method.CHEQUE)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        services.record_payment(membership, amount_cents=2000, method=Payment.Method.TRANSFER)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.PAID
    assert len(mail.outbox) == 1 and "2026" in mail.outbox[0].subject


def body_and_signature(payload: dict, secret=SECRET):
    body = json.dumps(payload).encode()
    return body, hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def helloasso_payment(membership, amount=3000, payment_id=987654, state="Authorized"):
    """Shaped like HelloAsso's « Payment » notification (recorded from its documentation's example)."""
    return {
        "eventType": "Payment",
        "data": {
            "id": payment_id,
            "amount": amount,
            "state": state,
            "date": "2026-03-02T10:12:01.123+01:00",
            "paymentMeans": "Card",
            "payer": {"firstName": "Aïcha", "lastName": "Benali", "email": "aicha@example.org"},
            "order": {"id": 123, "formSlug": "adhesion-2026", "formType": "Membership"},
        },
        "metadata": {"reference": str(membership.reference)},
    }


@override_settings(HELLOASSO_WEBHOOK_SECRET=SECRET)
def test_helloasso_payment_settles_and_a_replay_is_refused():
    membership = make_member(fee=30)
    body, signature = body_and_signature(helloasso_payment(membership))
    payment = services.handle_helloasso(body, signature)
    assert payment.amount_cents == 3000 and payment.method == Payment.Method.HELLOASSO
    membership.refresh_from_db()
    assert membership.status == Membership.Status.PAID
    with pytest.raises(services.WebhookRefused) as error:
        services.handle_helloasso(body, signature)
    assert error.value.status == 409
    assert Payment.objects.filter(method=Payment.Method.HELLOASSO).count() == 1


@override_settings(HELLOASSO_WEBHOOK_SECRET=SECRET)
def test_helloasso_bad_signature_is_refused_and_stores_nothing():
    membership = make_member(fee=30)
    body, _signature = body_and_signature(helloasso_payment(membership), secret="wrong")
    with pytest.raises(services.WebhookRefused) as error:
        services.handle_helloasso(body, _signature)
    assert error.value.status == 403 and str(error.value) == "Signature invalide."
    assert not WebhookDelivery.objects.exists()
    assert not Payment.objects.filter(method=Payment.Method.HELLOASSO).exists()


@override_settings(HELLOASSO_WEBHOOK_SECRET=SECRET)
def test_helloasso_same_payment_in_another_body_is_counted_once():
    membership = make_member(fee=60, tier=Tier.STANDARD)
    first, sig1 = body_and_signature(helloasso_payment(membership))
    payload = helloasso_payment(membership)
    payload["data"]["date"] = "2026-03-02T10:15:00+01:00"
    second, sig2 = body_and_signature(payload)
    assert services.handle_helloasso(first, sig1) is not None
    assert services.handle_helloasso(second, sig2) is None
    assert membership.payments.count() == 1


@override_settings(HELLOASSO_WEBHOOK_SECRET=SECRET)
@pytest.mark.parametrize("amount", [-5, "abc", 10**12])
def test_helloasso_bad_amount_is_refused(amount):
    membership = make_member(fee=30)
    body, signature = body_and_signature(helloasso_payment(membership, amount=amount))
    with pytest.raises(services.WebhookRefused):
        services.handle_helloasso(body, signature)


@override_settings(HELLOASSO_WEBHOOK_SECRET="")
def test_helloasso_without_secret_refuses_everything():
    with pytest.raises(services.WebhookRefused):
        services.handle_helloasso(b"{}", "")


def test_reminders_once_per_member_and_not_to_those_who_renewed(django_capture_on_commit_callbacks):
    renewed, due, pending = (make_member(fee=0, tier=Tier.SOLIDARITY) for _ in range(3))
    Membership.objects.filter(pk=pending.pk).update(status=Membership.Status.PENDING)
    make_member(year=2027, fee=0, tier=Tier.SOLIDARITY, user=renewed.user)
    mail.outbox.clear()
    assert services.send_reminders(datetime.date(2026, 10, 1)) == 0  # too early
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders(datetime.date(2026, 12, 5)) == 1
        assert services.send_reminders(datetime.date(2026, 12, 6)) == 0  # never twice
    assert [m.to for m in mail.outbox] == [[due.user.email]]


def test_lapsed_member_is_told_once(django_capture_on_commit_callbacks):
    lapsed = make_member(year=2025, fee=0, tier=Tier.SOLIDARITY)
    back = make_member(year=2025, fee=0, tier=Tier.SOLIDARITY)
    make_member(year=2026, fee=0, tier=Tier.SOLIDARITY, user=back.user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_lapse_notices(datetime.date(2026, 1, 15)) == 1
        assert services.send_lapse_notices(datetime.date(2026, 2, 15)) == 0
    assert mail.outbox[0].to == [lapsed.user.email]


def test_voters_one_vote_each_organisation_through_its_representative_and_csv_safe():
    organisation = make_member(fee=0, tier=Tier.SOLIDARITY, display_name="=HYPERLINK(1)")
    person = make_member(
        fee=0, tier=Tier.SOLIDARITY, category=Category.INDIVIDUAL, display_name="Jean Martin", representative="x"
    )
    make_member(fee=30)  # unpaid: no vote
    voters = list(services.voters(datetime.date(2026, 12, 31)))
    assert {v.pk for v in voters} == {organisation.pk, person.pk}
    assert {v.voter_name for v in voters} == {"Aïcha Benali", "Jean Martin"}
    csv_text = services.voters_csv(datetime.date(2026, 12, 31))
    assert "'=HYPERLINK(1)" in csv_text
    assert services.voters(datetime.date(2027, 1, 1)).count() == 0


def test_convocation_escapes_markup_in_the_html_part(django_capture_on_commit_callbacks):
    make_member(fee=0, tier=Tier.SOLIDARITY, display_name="<b>Asso</b>", representative="<script>x</script>")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        count = services.send_convocation(datetime.date(2026, 12, 31), subject="AG", text="Ordre du jour <i>1</i>")
    assert count == 1
    html = mail.outbox[0].alternatives[0][0]
    assert "<script>" not in html and "&lt;script&gt;" in html


@override_settings(AUDIENCE_SUMMARY_EMAILS=["equipe@solidaires.test"])
def test_monthly_audience_summary(django_capture_on_commit_callbacks):
    PageViewDay.objects.create(day=datetime.date(2026, 11, 3), path="/magazine/", views=40)
    PageViewDay.objects.create(day=datetime.date(2026, 12, 1), path="/magazine/", views=5)  # another month
    ReferrerDay.objects.create(day=datetime.date(2026, 11, 3), domain="www.qwant.com", views=9)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_audience_summary(datetime.date(2026, 12, 1)) == 1
    message = mail.outbox[-1]
    assert message.to == ["equipe@solidaires.test"] and "novembre 2026" in message.subject
    assert "/magazine/\u00a0: 40" in message.body and "www.qwant.com\u00a0: 9" in message.body
    assert "Pages vues\u00a0: 40" in message.body

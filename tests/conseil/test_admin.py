"""Verification of consultant profiles in the Wagtail admin: core's queue, grant and refusal with reason."""

import pytest
from django.core import mail
from django.urls import reverse

from conseil.models import ConsultantStateChange
from tests.factories import CandidateFactory, ModeratorFactory

from .factories import ConsultantProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted():
    return ConsultantProfileFactory(name="Gaëlle Vérif", status="submitted")


def test_queue_in_the_moderation_panel_and_grant(client, submitted, django_capture_on_commit_callbacks):
    client.force_login(ModeratorFactory())
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("wagtailsnippets_conseil_consultantprofile:queue") in html
    verify = reverse("wagtailsnippets_conseil_consultantprofile:verify", args=[submitted.pk])
    assert client.get(verify).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(verify, {"action": "publish"}).status_code == 302
    submitted.refresh_from_db()
    assert submitted.verified
    assert mail.outbox[-1].to == [submitted.user.email]


def test_refusal_needs_a_reason_that_reaches_the_consultant(client, submitted, django_capture_on_commit_callbacks):
    client.force_login(ModeratorFactory())
    verify = reverse("wagtailsnippets_conseil_consultantprofile:verify", args=[submitted.pk])
    assert client.post(verify, {"action": "refuse", "reason": ""}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        client.post(verify, {"action": "refuse", "reason": "Références à préciser."})
    submitted.refresh_from_db()
    assert submitted.status == "refused" and not submitted.verified
    assert ConsultantStateChange.objects.get(subject=submitted).reason == "Références à préciser."
    assert "Références à préciser." in mail.outbox[-1].body


def test_people_without_admin_rights_cannot_verify(client, submitted):
    client.force_login(CandidateFactory())
    verify = reverse("wagtailsnippets_conseil_consultantprofile:verify", args=[submitted.pk])
    client.post(verify, {"action": "publish"})
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_withdrawing_the_verified_mark_emails_the_reason(
    client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    verified = ConsultantProfileFactory(name="Gaëlle Vérif", status="published")
    moderator = ModeratorFactory()
    client.force_login(moderator)
    verify = reverse("wagtailsnippets_conseil_consultantprofile:verify", args=[verified.pk])
    page = client.get(verify)
    assert page.status_code == 200
    assert 'value="withdraw"' in page.content.decode()
    # Bad input: no reason, a NUL, too long — refused, nothing changes, nothing sent.
    for reason in ["", "a\x00b", "x" * 2001]:
        assert client.post(verify, {"action": "withdraw", "reason": reason}).status_code == 400
    verified.refresh_from_db()
    assert verified.verified
    assert mail.outbox == []
    # Constant: two transitions, each re-indexing the snippet (search and reference index), and the outbox.
    with django_assert_max_num_queries(40), django_capture_on_commit_callbacks(execute=True):
        response = client.post(verify, {"action": "withdraw", "reason": "Références <b>invérifiables</b>."})
    assert response.status_code == 302
    verified.refresh_from_db()
    assert verified.status == "refused" and not verified.verified
    steps = list(ConsultantStateChange.objects.filter(subject=verified).order_by("pk"))
    assert [(step.from_status, step.to_status) for step in steps] == [
        ("published", "submitted"),
        ("submitted", "refused"),
    ]
    assert steps[-1].reason == "Références invérifiables." and steps[-1].by == moderator  # markup stripped
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [verified.user.email]
    assert "n’est plus vérifiée" in email.subject
    assert "Références invérifiables." in email.body
    assert "mention « vérifiée »" in email.body.replace("\u00a0", " ")
    # Once: the mark is gone, a second withdrawal is refused and sends nothing; the owner may ask again.
    client.post(verify, {"action": "withdraw", "reason": "Encore"})
    assert len(mail.outbox) == 1
    client.force_login(verified.user)
    client.post(reverse("conseil:ask_verification"))
    verified.refresh_from_db()
    assert verified.status == "submitted"


def test_only_moderators_withdraw_the_mark(client):
    verified = ConsultantProfileFactory(status="published")
    verify = reverse("wagtailsnippets_conseil_consultantprofile:verify", args=[verified.pk])
    for user in [CandidateFactory(), verified.user]:
        client.force_login(user)
        client.post(verify, {"action": "withdraw", "reason": "Non."})
    verified.refresh_from_db()
    assert verified.verified
    assert mail.outbox == []

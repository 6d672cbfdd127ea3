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

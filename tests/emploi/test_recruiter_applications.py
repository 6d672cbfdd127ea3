"""The recruiters' side of applications: per offer, filtered by state, moved through the allowed states;
the candidate's timeline and emails; members of another (or an unverified) organisation get a 404."""

import io

import pytest
from django.urls import reverse

from annuaire.models import OrganisationMembership
from core.models import OutgoingEmail
from emploi import applications, candidates, demo_candidates
from emploi.models import ApplicationStatus, OfferApplication
from tests.factories import CandidateFactory, OrganisationFactory, RecruiterFactory

from .factories import JobOfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(member):
    return JobOfferFactory(organisation=member.organisation, created_by=member, title="Animatrice de tiers-lieu")


def apply(offer, candidate=None, name="Camille Martin", status=None):
    application = OfferApplication.objects.create(
        offer=offer,
        applicant=candidate,
        name=name,
        email=candidate.email if candidate else "anonyme@exemple.test",
        message="Bonjour,\nje suis intéressée.",
    )
    if status:
        OfferApplication.objects.filter(pk=application.pk).update(status=status)
        application.refresh_from_db()
    return application


def test_the_list_shows_the_offer_s_applications_filtered_by_state(client, member, offer, django_assert_num_queries):
    for i in range(3):
        apply(offer, name=f"Personne {i}")
    apply(offer, name="Présélectionnée", status="shortlisted")
    apply(JobOfferFactory(), name="Ailleurs")  # another organisation's offer
    client.force_login(member)
    url = reverse("emploi:offer_applications", args=[offer.pk])
    client.get(url)
    # session, user, offer, counts per state, page count, the page, the menu's two permission look-ups and a
    # savepoint pair: the same whatever the number of applications
    with django_assert_num_queries(10):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Personne 0" in html and "Présélectionnée" in html and "Ailleurs" not in html
    assert "4 candidatures en tout" in html
    html = client.get(url, {"etat": "shortlisted"}).content.decode()
    assert "Présélectionnée" in html and "Personne 0" not in html
    # An unknown state is ignored, not an error.
    assert client.get(url, {"etat": "<script>"}).status_code == 200
    for i in range(20):
        apply(offer, name=f"Autre {i}")
    with django_assert_num_queries(10):  # the same number with 24 applications
        client.get(url)


def test_other_organisations_and_unverified_ones_get_a_404(client, member, offer):
    application = apply(offer)
    outsider = RecruiterFactory()
    OrganisationFactory(members=[outsider])
    client.force_login(outsider)
    assert client.get(reverse("emploi:offer_applications", args=[offer.pk])).status_code == 404
    assert client.get(reverse("emploi:application", args=[application.pk])).status_code == 404
    assert client.post(reverse("emploi:application", args=[application.pk]), {"status": "refused"}).status_code == 404
    application.refresh_from_db()
    assert application.status == "sent"
    # A member whose organisation is not verified, or whose membership is pending, is no better off.
    client.force_login(member)
    offer.organisation.is_verified = False
    offer.organisation.save(update_fields=["is_verified"])
    assert client.get(reverse("emploi:application", args=[application.pk])).status_code == 404
    offer.organisation.is_verified = True
    offer.organisation.save(update_fields=["is_verified"])
    OrganisationMembership.objects.filter(user=member).update(status=OrganisationMembership.Status.PENDING)
    assert client.get(reverse("emploi:offer_applications", args=[offer.pk])).status_code == 404
    # A candidate (no recruiter role) is sent to their space; anonymous people to the sign-in page.
    client.force_login(CandidateFactory())
    assert client.get(reverse("emploi:application", args=[application.pk])).status_code == 302
    client.logout()
    assert client.get(reverse("emploi:application", args=[application.pk])).status_code == 302


def test_moving_an_application_shows_in_the_timeline_and_emails_the_named_changes(
    client, member, offer, django_assert_max_num_queries
):
    candidate = CandidateFactory()
    application = apply(offer, candidate)
    client.force_login(member)
    url = reverse("emploi:application", args=[application.pk])
    client.get(url)  # the site settings are cached by the first page
    with django_assert_max_num_queries(10):  # session, user, application, its steps, menu permissions
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200 and "je suis intéressée" in html
    assert 'value="withdrawn"' not in html  # withdrawing is the candidate's alone
    # "read": no email; "shortlisted": an email with a link to the timeline.
    assert client.post(url, {"status": "read"}).status_code == 302
    assert not OutgoingEmail.objects.filter(to=[candidate.email]).exists()
    assert client.post(url, {"status": "shortlisted", "reason": "Votre profil <b>nous plaît</b>."}).status_code == 302
    email = OutgoingEmail.objects.get(to=[candidate.email])
    assert "présélectionnée" in email.subject
    assert f"/espace/candidat/candidatures/{application.pk}/" in email.text_body
    assert "<b>" not in email.html_body  # what the recruiter typed is escaped
    # A state that may not follow is refused with a French message; nothing changes.
    response = client.post(url, {"status": "sent"})
    assert response.status_code == 400 and "Sélectionnez un choix valide" in response.content.decode()
    response = client.post(url, {"status": "withdrawn"})
    assert response.status_code == 400
    # Refusing without a message sends the template message.
    assert client.post(url, {"status": "refused", "reason": ""}).status_code == 302
    application.refresh_from_db()
    assert application.status == "refused"
    refusal = OutgoingEmail.objects.filter(to=[candidate.email]).order_by("-id").first()
    assert "nous ne pouvons pas y donner une suite favorable" in refusal.text_body
    # The candidate's timeline shows every step; the closed application has no form any more.
    steps = [step.status for step in applications.timeline(application)]
    assert steps == ["sent", "read", "shortlisted", "refused"]
    assert "ne change plus" in client.get(url).content.decode()
    assert client.post(url, {"status": "hired"}).status_code == 404
    client.force_login(candidate)
    html = client.get(reverse("emploi_candidate:application", args=[application.pk])).content.decode()
    assert "nous plaît" in html and "<b>nous" not in html


def test_bad_input_in_the_decision_form_is_refused(client, member, offer):
    application = apply(offer)
    client.force_login(member)
    url = reverse("emploi:application", args=[application.pk])
    assert client.post(url, {"status": "read", "reason": "x" * 2001}).status_code == 400
    assert client.post(url, {"status": "read", "reason": "nul\x00"}).status_code == 400
    assert client.post(url, {"status": "read\x00"}).status_code == 400
    application.refresh_from_db()
    assert application.status == "sent"
    # Someone else's application id does not exist for this recruiter.
    assert client.get(reverse("emploi:application", args=[apply(JobOfferFactory()).pk])).status_code == 404
    assert client.get(reverse("emploi:application", args=[999999])).status_code == 404


def test_the_demo_seeds_applications_in_every_state_with_their_histories():
    recruiter = RecruiterFactory(email="recruteur@solidaires.test")
    offer = JobOfferFactory(organisation=OrganisationFactory(members=[recruiter]), created_by=recruiter)
    profiles = [candidates.ensure_profile(CandidateFactory()) for _ in range(5)]
    demo_candidates.seed_applications(profiles, io.StringIO())
    rows = OfferApplication.objects.filter(offer=offer)
    assert set(rows.values_list("status", flat=True)) == set(ApplicationStatus.values)
    hired = rows.filter(status="hired").first()
    assert [step.status for step in applications.timeline(hired)] == ["sent", "shortlisted", "interview", "hired"]

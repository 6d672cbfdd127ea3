"""Missions through HTTP: the organisation's space (post, read proposals, short-list, pick and close,
download a PDF), the public listing and mission page (filters, Demand JSON-LD), the consultant's answer,
the admin decision page; permissions (another organisation's mission is a 404) and query budgets."""

import json
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from annuaire.models import OrganisationMembership
from conseil import missions
from conseil.models import Expertise, Mission, Proposal
from core.files import CheckedAttachment
from core.models import OutgoingEmail
from tests.factories import ModeratorFactory, OrganisationFactory, RecruiterFactory

from .factories import PDF_BYTES, ConsultantProfileFactory, MissionFactory, ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return RecruiterFactory()


@pytest.fixture
def organisation(member):
    return OrganisationFactory(name="Ressourcerie du Canal", members=[member])


@pytest.fixture
def mission(organisation, member):
    return MissionFactory(organisation=organisation, created_by=member, title="Évaluer notre impact social")


def json_ld(response) -> list[dict]:
    body = response.content.decode()
    return [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', body)]


# --- The organisation's space ---------------------------------------------------------------------


def test_space_lists_my_missions_only(client, member, mission, django_assert_max_num_queries):
    MissionFactory(title="Mission d’une autre structure")
    client.force_login(member)
    client.get(reverse("missions:space"))  # the site frame, built once per process
    with django_assert_max_num_queries(12):
        response = client.get(reverse("missions:space"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Évaluer notre impact social" in body
    assert "Mission d’une autre structure" not in body


def test_space_without_organisation_explains(client):
    client.force_login(RecruiterFactory())
    response = client.get(reverse("missions:space"))
    assert "Créer une structure" in response.content.decode()
    assert client.get(reverse("missions:create")).status_code == 302


def test_anonymous_visitors_sign_in(client, mission):
    for url in (reverse("missions:space"), reverse("missions:detail", args=[mission.pk])):
        assert client.get(url)["Location"].startswith("/comptes/")


def test_posting_a_mission(client, member, organisation, django_assert_max_num_queries):
    client.force_login(member)
    client.get(reverse("missions:create"))
    with django_assert_max_num_queries(15):
        assert client.get(reverse("missions:create")).status_code == 200
    data = {
        "organisation": organisation.pk,
        "title": "Accompagnement <b>DLA</b>",
        "need": "Consolider nos emplois.",
        "deliverables": "Un plan d’action.",
        "expertises": [Expertise.objects.get(slug="accompagnement-dla").pk],
        "answer_by": (timezone.localdate() + timedelta(days=15)).isoformat(),
    }
    response = client.post(reverse("missions:create"), data)
    mission = Mission.objects.get()
    assert response["Location"] == reverse("missions:detail", args=[mission.pk])
    assert mission.title == "Accompagnement DLA"
    assert mission.status == "submitted"


def test_posting_errors_are_french_and_400(client, member, organisation):
    client.force_login(member)
    response = client.post(reverse("missions:create"), {"organisation": organisation.pk, "title": ""})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "title" in errors and "need" in errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Mission.objects.exists()


def test_another_organisations_mission_is_404_everywhere(client, mission):
    proposal = ProposalFactory(mission=mission)
    client.force_login(RecruiterFactory())
    for name, args in [
        ("missions:detail", [mission.pk]),
        ("missions:edit", [mission.pk]),
        ("missions:close", [mission.pk]),
        ("missions:attachment", [mission.pk, proposal.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404
    assert client.post(reverse("missions:shortlist", args=[mission.pk, proposal.pk])).status_code == 404
    assert client.post(reverse("missions:close", args=[mission.pk])).status_code == 404
    mission.refresh_from_db()
    assert mission.status == "published"


def test_a_pending_member_cannot_reach_the_mission(client, mission):
    pending = RecruiterFactory()
    OrganisationMembership.objects.create(organisation=mission.organisation, user=pending)
    client.force_login(pending)
    assert client.get(reverse("missions:detail", args=[mission.pk])).status_code == 404


def test_proposals_shortlist_pick_and_close(client, member, mission, consultants_page, django_assert_max_num_queries):
    first, second = ProposalFactory.create_batch(2, mission=mission)
    client.force_login(member)
    client.get(reverse("missions:detail", args=[mission.pk]))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("missions:detail", args=[mission.pk]))
    assert response.status_code == 200
    assert first.consultant.name in response.content.decode()
    assert f"/conseil/{first.consultant.slug}/contacter/" in response.content.decode()
    client.post(reverse("missions:shortlist", args=[mission.pk, first.pk]), {"shortlisted": "1"})
    first.refresh_from_db()
    assert first.status == "shortlisted"
    confirm = client.get(reverse("missions:close", args=[mission.pk]), {"proposition": first.pk})
    assert first.consultant.name in confirm.content.decode()
    client.post(reverse("missions:close", args=[mission.pk]), {"proposition": first.pk})
    mission.refresh_from_db()
    assert mission.status == "closed"
    assert dict(Proposal.objects.values_list("pk", "status")) == {first.pk: "chosen", second.pk: "not_chosen"}


def test_close_with_a_bad_proposal_id(client, member, mission):
    client.force_login(member)
    assert client.post(reverse("missions:close", args=[mission.pk]), {"proposition": "9" * 30}).status_code == 404
    assert client.post(reverse("missions:close", args=[mission.pk]), {"proposition": "abc"}).status_code == 404


def test_attachment_download_is_private(client, member, mission):
    profile = ConsultantProfileFactory()
    proposal = missions.send_proposal(
        mission,
        profile,
        user=profile.user,
        message="Voir le PDF.",
        attachment=CheckedAttachment(kind="pdf", name="offre.pdf", title="offre", content=PDF_BYTES),
    )
    client.force_login(member)
    response = client.get(reverse("missions:attachment", args=[mission.pk, proposal.pk]))
    assert response.status_code == 200
    assert response.content == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert "attachment" in response["Content-Disposition"]
    client.force_login(profile.user)  # the author is not the organisation
    assert client.get(reverse("missions:attachment", args=[mission.pk, proposal.pk])).status_code == 404


# --- Public pages ------------------------------------------------------------------------------------


def test_listing_shows_open_missions_with_filters(client, consultants_page, organisation):
    funding = Expertise.objects.get(slug="financement")
    MissionFactory(organisation=organisation, title="Plan de financement", expertises=[funding])
    MissionFactory(organisation=organisation, title="Stratégie", remote=False)
    MissionFactory(organisation=organisation, title="En attente", status="submitted")
    MissionFactory(organisation=organisation, title="Échue", answer_by=timezone.localdate() - timedelta(days=1))
    url = consultants_page.url + "missions/"
    titles = lambda response: [m.title for m in response.context["missions"]]  # noqa: E731
    response = client.get(url)
    assert response.status_code == 200
    assert set(titles(response)) == {"Plan de financement", "Stratégie"}
    assert titles(client.get(url, {"expertise": "financement"})) == ["Plan de financement"]
    assert titles(client.get(url, {"distance": "1"})) == ["Plan de financement"]
    bad = client.get(url, {"expertise": "<script>", "region": "99999", "page": "9" * 30})
    assert bad.status_code == 200
    assert "<script>" not in bad.content.decode()


def test_listing_query_budget(client, consultants_page, organisation, django_assert_max_num_queries):
    for _ in range(25):
        MissionFactory(organisation=organisation)
    client.get(consultants_page.url + "missions/")
    with django_assert_max_num_queries(15):
        assert (
            client.get(consultants_page.url + "missions/", {"expertise": "strategie", "q": "diag"}).status_code == 200
        )


def test_mission_page_with_demand_json_ld(client, consultants_page, mission, django_assert_max_num_queries):
    mission.need = "</script><script>alert(1)</script>Besoin"
    mission.save()
    url = f"{consultants_page.url}missions/{mission.url_key}/"
    client.get(url)
    with django_assert_max_num_queries(15):
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert(1)" not in body
    demand = next(block for block in json_ld(response) if block["@type"] == "Demand")
    assert demand["name"] == "Évaluer notre impact social"
    assert demand["description"].startswith("</script>")
    assert demand["priceSpecification"] == {
        "@type": "PriceSpecification",
        "priceCurrency": "EUR",
        "valueAddedTaxIncluded": False,
        "minPrice": 3000,
        "maxPrice": 6000,
    }
    assert demand["seller"]["name"] == "Ressourcerie du Canal"
    assert demand["availabilityEnds"] == mission.answer_by.isoformat()
    breadcrumb = next(block for block in json_ld(response) if block["@type"] == "BreadcrumbList")
    assert breadcrumb["itemListElement"][-1]["name"] == mission.title


def test_mission_page_visibility(client, consultants_page, organisation, mission):
    base = consultants_page.url + "missions/"
    assert client.get(f"{base}autre-titre-{mission.pk}/").status_code == 301
    submitted = MissionFactory(organisation=organisation, status="submitted")
    assert client.get(f"{base}{submitted.url_key}/").status_code == 404
    assert client.get(f"{base}x-99999999999/").status_code == 404
    closed = MissionFactory(organisation=organisation, status="closed")
    response = client.get(f"{base}{closed.url_key}/")
    assert response.status_code == 200
    assert "Cette mission est close" in response.content.decode()
    assert not [block for block in json_ld(response) if block["@type"] == "Demand"]


def test_a_consultant_answers_with_a_pdf(client, consultants_page, mission, member):
    profile = ConsultantProfileFactory()
    answer = f"{consultants_page.url}missions/{mission.url_key}/repondre/"
    assert client.get(answer)["Location"].startswith("/comptes/")
    client.force_login(profile.user)
    assert client.get(answer).status_code == 200
    response = client.post(
        answer, {"message": "Ma démarche <script>x</script>", "attachment": SimpleUploadedFile("p.pdf", PDF_BYTES)}
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.message == "Ma démarche"
    assert proposal.attachment
    page = client.get(f"{consultants_page.url}missions/{mission.url_key}/")
    assert "Vous avez répondu le" in page.content.decode()
    again = client.post(answer, {"message": "Encore"})
    assert again.status_code == 403
    assert "déjà répondu" in again.content.decode()
    assert Proposal.objects.count() == 1
    mine = client.get(reverse("conseil:my_proposals"))
    assert mission.title in mine.content.decode()


def test_answer_refusals(client, consultants_page, organisation):
    late = MissionFactory(organisation=organisation, answer_by=timezone.localdate() - timedelta(days=1))
    profile = ConsultantProfileFactory()
    client.force_login(profile.user)
    response = client.post(f"{consultants_page.url}missions/{late.url_key}/repondre/", {"message": "Tard"})
    assert response.status_code == 403
    assert "date limite" in response.content.decode()
    open_ = MissionFactory(organisation=organisation)
    client.force_login(RecruiterFactory())  # no consultant profile
    response = client.get(f"{consultants_page.url}missions/{open_.url_key}/repondre/")
    assert "Créez d’abord votre fiche" in response.content.decode()
    client.force_login(profile.user)
    disguised = SimpleUploadedFile("p.pdf", b"MZ\x90\x00exe")
    response = client.post(
        f"{consultants_page.url}missions/{open_.url_key}/repondre/", {"message": "Bonjour", "attachment": disguised}
    )
    assert response.status_code == 400
    assert "n’est pas un PDF" in response.content.decode()
    assert not Proposal.objects.exists()


def test_organisation_page_shows_its_missions(client, consultants_page, mission, home_page):
    from annuaire.models import OrganisationIndexPage

    index = OrganisationIndexPage(title="Annuaire", slug="annuaire")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    response = client.get(f"{index.url}{mission.organisation.slug}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Missions de conseil" in body
    assert f"/conseil/missions/{mission.url_key}/" in body


def test_unsubscribe_from_alerts(client, consultants_page):
    profile = ConsultantProfileFactory()
    url = reverse("conseil:mission_alerts_off", args=[missions.unsubscribe_token(profile)])
    assert client.get(url).status_code == 200
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    profile.refresh_from_db()
    assert profile.mission_alerts is False
    assert client.get(reverse("conseil:mission_alerts_off", args=["faux"])).status_code == 404


# --- Admin -----------------------------------------------------------------------------------------


def test_moderator_publishes_from_the_shared_inbox(client, organisation, member):
    mission = MissionFactory(organisation=organisation, created_by=member, status="submitted", published_at=None)
    moderator = ModeratorFactory()
    client.force_login(moderator)
    queue = client.get(reverse("wagtailsnippets_conseil_mission:queue"))
    assert queue["Location"].endswith("?status=submitted")
    home = client.get(reverse("wagtailadmin_home"))
    assert "Missions de conseil" in home.content.decode()
    url = reverse("wagtailsnippets_conseil_mission:moderate", args=[mission.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "refuse", "reason": ""})
    assert response.status_code == 400
    client.post(url, {"action": "publish"})
    mission.refresh_from_db()
    assert mission.status == "published"
    assert mission.state_changes.filter(to_status="published", by=moderator).exists()


def test_admin_decision_page_needs_permission(client, mission):
    client.force_login(RecruiterFactory())
    url = reverse("wagtailsnippets_conseil_mission:moderate", args=[mission.pk])
    assert client.get(url).status_code in (302, 403)


# --- The organisation withdraws its mission -------------------------------------------------------------


def test_withdrawing_a_mission_tells_each_consultant_once(
    client, member, mission, consultants_page, django_assert_max_num_queries
):
    first, second = ProposalFactory(mission=mission), ProposalFactory(mission=mission)
    url = reverse("missions:withdraw", args=[mission.pk])
    client.force_login(member)
    with django_assert_max_num_queries(15):  # the mission, the count; the rest is the site's frame
        page = client.get(url)
    assert page.status_code == 200
    assert "Les 2 consultant·es qui ont répondu" in page.content.decode()
    assert Mission.objects.get(pk=mission.pk).status == "published"  # GET changes nothing
    response = client.post(url)
    assert response.status_code == 302
    mission.refresh_from_db()
    assert mission.status == "withdrawn"
    assert mission.state_changes.filter(to_status="withdrawn", by=member).exists()
    sent = {email.to[0] for email in OutgoingEmail.objects.filter(subject__startswith="Mission retirée")}
    assert sent == {first.consultant.user.email, second.consultant.user.email}
    assert set(Proposal.objects.values_list("status", flat=True)) == {"not_chosen"}
    assert Proposal.objects.filter(outcome_sent_at__isnull=True).count() == 0
    # Once: a second post changes nothing and sends nothing.
    count = OutgoingEmail.objects.count()
    again = client.post(url)
    assert again.status_code == 302
    assert OutgoingEmail.objects.count() == count
    assert "déjà retirée" in client.get(again["Location"]).content.decode()
    # It leaves the public site and takes no answers.
    assert client.get(f"{consultants_page.url}missions/{mission.url_key}/").status_code == 404
    assert client.get(reverse("missions:edit", args=[mission.pk])).status_code == 302


def test_withdrawing_a_submitted_mission_and_refusals(client, member, organisation, mission):
    pending = MissionFactory(organisation=organisation, created_by=member, status="submitted")
    client.force_login(member)
    assert client.post(reverse("missions:withdraw", args=[pending.pk])).status_code == 302
    assert Mission.objects.get(pk=pending.pk).status == "withdrawn"
    closed = MissionFactory(organisation=organisation, created_by=member, status="closed")
    client.post(reverse("missions:withdraw", args=[closed.pk]))
    assert Mission.objects.get(pk=closed.pk).status == "closed"
    # Another organisation's mission, a pending member, an anonymous visitor.
    other = MissionFactory()
    assert client.get(reverse("missions:withdraw", args=[other.pk])).status_code == 404
    assert client.post(reverse("missions:withdraw", args=[other.pk])).status_code == 404
    assert Mission.objects.get(pk=other.pk).status == "published"
    pending_member = RecruiterFactory()
    OrganisationMembership.objects.create(organisation=organisation, user=pending_member)
    client.force_login(pending_member)
    assert client.post(reverse("missions:withdraw", args=[mission.pk])).status_code == 404
    client.logout()
    assert client.post(reverse("missions:withdraw", args=[mission.pk]))["Location"].startswith("/comptes/")
    assert Mission.objects.get(pk=mission.pk).status == "published"
    client.force_login(member)
    assert client.get(reverse("missions:withdraw", args=["9" * 30])).status_code == 404

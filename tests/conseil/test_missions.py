"""Missions: posting through core's moderation (history, reasons, emails), the batched notification of
matching consultants, proposals with a private PDF, shortlist, pick and close with outcome emails."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conseil import missions
from conseil.forms import MissionForm, ProposalForm
from conseil.models import Expertise, Mission, Proposal
from core.files import CheckedAttachment
from core.models import OutgoingEmail
from core.private_files import PrivateFileSystemStorage
from reference.models import Departement, Region
from tests.factories import ModeratorFactory, OrganisationFactory, RecruiterFactory

from .factories import PDF_BYTES, ConsultantProfileFactory, MissionFactory, ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return RecruiterFactory()


@pytest.fixture
def organisation(member):
    return OrganisationFactory(name="Régie de quartier des Tilleuls", members=[member])


def mission_data(organisation, **overrides) -> dict:
    data = {
        "organisation": organisation.pk,
        "title": "Diagnostic de notre modèle économique",
        "need": "Nous voulons diversifier nos ressources.",
        "deliverables": "Un diagnostic et un plan d’action.",
        "expertises": [Expertise.objects.get(slug="financement").pk],
        "budget_min": "4000",
        "budget_max": "8000",
        "remote": "on",
        "answer_by": (timezone.localdate() + timedelta(days=30)).isoformat(),
    }
    data.update(overrides)
    return data


def outbox_to(address: str) -> list[OutgoingEmail]:
    return [email for email in OutgoingEmail.objects.order_by("pk") if address in email.to]


def test_posting_submits_to_moderation_with_history(member, organisation):
    form = MissionForm(mission_data(organisation), organisations=[organisation])
    assert form.is_valid(), form.errors
    mission = missions.save_mission(member, form)
    assert mission.status == Mission.Status.SUBMITTED
    assert mission.created_by == member
    assert [(c.from_status, c.to_status) for c in mission.state_changes.all()] == [("draft", "submitted")]


def test_a_non_member_cannot_post(organisation):
    outsider = RecruiterFactory()
    form = MissionForm(mission_data(organisation), organisations=[organisation])
    assert form.is_valid()
    with pytest.raises(PermissionDenied):
        missions.save_mission(outsider, form)
    # The form offers only the person's organisations.
    other = OrganisationFactory()
    form = MissionForm(mission_data(other), organisations=[organisation])
    assert "organisation" in form.errors


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"budget_min": "9000", "budget_max": "1000"}, "budget_max"),
        ({"answer_by": "2000-01-01"}, "answer_by"),
        ({"answer_by": (timezone.localdate() + timedelta(days=400)).isoformat()}, "answer_by"),
        ({"budget_max": "99999999999"}, "budget_max"),
        ({"title": "x" * 201}, "title"),
        ({"expertises": []}, "expertises"),
    ],
)
def test_mission_form_refuses_bad_values(organisation, overrides, field):
    form = MissionForm(mission_data(organisation, **overrides), organisations=[organisation])
    assert not form.is_valid()
    assert field in form.errors


def test_mission_form_cleans_script_and_checks_territory(organisation):
    departement = Departement.objects.select_related("region").order_by("code").first()
    other_region = Region.objects.exclude(pk=departement.region_id).order_by("code").first()
    form = MissionForm(
        mission_data(
            organisation, title="<script>alert(1)</script>Audit", region=other_region.pk, departement=departement.pk
        ),
        organisations=[organisation],
    )
    assert not form.is_valid()
    assert "departement" in form.errors
    assert form.cleaned_data["title"] == "Audit"


def test_publish_and_refuse_go_through_core_moderation(member, organisation):
    moderator = ModeratorFactory()
    mission = MissionFactory(organisation=organisation, created_by=member, status="submitted", published_at=None)
    missions.refuse_mission(mission, by=moderator, reason="Précisez le budget.")
    mission.refresh_from_db()
    assert mission.status == "refused"
    assert "Précisez le budget." in outbox_to(member.email)[-1].text_body
    with pytest.raises(ValidationError):
        missions.publish_mission(mission, by=moderator)  # refused: not in the queue any more
    form = MissionForm(mission_data(organisation), instance=mission, organisations=[organisation])
    assert form.is_valid()
    missions.save_mission(member, form)
    missions.publish_mission(mission, by=moderator)
    mission.refresh_from_db()
    assert mission.status == "published"
    history = [(c.to_status, c.reason) for c in mission.state_changes.order_by("pk")]
    assert history == [("refused", "Précisez le budget."), ("submitted", ""), ("published", "")]
    assert "est publiée" in outbox_to(member.email)[-1].subject


@pytest.fixture
def consultants():
    strategy, funding = Expertise.objects.get(slug="strategie"), Expertise.objects.get(slug="financement")
    departement = Departement.objects.select_related("region").order_by("code").first()
    other_region = Region.objects.exclude(pk=departement.region_id).order_by("code").first()
    return {
        "national": ConsultantProfileFactory(expertises=[strategy, funding], national=True),
        "local": ConsultantProfileFactory(expertises=[funding], national=False, regions=[departement.region]),
        "elsewhere": ConsultantProfileFactory(expertises=[funding], national=False, regions=[other_region]),
        "other_field": ConsultantProfileFactory(expertises=[Expertise.objects.get(slug="juridique")]),
        "unavailable": ConsultantProfileFactory(expertises=[funding], availability="unavailable"),
        "hidden": ConsultantProfileFactory(expertises=[funding], visibility="hidden"),
        "no_alerts": ConsultantProfileFactory(expertises=[funding], mission_alerts=False),
        "departement": departement,
    }


def test_matching_by_expertise_territory_and_availability(organisation, consultants):
    funding = Expertise.objects.get(slug="financement")
    mission = MissionFactory(
        organisation=organisation, expertises=[funding], remote=False, departement=consultants["departement"]
    )
    assert set(missions.matching_profiles(mission)) == {consultants["national"], consultants["local"]}
    mission.remote = True
    assert set(missions.matching_profiles(mission)) == {
        consultants["national"],
        consultants["local"],
        consultants["elsewhere"],
    }


def test_notification_is_one_email_per_consultant_and_idempotent(organisation, consultants, consultants_page):
    funding = Expertise.objects.get(slug="financement")
    first = MissionFactory(organisation=organisation, expertises=[funding], title="Plan de financement")
    MissionFactory(organisation=organisation, expertises=[funding], title="Levée de fonds")
    assert missions.notify_new_missions() == 3  # national, local, elsewhere (both missions are remote)
    national = outbox_to(consultants["national"].user.email)
    assert len(national) == 1
    assert "2 nouvelles missions" in national[0].subject
    assert f"/conseil/missions/{first.url_key}/" in national[0].text_body
    assert national[0].headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/espace/consultant/alertes/" in national[0].headers["List-Unsubscribe"]
    assert "<mailto:" in national[0].headers["List-Unsubscribe"]
    assert outbox_to(consultants["other_field"].user.email) == []
    assert missions.notify_new_missions() == 0  # already told


def test_notification_queries_scale_with_missions_not_consultants(
    organisation, consultants, django_assert_max_num_queries
):
    funding = Expertise.objects.get(slug="financement")
    for _ in range(3):
        MissionFactory(organisation=organisation, expertises=[funding])
    ConsultantProfileFactory.create_batch(10, expertises=[funding])
    # 3 missions: a few queries each, then one INSERT per email (13 consultants) and the update.
    with django_assert_max_num_queries(40):
        assert missions.notify_new_missions() == 13


def pdf_attachment() -> CheckedAttachment:
    return CheckedAttachment(kind="pdf", name="proposition.pdf", title="proposition", content=PDF_BYTES)


def test_a_proposal_with_a_private_pdf(member, organisation, settings):
    mission = MissionFactory(organisation=organisation, created_by=member)
    profile = ConsultantProfileFactory()
    proposal = missions.send_proposal(
        mission, profile, user=profile.user, message="Ma démarche.", attachment=pdf_attachment()
    )
    assert proposal.attachment.name.startswith("conseil/propositions/proposition-")
    assert isinstance(proposal.attachment.storage, PrivateFileSystemStorage)
    path = proposal.attachment.path
    assert not path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        proposal.attachment.url  # noqa: B018 — private files have no URL
    assert "Nouvelle proposition" in outbox_to(member.email)[-1].subject
    with pytest.raises(ValidationError, match="déjà répondu"):
        missions.send_proposal(mission, profile, user=profile.user, message="Encore")


def test_no_proposal_after_the_deadline_or_from_a_member(member, organisation):
    late = MissionFactory(organisation=organisation, answer_by=timezone.localdate() - timedelta(days=1))
    profile = ConsultantProfileFactory()
    with pytest.raises(ValidationError, match="date limite"):
        missions.send_proposal(late, profile, user=profile.user, message="Trop tard")
    own = MissionFactory(organisation=organisation)
    member_profile = ConsultantProfileFactory(user=member)
    with pytest.raises(ValidationError, match="membre de cette structure"):
        missions.send_proposal(own, member_profile, user=member, message="Moi")


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("proposition.pdf", b"MZ\x90\x00 not a pdf", "n’est pas un PDF"),
        ("image.pdf", b"\x89PNG\r\n\x1a\n", "n’est pas un PDF"),
        ("gros.pdf", b"%PDF-1.4" + b"0" * (5 * 1024 * 1024), "trop lourd"),
    ],
)
def test_proposal_form_refuses_disguised_or_oversized_files(name, content, message):
    form = ProposalForm({"message": "Bonjour"}, {"attachment": SimpleUploadedFile(name, content)})
    assert not form.is_valid()
    assert message in str(form.errors["attachment"])


def test_shortlist_pick_and_close_tell_everyone(member, organisation):
    mission = MissionFactory(organisation=organisation, created_by=member)
    chosen, other, third = ProposalFactory.create_batch(3, mission=mission)
    missions.set_shortlisted(chosen, True)
    missions.set_shortlisted(other, True)
    assert Proposal.objects.filter(status="shortlisted").count() == 2
    missions.close_mission(mission, by=member, chosen=chosen)
    mission.refresh_from_db()
    assert mission.status == "closed"
    statuses = dict(Proposal.objects.values_list("pk", "status"))
    assert statuses == {chosen.pk: "chosen", other.pk: "not_chosen", third.pk: "not_chosen"}
    assert "retenue" in outbox_to(chosen.consultant.user.email)[-1].subject
    for proposal in (other, third):
        assert "sans retenir votre proposition" in outbox_to(proposal.consultant.user.email)[-1].text_body
    assert mission.state_changes.order_by("-pk").first().reason.startswith("Proposition retenue")
    with pytest.raises(ValidationError):
        missions.set_shortlisted(other, False)  # closed


def test_closing_with_another_missions_proposal_is_refused(member, organisation):
    mission = MissionFactory(organisation=organisation)
    stranger = ProposalFactory()
    with pytest.raises(ValidationError):
        missions.close_mission(mission, by=member, chosen=stranger)
    mission.refresh_from_db()
    assert mission.status == "published"


def test_visible_and_listed(organisation):
    open_ = MissionFactory(organisation=organisation)
    late = MissionFactory(organisation=organisation, answer_by=timezone.localdate() - timedelta(days=1))
    closed = MissionFactory(organisation=organisation, status="closed")
    submitted = MissionFactory(organisation=organisation, status="submitted")
    assert set(Mission.objects.listed()) == {open_}
    assert set(Mission.objects.visible()) == {open_, late, closed}
    assert submitted not in Mission.objects.visible()

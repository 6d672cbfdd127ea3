"""A consultant's own proposals (/espace/consultant/propositions/): the list, their own PDF, editing and
withdrawing before the deadline; someone else's proposal is a 404, a decided or late one is locked."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conseil import missions
from conseil.models import Mission, Proposal
from core.files import CheckedAttachment
from core.models import OutgoingEmail
from core.private_files import read_private
from tests.factories import OrganisationFactory, RecruiterFactory

from .factories import PDF_BYTES, ConsultantProfileFactory, MissionFactory, ProposalFactory

pytestmark = pytest.mark.django_db

OTHER_PDF = b"%PDF-1.7\n2 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def member():
    return RecruiterFactory()


@pytest.fixture
def mission(member):
    return MissionFactory(organisation=OrganisationFactory(members=[member]), created_by=member, title="Évaluer")


@pytest.fixture
def proposal(mission):
    profile = ConsultantProfileFactory(name="Camille <b>Roux</b>")
    return missions.send_proposal(
        mission,
        profile,
        user=profile.user,
        message="Ma démarche.",
        attachment=CheckedAttachment(kind="pdf", name="offre.pdf", title="offre", content=PDF_BYTES),
    )


def test_list_shows_my_proposals_with_actions(client, proposal, django_assert_max_num_queries):
    ProposalFactory(mission=MissionFactory(title="Mission de quelqu’un d’autre"))
    late = ProposalFactory(
        consultant=proposal.consultant,
        mission=MissionFactory(title="Mission échue", answer_by=timezone.localdate() - timedelta(days=1)),
    )
    for _ in range(3):
        ProposalFactory(consultant=proposal.consultant)
    client.force_login(proposal.consultant.user)
    client.get(reverse("conseil:my_proposals"))  # the site's settings rows are made on the first request
    with django_assert_max_num_queries(15):  # the proposals in one query, whatever their number
        response = client.get(reverse("conseil:my_proposals"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Évaluer" in body and "Mission échue" in body
    assert "Mission de quelqu’un d’autre" not in body
    assert reverse("conseil:proposal_edit", args=[proposal.pk]) in body
    assert reverse("conseil:my_proposal_attachment", args=[proposal.pk]) in body
    assert reverse("conseil:proposal_edit", args=[late.pk]) not in body  # past the deadline: no actions


def test_i_download_my_own_pdf_only(client, proposal):
    url = reverse("conseil:my_proposal_attachment", args=[proposal.pk])
    assert client.get(url)["Location"].startswith("/comptes/")
    client.force_login(proposal.consultant.user)
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == PDF_BYTES
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(ConsultantProfileFactory().user)  # another consultant
    assert client.get(url).status_code == 404
    client.force_login(RecruiterFactory())
    assert client.get(url).status_code == 404
    without = ProposalFactory(consultant=proposal.consultant)
    client.force_login(proposal.consultant.user)
    assert client.get(reverse("conseil:my_proposal_attachment", args=[without.pk])).status_code == 404
    assert client.get(reverse("conseil:my_proposal_attachment", args=["9" * 30])).status_code == 404


def test_editing_my_proposal_replaces_the_pdf(
    client, proposal, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    url = reverse("conseil:proposal_edit", args=[proposal.pk])
    client.force_login(proposal.consultant.user)
    client.get(url)  # the site's settings rows are made on the first request
    with django_assert_max_num_queries(15):
        page = client.get(url)
    assert page.status_code == 200
    assert "Ma démarche." in page.content.decode()
    old_name = proposal.attachment.name
    storage = proposal.attachment.storage
    with django_assert_max_num_queries(12), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"message": "Nouvelle <script>x</script>démarche", "attachment": SimpleUploadedFile("v2.pdf", OTHER_PDF)},
        )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.message == "Nouvelle démarche"
    assert proposal.attachment_name == "v2.pdf"
    assert read_private(proposal.attachment) == OTHER_PDF
    assert not storage.exists(old_name)
    # Remove the PDF.
    client.post(url, {"message": "Sans PDF", "remove_attachment": "on"})
    proposal.refresh_from_db()
    assert not proposal.attachment and proposal.attachment_name == ""


def test_editing_refuses_bad_input_and_others(client, proposal):
    url = reverse("conseil:proposal_edit", args=[proposal.pk])
    client.force_login(proposal.consultant.user)
    response = client.post(url, {"message": "", "attachment": SimpleUploadedFile("p.pdf", b"MZ\x90\x00exe")})
    assert response.status_code == 400
    body = response.content.decode()
    assert "n’est pas un PDF" in body
    response = client.post(url, {"message": "a\x00b"})
    assert response.status_code == 400
    response = client.post(url, {"message": "x" * 5001})
    assert response.status_code == 400
    proposal.refresh_from_db()
    assert proposal.message == "Ma démarche."
    client.force_login(ConsultantProfileFactory().user)
    assert client.get(url).status_code == 404
    assert client.post(url, {"message": "Pris"}).status_code == 404
    client.force_login(proposal.mission.created_by)  # the organisation reads, never edits
    assert client.post(url, {"message": "Pris"}).status_code == 404
    proposal.refresh_from_db()
    assert proposal.message == "Ma démarche."


def test_late_or_decided_proposals_are_locked(client, proposal):
    client.force_login(proposal.consultant.user)
    Mission.objects.filter(pk=proposal.mission_id).update(answer_by=timezone.localdate() - timedelta(days=1))
    response = client.post(reverse("conseil:proposal_edit", args=[proposal.pk]), {"message": "Trop tard"})
    assert response.status_code == 302
    assert "date limite" in client.get(response["Location"]).content.decode()
    assert client.post(reverse("conseil:proposal_withdraw", args=[proposal.pk])).status_code == 302
    assert Proposal.objects.filter(pk=proposal.pk, message="Ma démarche.").exists()
    Mission.objects.filter(pk=proposal.mission_id).update(answer_by=timezone.localdate() + timedelta(days=3))
    Proposal.objects.filter(pk=proposal.pk).update(status="not_chosen")
    response = client.post(reverse("conseil:proposal_withdraw", args=[proposal.pk]))
    assert "a déjà donné sa réponse" in client.get(response["Location"]).content.decode()
    assert Proposal.objects.filter(pk=proposal.pk).exists()


def test_withdrawing_my_proposal(
    client, proposal, member, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    url = reverse("conseil:proposal_withdraw", args=[proposal.pk])
    client.force_login(ConsultantProfileFactory().user)
    assert client.post(url).status_code == 404
    client.force_login(proposal.consultant.user)
    client.get(url)  # the site's settings rows are made on the first request
    with django_assert_max_num_queries(15):
        page = client.get(url)
    assert page.status_code == 200
    assert Proposal.objects.filter(pk=proposal.pk).exists()  # GET changes nothing
    name, storage = proposal.attachment.name, proposal.attachment.storage
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(url)
    assert response.status_code == 302
    assert not Proposal.objects.filter(pk=proposal.pk).exists()
    told = OutgoingEmail.objects.filter(subject__startswith="Proposition retirée").get()
    assert told.to == [member.email]
    assert "Camille <b>Roux</b> a retiré" in told.text_body  # plain text: kept as typed, never HTML
    assert storage.exists(name)  # deleted once the withdrawal is committed
    for callback in callbacks:
        callback()
    assert not storage.exists(name)
    assert client.post(url).status_code == 404
    # They may answer again while the mission takes answers.
    assert missions.proposal_error(proposal.mission, proposal.consultant, proposal.consultant.user) is None

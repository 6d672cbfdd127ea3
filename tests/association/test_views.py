"""The association's pages: status, content, permissions, query counts, escaping, PDFs read back."""

import datetime
import io
import json

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import PagePermissionTester

from association import services
from association.fees import Category, Tier
from association.models import ContactRequest, Correspondent, EssGuidePage, Membership
from core.moderation import ensure_group_workflow
from home.models import StandardPage
from reference.models import Region
from tests.factories import CandidateFactory, StandardPageFactory, UserFactory

from .test_membership import SECRET, body_and_signature, helloasso_payment, make_member

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_join_at_the_solidarity_tier_then_attestation(client, home_page, candidate, django_assert_max_num_queries):
    client.force_login(candidate)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("association:join"))
    assert response.status_code == 200
    assert "tarif solidaire" in response.content.decode()
    response = client.post(
        reverse("association:join"),
        {
            "category": Category.ASSOCIATION_SMALL,
            "tier": Tier.SOLIDARITY,
            "fee": "0",
            "display_name": "Les Jardins <b>partagés</b>",
            "representative": "Aïcha Benali",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=candidate)
    assert membership.is_paid and membership.display_name == "Les Jardins partagés"
    with django_assert_max_num_queries(15):
        response = client.get(reverse("association:space"))
    assert response.status_code == 200
    assert "Télécharger l’attestation" in response.content.decode()
    response = client.get(reverse("association:attestation", args=[membership.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    assert "Les Jardins partagés" in text and "Aïcha Benali" in text


def test_fee_below_floor_is_refused_on_the_form(client, home_page, candidate):
    client.force_login(candidate)
    response = client.post(
        reverse("association:join"),
        {
            "category": Category.COMPANY_LARGE,
            "tier": Tier.STANDARD,
            "fee": "10",
            "display_name": "Coop",
            "representative": "A",
        },
    )
    assert response.status_code == 400
    assert "Le tarif choisi commence à 500\u00a0€" in response.content.decode()
    assert not Membership.objects.exists()


def test_attestation_of_someone_else_is_404(client, home_page, candidate):
    other = make_member(fee=0, tier=Tier.SOLIDARITY)
    client.force_login(candidate)
    assert client.get(reverse("association:attestation", args=[other.pk])).status_code == 404


def test_anyone_reads_the_fees_and_joining_needs_sign_in(client, home_page):
    response = client.get(reverse("association:join"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Montants minimums" in content and "Se connecter pour adhérer" in content
    assert 'method="post"' not in content.split("<main", 1)[1].split("</main>", 1)[0]
    posted = client.post(reverse("association:join"), {"category": "individual"})
    assert posted.status_code == 302 and "/comptes/" in posted["Location"]


@override_settings(HELLOASSO_WEBHOOK_SECRET=SECRET)
def test_webhook_endpoint(client, home_page):
    membership = make_member(fee=30)
    body, signature = body_and_signature(helloasso_payment(membership))
    url = reverse("association:helloasso_webhook")
    bad = client.post(url, body, content_type="application/json", headers={"X-Ha-Signature": "0" * 64})
    assert bad.status_code == 403 and json.loads(bad.content)["erreur"] == "Signature invalide."
    ok = client.post(url, body, content_type="application/json", headers={"X-Ha-Signature": signature})
    assert ok.status_code == 200
    replay = client.post(url, body, content_type="application/json", headers={"X-Ha-Signature": signature})
    assert replay.status_code == 409
    membership.refresh_from_db()
    assert membership.is_paid


def test_correspondents_public_list(client, home_page, django_assert_max_num_queries):
    region = Region.objects.get(code="84")
    Correspondent.objects.create(user=UserFactory(), name="Léa <i>Roux</i>", region=region, public=True)
    Correspondent.objects.create(user=UserFactory(), name="Caché", region=region, public=False)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("association:correspondents"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Auvergne-Rhône-Alpes" in content and "Léa &lt;i&gt;Roux&lt;/i&gt;" in content and "Caché" not in content


def test_contact_request_by_phone(client, home_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("association:contact"),
            {
                "name": "Martine <script>alert(1)</script>",
                "who": "person",
                "reason": "Je cherche un emploi près de chez moi.",
                "channel": "phone",
                "phone": "06 12 34 56 78",
                "email": "martine@example.org",
                "availability": "le mardi matin",
            },
        )
    assert response.status_code == 302
    row = ContactRequest.objects.get()
    assert row.status == ContactRequest.Status.NEW and "<script>" not in row.name
    assert {tuple(m.to) for m in mail.outbox} >= {("martine@example.org",)}
    for message in mail.outbox:
        assert "<script>" not in message.alternatives[0][0]


def test_contact_request_by_phone_needs_a_number(client, home_page):
    response = client.post(
        reverse("association:contact"), {"name": "Martine", "who": "person", "reason": "Bonjour", "channel": "phone"}
    )
    assert response.status_code == 400
    assert "Indiquez le numéro auquel vous rappeler." in response.content.decode()
    assert not ContactRequest.objects.exists()


def test_contact_form_page(client, home_page, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = client.get(reverse("association:contact"))
    assert response.status_code == 200 and "Parler à quelqu’un" in response.content.decode()


@pytest.fixture
def staff_member(db):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_members"))
    return user


@pytest.mark.parametrize(
    "name", ["association:assembly", "association:assembly_csv", "association:assembly_sign_in_sheet"]
)
def test_assembly_needs_the_permission(client, home_page, candidate, name):
    assert client.get(reverse(name)).status_code in (302, 403)
    client.force_login(candidate)
    assert client.get(reverse(name)).status_code == 403


def test_assembly_lists_sheet_and_csv(client, home_page, staff_member, django_assert_max_num_queries):
    make_member(fee=0, tier=Tier.SOLIDARITY, display_name="Les Jardins partagés")
    client.force_login(staff_member)
    on = datetime.date(2026, 12, 31).isoformat()
    with django_assert_max_num_queries(15):
        response = client.get(reverse("association:assembly"), {"on": on})
    assert response.status_code == 200 and "Aïcha Benali" in response.content.decode()
    csv_response = client.get(reverse("association:assembly_csv"), {"on": on})
    assert "Les Jardins partagés;Aïcha Benali" in csv_response.content.decode()
    sheet = client.get(reverse("association:assembly_sign_in_sheet"), {"on": on})
    assert "Aïcha Benali" in pdf_text(sheet)
    proxy = client.get(reverse("association:assembly_proxy_form"), {"on": on})
    assert "pouvoir" in pdf_text(proxy).lower()


def test_correspondent_gets_rights_on_their_section_only(home_page):
    section = StandardPageFactory(parent=home_page, title="Bretagne")
    other = StandardPageFactory(parent=home_page, title="Occitanie")
    region = Region.objects.get(code="53")
    user = CandidateFactory()
    correspondent = Correspondent.objects.create(user=user, name="Yann", region=region, section=section)
    services.grant_correspondent(correspondent)
    user = type(user).objects.get(pk=user.pk)
    assert user.has_perm("wagtailadmin.access_admin")
    assert PagePermissionTester(user, section).can_add_subpage()
    assert not PagePermissionTester(user, section).can_publish()
    assert not PagePermissionTester(user, other).can_edit()
    assert not PagePermissionTester(user, other).can_add_subpage()


def test_every_page_links_to_a_human_and_prints_its_address(client, home_page):
    content = client.get(reverse("association:correspondents")).content.decode()
    assert f'href="{reverse("association:contact")}"' in content
    assert 'class="print-only"' in content and "http://testserver/association/correspondants/" in content


def test_ess_guide_page(client, home_page, django_assert_max_num_queries):
    page = EssGuidePage(
        title="L’ESS, c’est quoi\u00a0?",
        slug="l-ess-cest-quoi",
        lead="Expliquée <b>simplement</b>.",
        body=[("paragraph", "<p>Une personne, une voix.</p>")],
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    with django_assert_max_num_queries(15):
        response = client.get(page.url)
    content = response.content.decode()
    assert response.status_code == 200 and content.count("<h1") == 1
    assert "Une personne, une voix." in content and "&lt;b&gt;simplement&lt;/b&gt;" in content
    assert reverse("association:contact") in content


def test_a_correspondent_proposes_a_page_that_an_editor_publishes(
    home_page, editor, django_capture_on_commit_callbacks
):
    section = StandardPageFactory(parent=home_page, title="Actualités de Bretagne")
    ensure_group_workflow(
        section,
        "Relecture des correspondant·es",
        [("Relecture locale", ("Rédacteurs",))],
        publish_groups=("Rédacteurs",),
    )
    user = CandidateFactory()
    correspondent = Correspondent.objects.create(
        user=user, name="Yann", region=Region.objects.get(code="53"), section=section
    )
    services.grant_correspondent(correspondent)
    user = type(user).objects.get(pk=user.pk)
    draft = StandardPage(title="Un tiers-lieu ouvre à Morlaix", slug="tiers-lieu-morlaix", live=False)
    section.add_child(instance=draft)
    draft.save_revision(user=user)
    assert not PagePermissionTester(user, draft).can_publish()
    state = draft.get_workflow().start(draft, user)
    assert state.status == "in_progress"
    while state.status == "in_progress":  # every step of the editors' workflow, as an editor
        task_state = state.current_task_state
        assert task_state.task.specific.user_can_access_editor(draft, editor)
        with django_capture_on_commit_callbacks(execute=True):
            task_state.approve(user=editor)
        state.refresh_from_db()
    draft.refresh_from_db()
    assert draft.live


def test_staff_record_a_cheque_in_the_admin(client, home_page, django_capture_on_commit_callbacks):
    membership = make_member(fee=30)
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailsnippets_association_payment:add"),
            {
                "membership": membership.pk,
                "amount_cents": "3000",
                "method": "cheque",
                "received_at": "2026-03-02 10:00",
                "note": "Chèque n° 1234",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    membership.refresh_from_db()
    assert membership.is_paid
    assert membership.payments.get().recorded_by == admin


def test_staff_see_contact_requests_in_the_admin_outsiders_do_not(client, home_page, candidate):
    ContactRequest.objects.create(name="<b>Martine</b>", reason="Bonjour", channel="phone", phone="0612345678")
    client.force_login(candidate)
    assert client.get(reverse("wagtailsnippets_association_contactrequest:list")).status_code in (302, 403)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get(reverse("wagtailsnippets_association_contactrequest:list"))
    assert response.status_code == 200 and "&lt;b&gt;Martine&lt;/b&gt;" in response.content.decode()

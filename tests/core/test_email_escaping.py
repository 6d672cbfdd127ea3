"""Every kind of email the site sends, with markup typed into every field a person fills in: the HTML part
shows it as text, never as markup (finding 1 of the security scan: a sign-up name holding a link made the
site send a phishing-ready email from its own address)."""

import lxml.html
import pytest
from django.core import mail
from django.urls import reverse

from core.models import OutgoingEmail
from emploi import services as offer_services
from tests.agenda.submit_support import event_post
from tests.emploi.factories import JobOfferFactory
from tests.emploi.public_support import offers_page_fixture  # noqa: F401 (fixture)
from tests.emploi.test_public_offer import apply_data, offer_url
from tests.factories import OrganisationFactory, RecruiterFactory
from tests.magazine import press_support

pytestmark = pytest.mark.django_db

press_magazine = press_support.press_magazine
media_root = press_support.media_root

LINK = '<a href="https://pirate.example/connexion">Confirmez votre compte ici</a>'
MARKUP = f'{LINK}<script>alert(1)</script><img src=x onerror=alert(1)><b>gras</b><iframe src="https://x"></iframe>'
FORBIDDEN = "//script|//img|//iframe|//b|//form|//input|//body//style|//object|//embed"


def assert_every_html_part_is_safe(outbox):
    assert outbox, "no email was sent"
    for message in outbox:
        html = message.alternatives[0][0]
        tree = lxml.html.fromstring(html)
        assert not tree.xpath(FORBIDDEN), (message.subject, html)
        for link in tree.xpath("//a"):  # urlize's links show their own address: nothing hides behind words
            text, href = link.text_content().strip(), link.get("href", "")
            assert text and (href == text or href.endswith(text) or href == f"mailto:{text}"), (text, href)
        assert 'pirate.example/connexion">Confirmez' not in html


def test_sign_up_emails(client, home_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/comptes/signup/",
            {
                "first_name": MARKUP,
                "last_name": MARKUP,
                "email": "camille@exemple.test",
                "password1": "un-mot-de-passe-solide-2026",
                "password2": "un-mot-de-passe-solide-2026",
                "roles": ["candidate"],
            },
        )
    assert_every_html_part_is_safe(mail.outbox)


def test_application_email_to_the_recruiter(client, offers_page, django_capture_on_commit_callbacks):
    offer = JobOfferFactory(organisation=OrganisationFactory(members=[RecruiterFactory()]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(offer_url(offer) + "postuler/", apply_data(name=MARKUP, message=MARKUP))
    assert_every_html_part_is_safe(mail.outbox)


def test_membership_request_email(client, django_capture_on_commit_callbacks):
    organisation = OrganisationFactory(members=[RecruiterFactory()])
    applicant = RecruiterFactory(first_name=LINK[:150], last_name="<script>alert(1)</script><b>gras</b>")
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("annuaire:join", args=[organisation.pk]))
    assert_every_html_part_is_safe(mail.outbox)


def test_offer_refusal_email_with_the_moderators_reason(moderator, django_capture_on_commit_callbacks):
    recruiter = RecruiterFactory()
    offer = JobOfferFactory(submitted=True, organisation=OrganisationFactory(members=[recruiter]), created_by=recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        offer_services.refuse_offer(offer, moderator, MARKUP)
    assert_every_html_part_is_safe(mail.outbox)


def test_press_release_emails(client, press_magazine, django_capture_on_commit_callbacks):
    data = press_support.form_data(
        contact_name=MARKUP, organisation_name=MARKUP, title=MARKUP, text=press_support.RELEASE_TEXT + MARKUP
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/magazine/communiques/proposer/", data)
    assert_every_html_part_is_safe(mail.outbox)
    assert OutgoingEmail.objects.exists()


def test_agenda_proposal_emails(client, home_page, django_capture_on_commit_callbacks):
    from tests.agenda.factories import AgendaIndexPageFactory

    AgendaIndexPageFactory(parent=home_page)
    post = event_post(title=MARKUP[:120], summary=MARKUP[:200], description=MARKUP, organiser_name=MARKUP[:150])
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/agenda/proposer/", post)
    assert_every_html_part_is_safe(mail.outbox)

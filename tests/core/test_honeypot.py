"""The shared honeypot (`core.forms.HoneypotMixin`): on every public form, a filled-in trap is refused with
one French message in the error summary, and nothing is saved nor emailed."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Revision

from agenda.models import EventPage, EventSubmission
from annuaire.models import Organisation, OrganisationMembership
from core.forms import HoneypotMixin
from core.models import OutgoingEmail
from emploi.models import JobOffer, OfferApplication
from magazine.models import PressReleaseAttachment, PressReleaseSubmission
from tests.agenda.factories import AgendaIndexPageFactory, EventPageFactory
from tests.agenda.submit_support import event_post, picture_upload
from tests.annuaire.test_recruiter_flows import organisation_data
from tests.emploi.conftest import member, offer_post_data  # noqa: F401 (fixtures)
from tests.emploi.factories import JobOfferFactory
from tests.emploi.public_support import offers_page_fixture  # noqa: F401 (fixture)
from tests.emploi.test_public_offer import apply_data, offer_url
from tests.home.html import parse, texts
from tests.magazine import press_support

pytestmark = pytest.mark.django_db

# Fixtures shared with the press-release tests.
press_magazine = press_support.press_magazine
media_root = press_support.media_root

ROBOT = "Votre envoi ressemble à celui d’un robot\u00a0: il n’a pas été enregistré."
TRAP = "https://spam.example"


def assert_refused_as_a_robot(response, status):
    """The French message in the form's error summary, not next to the hidden field."""
    assert response.status_code == status
    summary = texts(parse(response), "//div[@id='erreurs']/p[position() > 1]")
    assert " ".join(ROBOT.split()) in summary, summary
    assert not mail.outbox and not OutgoingEmail.objects.exists()


def test_the_trap_is_one_field_people_never_see():
    field = HoneypotMixin().fields["contact_nickname"]
    assert field.label == "Laissez ce champ vide" and not field.required
    assert field.widget.attrs == {"autocomplete": "off", "tabindex": "-1", "maxlength": "1000"}
    form = HoneypotMixin({"contact_nickname": "robot"})
    assert not form.is_valid()
    assert form.has_error("__all__", "honeypot") and form.non_field_errors() == [ROBOT]
    assert HoneypotMixin({"contact_nickname": ""}).is_valid()


def test_organisation_form(client, recruiter):
    client.force_login(recruiter)
    response = client.post(reverse("annuaire:create"), organisation_data(contact_nickname=TRAP))
    assert_refused_as_a_robot(response, 400)
    assert Organisation.objects.count() == 0 and OrganisationMembership.objects.count() == 0


def test_job_offer_form(client, member, offer_post_data):  # noqa: F811 (fixtures)
    client.force_login(member)
    response = client.post(reverse("emploi:offer_create"), offer_post_data(member.organisation, contact_nickname=TRAP))
    assert_refused_as_a_robot(response, 400)
    assert JobOffer.objects.count() == 0


def test_application_form(client, offers_page):
    offer = JobOfferFactory()
    response = client.post(offer_url(offer) + "postuler/", apply_data(contact_nickname=TRAP))
    assert_refused_as_a_robot(response, 200)
    assert OfferApplication.objects.count() == 0


def test_event_submission_form(client, home_page):
    AgendaIndexPageFactory(parent=home_page)
    response = client.post(reverse("agenda:submission_propose"), event_post(contact_nickname=TRAP))
    assert_refused_as_a_robot(response, 400)
    assert EventPage.objects.count() == 0 and EventSubmission.objects.count() == 0


def test_event_photos_form(client, home_page, member, media_root):  # noqa: F811 (fixture)
    agenda = AgendaIndexPageFactory(parent=home_page)
    start = (timezone.now() - dt.timedelta(days=5)).replace(microsecond=0)
    event = EventPageFactory(
        parent=agenda, start=start, end=start + dt.timedelta(hours=3), organiser=member.organisation
    )
    revisions, images = Revision.objects.count(), get_image_model().objects.count()
    client.force_login(member)
    data = {
        "photos": [picture_upload("photo.jpg")],
        "alt_text": "Les participants du forum",
        "caption": "",
        "credit": "Coopérative du Lien",
        "rights": "on",
        "contact_nickname": TRAP,
    }
    response = client.post(reverse("agenda:event_photos", args=[event.pk]), data)
    assert_refused_as_a_robot(response, 400)
    assert EventSubmission.objects.count() == 0
    assert Revision.objects.count() == revisions and get_image_model().objects.count() == images


def test_press_release_form(client, press_magazine):
    response = client.post(reverse("magazine:press_release_submit"), press_support.form_data(contact_nickname=TRAP))
    assert_refused_as_a_robot(response, 400)
    assert PressReleaseSubmission.objects.count() == 0 and PressReleaseAttachment.objects.count() == 0

"""Consultant profiles: the model's rules, the owner's form, verification through core's moderation."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from conseil import services
from conseil.models import ConsultantProfile, ConsultantStateChange, Expertise
from reference.models import Departement, Region
from tests.factories import ConsultantFactory, ModeratorFactory

from .factories import ConsultantProfileFactory, ConsultantReferenceFactory, profile_form_data

pytestmark = pytest.mark.django_db


def test_the_expertises_list_is_shipped():
    assert Expertise.objects.count() >= 12
    assert Expertise.objects.filter(slug="accompagnement-dla").exists()


def test_slug_is_unique_and_visible_hides_hidden_profiles_and_inactive_accounts():
    first = ConsultantProfileFactory(name="Jeanne Martin")
    second = ConsultantProfileFactory(name="Jeanne Martin")
    assert first.slug == "jeanne-martin" and second.slug == "jeanne-martin-2"
    hidden = ConsultantProfileFactory(visibility="hidden")
    gone = ConsultantProfileFactory()
    gone.user.is_active = False
    gone.user.save()
    assert set(ConsultantProfile.objects.visible()) == {first, second}
    assert hidden not in ConsultantProfile.objects.visible()


def test_daily_rate_range_is_checked():
    profile = ConsultantProfileFactory.build(daily_rate_min=900, daily_rate_max=500)
    with pytest.raises(ValidationError):
        profile.clean()


def test_a_consultant_creates_then_edits_their_profile(client):
    user = ConsultantFactory()
    client.force_login(user)
    assert client.get(reverse("conseil:profile_edit")).status_code == 200
    response = client.post(reverse("conseil:profile_edit"), profile_form_data())
    assert response.status_code == 302, response.content.decode()[:3000]
    profile = ConsultantProfile.objects.get(user=user)
    assert profile.name == "Claire Dubois" and profile.daily_rate_max == 800
    assert [ref.organisation for ref in profile.references.all()] == ["Régie de quartier"]
    assert profile.language_list == ["français", "anglais"]
    response = client.post(reverse("conseil:profile_edit"), profile_form_data(name="Claire Dubois-Martin"))
    assert response.status_code == 302
    assert ConsultantProfile.objects.get(user=user).name == "Claire Dubois-Martin"
    assert ConsultantProfile.objects.count() == 1


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"daily_rate_min": "900", "daily_rate_max": "500"}, "daily_rate_max"),
        ({"daily_rate_min": "2147483648"}, "daily_rate_min"),
        ({"regions": [], "national": ""}, "regions"),
        ({"expertises": []}, "expertises"),
        ({"name": "a" * 151}, "name"),
        ({"references-0-year": "40000"}, None),
    ],
)
def test_bad_input_is_refused_with_a_message(client, overrides, field):
    client.force_login(ConsultantFactory())
    response = client.post(reverse("conseil:profile_edit"), profile_form_data(**overrides))
    assert response.status_code == 400
    if field:
        assert field in response.context["form"].errors
    assert not ConsultantProfile.objects.exists()


def test_markup_is_stripped_from_what_consultants_type(client):
    user = ConsultantFactory()
    client.force_login(user)
    client.post(reverse("conseil:profile_edit"), profile_form_data(headline="<script>alert(1)</script>Conseil"))
    assert "<script>" not in ConsultantProfile.objects.get(user=user).headline


def test_the_form_only_ever_edits_ones_own_profile(client):
    other = ConsultantProfileFactory(name="Autre personne")
    user = ConsultantFactory()
    client.force_login(user)
    client.post(reverse("conseil:profile_edit"), profile_form_data(id=other.pk, user=other.user.pk))
    other.refresh_from_db()
    assert other.name == "Autre personne" and other.user != user
    assert ConsultantProfile.objects.get(user=user).name == "Claire Dubois"


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("conseil:profile_edit"))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_verification_goes_through_core_moderation_with_history(client):
    profile = ConsultantProfileFactory()
    client.force_login(profile.user)
    assert client.post(reverse("conseil:ask_verification")).status_code == 302
    profile.refresh_from_db()
    assert profile.status == "submitted" and not profile.verified
    moderator = ModeratorFactory()
    services.decide_verification(profile, by=moderator, granted=True)
    profile.refresh_from_db()
    assert profile.verified
    steps = list(ConsultantStateChange.objects.filter(subject=profile).values_list("to_status", "by"))
    assert steps == [("submitted", profile.user.pk), ("published", moderator.pk)]


def test_changing_the_name_of_a_verified_profile_sends_it_back(client):
    profile = ConsultantProfileFactory(regions=[Region.objects.order_by("code").first()])
    services.request_verification(profile, by=profile.user)
    services.decide_verification(profile, by=ModeratorFactory(), granted=True)
    client.force_login(profile.user)
    client.post(reverse("conseil:profile_edit"), profile_form_data(name="Nouveau nom"))
    profile.refresh_from_db()
    assert profile.status == "submitted"


def test_references_and_territories(client):
    reference = ConsultantReferenceFactory()
    departement = Departement.objects.order_by("code").first()
    reference.profile.departements.set([departement])
    assert str(reference) == "Coopérative des Tisserands (2023)"


def test_a_photo_is_re_encoded_into_a_wagtail_image(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (300, 300), (11, 110, 79)).save(buffer, "PNG")
    user = ConsultantFactory()
    client.force_login(user)
    upload = SimpleUploadedFile("portrait.png", buffer.getvalue(), content_type="image/png")
    response = client.post(reverse("conseil:profile_edit"), {**profile_form_data(), "picture": upload})
    assert response.status_code == 302
    photo = ConsultantProfile.objects.get(user=user).photo
    assert photo is not None and (photo.width, photo.height) == (300, 300)
    fake = SimpleUploadedFile("portrait.png", b"%PDF-1.4 not a picture", content_type="image/png")
    response = client.post(reverse("conseil:profile_edit"), {**profile_form_data(), "picture": fake})
    assert response.status_code == 400 and "picture" in response.context["form"].errors


def test_a_filled_spam_trap_refuses_the_profile(client):
    client.force_login(ConsultantFactory())
    response = client.post(reverse("conseil:profile_edit"), {**profile_form_data(), "contact_nickname": "robot"})
    assert response.status_code == 400
    assert not ConsultantProfile.objects.exists()

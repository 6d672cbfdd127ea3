"""Candidates: profile and CV, the candidate space, bios and their visibility, slugs, PDF CV, moderators
hiding a bio, personal data export and account deletion."""

import io
import json
import zipfile
from datetime import date

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from accounts.models import User
from emploi import applications, candidates, demo_candidates
from emploi.models import (
    BioSlugRedirect,
    BioVisibility,
    CandidateProfile,
    CVEntry,
    CVSection,
    JobFunction,
    OfferApplication,
)
from tests.factories import TEST_PASSWORD, CandidateFactory, ModeratorFactory, OrganisationFactory, RecruiterFactory

from .factories import JobOfferFactory, commune

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def candidate():
    return CandidateFactory(first_name="Camille", last_name="Martin")


@pytest.fixture
def profile(candidate):
    profile = candidates.ensure_profile(candidate, headline="Coordinatrice de projets alimentaires")
    profile.commune = commune("69123")
    profile.bio = "Dix ans dans l’alimentation durable."
    profile.save()
    profile.functions.set(JobFunction.objects.filter(slug="gestion-projet"))
    CVEntry.objects.create(
        profile=profile,
        section="experience",
        title="Chargée de mission",
        organisation="Épicerie solidaire",
        start_date=date(2019, 9, 1),
    )
    CVEntry.objects.create(profile=profile, section="education", title="Master ESS", organisation="Université Lyon 2")
    CVEntry.objects.create(profile=profile, section="language", title="Anglais", level="courant")
    return profile


def verified_recruiter():
    user = RecruiterFactory()
    OrganisationFactory(members=[user])
    return user


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).lower()


# --- Profile made at sign-up, slugs ---------------------------------------------------------------


def test_sign_up_as_candidate_builds_a_private_bio_from_what_was_given(client):
    function = JobFunction.objects.get(slug="gestion-projet")
    response = client.post(
        reverse("account_signup"),
        {
            "first_name": "Inès",
            "last_name": "Haddad",
            "email": "ines@exemple.test",
            "password1": TEST_PASSWORD,
            "password2": TEST_PASSWORD,
            "roles": ["candidate"],
            "headline": "Chargée d’accompagnement social",
            "functions": [str(function.pk)],
            "commune": "Lyon (69)",
        },
    )
    assert response.status_code == 302
    profile = CandidateProfile.objects.get(user__email="ines@exemple.test")
    assert profile.slug == "ines-haddad"
    assert profile.visibility == BioVisibility.PRIVATE
    assert profile.headline == "Chargée d’accompagnement social"
    assert profile.commune.code == "69123" and profile.latitude is not None
    assert list(profile.functions.all()) == [function]


def test_sign_up_without_the_candidate_role_makes_no_profile(client):
    client.post(
        reverse("account_signup"),
        {"email": "r@exemple.test", "password1": TEST_PASSWORD, "password2": TEST_PASSWORD, "roles": ["recruiter"]},
    )
    assert not CandidateProfile.objects.exists()


def test_slugs_are_unique_and_reserved_words_refused(profile):
    other = candidates.ensure_profile(CandidateFactory(first_name="Camille", last_name="Martin"))
    assert other.slug == "camille-martin-2"
    assert "déjà prise" in candidates.slug_error("camille-martin", other)
    assert "réservée" in candidates.slug_error("admin", other)
    assert "minuscules" in candidates.slug_error("Camille_Martin", other)
    assert "minuscules" in candidates.slug_error("camille<script>", other)
    assert "caractères" in candidates.slug_error("ab", other)
    assert candidates.slug_error("camille-martin-lyon", other) is None


def test_a_changed_slug_redirects_permanently_and_is_never_given_away(client, profile):
    profile.visibility = BioVisibility.PUBLIC
    profile.save()
    candidates.change_slug(profile, "camille-m")
    response = client.get("/cv/camille-martin/")
    assert response.status_code == 301 and response["Location"] == "/cv/camille-m/"
    assert client.get("/cv/camille-martin/pdf/")["Location"] == "/cv/camille-m/pdf/"
    stranger = candidates.ensure_profile(CandidateFactory(first_name="X", last_name="Y"))
    assert "déjà prise" in candidates.slug_error("camille-martin", stranger)
    candidates.change_slug(profile, "camille-martin")  # taking one's old address back
    assert list(BioSlugRedirect.objects.values_list("slug", flat=True)) == ["camille-m"]


# --- Who sees a bio ------------------------------------------------------------------------------------


def test_a_private_bio_is_seen_by_its_owner_only(client, profile):
    url = f"/cv/{profile.slug}/"
    assert client.get(url).status_code == 404
    client.force_login(verified_recruiter())
    assert client.get(url).status_code == 404
    assert client.get(url + "pdf/").status_code == 404
    client.force_login(profile.user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"noindex" in response.content
    assert response["X-Robots-Tag"] == "noindex"


def test_a_public_bio_is_indexable_with_person_json_ld(client, profile, django_assert_max_num_queries):
    profile.visibility = BioVisibility.PUBLIC
    profile.save()
    client.get(f"/cv/{profile.slug}/")  # the site frame is built once per process
    with django_assert_max_num_queries(10):
        response = client.get(f"/cv/{profile.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "noindex" not in html
    assert '"@type": "Person"' in html and '"jobTitle": "Coordinatrice de projets alimentaires"' in html
    assert "Camille Martin" in html and "Master ESS" in html
    assert profile.user.email not in html
    sitemap = client.get("/sitemap-cv.xml").content.decode()
    assert f"/cv/{profile.slug}/" in sitemap


def test_a_recruiters_only_bio_needs_a_verified_membership(client, profile):
    profile.visibility = BioVisibility.RECRUITERS
    profile.save()
    url = f"/cv/{profile.slug}/"
    assert client.get(url).status_code == 404
    client.force_login(RecruiterFactory())  # the self-declared flag is not enough
    assert client.get(url).status_code == 404
    unverified = RecruiterFactory()
    OrganisationFactory(members=[unverified], is_verified=False)
    client.force_login(unverified)
    assert client.get(url).status_code == 404
    recruiter = verified_recruiter()
    client.force_login(recruiter)
    response = client.get(url)
    assert response.status_code == 200 and b"noindex" in response.content
    assert f"/cv/{profile.slug}/" not in client.get("/sitemap-cv.xml").content.decode()
    recruiter.organisation_memberships.all().delete()  # losing the membership removes the access at once
    assert client.get(url).status_code == 404


def test_script_in_the_bio_is_escaped(client, profile):
    profile.visibility = BioVisibility.PUBLIC
    profile.headline = "</script><script>alert(1)</script>"
    profile.bio = "<img src=x onerror=alert(1)>"
    profile.save()
    html = client.get(f"/cv/{profile.slug}/").content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html


# --- Moderation --------------------------------------------------------------------------------------


def test_a_moderator_hides_a_bio_with_a_reason_sent_to_its_owner(client, profile, django_capture_on_commit_callbacks):
    profile.visibility = BioVisibility.PUBLIC
    profile.save()
    with pytest.raises(Exception, match="motif"):
        candidates.hide_bio(profile, by=ModeratorFactory(), reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        candidates.hide_bio(profile, by=ModeratorFactory(), reason="Propos injurieux dans la présentation.")
    assert client.get(f"/cv/{profile.slug}/").status_code == 404
    assert f"/cv/{profile.slug}/" not in client.get("/sitemap-cv.xml").content.decode()
    assert mail.outbox[-1].to == [profile.user.email]
    assert "Propos injurieux" in mail.outbox[-1].body
    client.force_login(profile.user)
    assert "Propos injurieux" in client.get(reverse("emploi_candidate:space")).content.decode()
    candidates.show_bio(profile)
    client.logout()
    assert client.get(f"/cv/{profile.slug}/").status_code == 200


def test_moderators_hide_a_bio_from_the_admin(client, profile):
    moderator = ModeratorFactory()
    client.force_login(moderator)
    url = reverse("emploi_hide_bio", args=[profile.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and not CandidateProfile.objects.get(pk=profile.pk).is_hidden
    response = client.post(url, {"reason": "Usurpation d’identité."})
    assert response.status_code == 302
    assert CandidateProfile.objects.get(pk=profile.pk).hidden_reason == "Usurpation d’identité."
    client.force_login(CandidateFactory())
    assert client.get(url).status_code in (302, 403)


# --- PDF ------------------------------------------------------------------------------------------------


def test_the_pdf_follows_the_chosen_section_order_and_is_cached(client, profile, monkeypatch):
    client.force_login(profile.user)
    response = client.get(reverse("emploi_candidate:pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(response.content)
    assert text.index("expériences") < text.index("formation") < text.index("langues")
    for _ in range(3):  # from fourth to first
        candidates.move_section(CandidateProfile.objects.get(pk=profile.pk), "language", -1)
    text = pdf_text(client.get(reverse("emploi_candidate:pdf")).content)
    assert text.index("langues") < text.index("expériences") < text.index("formation")
    built = []
    real = candidates.pdf.html_to_pdf
    monkeypatch.setattr(candidates.pdf, "html_to_pdf", lambda html: built.append(1) or real(html))
    client.get(reverse("emploi_candidate:pdf"))
    assert built == []  # unchanged CV: read back from the cache


def test_the_pdf_of_someone_elses_private_bio_is_a_404(client, profile):
    client.force_login(CandidateFactory())
    assert client.get(f"/cv/{profile.slug}/pdf/").status_code == 404


# --- The candidate space ----------------------------------------------------------------------------


def test_the_space_needs_an_account_and_creates_the_profile(client, django_assert_max_num_queries):
    assert client.get(reverse("emploi_candidate:space")).status_code == 302
    user = CandidateFactory()
    client.force_login(user)
    response = client.get(reverse("emploi_candidate:space"))
    assert response.status_code == 200
    assert "Votre bio est privée" in response.content.decode()
    assert CandidateProfile.objects.filter(user=user).exists()
    with django_assert_max_num_queries(15):
        client.get(reverse("emploi_candidate:space"))


def test_profile_form_saves_and_refuses_bad_input(client, profile):
    client.force_login(profile.user)
    assert client.get(reverse("emploi_candidate:profile")).status_code == 200
    data = {
        "headline": "Animatrice",
        "bio": "Bonjour <script>x</script>",
        "commune": "Lyon (69)",
        "mobility_km": "40",
        "salary_wish": "9999999999",
    }
    response = client.post(reverse("emploi_candidate:profile"), data)
    assert response.status_code == 400
    assert "salary_wish" in response.context["form"].errors
    data["salary_wish"] = "28000"
    data["mobility_km"] = "800"
    response = client.post(reverse("emploi_candidate:profile"), data)
    assert "mobility_km" in response.context["form"].errors
    data["mobility_km"] = "40"
    data["bio"] = "Bonjour\x00"
    assert client.post(reverse("emploi_candidate:profile"), data).status_code == 400
    data["bio"] = "Bonjour <script>x</script>"
    assert client.post(reverse("emploi_candidate:profile"), data).status_code == 302
    profile.refresh_from_db()
    assert profile.headline == "Animatrice" and "<script>" not in profile.bio and profile.salary_wish == 28000


def test_cv_entries_are_added_edited_and_removed_by_their_owner_only(client, profile):
    client.force_login(profile.user)
    assert client.get(reverse("emploi_candidate:cv")).status_code == 200
    url = reverse("emploi_candidate:entry_add", args=["volunteering"])
    response = client.post(url, {"title": "Trésorière", "start_date": "2022-05", "end_date": "2021-01"})
    assert response.status_code == 400 and "end_date" in response.context["form"].errors
    response = client.post(url, {"title": "Trésorière", "organisation": "Banque alimentaire", "start_date": "05/2022"})
    assert response.status_code == 302
    entry = CVEntry.objects.get(section="volunteering")
    assert entry.start_date == date(2022, 5, 1)
    assert client.get(reverse("emploi_candidate:entry_add", args=["inconnue"])).status_code == 404
    client.force_login(CandidateFactory())
    assert client.get(reverse("emploi_candidate:entry_edit", args=[entry.pk])).status_code == 404
    assert client.post(reverse("emploi_candidate:entry_delete", args=[entry.pk])).status_code == 404
    client.force_login(profile.user)
    response = client.post(reverse("emploi_candidate:entry_edit", args=[entry.pk]), {"title": "Présidente"})
    assert response.status_code == 302
    assert client.get(reverse("emploi_candidate:entry_delete", args=[entry.pk])).status_code == 200
    client.post(reverse("emploi_candidate:entry_delete", args=[entry.pk]))
    assert not CVEntry.objects.filter(pk=entry.pk).exists()


def test_sections_are_reordered_without_javascript(client, profile):
    client.force_login(profile.user)
    response = client.post(reverse("emploi_candidate:move_section"), {"section": "education", "direction": "up"})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.sections[:2] == ["education", "experience"]
    client.post(reverse("emploi_candidate:move_section"), {"section": "nope", "direction": "up"})
    assert profile.sections == CandidateProfile.objects.get(pk=profile.pk).sections


def test_bio_settings_change_the_address_and_the_visibility(client, profile):
    client.force_login(profile.user)
    url = reverse("emploi_candidate:bio_settings")
    assert client.get(url).status_code == 200
    response = client.post(url, {"slug": "espace", "visibility": "public"})
    assert response.status_code == 400 and "réservée" in response.content.decode()
    response = client.post(url, {"slug": "camille-lyon", "visibility": "public"})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.slug == "camille-lyon" and profile.visibility == "public"


# --- Personal data ------------------------------------------------------------------------------------


def test_export_has_the_profile_the_cv_and_the_pdf(client, profile):
    client.force_login(profile.user)
    assert client.get(reverse("my_data")).status_code == 200
    response = client.get(reverse("my_data_export"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert {"compte.json", "emploi/emploi.json", "emploi/cv.pdf"} <= set(names)
    data = json.loads(archive.read("emploi/emploi.json"))
    assert data["profil"]["titre"] == "Coordinatrice de projets alimentaires"
    assert {entry["intitule"] for entry in data["profil"]["cv"]} == {"Chargée de mission", "Master ESS", "Anglais"}
    assert json.loads(archive.read("compte.json"))["compte"]["adresse"] == profile.user.email


def test_deleting_the_account_anonymises_applications(client, profile):
    offer = JobOfferFactory()
    application = OfferApplication.objects.create(
        offer=offer, applicant=profile.user, name="Camille Martin", email=profile.user.email, message="Bonjour"
    )
    client.force_login(profile.user)
    response = client.post(reverse("delete_account"), {"password": "mauvais", "confirm": "on"})
    assert response.status_code == 400 and User.objects.filter(pk=profile.user.pk).exists()
    response = client.post(reverse("delete_account"), {"password": TEST_PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=profile.user.pk).exists()
    assert not CandidateProfile.objects.filter(pk=profile.pk).exists()
    application.refresh_from_db()
    assert application.applicant is None
    assert application.name == candidates.ANONYMOUS_NAME and application.email == candidates.ANONYMOUS_EMAIL
    assert application.message == ""


# --- Applications: states and the candidate's timeline ------------------------------------------------


def test_application_states_follow_the_allowed_moves(profile):
    application = OfferApplication.objects.create(
        offer=JobOfferFactory(), applicant=profile.user, name="Camille", email=profile.user.email
    )
    assert application.status == "sent"
    recruiter = verified_recruiter()
    application = applications.move(application, "read", by=recruiter)
    application = applications.move(application, "interview", by=recruiter, reason="Mardi à 10 h.")
    with pytest.raises(ValidationError, match="ne peut pas passer"):
        applications.move(application, "sent", by=recruiter)
    application = applications.withdraw(application, by=profile.user)
    assert application.is_over and not application.can_withdraw
    with pytest.raises(ValidationError):
        applications.withdraw(application, by=profile.user)
    steps = applications.timeline(application)
    assert [step.status for step in steps] == ["sent", "read", "interview", "withdrawn"]
    assert steps[2].reason == "Mardi à 10 h." and steps[3].by_candidate


def test_the_candidate_sees_a_timeline_and_withdraws(client, profile, django_assert_max_num_queries):
    application = OfferApplication.objects.create(
        offer=JobOfferFactory(title="Animatrice de tiers-lieu"), applicant=profile.user, name="C", email="c@x.test"
    )
    applications.move(application, "read", by=verified_recruiter())
    client.force_login(profile.user)
    client.get(reverse("emploi_candidate:applications"))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("emploi_candidate:applications"))
    assert "Animatrice de tiers-lieu" in response.content.decode()
    html = client.get(reverse("emploi_candidate:application", args=[application.pk])).content.decode()
    assert "Lue" in html and "Retirer ma candidature" in html
    assert client.get(reverse("emploi_candidate:application_withdraw", args=[application.pk])).status_code == 200
    response = client.post(reverse("emploi_candidate:application_withdraw", args=[application.pk]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "withdrawn"
    client.force_login(CandidateFactory())  # someone else's application: 404 everywhere
    assert client.get(reverse("emploi_candidate:application", args=[application.pk])).status_code == 404
    assert client.post(reverse("emploi_candidate:application_withdraw", args=[application.pk])).status_code == 404


def png(side: int = 300) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (side, side), (40, 120, 80)).save(buffer, "PNG")
    return SimpleUploadedFile("portrait.png", buffer.getvalue(), content_type="image/png")


def test_the_photo_goes_through_core_images_and_leaves_with_the_account(client, profile, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(profile.user)
    data = {"headline": "Animatrice", "mobility_km": "30"}
    response = client.post(reverse("emploi_candidate:profile"), {**data, "picture": png(50)})
    assert response.status_code == 400 and "picture" in response.context["form"].errors
    fake = SimpleUploadedFile("portrait.png", b"%PDF-1.4 not a picture", content_type="image/png")
    assert client.post(reverse("emploi_candidate:profile"), {**data, "picture": fake}).status_code == 400
    assert client.post(reverse("emploi_candidate:profile"), {**data, "picture": png()}).status_code == 302
    profile.refresh_from_db()
    photo = profile.photo
    assert photo is not None and "portrait" in photo.file.name and photo.file.name != "portrait.png"
    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("my_data_export")).content))
    assert "emploi/photo.png" in archive.namelist()
    client.post(reverse("delete_account"), {"password": TEST_PASSWORD, "confirm": "on"})
    assert not type(photo).objects.filter(pk=photo.pk).exists()


def test_demo_candidates_are_varied_and_seeded_once():
    demo_candidates.seed("small", io.StringIO())
    demo_candidates.seed("small", io.StringIO())
    profiles = CandidateProfile.objects.all()
    assert profiles.count() == demo_candidates.DEMO_CANDIDATES
    assert set(profiles.values_list("visibility", flat=True)) == {"public", "recruiters", "private"}
    assert len(set(profiles.values_list("section_order", flat=True))) >= 3
    assert set(CVEntry.objects.values_list("section", flat=True)) == set(CVSection.values)
    assert profiles.filter(commune__isnull=False, latitude__isnull=False).count() == profiles.count()

"""The rules behind the press-release form: attachments checked by content (`core.files`), the draft
article a confirmed release becomes, and the decision emails of the shared pipeline (`core.submissions`)."""

import io
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from core.files import check_attachment as core_check_attachment
from core.models import InvalidConfirmation, OutgoingEmail
from core.submissions import purge_unconfirmed, record_page_decision
from magazine.models import ArticleKind, ArticlePage, PressReleaseAttachment, PressReleaseSubmission
from magazine.press import services
from magazine.press.forms import max_attachment_bytes
from magazine.press.services import content_hash

from . import press_support
from .press_support import RELEASE_TEXT, exe_bytes, pdf_bytes, png_bytes, upload

press_magazine = press_support.press_magazine
media_root = press_support.media_root


def check_attachment(uploaded):
    """What the form does with each file: the shared check, with the press releases' size limit."""
    return core_check_attachment(uploaded, max_bytes=max_attachment_bytes())


def confirm(submission):
    return services.confirm_press_release(submission.confirmation_token())


# --- Attachments ---------------------------------------------------------------------------------


def test_a_pdf_is_recognised_by_its_signature_whatever_its_name():
    checked = check_attachment(upload("Dossier de presse (final).PDF", pdf_bytes()))
    assert (checked.kind, checked.name, checked.title) == (
        "pdf",
        "dossier-de-presse-final.pdf",
        "Dossier de presse (final)",
    )
    assert checked.content == pdf_bytes()


def test_an_image_is_verified_and_re_encoded_without_what_hides_after_it():
    polluted = png_bytes() + b"<?php system($_GET['c']); ?>"
    checked = check_attachment(upload("photo.jpeg", polluted))  # the content decides: it is a PNG
    assert (checked.kind, checked.name) == ("image", "photo.png")
    assert b"<?php" not in checked.content
    with Image.open(io.BytesIO(checked.content)) as image:
        assert image.format == "PNG" and image.size == (40, 30)


def test_a_webp_becomes_a_png_and_a_jpeg_stays_a_jpeg():
    for source_format, expected in (("WEBP", "PNG"), ("JPEG", "JPEG")):
        output = io.BytesIO()
        Image.new("RGB", (20, 20), (200, 10, 10)).save(output, format=source_format)
        checked = check_attachment(upload(f"image.{source_format.lower()}", output.getvalue()))
        with Image.open(io.BytesIO(checked.content)) as image:
            assert image.format == expected


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("communique.pdf", exe_bytes(), "« communique.pdf » n’est ni un PDF ni une image"),
        ("photo.png", png_bytes()[:60], "« photo.png » n’est ni un PDF ni une image"),  # truncated image
        ("page.pdf", b"<html><script>alert(1)</script></html>", "« page.pdf » n’est ni un PDF ni une image"),
        ("vide.pdf", b"", "« vide.pdf » est vide."),
    ],
)
def test_what_is_neither_a_pdf_nor_a_sound_image_is_refused(name, content, message):
    with pytest.raises(ValidationError) as error:
        check_attachment(upload(name, content))
    assert message in error.value.messages[0]


def test_a_file_over_the_limit_is_refused(settings):
    settings.PRESS_RELEASE_MAX_ATTACHMENT_BYTES = 100
    with pytest.raises(ValidationError) as error:
        check_attachment(upload("gros.pdf", pdf_bytes() + b"0" * 200))
    assert "« gros.pdf » est trop lourd" in error.value.messages[0]
    assert "100\u00a0octets au plus par fichier" in error.value.messages[0]


def test_a_picture_larger_than_the_stored_size_is_scaled_down():
    # The shared re-encoder keeps 2,400 px at most on the long side (`IMAGE_UPLOAD_LIMITS`).
    checked = check_attachment(upload("affiche.png", png_bytes(size=(3000, 1500))))
    with Image.open(io.BytesIO(checked.content)) as image:
        assert image.size == (2400, 1200)


# --- Text ----------------------------------------------------------------------------------------


def test_the_content_hash_ignores_case_and_spacing_but_not_words():
    assert content_hash("Titre", "Un  texte\n") == content_hash("TITRE ", "un texte")
    assert content_hash("Titre", "Un texte") != content_hash("Titre", "Un autre texte")


# --- From submission to draft --------------------------------------------------------------------


def submit(**overrides):
    data = {
        "contact_name": "Camille Martin",
        "email": "Presse@Cooperative.test",
        "organisation_name": "Les Tisserands",
        "title": "Un atelier de réparation textile ouvre à Roubaix",
        "text": RELEASE_TEXT,
        "attachments": [
            check_attachment(upload("Dossier de presse.pdf", pdf_bytes())),
            check_attachment(upload("Atelier.png", png_bytes())),
        ],
    }
    data.update(overrides)
    return services.submit_press_release(**data)


@pytest.mark.django_db
def test_the_confirmed_release_becomes_a_draft_with_its_files_in_the_communiques_collection(
    press_magazine, django_capture_on_commit_callbacks
):
    submission = submit()
    assert submission.email == "presse@cooperative.test"
    pending_files = list(PressReleaseAttachment.objects.values_list("file", flat=True))
    assert all(name.startswith("communiques/en-attente/") for name in pending_files)
    assert all(default_storage.exists(name) for name in pending_files)

    with django_capture_on_commit_callbacks(execute=True):
        confirm(submission)

    submission.refresh_from_db()
    article = submission.page.specific
    assert submission.status == PressReleaseSubmission.Status.IN_REVIEW
    assert submission.confirmed_at is not None
    assert article.kind == ArticleKind.PRESS_RELEASE
    assert article.title == "Un atelier de réparation textile ouvre à Roubaix"
    assert article.slug == "un-atelier-de-reparation-textile-ouvre-a-roubaix"
    assert article.lead.startswith("La coopérative Les Tisserands ouvre un atelier")
    assert [block.block_type for block in article.body] == ["paragraph", "paragraph", "document", "image"]
    assert article.body[1].value.source == "<p>Contact presse : presse@cooperative.test</p>"

    document = get_document_model().objects.get()
    image = get_image_model().objects.get()
    # Private while the release is in moderation: only the editors may open them.
    assert document.collection.name == image.collection.name == "Fichiers en attente de publication"
    assert article.body[2].value["document"] == document
    assert article.body[3].value["image"] == image
    assert article.body[3].value["credit"] == "Les Tisserands"
    # The pending copies are gone, the Wagtail ones stay.
    assert not PressReleaseAttachment.objects.exists()
    assert not any(default_storage.exists(name) for name in pending_files)
    assert default_storage.exists(document.file.name)


@pytest.mark.django_db
def test_confirming_twice_makes_one_draft(press_magazine):
    submission = submit(attachments=[])
    confirm(submission)
    confirm(submission)
    assert ArticlePage.objects.count() == 1


@pytest.mark.django_db
def test_a_long_first_paragraph_is_cut_for_the_lead_and_kept_whole_in_the_body(press_magazine):
    long_paragraph = "Une phrase sur l’économie sociale et solidaire. " * 20
    submission = submit(attachments=[], text=long_paragraph + "\n\nSuite.")
    article = confirm(submission).page.specific
    assert len(article.lead) <= services.LEAD_MAX_LENGTH
    assert article.lead.endswith("…")
    assert [block.block_type for block in article.body] == ["paragraph", "paragraph"]


@pytest.mark.django_db
def test_without_an_ess_rubrique_drafts_go_to_the_first_one(press_magazine, settings):
    settings.PRESS_RELEASE_RUBRIQUE_SLUG = "inconnue"
    assert services.press_release_rubrique() == press_magazine["agenda"]
    settings.PRESS_RELEASE_RUBRIQUE_SLUG = "ess"
    assert services.press_release_rubrique() == press_magazine["ess"]


@pytest.mark.django_db
def test_without_a_magazine_the_confirmation_fails_cleanly(home_page):
    submission = submit(attachments=[])
    with pytest.raises(services.NoRubrique):
        confirm(submission)
    submission.refresh_from_db()
    assert submission.status == PressReleaseSubmission.Status.AWAITING_CONFIRMATION
    assert submission.page is None and submission.confirmed_at is None


@pytest.mark.django_db
def test_the_decision_emails_are_sent_once(press_magazine):
    submission = submit(attachments=[])
    article = confirm(submission).page
    OutgoingEmail.objects.all().delete()
    assert record_page_decision(article.pk, published=False, reason="Hors sujet.") == 1
    assert record_page_decision(article.pk, published=False, reason="Hors sujet.") == 0
    assert OutgoingEmail.objects.count() == 1
    submission.refresh_from_db()
    assert (submission.status, submission.decision_reason) == (PressReleaseSubmission.Status.REFUSED, "Hors sujet.")
    # The editors changed their mind and published it: that is news too, once.
    article.specific.save_revision().publish()
    assert record_page_decision(article.pk, published=True) == 0  # the signal already sent it
    assert OutgoingEmail.objects.count() == 2
    assert record_page_decision(article.pk, published=False, reason="Trop tard.") == 0
    submission.refresh_from_db()
    assert submission.status == PressReleaseSubmission.Status.PUBLISHED and submission.decided_at is not None


@pytest.mark.django_db
def test_the_decision_emails_say_what_was_decided(press_magazine):
    submission = submit(attachments=[])
    article = confirm(submission).page.specific
    article.title = "Un atelier textile à Roubaix"
    article.save_revision().publish()
    [published] = [email for email in OutgoingEmail.objects.all() if "est publié" in email.subject]
    assert published.subject == "Votre communiqué « Un atelier textile à Roubaix » est publié"
    assert published.to == ["presse@cooperative.test"]
    assert "http://localhost/magazine/ess/un-atelier-de-reparation-textile-ouvre-a-roubaix/" in published.text_body
    subject, text = submission.decision_email(published=False)
    assert subject == "Votre communiqué « Un atelier de réparation textile ouvre à Roubaix » n’a pas été retenu"
    assert "Bonjour Camille Martin" in text


@pytest.mark.django_db
def test_the_confirmation_link_is_signed_for_48_hours(press_magazine):
    submission = submit(attachments=[])
    assert PressReleaseSubmission.confirmation_salt == "magazine.press-release.confirmation"
    assert PressReleaseSubmission.confirmation_hours() == 48
    assert PressReleaseSubmission.from_token(submission.confirmation_token()) == submission
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 49 * 3600):
        old = submission.confirmation_token()
    with pytest.raises(InvalidConfirmation) as error:
        PressReleaseSubmission.from_token(old)
    assert error.value.expired


@pytest.mark.django_db
def test_a_link_emailed_before_the_shared_pipeline_still_confirms(press_magazine):
    submission = submit(attachments=[])
    payload = {"submission": submission.pk, "hash": submission.content_hash[:16]}
    earlier = signing.dumps(payload, salt="magazine.press-release.confirmation")
    assert services.confirm_press_release(earlier).status == PressReleaseSubmission.Status.IN_REVIEW
    forged = signing.dumps({"submission": submission.pk, "hash": "0" * 16}, salt="magazine.press-release.confirmation")
    with pytest.raises(InvalidConfirmation):
        PressReleaseSubmission.from_token(forged)


@pytest.mark.django_db
def test_the_purge_deletes_unconfirmed_releases_with_their_files(press_magazine, django_capture_on_commit_callbacks):
    kept = submit(attachments=[check_attachment(upload("Dossier.pdf", pdf_bytes()))], title="Encore valable")
    stale = submit(attachments=[check_attachment(upload("Ancien.pdf", pdf_bytes()))])
    stale_file = stale.attachments.get().file.name
    PressReleaseSubmission.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(hours=50))
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_unconfirmed(PressReleaseSubmission) == 1
    assert list(PressReleaseSubmission.objects.all()) == [kept]
    assert not default_storage.exists(stale_file)
    assert default_storage.exists(kept.attachments.get().file.name)


@pytest.mark.django_db
def test_attachments_are_public_only_while_the_release_is_published(
    client, press_magazine, moderator, django_capture_on_commit_callbacks
):
    """Finding of the security scan: a confirmed release's PDF could be downloaded by anyone, by id and
    name, while the editors were still reading it."""
    submission = submit()
    with django_capture_on_commit_callbacks(execute=True):
        confirm(submission)
    submission.refresh_from_db()
    article = submission.page.specific
    document = get_document_model().objects.get()

    assert client.get(document.url).status_code in (302, 403)  # to the login page, never the file
    client.force_login(moderator)
    assert client.get(document.url).status_code == 200  # the editors read it
    client.logout()

    article.save_revision().publish()
    document.refresh_from_db()
    assert document.collection.name == get_image_model().objects.get().collection.name == "Communiqués"
    assert client.get(document.url).status_code == 200

    article.refresh_from_db()
    article.unpublish()
    document.refresh_from_db()
    assert document.collection.name == "Fichiers en attente de publication"
    assert client.get(document.url).status_code in (302, 403)

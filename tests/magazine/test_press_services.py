"""The rules behind the press-release form: attachments checked by content, text without markup, and the
draft article a confirmed release becomes."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from home.models import OutgoingEmail
from magazine.models import ArticleKind, ArticlePage, PressReleaseAttachment, PressReleaseSubmission
from magazine.press import services
from magazine.press.attachments import check_attachment
from magazine.press.text import content_hash, paragraph_html, plain_text

from . import press_support
from .press_support import RELEASE_TEXT, exe_bytes, pdf_bytes, png_bytes, upload

press_magazine = press_support.press_magazine
media_root = press_support.media_root


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


# --- Text ----------------------------------------------------------------------------------------


def test_plain_text_drops_markup_and_scripts_with_their_content_and_keeps_paragraphs():
    value = (
        "<p>Premier <b>paragraphe</b>.</p><script>alert('x')</script><style>p{}</style>"
        "<p>Second&nbsp;paragraphe &amp; suite.</p>Ligne\r\nsuivante\x00\x07"
    )
    assert plain_text(value) == "Premier paragraphe.\n\nSecond\u00a0paragraphe & suite.\n\nLigne\nsuivante"


def test_a_paragraph_becomes_escaped_rich_text():
    assert paragraph_html("Tom & Jerry <3\nLigne 2") == "<p>Tom &amp; Jerry &lt;3<br/>Ligne 2</p>"


def test_the_content_hash_ignores_case_and_spacing_but_not_words():
    assert content_hash("Titre", "Un  texte\n") == content_hash("TITRE ", "un texte")
    assert content_hash("Titre", "Un texte") != content_hash("Titre", "Un autre texte")


# --- From submission to draft --------------------------------------------------------------------


def submit(**overrides):
    data = {
        "contact_name": "Camille Martin",
        "contact_email": "Presse@Cooperative.test",
        "organisation_name": "Les Tisserands",
        "title": "Un atelier de réparation textile ouvre à Roubaix",
        "text": RELEASE_TEXT,
        "attachments": [
            check_attachment(upload("Dossier de presse.pdf", pdf_bytes())),
            check_attachment(upload("Atelier.png", png_bytes())),
        ],
        "confirmation_url": lambda token: f"https://solidaires.test/confirmer/{token}/",
        "ip": "192.0.2.1",
    }
    data.update(overrides)
    return services.submit_press_release(**data)


@pytest.mark.django_db
def test_the_confirmed_release_becomes_a_draft_with_its_files_in_the_communiques_collection(
    press_magazine, django_capture_on_commit_callbacks
):
    submission = submit()
    assert submission.contact_email == "presse@cooperative.test"
    pending_files = list(PressReleaseAttachment.objects.values_list("file", flat=True))
    assert all(name.startswith("communiques/en-attente/") for name in pending_files)
    assert all(default_storage.exists(name) for name in pending_files)

    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_submission(submission.pk)

    submission.refresh_from_db()
    article = submission.article.specific
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
    assert document.collection.name == image.collection.name == "Communiqués"
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
    services.confirm_submission(submission.pk)
    services.confirm_submission(submission.pk)
    assert ArticlePage.objects.count() == 1


@pytest.mark.django_db
def test_a_long_first_paragraph_is_cut_for_the_lead_and_kept_whole_in_the_body(press_magazine):
    long_paragraph = "Une phrase sur l’économie sociale et solidaire. " * 20
    submission = submit(attachments=[], text=long_paragraph + "\n\nSuite.")
    article = services.confirm_submission(submission.pk).article.specific
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
        services.confirm_submission(submission.pk)
    submission.refresh_from_db()
    assert submission.status == PressReleaseSubmission.Status.PENDING_CONFIRMATION


@pytest.mark.django_db
def test_the_decision_emails_are_sent_once(press_magazine):
    submission = submit(attachments=[])
    article = services.confirm_submission(submission.pk).article
    OutgoingEmail.objects.all().delete()
    assert services.notify_refused(article.pk, "Hors sujet.") is True
    assert services.notify_refused(article.pk, "Hors sujet.") is False
    assert OutgoingEmail.objects.count() == 1
    # The editors changed their mind and published it: that is news too, once.
    article.specific.save_revision().publish()
    assert services.notify_published(article.specific) is False  # the signal already sent it
    assert OutgoingEmail.objects.count() == 2
    assert services.notify_refused(article.pk, "Trop tard.") is False

"""Attachments people send (`core.files.check_attachment`): a PDF by its signature or a re-encoded picture,
whatever the name or declared type; anything else refused with a French message that names the file."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.files import AttachmentKind, check_attachment

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
HIDDEN = b"<?php system($_GET['c']); ?>"


def picture(fmt="PNG", size=(40, 30), mode="RGB") -> bytes:
    output = io.BytesIO()
    Image.new(mode, size, (11, 110, 79) if mode == "RGB" else 0).save(output, format=fmt)
    return output.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def refusal(uploaded, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        check_attachment(uploaded, **kwargs)
    return error.value


# --- Accepted ------------------------------------------------------------------------------------


def test_a_pdf_is_recognised_by_its_signature_and_kept_as_it_is():
    checked = check_attachment(upload("Dossier de presse (final).PDF", PDF, "application/pdf"))
    assert checked.kind == AttachmentKind.PDF == "pdf"
    assert (checked.name, checked.title) == ("dossier-de-presse-final.pdf", "Dossier de presse (final)")
    assert checked.content == PDF


@pytest.mark.parametrize("name", ["photo.jpg", "document", "rapport.exe", "lettre.docx"])
def test_a_pdf_is_a_pdf_whatever_its_name(name):
    checked = check_attachment(upload(name, PDF, "image/jpeg"))
    assert checked.kind == "pdf"
    assert checked.name.endswith(".pdf") and checked.content == PDF


def test_an_image_is_re_encoded_without_what_hides_after_it():
    checked = check_attachment(upload("photo.jpeg", picture("PNG") + HIDDEN, "image/jpeg"))
    assert (checked.kind, checked.name, checked.title) == ("image", "photo.png", "photo")
    assert HIDDEN not in checked.content
    with Image.open(io.BytesIO(checked.content)) as image:
        assert image.format == "PNG" and image.size == (40, 30)


@pytest.mark.parametrize("fmt, extension", [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "png"), ("GIF", "png")])
def test_a_jpeg_stays_a_jpeg_and_other_images_become_png(fmt, extension):
    checked = check_attachment(upload(f"Atelier.{fmt.lower()}", picture(fmt)))
    assert (checked.kind, checked.name) == ("image", f"atelier.{extension}")
    with Image.open(io.BytesIO(checked.content)) as image:
        assert image.format == ("JPEG" if extension == "jpg" else "PNG")


def test_names_are_made_safe_and_the_title_keeps_the_original_words():
    checked = check_attachment(upload("../../Communiqué de l’été 2026.pdf", PDF))
    assert checked.name == "communique-de-lete-2026.pdf"
    assert checked.title == "Communiqué de l’été 2026"
    assert check_attachment(upload("!!!.pdf", PDF)).name == "piece-jointe.pdf"


# --- Refused -------------------------------------------------------------------------------------


def test_a_program_renamed_pdf_is_refused_with_a_message_naming_it():
    error = refusal(upload("communique.pdf", EXE, "application/pdf"))
    assert error.code == "bad_type"
    assert error.messages == [
        "« communique.pdf » n’est ni un PDF ni une image (JPEG, PNG, WebP ou GIF)\u00a0: il a été refusé."
    ]


@pytest.mark.parametrize(
    "name, content",
    [
        ("page.pdf", b"<html><script>alert(1)</script></html>"),
        ("photo.png", picture("PNG")[:60]),  # a truncated image
        ("dessin.svg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
        ("scan.tiff", picture("TIFF")),
        ("presque.pdf", b" %PDF-1.4 the signature must come first"),
        ("archive.pdf", b"PK\x03\x04" + b"\x00" * 100),
    ],
)
def test_what_is_neither_a_pdf_nor_a_sound_image_is_refused(name, content):
    error = refusal(upload(name, content))
    assert error.code == "bad_type"
    assert error.messages[0].startswith(f"« {name} » n’est ni un PDF ni une image")


def test_an_empty_file_is_refused():
    error = refusal(upload("vide.pdf", b""))
    assert error.code == "empty"
    assert error.messages == ["« vide.pdf » est vide."]


def test_a_file_over_the_given_limit_is_refused_with_the_limit():
    error = refusal(upload("gros.pdf", PDF + b"0" * 200), max_bytes=100)
    assert error.code == "too_large"
    assert error.messages == ["« gros.pdf » est trop lourd\u00a0: 100\u00a0octets au plus par fichier."]
    assert check_attachment(upload("juste.pdf", PDF), max_bytes=len(PDF)).kind == "pdf"


def test_a_file_whose_size_is_not_declared_is_still_measured():
    uploaded = upload("gros.pdf", PDF + b"0" * 200)
    uploaded.size = None
    assert refusal(uploaded, max_bytes=100).code == "too_large"


def test_without_a_given_limit_the_images_limit_applies(settings):
    settings.IMAGE_UPLOAD_LIMITS = {**settings.IMAGE_UPLOAD_LIMITS, "MAX_BYTES": 2048}
    error = refusal(upload("gros.pdf", PDF + b"0" * 3000))
    assert error.code == "too_large"
    assert error.messages == ["« gros.pdf » est trop lourd\u00a0: 2\u00a0Ko au plus par fichier."]


def test_an_image_too_large_is_refused_with_its_name():
    error = refusal(upload("panorama.png", picture("PNG", size=(6001, 10), mode="1")))
    assert error.code == "image_too_large"
    assert error.messages == ["« panorama.png » est une image trop grande\u00a0: réduisez-la avant de l’envoyer."]


def test_an_image_heavier_than_the_images_limit_is_refused_as_an_image_too_large(settings):
    """A larger limit for attachments (PDFs) does not let a picture past the images' own weight limit, and
    the sender is told to reduce it (not that it is no image)."""
    settings.IMAGE_UPLOAD_LIMITS = {**settings.IMAGE_UPLOAD_LIMITS, "MAX_BYTES": 50}
    content = picture("PNG")
    assert len(content) > 50
    error = refusal(upload("photo.png", content), max_bytes=100_000)
    assert error.code == "image_too_large"
    assert error.messages[0].startswith("« photo.png » est une image trop grande")


def test_without_images_only_a_pdf_is_accepted():
    error = refusal(upload("photo.png", picture("PNG")), images=False)
    assert error.code == "bad_type"
    assert error.messages == ["« photo.png » n’est pas un PDF\u00a0: il a été refusé."]
    assert refusal(upload("cv.pdf", EXE), images=False).messages == [
        "« cv.pdf » n’est pas un PDF\u00a0: il a été refusé."
    ]
    assert check_attachment(upload("cv.pdf", PDF), images=False).kind == "pdf"


def test_unguessable_names_keep_a_readable_stem_and_the_extension():
    from core.files import unguessable_name

    first, second = unguessable_name("Dossier de presse.PDF"), unguessable_name("Dossier de presse.PDF")
    assert first != second
    assert first.startswith("dossier-de-presse-") and first.endswith(".pdf")

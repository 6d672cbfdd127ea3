"""What strangers send to the agenda, cleaned by the shared cleaners (`core.text`, `core.images`): text
without markup, pictures verified by content and re-encoded, 200 pixels a side at least."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from agenda.submission_forms import MIN_PICTURE_SIDE
from core.images import image_limits
from core.images import reencode_image as shared_reencode_image
from core.text import plain_text, single_line, text_to_rich_text

from .submit_support import picture_bytes

MAX_IMAGE_SIDE = image_limits()["MAX_SIDE"]


def reencode_image(upload):
    """What the agenda's picture fields do."""
    return shared_reencode_image(upload, min_side=MIN_PICTURE_SIDE)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Forum <b>solidaire</b>", "Forum solidaire"),
        ("<script>alert(1)</script>Forum", "Forum"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;Forum", "Forum"),
        ("&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;Forum", "Forum"),
        ("<style>body{}</style><iframe src=x></iframe>Salle", "Salle"),
        ("Coût < 10 € et > 5 €", "Coût ‹ 10 € et › 5 €"),
        ("Tom &amp; Jerry", "Tom & Jerry"),
        ("  trop   d’espaces\u00a0 ici ", "trop d’espaces ici"),
        ("nul\x00 et\x07 contrôle", "nul et contrôle"),
        ("<img src=x onerror=alert(1)>", ""),
    ],
)
def test_clean_text(raw, expected):
    assert single_line(raw) == expected


def test_clean_text_keeps_paragraphs_when_multiline():
    assert plain_text("Un\r\n\r\n\r\n\r\nDeux\nTrois") == "Un\n\nDeux\nTrois"


@pytest.mark.django_db
def test_rich_text_is_escaped_paragraphs():
    html = text_to_rich_text("Un <b>gras</b> & sûr\n\nDeux\nlignes <a href='javascript:alert(1)'>x</a>")
    assert html == "<p>Un gras &amp; sûr</p><p>Deux<br/>lignes x</p>"


def upload(content, name="photo.jpg"):
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def test_a_png_named_jpg_is_judged_by_its_content():
    clean = reencode_image(upload(picture_bytes(600, 400, "PNG"), "photo.jpg"))
    # The shared re-encoder keeps a lossless picture lossless: a PNG stays a PNG, whatever its name.
    assert clean.filename.endswith(".png")
    assert Image.open(io.BytesIO(clean.content)).format == "PNG"


def test_metadata_is_dropped_and_large_pictures_scaled_down():
    buffer = io.BytesIO()
    picture = Image.new("RGB", (3000, 1500), (10, 20, 30))
    exif = picture.getexif()
    exif[0x010E] = "<script>alert(1)</script>"  # ImageDescription
    exif[0x013B] = "Jeanne Photographe"  # Artist
    exif[0x0112] = 6  # Orientation: rotate 90° to show upright
    picture.save(buffer, format="JPEG", exif=exif)
    clean = reencode_image(upload(buffer.getvalue()))
    reopened = Image.open(io.BytesIO(clean.content))
    assert reopened.size == (1200, 2400)  # turned upright, then scaled down
    assert not reopened.getexif()
    assert b"script" not in clean.content


def test_transparency_is_kept_as_png():
    clean = reencode_image(upload(picture_bytes(400, 400, "PNG", "RGBA"), "logo.png"))
    assert clean.filename.endswith(".png")


@pytest.mark.parametrize(
    "content, code",
    [
        (b"GIF89a<script>alert(1)</script>", "not_an_image"),
        (b"%PDF-1.7\n", "not_an_image"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 100, "not_an_image"),  # a truncated JPEG
        (picture_bytes(150, 150), "image_too_small"),
        (picture_bytes(MAX_IMAGE_SIDE + 1, 250, "PNG", "L"), "image_too_large"),
    ],
)
def test_bad_pictures_are_refused(content, code):
    with pytest.raises(ValidationError) as error:
        reencode_image(upload(content))
    assert error.value.code == code


def test_a_decompression_bomb_is_refused_before_decoding():
    buffer = io.BytesIO()
    Image.new("1", (5900, 5900)).save(buffer, format="PNG")  # 35 Mpx, a few kB
    with pytest.raises(ValidationError) as error:
        reencode_image(upload(buffer.getvalue(), "bomb.png"))
    assert error.value.code == "image_too_large"

"""The one re-encoder of uploaded pictures (`core.images.reencode_image`): judged by content against
`settings.IMAGE_UPLOAD_LIMITS`, refused with a French message and a code, or written anew without metadata."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms, ImageFile, PngImagePlugin

from core.images import DEFAULT_LIMITS, CleanImage, image_limits, reencode_image, safe_basename

SECRET = "GPS 45.7640 N 4.8357 E, appareil de Camille"
RED, BLUE = (220, 20, 20), (20, 20, 220)


def picture(fmt="JPEG", size=(40, 20), mode="RGB", color=RED, **options) -> bytes:
    output = io.BytesIO()
    Image.new(mode, size, color).save(output, format=fmt, **options)
    return output.getvalue()


def two_colours_with_orientation(orientation: int) -> bytes:
    """A 40×20 JPEG, red on the left half, blue on the right, with an EXIF orientation and a maker note."""
    image = Image.new("RGB", (40, 20), BLUE)
    image.paste(RED, (0, 0, 20, 20))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = SECRET  # Make
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif.tobytes(), quality=95)
    return output.getvalue()


def opened(clean: CleanImage) -> Image.Image:
    image = Image.open(io.BytesIO(clean.content))
    image.load()
    return image


def refusal(content, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        reencode_image(content, **kwargs)
    return error.value


# --- Formats -------------------------------------------------------------------------------------


def test_a_jpeg_stays_a_jpeg():
    clean = reencode_image(picture("JPEG"), basename="affiche")
    assert (clean.filename, clean.width, clean.height) == ("affiche.jpg", 40, 20)
    image = opened(clean)
    assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (40, 20))


def test_a_cmyk_jpeg_becomes_an_rgb_jpeg():
    image = opened(reencode_image(picture("JPEG", mode="CMYK", color=(0, 200, 200, 0))))
    assert (image.format, image.mode) == ("JPEG", "RGB")


@pytest.mark.parametrize(
    "content",
    [
        picture("PNG"),
        picture("WEBP", lossless=True),
        picture("GIF", mode="P", color=3),
        picture("PNG", mode="L", color=128),
        picture("PNG", mode="1", color=1),
    ],
    ids=["png", "webp", "gif", "greyscale png", "1-bit png"],
)
def test_lossless_formats_become_an_opaque_png(content):
    clean = reencode_image(content, basename="logo")
    assert clean.filename == "logo.png"
    image = opened(clean)
    assert (image.format, image.mode, image.size) == ("PNG", "RGB", (40, 20))


def test_transparency_is_kept_in_the_png():
    for content in (
        picture("PNG", mode="RGBA", color=(10, 110, 80, 0)),
        picture("WEBP", mode="RGBA", color=(10, 110, 80, 60), lossless=True),
        picture("GIF", mode="P", color=0, transparency=0),
        picture("PNG", mode="LA", color=(100, 0)),
    ):
        image = opened(reencode_image(content))
        assert (image.format, image.mode) == ("PNG", "RGBA")
        assert image.getpixel((0, 0))[3] < 255


def test_colours_survive():
    red = opened(reencode_image(picture("PNG", color=RED))).getpixel((5, 5))
    assert red == RED
    r, g, b = opened(reencode_image(picture("JPEG", color=RED))).getpixel((5, 5))
    assert r > 180 and g < 60 and b < 60


def test_the_content_decides_not_the_name():
    upload = SimpleUploadedFile("photo.jpg", picture("PNG"), content_type="image/jpeg")
    assert reencode_image(upload, basename="photo").filename == "photo.png"


def test_files_and_bytes_are_both_accepted_and_a_file_is_read_from_its_start():
    upload = SimpleUploadedFile("affiche.jpg", picture("JPEG"), content_type="image/jpeg")
    upload.read(10)  # a form field already looked at it
    assert reencode_image(upload).width == 40
    assert reencode_image(picture("JPEG")).width == 40


@pytest.mark.parametrize(
    "basename, filename",
    [
        ("Affiche du forum", "affiche-du-forum.jpg"),
        ("../../etc/passwd", "etc-passwd.jpg"),
        ("", "image.jpg"),
        ("!!!", "image.jpg"),
        ("x" * 100, "x" * 60 + ".jpg"),
    ],
)
def test_the_file_name_is_safe(basename, filename):
    assert reencode_image(picture("JPEG"), basename=basename).filename == filename


def test_safe_basename_default():
    assert safe_basename(None) == "image"
    assert safe_basename("", default="photo") == "photo"


# --- What is dropped -----------------------------------------------------------------------------


@pytest.mark.parametrize("orientation, size", [(1, (40, 20)), (3, (40, 20)), (6, (20, 40)), (8, (20, 40))])
def test_the_exif_orientation_is_applied_then_dropped(orientation, size):
    image = opened(reencode_image(two_colours_with_orientation(orientation)))
    assert image.size == size
    assert not image.getexif()
    assert 0x0112 not in image.getexif()


def test_a_photo_taken_sideways_is_stood_up():
    """Orientation 6: the camera was turned clockwise; the left half of the stored pixels is the top."""
    image = opened(reencode_image(two_colours_with_orientation(6)))
    top, bottom = image.getpixel((10, 5)), image.getpixel((10, 35))
    assert top[0] > 150 and top[2] < 100  # red
    assert bottom[2] > 150 and bottom[0] < 100  # blue


def exif_with_secret() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = SECRET
    exif[0x0131] = SECRET  # Software
    return exif.tobytes()


def png_text_chunks() -> PngImagePlugin.PngInfo:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", SECRET)
    info.add_itxt("XML:com.adobe.xmp", SECRET)
    return info


SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


@pytest.mark.parametrize(
    "content",
    [
        picture("JPEG", exif=exif_with_secret()),
        picture("JPEG", comment=SECRET.encode()),
        picture("JPEG", xmp=SECRET.encode()),
        picture("JPEG", icc_profile=SRGB),
        picture("PNG", pnginfo=png_text_chunks()),
        picture("PNG", exif=exif_with_secret()),
        picture("PNG", icc_profile=SRGB),
        picture("WEBP", exif=exif_with_secret(), xmp=SECRET.encode(), icc_profile=SRGB),
        picture("GIF", mode="P", color=1, comment=SECRET.encode()),
    ],
    ids=[
        "jpeg exif",
        "jpeg comment",
        "jpeg xmp",
        "jpeg icc",
        "png text",
        "png exif",
        "png icc",
        "webp exif xmp icc",
        "gif comment",
    ],
)
def test_metadata_is_dropped(content):
    clean = reencode_image(content)
    assert SECRET.encode() not in clean.content
    image = opened(clean)
    assert not image.getexif()
    assert not {"exif", "comment", "xmp", "icc_profile", "Author", "XML:com.adobe.xmp"} & set(image.info)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "GIF", "WEBP"])
def test_what_hides_after_the_image_data_is_dropped(fmt):
    options = {"mode": "P", "color": 1} if fmt == "GIF" else {}
    hidden = b"<?php system($_GET['c']); ?><script>alert(1)</script>PK\x03\x04"
    clean = reencode_image(picture(fmt, **options) + hidden)
    assert b"<?php" not in clean.content and b"<script>" not in clean.content and b"PK\x03\x04" not in clean.content


# --- Size ----------------------------------------------------------------------------------------


def test_large_pictures_are_scaled_down_to_the_stored_size():
    clean = reencode_image(picture("PNG", size=(3000, 1000)))
    assert (clean.width, clean.height) == (2400, 800) == opened(clean).size


def test_tall_pictures_are_scaled_by_their_height():
    clean = reencode_image(picture("JPEG", size=(500, 4800)))
    assert (clean.width, clean.height) == (250, 2400)


def test_small_pictures_are_never_enlarged():
    clean = reencode_image(picture("JPEG", size=(300, 200)))
    assert (clean.width, clean.height) == (300, 200)


# --- Refusals ------------------------------------------------------------------------------------


def test_too_many_bytes_is_refused_before_reading(settings):
    settings.IMAGE_UPLOAD_LIMITS = {**settings.IMAGE_UPLOAD_LIMITS, "MAX_BYTES": 1000}
    content = picture("PNG", size=(300, 300), mode="RGB", color=RED) + b"\x00" * 1000
    error = refusal(content)
    assert error.code == "image_too_big"
    assert error.messages == ["L’image pèse plus de 1000\u00a0octets : réduisez-la avant de l’envoyer."]
    assert refusal(SimpleUploadedFile("grosse.png", content)).code == "image_too_big"


def test_a_file_whose_size_is_unknown_is_read_only_up_to_the_limit(settings):
    settings.IMAGE_UPLOAD_LIMITS = {**settings.IMAGE_UPLOAD_LIMITS, "MAX_BYTES": 1000}
    upload = io.BytesIO(picture("PNG") + b"\x00" * 5000)  # no `size` attribute
    assert refusal(upload).code == "image_too_big"
    assert upload.tell() == 1001


def test_the_default_weight_limit_is_five_megabytes():
    assert image_limits()["MAX_BYTES"] == 5 * 1024 * 1024
    error = refusal(b"\xff\xd8" + b"\x00" * (5 * 1024 * 1024))
    assert error.code == "image_too_big"
    assert "5\u00a0Mo" in error.messages[0]


NOT_AN_IMAGE = "Ce fichier n’est pas une image lisible : envoyez une image au format JPEG, PNG ou WebP."


@pytest.mark.parametrize(
    "content",
    [
        b"<html><body><script>alert(1)</script></body></html>",
        b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200,
        b"",
        picture("JPEG", size=(400, 400))[:400],
        picture("PNG", size=(400, 400))[:100],
        picture("GIF", size=(400, 400), mode="P", color=1)[:60],
        picture("TIFF"),
        picture("BMP"),
        picture("ICO", size=(32, 32)),
    ],
    ids=[
        "html",
        "svg",
        "pdf",
        "exe",
        "empty",
        "truncated jpeg",
        "truncated png",
        "truncated gif",
        "tiff",
        "bmp",
        "ico",
    ],
)
def test_what_is_not_a_sound_picture_in_an_accepted_format_is_refused(content):
    error = refusal(SimpleUploadedFile("photo.jpg", content, content_type="image/jpeg"))
    assert error.code == "not_an_image"
    assert error.messages == [NOT_AN_IMAGE]


def test_a_truncated_jpeg_is_refused_even_if_its_header_is_whole():
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False  # nothing in the project loads half pictures
    content = picture("JPEG", size=(800, 600), quality=95)
    assert refusal(content[: len(content) // 2]).code == "not_an_image"


def test_a_side_over_the_limit_is_refused():
    error = refusal(picture("PNG", size=(6001, 10), mode="1", color=0))
    assert error.code == "image_too_large"
    assert error.params == {"width": 6001, "height": 10, "max": 6000, "pixels": 30}
    assert error.messages == [
        "L’image est trop grande (6001 × 10 pixels) : 6000 pixels de côté et 30 millions de pixels au plus."
    ]
    assert reencode_image(picture("PNG", size=(6000, 10), mode="1", color=0)).width == 2400


def test_a_decompression_bomb_is_refused_before_decoding(monkeypatch):
    """5900 × 5900 pixels (each side within the limit, 34.8 million pixels over it) in a few kilobytes."""
    bomb = picture("PNG", size=(5900, 5900), mode="1", color=0)
    assert len(bomb) < 20_000

    def no_decoding(self):
        raise AssertionError("the pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    error = refusal(SimpleUploadedFile("bombe.png", bomb))
    assert error.code == "image_too_large"
    assert (error.params["width"], error.params["height"]) == (5900, 5900)


def test_min_side_refuses_small_pictures():
    error = refusal(picture("JPEG", size=(400, 199)), min_side=200)
    assert error.code == "image_too_small"
    assert error.messages == ["L’image est trop petite : 200 pixels de côté au moins."]
    assert reencode_image(picture("JPEG", size=(400, 200)), min_side=200).height == 200
    assert reencode_image(picture("JPEG", size=(1, 1))).width == 1  # no minimum by default


# --- Limits from the settings --------------------------------------------------------------------


def test_the_limits_come_from_the_settings_over_the_defaults(settings):
    settings.IMAGE_UPLOAD_LIMITS = {"MAX_SIDE": 100}
    assert image_limits() == {**DEFAULT_LIMITS, "MAX_SIDE": 100}
    del settings.IMAGE_UPLOAD_LIMITS
    assert image_limits() == DEFAULT_LIMITS


def test_the_side_limit_is_read_from_the_settings(settings):
    settings.IMAGE_UPLOAD_LIMITS = {**settings.IMAGE_UPLOAD_LIMITS, "MAX_SIDE": 100}
    error = refusal(picture("JPEG", size=(101, 50)))
    assert error.code == "image_too_large" and error.params["max"] == 100
    assert reencode_image(picture("JPEG", size=(100, 50))).width == 100


def test_the_pixel_limit_is_read_from_the_settings(settings):
    settings.IMAGE_UPLOAD_LIMITS = {**settings.IMAGE_UPLOAD_LIMITS, "MAX_PIXELS": 400}
    assert refusal(picture("PNG", size=(21, 20))).code == "image_too_large"
    assert reencode_image(picture("PNG", size=(20, 20))).width == 20


def test_the_stored_size_is_read_from_the_settings(settings):
    settings.IMAGE_UPLOAD_LIMITS = {**settings.IMAGE_UPLOAD_LIMITS, "STORED_MAX_SIDE": 100}
    clean = reencode_image(picture("JPEG", size=(400, 200)))
    assert (clean.width, clean.height) == (100, 50) == opened(clean).size

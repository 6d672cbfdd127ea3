"""Cleaning what strangers send: text without markup, rich text through Wagtail's whitelister,
images verified and re-encoded with Pillow. Shared by the public submission form and the .ics import."""

import io
import re
import unicodedata
from dataclasses import dataclass
from html import unescape

from django.core.exceptions import ValidationError
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import UnidentifiedImageError

# Elements whose content is never text a reader should see.
_HIDDEN_ELEMENTS = re.compile(r"<(script|style|iframe|object|embed|template|noscript)\b.*?(</\1\s*>|$)", re.I | re.S)
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_URL_SCHEMES = re.compile(r"^\s*(javascript|data|vbscript)\s*:", re.I)


def clean_text(value: str | None, *, multiline: bool = False, max_length: int | None = None) -> str:
    """Plain text: markup removed (scripts with their content), entities decoded, control characters
    dropped, spaces collapsed. What is left is stored as text and escaped by templates on output."""
    if not value:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for _round in range(3):  # markup hidden in entities ("&lt;script&gt;") is decoded, then removed too
        stripped = strip_tags(_HIDDEN_ELEMENTS.sub("", text))
        decoded = unescape(stripped)
        if decoded == text:
            break
        text = decoded
    text = strip_tags(_HIDDEN_ELEMENTS.sub("", text)).replace("<", "‹").replace(">", "›")
    text = _CONTROL_CHARACTERS.sub("", text)
    if multiline:
        lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
        text = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    else:
        text = _SPACES.sub(" ", text.replace("\n", " ")).strip()
    if max_length is not None:
        text = text[:max_length].rstrip()
    return text


def text_to_rich_text(value: str | None) -> str:
    """Plain text (already cleaned) as Wagtail rich text: one paragraph per blank-line-separated block,
    line breaks kept; every character escaped, then passed through Wagtail's whitelister anyway."""
    from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

    text = clean_text(value, multiline=True)
    if not text:
        return ""
    paragraphs = [block for block in text.split("\n\n") if block.strip()]
    html = "".join("<p>" + "<br/>".join(escape(line) for line in block.split("\n")) + "</p>" for block in paragraphs)
    return EditorHTMLConverter(features=["bold", "italic", "link"]).whitelister.clean(html)


def is_safe_url(value: str | None) -> bool:
    return not (value and _URL_SCHEMES.match(value))


# --- Images ------------------------------------------------------------------

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_SIDE = 6000  # pixels, before re-encoding
MAX_IMAGE_PIXELS = 30_000_000  # decompression bombs are refused before decoding
MIN_IMAGE_SIDE = 200
STORED_MAX_SIDE = 2400  # what is kept: larger pictures are scaled down
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "jpg"}


@dataclass
class CleanImage:
    """An uploaded picture decoded, stripped of metadata and re-encoded."""

    content: bytes
    filename: str
    width: int
    height: int


def reencode_image(upload, *, basename: str = "image") -> CleanImage:
    """Check an uploaded file is a real picture (by content, not name) and re-encode it.

    Refuses: anything above MAX_IMAGE_BYTES, what Pillow cannot decode, formats other than JPEG, PNG,
    WebP or GIF (a "photo.jpg" holding HTML or a PDF is refused), oversized or tiny dimensions. The
    result is a new JPEG (or PNG when the picture has transparency) without EXIF, GPS or comments,
    at most STORED_MAX_SIDE pixels wide or tall.
    """
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_IMAGE_BYTES:
        raise ValidationError(
            _("L’image pèse plus de %(max)s Mo : réduisez-la avant de l’envoyer."),
            code="image_too_big",
            params={"max": MAX_IMAGE_BYTES // (1024 * 1024)},
        )
    upload.seek(0)
    data = upload.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise ValidationError(
            _("L’image pèse plus de %(max)s Mo : réduisez-la avant de l’envoyer."),
            code="image_too_big",
            params={"max": MAX_IMAGE_BYTES // (1024 * 1024)},
        )
    not_an_image = ValidationError(
        _("Ce fichier n’est pas une image lisible : envoyez une photo au format JPEG, PNG ou WebP."),
        code="not_an_image",
    )
    try:
        with PILImage.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            width, height = probe.size
            if image_format not in ACCEPTED_FORMATS:
                raise not_an_image
            if width > MAX_IMAGE_SIDE or height > MAX_IMAGE_SIDE or width * height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("L’image est trop grande (%(width)s × %(height)s pixels) : %(max)s pixels de côté au plus."),
                    code="image_too_large",
                    params={"width": width, "height": height, "max": MAX_IMAGE_SIDE},
                )
            if width < MIN_IMAGE_SIDE or height < MIN_IMAGE_SIDE:
                raise ValidationError(
                    _("L’image est trop petite : %(min)s pixels de côté au moins."),
                    code="image_too_small",
                    params={"min": MIN_IMAGE_SIDE},
                )
            probe.verify()  # structure check; the image must be reopened afterwards
        with PILImage.open(io.BytesIO(data)) as picture:
            picture.load()
            picture = _upright(picture)
            has_alpha = picture.mode in ("RGBA", "LA") or (picture.mode == "P" and "transparency" in picture.info)
            picture = picture.convert("RGBA" if has_alpha else "RGB")
            picture.thumbnail((STORED_MAX_SIDE, STORED_MAX_SIDE))
            output = io.BytesIO()
            if has_alpha:
                picture.save(output, format="PNG", optimize=True)
                extension = "png"
            else:
                picture.save(output, format="JPEG", quality=85, optimize=True, progressive=True)
                extension = "jpg"
            final_width, final_height = picture.size
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, PILImage.DecompressionBombError):
        raise not_an_image from None
    safe_base = re.sub(r"[^a-z0-9-]+", "-", basename.lower()).strip("-")[:60] or "image"
    return CleanImage(output.getvalue(), f"{safe_base}.{extension}", final_width, final_height)


def _upright(picture):
    """Apply the EXIF orientation before the metadata is dropped."""
    from PIL import ImageOps

    try:
        return ImageOps.exif_transpose(picture)
    except Exception:  # a broken EXIF block: keep the picture as stored
        return picture

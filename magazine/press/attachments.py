"""Attachments of a press release, checked by their content, never by their name or declared type.

A PDF must start with the `%PDF-` signature; an image must be one Pillow can open and verify, and it is
re-encoded (which drops metadata and anything hidden after the image data). Anything else, an `.exe`
renamed `.pdf` included, is refused.
"""

import io
import os
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename, slugify
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

PDF_SIGNATURE = b"%PDF-"
# Formats accepted as images, and the format each is re-encoded to.
IMAGE_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "PNG", "GIF": "PNG"}
IMAGE_EXTENSIONS = {"JPEG": "jpg", "PNG": "png"}
MAX_IMAGE_PIXELS = 40_000_000


class AttachmentKind:
    PDF = "pdf"
    IMAGE = "image"


@dataclass
class CheckedAttachment:
    """A file that passed the checks: its kind, a safe file name and the bytes to store."""

    kind: str
    name: str
    title: str
    content: bytes


def max_attachment_bytes() -> int:
    return getattr(settings, "PRESS_RELEASE_MAX_ATTACHMENT_BYTES", 5 * 1024 * 1024)


def max_attachments() -> int:
    return getattr(settings, "PRESS_RELEASE_MAX_ATTACHMENTS", 3)


def _title_and_stem(original_name: str) -> tuple[str, str]:
    base = os.path.basename(original_name or "")
    stem = os.path.splitext(base)[0].strip() or "piece-jointe"
    safe_stem = slugify(stem)[:80] or "piece-jointe"
    return stem[:200], get_valid_filename(safe_stem)


def check_attachment(uploaded) -> CheckedAttachment:
    """Check one uploaded file; raise ValidationError with a French message naming the file."""
    name = os.path.basename(uploaded.name or "")
    limit = max_attachment_bytes()
    if uploaded.size is not None and uploaded.size > limit:
        raise ValidationError(
            _("« %(name)s » est trop lourd (%(size)s)\u00a0: %(limit)s au plus par fichier."),
            code="too_large",
            params={"name": name, "size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
        )
    uploaded.seek(0)
    content = uploaded.read(limit + 1)
    if len(content) > limit:
        raise ValidationError(
            _("« %(name)s » est trop lourd\u00a0: %(limit)s au plus par fichier."),
            code="too_large",
            params={"name": name, "limit": filesizeformat(limit)},
        )
    if not content:
        raise ValidationError(_("« %(name)s » est vide."), code="empty", params={"name": name})
    title, stem = _title_and_stem(name)
    if content.startswith(PDF_SIGNATURE):
        return CheckedAttachment(kind=AttachmentKind.PDF, name=f"{stem}.pdf", title=title, content=content)
    image = _reencoded_image(content)
    if image is None:
        raise ValidationError(
            _("« %(name)s » n’est ni un PDF ni une image (JPEG, PNG, WebP ou GIF)\u00a0: il a été refusé."),
            code="bad_type",
            params={"name": name},
        )
    data, image_format = image
    return CheckedAttachment(
        kind=AttachmentKind.IMAGE, name=f"{stem}.{IMAGE_EXTENSIONS[image_format]}", title=title, content=data
    )


def _reencoded_image(content: bytes) -> tuple[bytes, str] | None:
    """The image re-encoded by Pillow, or None when the bytes are not an accepted, sound image."""
    try:
        with Image.open(io.BytesIO(content)) as probe:
            source_format = probe.format
            if source_format not in IMAGE_FORMATS:
                return None
            if probe.width * probe.height > MAX_IMAGE_PIXELS:
                return None
            probe.verify()
        with Image.open(io.BytesIO(content)) as image:
            image.load()
            target_format = IMAGE_FORMATS[source_format]
            if target_format == "JPEG":
                image = image.convert("RGB")
            elif image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
                image = image.convert("RGBA")
            output = io.BytesIO()
            image.save(output, format=target_format, optimize=True)
            return output.getvalue(), target_format
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None

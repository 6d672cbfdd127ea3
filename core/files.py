"""Attachments people send (press releases, CVs, proposals): a PDF or a picture, judged by its content,
never by its name or declared type. A PDF must start with the `%PDF-` signature; a picture goes through
the one re-encoder (`core.images.reencode_image`). Anything else, an `.exe` renamed `.pdf` included, is
refused with a French message that names the file."""

import io
import os
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.utils.text import get_valid_filename, slugify
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.models import Collection

from .images import image_limits, read_upload, reencode_image, size_label

PDF_SIGNATURE = b"%PDF-"


class AttachmentKind:
    PDF = "pdf"
    IMAGE = "image"


@dataclass(frozen=True)
class CheckedAttachment:
    """A file that passed the checks: its kind, a safe file name, a title from its name, the bytes to store."""

    kind: str
    name: str
    title: str
    content: bytes


def unguessable_name(filename: str) -> str:
    """`filename` with a random part: files of content still in moderation live under the media URL too
    (a web server serves that folder directly), so their names must not be guessable from a title."""
    stem, extension = os.path.splitext(os.path.basename(filename or ""))
    return f"{slugify(stem)[:60] or 'fichier'}-{secrets.token_hex(8)}{extension.lower()}"


def _title_and_stem(original_name: str) -> tuple[str, str]:
    base = os.path.basename(original_name or "")
    stem = os.path.splitext(base)[0].strip() or "piece-jointe"
    safe_stem = slugify(stem)[:80] or "piece-jointe"
    return stem[:200], get_valid_filename(safe_stem)


def check_attachment(uploaded, *, max_bytes: int | None = None, images: bool = True) -> CheckedAttachment:
    """Check one uploaded file (a PDF, or a picture when `images`); raise ValidationError naming it."""
    name = os.path.basename(getattr(uploaded, "name", "") or "")
    limit = max_bytes or image_limits()["MAX_BYTES"]
    too_big = ValidationError(
        _("« %(name)s » est trop lourd\u00a0: %(limit)s au plus par fichier."),
        code="too_large",
        params={"name": name, "limit": size_label(limit)},
    )
    content = read_upload(uploaded, limit, too_big)
    if not content:
        raise ValidationError(_("« %(name)s » est vide."), code="empty", params={"name": name})
    title, stem = _title_and_stem(name)
    if content.startswith(PDF_SIGNATURE):
        return CheckedAttachment(kind=AttachmentKind.PDF, name=f"{stem}.pdf", title=title, content=content)
    if images:
        try:
            image = reencode_image(content, basename=stem)
        except ValidationError as error:
            if error.code in ("image_too_large", "image_too_big"):  # an image, over the images' limits
                raise ValidationError(
                    _("« %(name)s » est une image trop grande\u00a0: réduisez-la avant de l’envoyer."),
                    code="image_too_large",
                    params={"name": name},
                ) from None
            image = None
        if image is not None:
            extension = image.filename.rsplit(".", 1)[-1]
            return CheckedAttachment(
                kind=AttachmentKind.IMAGE, name=f"{stem}.{extension}", title=title, content=image.content
            )
        message = _("« %(name)s » n’est ni un PDF ni une image (JPEG, PNG, WebP ou GIF)\u00a0: il a été refusé.")
    else:
        message = _("« %(name)s » n’est pas un PDF\u00a0: il a été refusé.")
    raise ValidationError(message, code="bad_type", params={"name": name})


def save_picture(image, *, title: str, user=None, collection=None):
    """Store a picture already through `core.images.reencode_image` (a `CleanImage`) as a Wagtail image,
    under an unguessable file name, in `collection` (the root collection by default)."""
    picture = get_image_model()(
        title=(title or "Photo")[:255],
        file=ImageFile(io.BytesIO(image.content), name=unguessable_name(image.filename)),
        collection=collection or Collection.get_first_root_node(),
        uploaded_by_user=user,
    )
    picture.save()
    return picture

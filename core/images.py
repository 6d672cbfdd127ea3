"""Images: the one re-encoder of every picture people upload, and the rendition prefetch of listings.

`reencode_image` judges an upload by its content (never its name or declared type) against one set of
limits (`settings.IMAGE_UPLOAD_LIMITS`: bytes, pixels, side, formats), refuses decompression bombs before
decoding, and writes a new file: EXIF orientation applied, metadata and anything hidden after the image
data dropped, scaled down to the stored size. A JPEG stays a JPEG; the lossless formats (PNG, WebP, GIF)
become PNG, so that a chart or a logo keeps its sharp edges.
"""

import io
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError
from wagtail.images import get_image_model
from wagtail.images.models import Filter, SourceImageIOError

logger = logging.getLogger(__name__)

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
DEFAULT_LIMITS = {
    "MAX_BYTES": 5 * 1024 * 1024,
    "MAX_SIDE": 6000,  # pixels, before re-encoding
    "MAX_PIXELS": 30_000_000,  # decompression bombs are refused before decoding
    "STORED_MAX_SIDE": 2400,  # what is kept: larger pictures are scaled down
}
_DECODING_ERRORS = (UnidentifiedImageError, OSError, ValueError, SyntaxError, PILImage.DecompressionBombError)


def size_label(size: int) -> str:
    """A size as French readers write it: « 100 octets », « 2 Ko », « 5 Mo », « 1,5 Mo »."""
    for unit, factor in (("Mo", 1024 * 1024), ("Ko", 1024)):
        if size >= factor:
            value = round(size / factor, 1)
            text = f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
            return f"{text}\u00a0{unit}"
    return f"{size}\u00a0octets"


def image_limits() -> dict:
    return {**DEFAULT_LIMITS, **getattr(settings, "IMAGE_UPLOAD_LIMITS", {})}


@dataclass(frozen=True)
class CleanImage:
    """An uploaded picture decoded, stripped of metadata and re-encoded."""

    content: bytes
    filename: str
    width: int
    height: int


def read_upload(upload, max_bytes: int, too_big: ValidationError) -> bytes:
    """The bytes of an uploaded file (or bytes), refused past `max_bytes` without reading more."""
    if isinstance(upload, bytes):
        data = upload
    else:
        size = getattr(upload, "size", None)
        if size is not None and size > max_bytes:
            raise too_big
        upload.seek(0)
        data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_big
    return data


def safe_basename(name: str, default: str = "image") -> str:
    return re.sub(r"[^a-z0-9-]+", "-", (name or "").lower()).strip("-")[:60] or default


def reencode_image(upload, *, basename: str = "image", min_side: int = 0) -> CleanImage:
    """Check that an upload (a file or bytes) is a real picture within the limits, and re-encode it.

    Refuses (ValidationError, French message, codes `image_too_big`, `not_an_image`, `image_too_large`,
    `image_too_small`): more bytes than allowed, what Pillow cannot decode, formats other than JPEG, PNG,
    WebP or GIF (a "photo.jpg" holding HTML or a PDF), too many pixels or too long a side, and a side
    under `min_side` (photos shown large ask for one).
    """
    limits = image_limits()
    too_big = ValidationError(
        _("L’image pèse plus de %(max)s : réduisez-la avant de l’envoyer."),
        code="image_too_big",
        params={"max": size_label(limits["MAX_BYTES"])},
    )
    data = read_upload(upload, limits["MAX_BYTES"], too_big)
    not_an_image = ValidationError(
        _("Ce fichier n’est pas une image lisible : envoyez une image au format JPEG, PNG ou WebP."),
        code="not_an_image",
    )
    try:
        with PILImage.open(io.BytesIO(data)) as probe:
            source_format, (width, height) = probe.format, probe.size
            if source_format not in ACCEPTED_FORMATS:
                raise not_an_image
            if max(width, height) > limits["MAX_SIDE"] or width * height > limits["MAX_PIXELS"]:
                raise ValidationError(
                    _(
                        "L’image est trop grande (%(width)s × %(height)s pixels) : %(max)s pixels de côté et "
                        "%(pixels)s millions de pixels au plus."
                    ),
                    code="image_too_large",
                    params={
                        "width": width,
                        "height": height,
                        "max": limits["MAX_SIDE"],
                        "pixels": limits["MAX_PIXELS"] // 1_000_000,
                    },
                )
            if min(width, height) < min_side:
                raise ValidationError(
                    _("L’image est trop petite : %(min)s pixels de côté au moins."),
                    code="image_too_small",
                    params={"min": min_side},
                )
            probe.verify()  # structure check; the image must be reopened afterwards
        with PILImage.open(io.BytesIO(data)) as picture:
            picture.load()
            picture = _upright(picture)
            has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
            if source_format == "JPEG":
                picture, target, extension, options = picture.convert("RGB"), "JPEG", "jpg", {"quality": 85}
            else:
                picture = picture.convert("RGBA" if has_alpha else "RGB")
                target, extension, options = "PNG", "png", {}
            picture.info = {}  # Pillow would write the source's JPEG comment and ICC profile again
            picture.thumbnail((limits["STORED_MAX_SIDE"], limits["STORED_MAX_SIDE"]))
            output = io.BytesIO()
            picture.save(output, format=target, optimize=True, **options)
            final_width, final_height = picture.size
    except ValidationError:
        raise
    except _DECODING_ERRORS:
        raise not_an_image from None
    return CleanImage(output.getvalue(), f"{safe_basename(basename)}.{extension}", final_width, final_height)


def _upright(picture):
    """Apply the EXIF orientation before the metadata is dropped."""
    try:
        return ImageOps.exif_transpose(picture)
    except Exception:  # a broken EXIF block: keep the picture as stored
        return picture


def rendition_or_none(image, spec: str):
    """The rendition of `image` for `spec`, or None when the image's file is missing or unreadable in
    storage (logged): a page renders without the picture rather than answer 500. Template tags
    (`srcset_image`, `image`) already behave so; code building URLs (JSON-LD, feeds, Open Graph) uses this.

    Unlike Wagtail's `get_rendition`, which writes the rendition back to the cache at every call, this
    reads it from the image's prefetched renditions, then the cache, and writes only what it had to read
    from the database or create; the image keeps it for the next call."""
    if image is None:
        return None
    memo = image.__dict__.setdefault("_renditions_read", {})
    if spec in memo:
        return memo[spec]
    try:
        filter = image.clean_filter_for_svg(Filter(spec=spec))
        rendition = None
        if image._get_prefetched_renditions() is None:
            Rendition = image.get_rendition_model()
            key = Rendition.construct_cache_key(image, filter.get_cache_key(image), filter.spec)
            rendition = Rendition.cache_backend.get(key)
            if rendition is not None:
                rendition.image = image
        if rendition is None:
            # Prefetched (not written back), or read from the database or created (written once).
            rendition = image.get_renditions(filter)[filter.spec]
        memo[spec] = rendition
        return rendition
    except (SourceImageIOError, OSError, ValueError):
        logger.warning(
            "Rendition %s of image %s failed: its file is missing or unreadable", spec, image.pk, exc_info=True
        )
        return None


def prefetch_renditions(images, specs) -> None:
    """Read the renditions of several images for these filter specs in one query and leave them on each
    image, where Wagtail's `get_rendition(s)` looks first (a missing one is generated as usual). Each
    rendition points back to its image, whose alt text and title the templates use."""
    images = [image for image in images if image is not None]
    if not images:
        return
    Rendition = get_image_model().get_rendition_model()
    found: dict[int, list] = {}
    for rendition in Rendition.objects.filter(image_id__in={image.pk for image in images}, filter_spec__in=specs):
        found.setdefault(rendition.image_id, []).append(rendition)
    for image in images:
        image.prefetched_renditions = found.get(image.pk, [])
        for rendition in image.prefetched_renditions:
            rendition.image = image

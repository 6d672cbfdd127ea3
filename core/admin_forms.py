"""Forms of the Wagtail admin that the site adjusts (set through Wagtail's settings)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from .images import image_limits


class BombSafeImageField(WagtailImageField):
    """Wagtail's image field, refusing with a French message a picture with so many pixels that Pillow
    stops reading it (a decompression bomb: a 30,000 × 30,000 PNG of a few kilobytes) instead of
    letting Pillow's DecompressionBombError become a server error."""

    def check_image_pixel_size(self, f):
        try:
            super().check_image_pixel_size(f)
        except PILImage.DecompressionBombError:
            raise ValidationError(
                _("Cette image compte trop de pixels : %(max)s millions au plus."),
                code="file_too_many_pixels",
                params={"max": image_limits()["MAX_PIXELS"] // 1_000_000},
            ) from None


class ImageForm(BaseImageForm):
    """The admin's image upload and edit form (`WAGTAILIMAGES_IMAGE_FORM_BASE`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        file_field = self.fields.get("file")
        if type(file_field) is WagtailImageField:
            file_field.__class__ = BombSafeImageField

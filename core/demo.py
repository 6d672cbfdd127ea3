"""Helpers the demo seeders of every app share: the site's root page and generated illustrations."""

import io
import random

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Page, Site


def site_root() -> Page | None:
    """The default site's root page (the home page `home.demo` creates), where features add their pages."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page.specific if site is not None else None


def demo_image(title: str, seed_value: str, size=(1600, 900)):
    """A generated illustration (soft shapes on a brand colour), stored as a Wagtail image once."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    rng = random.Random(seed_value)
    picture = PILImage.new("RGB", size, (11, 110, 79))
    draw = ImageDraw.Draw(picture)
    for _ in range(14):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        radius = rng.randrange(60, 320)
        colour = rng.choice([(255, 191, 71), (241, 245, 243), (7, 80, 58), (179, 38, 30)])
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=82)
    image = Image(title=title, file=ImageFile(buffer, name=f"{seed_value}.jpg"))
    image.save()
    return image

"""Image helpers shared by the apps' listings."""

from wagtail.images import get_image_model


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

"""Editors uploading pictures in the admin: a decompression bomb is refused with a French message."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.images import get_image_model

pytestmark = pytest.mark.django_db


def png(width, height, mode="1") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new(mode, (width, height)).save(buffer, format="PNG")
    return SimpleUploadedFile("image.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.parametrize("size", [(30000, 30000), (6000, 6000)])
def test_an_image_with_too_many_pixels_is_refused_not_a_server_error(client, moderator, size):
    client.force_login(moderator)
    response = client.post("/admin/images/add/", {"title": "Bombe", "file": png(*size), "collection": 1})
    assert response.status_code == 200
    assert "pixels" in response.content.decode()
    assert not get_image_model().objects.filter(title="Bombe").exists()


def test_an_ordinary_image_is_accepted(client, moderator):
    client.force_login(moderator)
    response = client.post("/admin/images/add/", {"title": "Affiche", "file": png(800, 600, "RGB"), "collection": 1})
    assert response.status_code == 302
    assert get_image_model().objects.filter(title="Affiche").exists()

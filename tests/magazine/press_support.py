"""What the press-release and workflow tests share: a magazine with rubriques, files, form data, emails."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.models import OutgoingEmail
from magazine.models import MagazineIndexPage, RubriquePage

CONTACT_EMAIL = "presse@cooperative.test"
RELEASE_TEXT = (
    "La coopérative Les Tisserands ouvre un atelier de réparation textile à Roubaix, avec douze emplois "
    "en insertion.\n\nL’atelier accueillera le public trois jours par semaine à partir du mois de mars.\n\n"
    "Contact presse : presse@cooperative.test"
)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def press_magazine(home_page, media_root):
    """A magazine index with two rubriques; press releases go to "ess", the second one."""
    index = home_page.add_child(instance=MagazineIndexPage(title="Magazine", slug="magazine"))
    agenda = index.add_child(instance=RubriquePage(title="Agenda", slug="agenda"))
    ess = index.add_child(instance=RubriquePage(title="ESS", slug="ess"))
    return {"index": index, "ess": ess, "agenda": agenda}


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def png_bytes(size=(40, 30), color=(11, 110, 79)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, color).save(output, format="PNG")
    return output.getvalue()


def exe_bytes() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def form_data(**overrides) -> dict:
    data = {
        "contact_name": "Camille Martin",
        "contact_email": CONTACT_EMAIL,
        "organisation_name": "Les Tisserands",
        "title": "Un atelier de réparation textile ouvre à Roubaix",
        "text": RELEASE_TEXT,
        "contact_nickname": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def emails_to(address: str) -> list[OutgoingEmail]:
    return [email for email in OutgoingEmail.objects.order_by("pk") if address in email.to]


def link_in(email: OutgoingEmail, path: str) -> str:
    match = re.search(rf"https?://[^\s/]+({re.escape(path)}[^\s]*)", email.text_body)
    assert match, f"No link to {path} in:\n{email.text_body}"
    return match.group(1)

"""Helpers of the submission, iCalendar and import tests."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from agenda.models import EventCategory
from agenda.recurrence import PARIS


def picture_bytes(width=800, height=600, image_format="JPEG", mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (width, height), (40, 120, 90) if mode == "RGB" else None).save(buffer, format=image_format)
    return buffer.getvalue()


def picture_upload(name="affiche.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, picture_bytes(**kwargs), content_type="image/jpeg")


def next_month_day(days=30) -> dt.date:
    return (timezone.now() + dt.timedelta(days=days)).astimezone(PARIS).date()


def category() -> EventCategory:
    return EventCategory.objects.filter(is_active=True).order_by("order", "label").first()


def event_post(**overrides) -> dict:
    """A valid proposal: an in-person forum in Lyon in a month, 14:00–17:30 Paris time."""
    day = next_month_day()
    data = {
        "email": "contact@cooperative.test",
        "organiser_name": "Coopérative du Lien",
        "title": "Forum de l’emploi solidaire",
        "summary": "Rencontres entre structures de l’ESS et personnes en recherche d’emploi.",
        "description": "Programme :\n\nAteliers le matin.\n\nTables rondes l’après-midi.",
        "category": str(category().pk),
        "start_date": day.isoformat(),
        "start_time": "14:00",
        "end_date": "",
        "end_time": "17:30",
        "attendance_mode": "in_person",
        "venue": "Maison des associations",
        "address": "12 rue des Coopérateurs",
        "commune": "69123",
        "online_url": "",
        "is_free": "on",
        "price": "",
        "registration_url": "https://cooperative.test/inscription",
        "accessibility": "Accès en fauteuil roulant.",
        "image_alt": "",
        "contact_nickname": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}

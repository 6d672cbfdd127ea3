"""Kept for migration `0003_submissions_and_imports`, which names `pending_image_path` by this path
(migrations are never edited): the models are in `agenda.models`."""

from .models.submissions import pending_image_path

__all__ = ["pending_image_path"]

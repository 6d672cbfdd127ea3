"""Private files (proposals' attachments, and CVs next): stored where no web server serves them, handed
out only by a view that has checked who asks (`core.pdf.pdf_response`: private, no-store).

`settings.STORAGES["private"]`: on a single host, `PrivateFileSystemStorage` under `PRIVATE_MEDIA_ROOT`
(by default `private-media/` beside `MEDIA_ROOT`, never below it, and without a URL); with S3-compatible
storage, a bucket prefix of its own, private ACL and signed URLs (never used by the site: views stream).
A model field takes `storage=private_storage` (a callable, so migrations do not freeze the backend).
"""

from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages

from .files import CheckedAttachment, unguessable_name


def private_root() -> Path:
    configured = getattr(settings, "PRIVATE_MEDIA_ROOT", "")
    return Path(configured) if configured else Path(settings.MEDIA_ROOT).parent / "private-media"


class PrivateFileSystemStorage(FileSystemStorage):
    """A file system storage outside MEDIA_ROOT with no base URL: nothing in it has a public address."""

    def __init__(self, **kwargs):
        kwargs.setdefault("location", private_root())
        kwargs["base_url"] = None
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(**kwargs)

    def url(self, name):
        raise ValueError("Private files have no URL: a view checks who asks and streams them.")


def private_storage():
    return storages["private"]


def save_private(field_file, attachment: CheckedAttachment) -> None:
    """Store a checked attachment in a model's private `FileField` under an unguessable name (the model is
    saved by the caller)."""
    field_file.save(unguessable_name(attachment.name), ContentFile(attachment.content), save=False)


def read_private(field_file) -> bytes:
    field_file.open("rb")
    try:
        return field_file.read()
    finally:
        field_file.close()

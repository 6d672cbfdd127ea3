"""Documents people download as PDF (CVs, membership attestations, general-assembly sheets): one way to
build them. A Django template is rendered to HTML, then WeasyPrint lays it out for print.

- Cached by content: the PDF of an HTML document already built is read back from the cache (the key is
  the SHA-256 of the HTML), so a second download of an unchanged CV does not rebuild it. The cache is the
  site's private cache, never a public media URL.
- Nothing leaves the machine: the URL fetcher only serves the site's own static files and `data:` URLs;
  any other address (http, file, ftp…) is refused, so text people type cannot make the server fetch.
- WeasyPrint needs Pango (and its fonts) from the system. When they are missing, `PdfUnavailable` carries
  a French message for the page, and the log names the libraries to install (see README.md).
"""

import hashlib
import logging
import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from PIL import ImageFile

logger = logging.getLogger(__name__)

# WeasyPrint turns Pillow's process-wide LOAD_TRUNCATED_IMAGES on when imported; the site refuses half
# pictures everywhere (core.images), so the setting it found is put back.
_load_truncated_images = ImageFile.LOAD_TRUNCATED_IMAGES
try:  # WeasyPrint loads Pango when imported: a machine without it must still serve every other page.
    import weasyprint
    from weasyprint.urls import URLFetcher, URLFetcherResponse
except OSError as error:  # pragma: no cover - depends on the system libraries
    weasyprint = URLFetcher = URLFetcherResponse = None
    IMPORT_ERROR = error
else:
    IMPORT_ERROR = None
finally:
    ImageFile.LOAD_TRUNCATED_IMAGES = _load_truncated_images

# Relative addresses in PDF templates resolve against this base, which the fetcher below recognises.
BASE_URL = "https://pdf.solidaires.invalid/"
CACHE_PREFIX = "pdf:"
CACHE_SECONDS = 30 * 24 * 3600


class PdfUnavailable(Exception):
    """The PDF could not be built on this machine (system libraries missing)."""

    message = _(
        "Le document PDF ne peut pas être fabriqué pour le moment. Réessayez plus tard\u00a0; "
        "si le problème persiste, écrivez-nous."
    )


def static_file_path(url: str) -> str | None:
    """The file on disk behind a URL of the site's static files, or None."""
    path = unquote(urlsplit(url).path)
    prefix = urlsplit(settings.STATIC_URL).path
    if not path.startswith(prefix):
        return None
    name = path[len(prefix) :]
    if not name or ".." in name.split("/"):
        return None
    found = finders.find(name)
    if found:
        return found
    try:
        candidate = staticfiles_storage.path(name)
    except NotImplementedError:  # pragma: no cover - remote static storage
        return None
    try:
        with open(candidate, "rb"):
            return candidate
    except OSError:
        return None


class SiteFilesFetcher(URLFetcher if URLFetcher is not None else object):
    """WeasyPrint's fetcher, limited to `data:` URLs and the site's static files."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(BASE_URL):
            path = static_file_path("/" + url[len(BASE_URL) :])
            if path:
                with open(path, "rb") as handle:
                    content = handle.read()
                mime_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
                return URLFetcherResponse(url, content, {"Content-Type": mime_type})
        raise ValueError(f"PDF: address refused: {url[:200]}")


def html_to_pdf(html: str) -> bytes:
    """Lay out `html` as a PDF (not cached)."""
    if weasyprint is None:
        logger.error(
            "WeasyPrint cannot load its system libraries (Pango, HarfBuzz, fontconfig): %s. "
            "Install them, e.g. `apt install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu`.",
            IMPORT_ERROR,
        )
        raise PdfUnavailable(str(IMPORT_ERROR))
    try:
        return weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=SiteFilesFetcher()).write_pdf()
    except OSError as error:  # pragma: no cover - a library or font missing at layout time
        logger.exception("WeasyPrint failed to lay out a document")
        raise PdfUnavailable(str(error)) from error


def cache_key(html: str) -> str:
    return CACHE_PREFIX + hashlib.sha256(html.encode()).hexdigest()


def build_pdf(html: str) -> bytes:
    """The PDF of `html`, built once per distinct content and then read from the cache."""
    key = cache_key(html)
    cached = cache.get(key)
    if cached is not None:
        return cached
    pdf = html_to_pdf(html)
    cache.set(key, pdf, CACHE_SECONDS)
    return pdf


def render_pdf(template_name: str, context: dict | None = None, request=None) -> bytes:
    """Render a Django template and return its PDF (cached by the rendered HTML)."""
    return build_pdf(render_to_string(template_name, context or {}, request=request))


def pdf_response(pdf: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    """A private download of `pdf` named `filename` (ASCII-safe), never kept by shared caches."""
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    safe_name = "".join(c for c in filename if (c.isascii() and c.isalnum()) or c in "-_.") or "document.pdf"
    response["Content-Disposition"] = f'{disposition}; filename="{safe_name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response

"""core.pdf: templates laid out by WeasyPrint, cached by content, nothing fetched from outside."""

import io

import pytest
from django.core.cache import cache
from django.template import engines
from pypdf import PdfReader

from core import pdf


def text_of(document: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(document)).pages)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_html_becomes_a_pdf_with_its_text_in_order():
    document = pdf.build_pdf("<h1>Expériences</h1><p>Chargée de mission</p><h2>Formation</h2><p>Master ESS</p>")
    assert document.startswith(b"%PDF-")
    text = text_of(document)
    assert text.index("Expériences") < text.index("Chargée de mission") < text.index("Formation")


def test_the_second_build_of_the_same_content_comes_from_the_cache(monkeypatch):
    calls = []
    real = pdf.html_to_pdf
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: calls.append(html) or real(html))
    first = pdf.build_pdf("<p>Même contenu</p>")
    second = pdf.build_pdf("<p>Même contenu</p>")
    assert first == second
    assert len(calls) == 1
    pdf.build_pdf("<p>Contenu modifié</p>")
    assert len(calls) == 2


def test_outside_addresses_are_never_fetched(monkeypatch):
    fetched = []
    real_fetch = pdf.URLFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return real_fetch(self, url, headers)

    monkeypatch.setattr(pdf.URLFetcher, "fetch", spy)
    html = (
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
        '<img src="file:///etc/passwd" alt=""><img src="https://example.org/pixel.png" alt="">'
        "<p>Texte</p>"
    )
    document = pdf.html_to_pdf(html)
    assert "Texte" in text_of(document)
    assert fetched == []  # refused before the standard fetcher is reached


def test_site_static_files_are_served_from_disk():
    fetcher = pdf.SiteFilesFetcher()
    response = fetcher.fetch(pdf.BASE_URL + "static/css/print.css")
    assert response.content_type == "text/css"
    assert response.read()
    with pytest.raises(ValueError):
        fetcher.fetch(pdf.BASE_URL + "static/../config/settings/base.py")
    with pytest.raises(ValueError):
        fetcher.fetch(pdf.BASE_URL + "media/secret.pdf")


def test_render_pdf_renders_a_template_and_escapes_what_people_typed(monkeypatch):
    template = engines["django"].from_string("<h1>{{ name }}</h1>")
    monkeypatch.setattr(pdf, "render_to_string", lambda name, context, request=None: template.render(context))
    text = text_of(pdf.render_pdf("any.html", {"name": "<b>Zoé</b>"}))
    assert "<b>Zoé</b>" in text  # shown as typed, not interpreted as markup


def test_pdf_response_is_a_private_download_with_a_safe_name():
    response = pdf.pdf_response(b"%PDF-1.7", 'cv "zoé"\r\n.pdf')
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="cvzo.pdf"'
    assert response["Cache-Control"] == "private, no-store"


def test_a_machine_without_pango_gets_a_clear_error(monkeypatch):
    monkeypatch.setattr(pdf, "weasyprint", None)
    monkeypatch.setattr(pdf, "IMPORT_ERROR", OSError("cannot load library 'libpango-1.0-0'"))
    with pytest.raises(pdf.PdfUnavailable):
        pdf.build_pdf("<p>Rien</p>")


def test_loading_weasyprint_does_not_make_the_site_accept_half_pictures():
    # WeasyPrint switches Pillow's process-wide flag on at import; core.pdf puts it back, so the upload
    # checks of core.images keep refusing truncated pictures once a PDF module has been loaded.
    from PIL import ImageFile

    assert pdf.weasyprint is not None
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False

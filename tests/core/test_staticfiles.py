"""Production static files: the site's stylesheet is served minified, named by its hash and compressed."""

import json

import rcssmin
from django.conf import settings
from django.contrib.staticfiles.finders import get_finder
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command

from core.staticfiles import is_project_stylesheet

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "core.staticfiles.MinifiedCompressedManifestStaticFilesStorage"},
}


def test_production_settings_use_the_minifying_storage():
    # Read from the file: the development and test settings replace the storage in the same dict.
    base = (settings.BASE_DIR / "config" / "settings" / "base.py").read_text()
    assert '"staticfiles": {"BACKEND": "core.staticfiles.MinifiedCompressedManifestStaticFilesStorage"}' in base


def test_collectstatic_minifies_hashes_and_compresses_the_stylesheet(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = PRODUCTION_STORAGES
    # The project's own files only: the packages' (Wagtail's admin) would make this test slow.
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    get_finder.cache_clear()
    try:
        call_command("collectstatic", interactive=False, verbosity=0)
    finally:
        get_finder.cache_clear()

    manifest = json.loads((tmp_path / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/solidaires.css"]
    assert hashed != "css/solidaires.css" and hashed.startswith("css/solidaires.")  # far-future cacheable
    source = (settings.BASE_DIR / "static" / "css" / "solidaires.css").read_text()
    served = (tmp_path / hashed).read_text()
    assert served == rcssmin.cssmin(source)
    assert len(served) < 0.9 * len(source)
    assert "/*" not in served and "\n" not in served.strip()
    assert (tmp_path / f"{hashed}.gz").is_file() and (tmp_path / f"{hashed}.br").is_file()
    assert (settings.BASE_DIR / "static" / "css" / "solidaires.css").read_text() == source  # sources untouched


def test_only_the_projects_own_stylesheets_are_minified(tmp_path):
    project = FileSystemStorage(location=settings.STATICFILES_DIRS[0])
    package = FileSystemStorage(location=tmp_path)
    assert is_project_stylesheet(project, "css/solidaires.css")
    assert not is_project_stylesheet(project, "js/click-to-load.js")
    assert not is_project_stylesheet(project, "css/vendor.min.css")
    assert not is_project_stylesheet(package, "css/admin.css")

"""Static files in production: the site's own stylesheets minified, then hashed and compressed.

`collectstatic` copies every file to STATIC_ROOT, then this storage minifies the site's CSS (the files of
STATICFILES_DIRS; packages' files are left as they ship) with rcssmin, before whitenoise's
`CompressedManifestStaticFilesStorage` names each file by its content's hash (so whitenoise serves it
with a far-future cache lifetime) and writes its gzip and Brotli copies. The sources under `static/`
stay readable; only what is served is minified.
"""

from pathlib import Path

import rcssmin
from django.conf import settings
from django.core.files.base import ContentFile
from whitenoise.storage import CompressedManifestStaticFilesStorage


def _project_locations() -> list[Path]:
    locations = []
    for entry in settings.STATICFILES_DIRS:
        location = entry[1] if isinstance(entry, list | tuple) else entry
        locations.append(Path(location).resolve())
    return locations


def is_project_stylesheet(source_storage, path: str) -> bool:
    """A `.css` file found in the project's own static directories (not a package's, not `.min.css`)."""
    if not path.endswith(".css") or path.endswith(".min.css"):
        return False
    location = getattr(source_storage, "location", None)
    if location is None:
        return False
    return Path(location).resolve() in _project_locations()


class MinifiedCompressedManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def post_process(self, paths, dry_run=False, **options):
        if not dry_run:
            paths = dict(paths)
            for path, (source_storage, source_path) in paths.items():
                if is_project_stylesheet(source_storage, source_path):
                    self.minify(path)
                    # Django hashes what it reads from the source storage: make the minified copy the source.
                    paths[path] = (self, path)
        yield from super().post_process(paths, dry_run=dry_run, **options)

    def minify(self, path: str) -> None:
        with self.open(path) as stylesheet:
            css = stylesheet.read().decode("utf-8")
        minified = rcssmin.cssmin(css)
        if minified != css:
            self.delete(path)
            self._save(path, ContentFile(minified.encode("utf-8")))

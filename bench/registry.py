"""Which pages `make bench` measures: each installed app says so in its own `bench.py`.

An app adds its public pages without touching bench/ by providing `<app>/bench.py` with::

    def bench_pages():
        # Built from the database once the demo is seeded; return only what exists.
        page = ArticlePage.objects.live().public().first()
        return [
            ("magazine", "/magazine/"),
            ("article", page.get_url()),
            ("missing_article", "/magazine/n-existe-pas/", 404),  # optional expected status
        ]

Each entry is (name, path) or (name, path, expected_status); the default expected status is 200.
Names are unique across apps; apps are visited in INSTALLED_APPS order.
"""

from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings

MODULE_NAME = "bench"


@dataclass(frozen=True)
class BenchPage:
    name: str
    path: str
    app: str
    expected_status: int = 200


def _local_path(url: str) -> str:
    """A page's path with its query string, whether the app gave a relative or an absolute URL."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def project_apps():
    """The project's own apps (third-party packages are not asked)."""
    base = Path(settings.BASE_DIR).resolve()
    for app_config in apps.get_app_configs():
        path = Path(app_config.path).resolve()
        if path.is_relative_to(base) and ".venv" not in path.relative_to(base).parts:
            yield app_config


def discover_pages() -> list[BenchPage]:
    pages: list[BenchPage] = []
    names: dict[str, str] = {}
    for app_config in project_apps():
        module_name = f"{app_config.name}.{MODULE_NAME}"
        if find_spec(module_name) is None:
            continue
        module = import_module(module_name)
        if not hasattr(module, "bench_pages"):
            continue
        for entry in module.bench_pages():
            name, path, *rest = entry
            if name in names:
                raise ValueError(f"Bench page {name!r} is declared by both {names[name]} and {app_config.label}.")
            names[name] = app_config.label
            expected = int(rest[0]) if rest else 200
            pages.append(BenchPage(name=name, path=_local_path(path), app=app_config.label, expected_status=expected))
    return pages


def apps_with_bench_module() -> list[str]:
    return [c.label for c in project_apps() if find_spec(f"{c.name}.{MODULE_NAME}") is not None]

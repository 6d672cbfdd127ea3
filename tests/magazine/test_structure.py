"""How the magazine app is put together: imports at the top of modules (only `AppConfig.ready()` imports
inside a function), signals connected in `ready()`, snippets registered in `wagtail_hooks`."""

import ast
from pathlib import Path

from django.db.models.signals import post_save
from wagtail.models import PageViewRestriction
from wagtail.snippets.models import get_snippet_models

import magazine
from magazine.blocks import FeaturedArticlesBlock
from magazine.models import Author, MagazineIndexPage, PressReleaseSubmission, PressReviewLink

APP = Path(magazine.__file__).parent


def test_modules_import_at_the_top():
    inside_functions = []
    for path in sorted(APP.rglob("*.py")):
        if "migrations" in path.parts or path.name == "apps.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Import | ast.ImportFrom):
                        inside_functions.append(f"{path.relative_to(APP.parent)}:{inner.lineno}")
    assert inside_functions == []


def test_the_models_do_not_register_snippets_nor_connect_signals():
    source = "\n".join(path.read_text() for path in (APP / "models").glob("*.py"))
    assert "register_snippet" not in source and ".connect(" not in source
    assert {Author, PressReviewLink, PressReleaseSubmission} <= set(get_snippet_models())


def test_the_signals_are_connected_once_the_app_is_ready():
    assert post_save.has_listeners(MagazineIndexPage)
    assert post_save.has_listeners(PageViewRestriction)


def test_the_home_page_section_is_still_found_where_home_imports_it():
    assert FeaturedArticlesBlock().meta.template == "magazine/blocks/featured_articles.html"

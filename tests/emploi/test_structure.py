"""The shape of the code of emploi, annuaire, accounts and reference: imports at the top of modules (only
AppConfig.ready and migrations import inside functions), no signal connected at import of a models module,
no snippet registered outside wagtail_hooks.py, no bs4."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("emploi", "annuaire", "accounts", "reference")


def modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def function_level_imports(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name != "ready":
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    yield f"{node.name} (line {inner.lineno})"


@pytest.mark.parametrize("path", list(modules()), ids=lambda path: str(path.relative_to(ROOT)))
def test_imports_are_at_the_top(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert not list(function_level_imports(tree))


def test_models_neither_connect_signals_nor_register_snippets():
    for app in APPS:
        for path in [ROOT / app / "models.py", *(ROOT / app / "models").glob("*.py")]:
            if path.exists():
                text = path.read_text(encoding="utf-8")
                assert ".connect(" not in text and "register_snippet" not in text, path


BS4_IMPORT = re.compile(r"^\s*(import|from)\s+bs4\b", re.MULTILINE)
SKIPPED = {".venv", ".git", "node_modules", "staticfiles", ".pytest_cache"}


def test_bs4_is_imported_nowhere():
    paths = (path for path in ROOT.rglob("*.py") if not SKIPPED.intersection(path.parts))
    assert not [str(path) for path in paths if BS4_IMPORT.search(path.read_text(encoding="utf-8"))]

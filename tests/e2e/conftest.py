"""Browser journeys: pytest-playwright driving Debian's Chromium against the live server.

Every test here runs on the real demo content (`seed_demo`), behind a guard that fails the test when a
page requests any host other than the live server's own. Chromium is /usr/bin/chromium (Debian's
package; Playwright never downloads a browser). Without it the tests are skipped, unless
SOLIDAIRES_REQUIRE_BROWSER=1 (set by .ci/run), where they fail.
"""

import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.test.utils import override_settings
from playwright.sync_api import Error as PlaywrightError

from accounts.demo import DEMO_PASSWORD
from core.models import ScheduledJob

E2E_DIR = Path(__file__).resolve().parent
CHROMIUM = Path(os.environ.get("SOLIDAIRES_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Schemes that never leave the browser.
LOCAL_SCHEMES = {"data", "blob", "about"}


def chromium_available() -> bool:
    return CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)


def browser_required() -> bool:
    return os.environ.get("SOLIDAIRES_REQUIRE_BROWSER") == "1"


def _is_e2e(item: pytest.Item) -> bool:
    return E2E_DIR in Path(item.path).resolve().parents


def pytest_itemcollected(item):
    """Every test of tests/e2e is marked `e2e` (before `-m` selects), and skipped without Chromium locally."""
    if not _is_e2e(item):
        return
    item.add_marker(pytest.mark.e2e)
    if not chromium_available() and not browser_required():
        item.add_marker(
            pytest.mark.skip(
                reason=f"Chromium not found at {CHROMIUM}: `apt-get install chromium` to run the browser tests "
                "(CI sets SOLIDAIRES_REQUIRE_BROWSER=1 and fails instead)."
            )
        )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Run the browser tests last: Playwright keeps an event loop running until the session ends, and
    they leave the demo content committed in the test database."""
    items[:] = [item for item in items if not _is_e2e(item)] + [item for item in items if _is_e2e(item)]


@pytest.fixture(scope="session", autouse=True)
def _django_inside_playwright_loop():
    """Playwright's sync API runs an asyncio loop in this thread; Django must still be allowed to query."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session", autouse=True)
def _require_chromium():
    if not chromium_available():
        pytest.fail(f"Chromium is required (SOLIDAIRES_REQUIRE_BROWSER=1) but {CHROMIUM} is missing.", pytrace=False)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR", "timezone_id": "Europe/Paris"}


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    """Relative URLs in page.goto() go to the live server."""
    return live_server.url


@pytest.fixture(scope="session")
def _e2e_media_root(tmp_path_factory):
    """Demo images and their renditions go to a directory of this run, not to the shared test media."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("e2e-media")):
        yield


@dataclass
class DemoSite:
    url: str
    password: str = DEMO_PASSWORD
    candidate: str = "candidate@solidaires.test"
    editor: str = "redaction@solidaires.test"


def _restore_migration_data() -> None:
    """Bring back what migrations create if an earlier transactional test flushed it."""
    from wagtail.models import Page

    if Page.objects.filter(depth=1).exists():
        return
    connection = connections[DEFAULT_DB_ALIAS]
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents is None:
        pytest.fail(
            "The test database was flushed by an earlier transactional test that did not ask for "
            "serialized_rollback: the browser tests need the data created by migrations.",
            pytrace=False,
        )
    connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(scope="session")
def _demo_database(django_db_setup, django_db_blocker, _e2e_media_root) -> None:
    """The site as `make run` shows it: the demo content, committed once per test process.

    The browser tests share it (they run last, see pytest_collection_modifyitems): a test that changes
    something shared makes its own user instead of using a demo account. Seeding once, with no flush
    between tests, keeps the suite fast whatever the size of the reference data loaded by migrations.
    """
    with django_db_blocker.unblock():
        _restore_migration_data()
        cache.clear()
        call_command("seed_demo", quiet_accounts=True, stdout=io.StringIO())


@pytest.fixture(scope="session")
def _no_persistent_connections():
    """The live server answers each keep-alive browser connection in a thread of its own: with
    CONN_MAX_AGE those threads would keep database sessions open, and PostgreSQL would refuse to drop
    the test database at the end. Close each connection at the end of its request instead."""
    settings_dict = connections.settings[DEFAULT_DB_ALIAS]
    previous = settings_dict.get("CONN_MAX_AGE", 0)
    settings_dict["CONN_MAX_AGE"] = 0
    yield
    settings_dict["CONN_MAX_AGE"] = previous


@pytest.fixture
def transactional_db(_demo_database, _no_persistent_connections, django_db_blocker):
    """Replaces pytest-django's fixture for the browser tests (live_server asks for it): the test and the
    live server share committed data, and the demo content is not flushed after each test."""
    with django_db_blocker.unblock():
        yield
        connections.close_all()  # as Django's TransactionTestCase does after each test


@pytest.fixture(autouse=True)
def demo_site(transactional_db, live_server) -> DemoSite:
    cache.clear()  # allauth's rate limits live in the cache: each test starts with none used
    mail.outbox.clear()
    # Nothing runs Celery beat here: each test starts with the scheduled jobs watched from now, so that a
    # long session does not find them overdue (banner in the admin, email to the demo administrator).
    ScheduledJob.objects.all().delete()
    return DemoSite(url=live_server.url)


@dataclass
class ForeignRequests:
    """Records every request a page makes to a host other than the live server."""

    origin: str
    requests: list[str] = field(default_factory=list)
    contexts: list = field(default_factory=list)

    failures: dict[str, str] = field(default_factory=dict)

    def watch(self, context) -> None:
        self.contexts.append(context)
        context.on("request", self.record)
        context.on("requestfailed", lambda request: self.failures.setdefault(request.url, request.failure or ""))

    def report(self) -> str:
        lines = []
        for line in dict.fromkeys(self.requests):  # each distinct request once, in order
            url = line.split(" ", 2)[1]
            lines.append(f"{line}, failed: {self.failures[url]}" if self.failures.get(url) else line)
        return f"Requests to hosts other than {self.origin}:\n  " + "\n  ".join(lines)

    def settle(self) -> None:
        """Let every open page finish loading, so that what it requests is known before the test ends."""
        for context in self.contexts:
            for page in context.pages:
                try:
                    page.wait_for_load_state("load", timeout=10_000)
                except PlaywrightError:
                    pass

    def record(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in LOCAL_SCHEMES:
            return
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.requests.append(f"{request.method} {request.url} ({request.resource_type})")


@pytest.fixture(autouse=True)
def foreign_requests(live_server) -> ForeignRequests:
    parts = urlsplit(live_server.url)
    return ForeignRequests(origin=f"{parts.scheme}://{parts.netloc}")


@pytest.fixture
def new_context(new_context, foreign_requests):
    """Every browser context (so every page) of a test reports its requests to the guard."""

    def create(**kwargs):
        context = new_context(**kwargs)
        foreign_requests.watch(context)
        return context

    return create


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail the test, not only its teardown, when a page of it requested another host."""
    result = yield
    guard = getattr(item, "funcargs", {}).get("foreign_requests")
    if guard is not None:
        guard.settle()
        if guard.requests:
            raise AssertionError(guard.report())
    return result

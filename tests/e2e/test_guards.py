"""The checks themselves catch what they are meant to catch: a request to another host, an axe violation."""

import pytest

from .support import axe_violations

pytestmark = pytest.mark.e2e


def test_request_to_another_host_is_recorded(page, foreign_requests):
    page.route("http://traceur.invalid/**", lambda route: route.abort())
    page.set_content('<img src="http://traceur.invalid/pixel.gif" alt="">')
    page.wait_for_load_state()
    assert foreign_requests.requests == ["GET http://traceur.invalid/pixel.gif (image)"]
    foreign_requests.requests.clear()  # recorded as expected: this test itself must not fail for it


def test_same_host_and_data_urls_are_allowed(page, foreign_requests):
    page.goto("/")
    page.set_content(
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt=""><img src="/static/img/logo.svg" alt="">'
    )
    assert foreign_requests.requests == []


def test_axe_reports_violations(page):
    page.set_content('<html lang="fr"><title>Essai</title><main><img src="data:,"><input></main></html>')
    ids = {violation["id"] for violation in axe_violations(page)}
    assert {"image-alt", "label"} <= ids

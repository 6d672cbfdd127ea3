import re

import pytest
from django.core import mail


@pytest.fixture
def last_link():
    """The last link to this site in the last email sent, as a path the test client can follow."""

    def find(pattern: str = r"/comptes/\S+") -> str:
        assert mail.outbox, "no email was sent"
        match = re.findall(r"https?://testserver(" + pattern + ")", mail.outbox[-1].body)
        assert match, f"no link matching {pattern} in: {mail.outbox[-1].body}"
        return match[-1]

    return find


@pytest.fixture
def delivering(django_capture_on_commit_callbacks):
    """`with delivering(): client.post(...)`: the outbox delivers when the request's transaction commits,
    as in production (the test's own transaction never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)

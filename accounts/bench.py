"""Public account pages measured by `make bench` (see bench/registry.py)."""

from django.urls import reverse


def bench_pages():
    return [
        ("login", reverse("account_login")),
        ("signup", reverse("account_signup")),
    ]

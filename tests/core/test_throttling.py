"""The submission counter every public form's rate limit uses, and the rate table it reads
(`settings.RATE_LIMITS`): rates, counting, expiry, hashed keys, and who is counted."""

import time
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from core.throttling import (
    Rate,
    RateLimited,
    attempt,
    check,
    client_ip,
    count_hit,
    hit,
    hit_all,
    is_limited,
    parse_rate,
    rate_for,
    rate_key,
    requester,
)

DEFAULT_MESSAGE = "Trop d’envois en peu de temps : réessayez plus tard."


def test_counts_hits_within_the_period_then_starts_again():
    assert [count_hit("test:form:1.2.3.4", 60) for _ in range(3)] == [1, 2, 3]
    assert count_hit("test:form:5.6.7.8", 60) == 1  # another address has its own counter
    cache.delete("test:form:1.2.3.4")  # the period is over
    assert count_hit("test:form:1.2.3.4", 60) == 1


def test_rate_keys_never_merge_two_values():
    assert rate_key("agenda:submit-ip", "1.2.3.45") != rate_key("agenda:submit-ip", "12.3.4.5")
    assert rate_key("agenda:submit-email", "a.b@c.fr") != rate_key("agenda:submit-email", "ab@cf.r")
    assert "c.fr" not in rate_key("agenda:submit-email", "a.b@c.fr")


# --- Rates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, rate",
    [
        ("3/h", Rate(3, 3600)),
        ("30/10m", Rate(30, 600)),
        ("5/d", Rate(5, 86400)),
        ("1/s", Rate(1, 1)),
        ("100/2d", Rate(100, 172800)),
        (" 10 / 15 s ", Rate(10, 15)),
        ("0/h", Rate(0, 3600)),
    ],
)
def test_a_rate_is_a_count_per_period(value, rate):
    assert parse_rate(value) == rate


@pytest.mark.parametrize(
    "value",
    [
        "",
        None,
        "3",
        "3/",
        "/h",
        "h",
        "3/w",
        "3/hour",
        "3/H",
        "three/h",
        "-1/h",
        "3.5/h",
        "3/1.5h",
        "3/h/ip",  # allauth's format, not this table's
        "3/m,10/h",
        "3/0m",  # a period of nothing: the counter would expire at once and never limit
        "3/0h",
    ],
)
def test_a_bad_rate_is_a_configuration_error(value):
    with pytest.raises(ImproperlyConfigured, match="Bad rate"):
        parse_rate(value)


def test_every_rate_of_the_sites_table_is_valid(settings):
    assert settings.RATE_LIMITS
    for scope in settings.RATE_LIMITS:
        assert rate_for(scope).count > 0 and rate_for(scope).seconds > 0, scope


def test_rate_for_reads_the_table(settings):
    settings.RATE_LIMITS = {"test.form": "4/10m"}
    assert rate_for("test.form") == Rate(4, 600)


def test_a_scope_missing_from_the_table_is_a_configuration_error(settings):
    settings.RATE_LIMITS = {"test.form": "4/10m"}
    with pytest.raises(ImproperlyConfigured, match="'test.other'"):
        rate_for("test.other")
    for use in (
        lambda: is_limited("test.other", "x"),
        lambda: hit("test.other", "x"),
        lambda: check({"test.other": "x"}),
    ):
        with pytest.raises(ImproperlyConfigured):
            use()


def test_a_bad_rate_in_the_table_is_a_configuration_error(settings):
    settings.RATE_LIMITS = {"test.form": "4 par heure"}
    with pytest.raises(ImproperlyConfigured, match="Bad rate '4 par heure'"):
        hit("test.form", "1.2.3.4")


# --- Keys ----------------------------------------------------------------------------------------


def test_keys_are_hashed_and_carry_the_scope():
    key = rate_key("magazine.press_release.email", "presse@cooperative.test")
    scope, digest = key.removeprefix("rate:").rsplit(":", 1)
    assert scope == "magazine.press_release.email"
    assert len(digest) == 40 and set(digest) <= set("0123456789abcdef")
    assert "presse" not in key and "cooperative" not in key


def test_any_value_makes_a_short_key_without_spaces():
    key = rate_key("test.form", "une adresse très longue\n" * 100)
    assert len(key) < 250 and " " not in key and "\n" not in key  # valid for memcached too


def test_a_key_depends_on_the_scope_and_the_value_only():
    assert rate_key("test.form", "1.2.3.4") == rate_key("test.form", "1.2.3.4")
    assert rate_key("test.form", "1.2.3.4") != rate_key("test.other", "1.2.3.4")
    assert rate_key("test.form", 42) == rate_key("test.form", "42")  # values are counted by their text


# --- Counting ------------------------------------------------------------------------------------


@pytest.fixture
def rates(settings):
    settings.RATE_LIMITS = {"test.form": "3/h", "test.email": "2/d", "test.attempt": "2/m"}
    return settings.RATE_LIMITS


def test_hits_are_counted_until_the_limit(rates):
    assert not is_limited("test.form", "1.2.3.4")
    assert [hit("test.form", "1.2.3.4") for _ in range(3)] == [1, 2, 3]
    assert is_limited("test.form", "1.2.3.4")
    assert cache.get(rate_key("test.form", "1.2.3.4")) == 3


def test_is_limited_counts_nothing(rates):
    for _ in range(5):
        assert not is_limited("test.form", "1.2.3.4")
    assert cache.get(rate_key("test.form", "1.2.3.4")) is None


def test_each_value_and_each_scope_has_its_own_counter(rates):
    for _ in range(3):
        hit("test.form", "1.2.3.4")
    assert is_limited("test.form", "1.2.3.4")
    assert not is_limited("test.form", "1.2.3.5")
    assert not is_limited("test.email", "1.2.3.4")
    assert hit("test.form", "1.2.3.5") == 1


def test_the_counter_expires_after_the_period(rates):
    for _ in range(3):
        hit("test.form", "1.2.3.4")
    expires_at = cache._expire_info[cache.make_key(rate_key("test.form", "1.2.3.4"))]
    assert expires_at == pytest.approx(time.time() + 3600, abs=5)
    cache.delete(rate_key("test.form", "1.2.3.4"))  # the hour is over
    assert not is_limited("test.form", "1.2.3.4")
    assert hit("test.form", "1.2.3.4") == 1


def test_later_hits_do_not_extend_the_period(rates):
    hit("test.form", "1.2.3.4")
    key = cache.make_key(rate_key("test.form", "1.2.3.4"))
    first = cache._expire_info[key]
    hit("test.form", "1.2.3.4")
    assert cache._expire_info[key] == first


def test_a_counter_expiring_between_add_and_incr_starts_again(rates, monkeypatch):
    """`add` finds the key, which expires before `incr`: the hit starts a new period instead of failing."""
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: False)
    assert hit("test.form", "1.2.3.4") == 1
    assert cache.get(rate_key("test.form", "1.2.3.4")) == 1


def test_hit_all_counts_one_in_each_scope(rates):
    hit_all({"test.form": "1.2.3.4", "test.email": "a@b.fr"})
    hit_all({"test.form": "1.2.3.4", "test.email": "a@b.fr"})
    assert cache.get(rate_key("test.form", "1.2.3.4")) == 2
    assert cache.get(rate_key("test.email", "a@b.fr")) == 2
    assert is_limited("test.email", "a@b.fr") and not is_limited("test.form", "1.2.3.4")


# --- check and attempt ---------------------------------------------------------------------------


def test_check_refuses_once_any_scope_is_used_up_and_counts_nothing(rates):
    scopes = {"test.form": "1.2.3.4", "test.email": "a@b.fr"}
    check(scopes)  # nothing used yet
    hit_all(scopes)
    check(scopes)
    hit("test.email", "a@b.fr")  # the email's 2 a day are used, not the address's 3 an hour
    with pytest.raises(RateLimited) as error:
        check(scopes)
    assert str(error.value.message) == DEFAULT_MESSAGE
    assert cache.get(rate_key("test.form", "1.2.3.4")) == 1
    check({"test.form": "1.2.3.4", "test.email": "c@d.fr"})  # another email may still send


def test_check_with_a_message_of_its_own(rates):
    for _ in range(3):
        hit("test.form", "1.2.3.4")
    with pytest.raises(RateLimited) as error:
        check({"test.form": "1.2.3.4"}, message="Trop de propositions.")
    assert error.value.message == "Trop de propositions."


def test_attempt_counts_every_try_and_refuses_past_the_limit(rates):
    attempt("test.attempt", "1.2.3.4")
    attempt("test.attempt", "1.2.3.4")
    for _ in range(2):
        with pytest.raises(RateLimited):
            attempt("test.attempt", "1.2.3.4", message="Ralentissez.")
    assert cache.get(rate_key("test.attempt", "1.2.3.4")) == 4  # refused tries count too
    attempt("test.attempt", "1.2.3.5")


def test_a_zero_rate_closes_the_scope(settings):
    settings.RATE_LIMITS = {"test.closed": "0/h"}
    assert is_limited("test.closed", "1.2.3.4")
    with pytest.raises(RateLimited):
        attempt("test.closed", "1.2.3.4")


def test_rate_limited_carries_a_french_message():
    assert str(RateLimited()) == DEFAULT_MESSAGE
    assert str(RateLimited().message) == DEFAULT_MESSAGE
    assert str(RateLimited("Patientez une heure.")) == "Patientez une heure."


# --- Who is counted ------------------------------------------------------------------------------


def request_from(address="203.0.113.7", user=None, **headers):
    request = RequestFactory().post("/formulaire/", REMOTE_ADDR=address, **headers)
    if user is not None:
        request.user = user
    return request


def signed_in(pk):
    return SimpleNamespace(pk=pk, is_authenticated=True)


def test_requester_is_the_account_when_signed_in():
    assert requester(request_from(user=signed_in(7))) == "user:7"
    assert requester(request_from(user=signed_in(7))) != requester(request_from(user=signed_in(8)))
    # One account, wherever it comes from; two accounts behind one address are two people.
    assert requester(request_from("198.51.100.1", user=signed_in(7))) == requester(request_from(user=signed_in(7)))


def test_requester_is_the_address_otherwise():
    assert requester(request_from("203.0.113.7", user=AnonymousUser())) == "ip:203.0.113.7"
    assert requester(request_from("203.0.113.8")) == "ip:203.0.113.8"  # no user at all (before auth)
    assert requester(request_from("203.0.113.7")) != requester(request_from("203.0.113.8"))
    assert requester(request_from("7", user=None)) != "user:7"


def test_a_user_and_an_address_never_share_a_counter(rates):
    hit("test.form", requester(request_from(user=signed_in(1))))
    assert cache.get(rate_key("test.form", "ip:1")) is None


def test_requester_with_a_real_account(candidate):
    assert requester(request_from(user=candidate)) == f"user:{candidate.pk}"


def test_client_ip_is_the_remote_address_without_a_trusted_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    request = request_from("203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert client_ip(request) == "203.0.113.7"  # a visitor cannot choose their address


def test_client_ip_behind_the_sites_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    request = request_from("10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.99, 203.0.113.7")
    assert client_ip(request) == "203.0.113.7"  # the address the proxy saw, not one the visitor wrote


def test_client_ip_is_normalised():
    assert client_ip(request_from("2001:DB8:0:0:0:0:0:1")) == "2001:db8::1"


@pytest.mark.parametrize("address", ["", "pas-une-adresse"])
def test_an_address_that_cannot_be_read_is_unknown(address):
    assert client_ip(request_from(address)) == "unknown"
    assert requester(request_from(address)) == "ip:unknown"

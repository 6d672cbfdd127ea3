"""The submission counter every public form's rate limit uses."""

from django.core.cache import cache

from home.throttling import count_hit


def test_counts_hits_within_the_period_then_starts_again():
    assert [count_hit("test:form:1.2.3.4", 60) for _ in range(3)] == [1, 2, 3]
    assert count_hit("test:form:5.6.7.8", 60) == 1  # another address has its own counter
    cache.delete("test:form:1.2.3.4")  # the period is over
    assert count_hit("test:form:1.2.3.4", 60) == 1


def test_rate_keys_never_merge_two_values():
    from home.throttling import rate_key

    assert rate_key("agenda:submit-ip", "1.2.3.45") != rate_key("agenda:submit-ip", "12.3.4.5")
    assert rate_key("agenda:submit-email", "a.b@c.fr") != rate_key("agenda:submit-email", "ab@cf.r")
    assert "c.fr" not in rate_key("agenda:submit-email", "a.b@c.fr")

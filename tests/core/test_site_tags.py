"""The design system's template filters: machine-readable dates and image loading in listings."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone

from core.templatetags.site_tags import datetime_attr, image_loading, image_priority


def test_datetime_attr_is_a_valid_html_global_date_and_time():
    value = dt.datetime(2026, 3, 3, 8, 30, 15, 527372, tzinfo=dt.UTC)
    with timezone.override("Europe/Paris"):
        assert datetime_attr(value) == "2026-03-03T09:30:15+01:00"  # no microseconds, the offset kept
    summer = dt.datetime(2026, 7, 14, 20, 0, 0, 1, tzinfo=ZoneInfo("Europe/Paris"))
    assert datetime_attr(summer) == "2026-07-14T20:00:00+02:00"


def test_datetime_attr_keeps_a_date_a_date():
    assert datetime_attr(dt.date(2026, 3, 3)) == "2026-03-03"


@pytest.mark.parametrize("value", [None, "", "2026-03-03"])
def test_datetime_attr_of_anything_else_is_empty(value):
    assert datetime_attr(value) == ""


def test_datetime_attr_in_a_template():
    html = Template('{% load site_tags %}<time datetime="{{ when|datetime_attr }}">').render(
        Context({"when": dt.datetime(2026, 3, 3, 8, 30, 0, 12, tzinfo=dt.UTC)})
    )
    assert html == '<time datetime="2026-03-03T09:30:00+01:00">'


@pytest.mark.parametrize(
    ("position", "eager_count", "expected"),
    [(1, 3, "eager"), (3, 3, "eager"), (4, 3, "lazy"), (1, 0, "lazy"), (1, None, "lazy"), (1, "3", "eager")],
)
def test_image_loading(position, eager_count, expected):
    assert image_loading(position, eager_count) == expected


@pytest.mark.parametrize(
    ("position", "eager_count", "expected"), [(1, 3, "high"), (2, 3, "auto"), (1, 0, "auto"), (1, None, "auto")]
)
def test_image_priority(position, eager_count, expected):
    assert image_priority(position, eager_count) == expected

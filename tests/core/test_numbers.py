"""`{{ value|num }}`: counts and figures with the language's thousands separator,
and nothing else changed (USE_THOUSAND_SEPARATOR stays off for years and ids)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from bcd138.core.templatetags.numbers import num


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        (14411, "14.411", "14,411"),
        (994871, "994.871", "994,871"),
        (999, "999", "999"),
        (0, "0", "0"),
        (-1234567, "-1.234.567", "-1,234,567"),
        (Decimal("12.50"), "12,50", "12.50"),
        (Decimal("1234.567"), "1.234,57", "1,234.57"),
        (Decimal("40.00"), "40", "40"),
        (2500.0, "2.500", "2,500"),
        ("7777", "7.777", "7,777"),
    ],
)
def test_numbers_are_grouped_the_way_each_language_writes_them(
    value: Any, vi: str, en: str
) -> None:
    with translation.override("vi"):
        assert num(value) == vi
    with translation.override("en"):
        assert num(value) == en


@pytest.mark.parametrize("value", [None, ""])
def test_nothing_is_written_as_nothing(value: Any) -> None:
    assert num(value) == ""


@pytest.mark.parametrize("value", ["—", "abc", "NaN", "Infinity", True, [1, 2]])
def test_what_is_not_a_number_is_left_as_it_is(value: Any) -> None:
    assert num(value) == value


def test_the_number_of_decimals_can_be_chosen() -> None:
    with translation.override("en"):
        assert num(Decimal("1234.25"), 1) == "1,234.3"
        assert num(Decimal("1234.25"), 0) == "1,234"
        assert num(Decimal("1.5"), "x") == "1.50"


def test_in_a_template_and_without_the_global_separator() -> None:
    assert settings.USE_THOUSAND_SEPARATOR is False
    template = Template("{% load numbers %}{{ n|num }} · {{ year }} · {{ pk }}")
    with translation.override("vi"):
        text = template.render(Context({"n": 14411, "year": 2025, "pk": 12345}))
    assert text == "14.411 · 2025 · 12345"

"""The engine's refusals in the user's language: dates written d/m/Y, codes labelled."""

from __future__ import annotations

from django.utils import translation

from bcd138.core.lawtext import law_error
from bcd138.law.errors import refuse


def test_dates_are_written_the_vietnamese_way_and_codes_take_the_callers_labels() -> (
    None
):
    exc = refuse("not_running", status="suspended")
    with translation.override("en"):
        labelled = law_error(exc, {"status": {"suspended": "on hold"}})
        dated = law_error(refuse("out_of_order", previous="2026-01-30"))
    assert labelled.code == "law_not_running"
    assert "on hold" in labelled.message
    assert "30/01/2026" in dated.message
    assert "2026-01-30" not in dated.message

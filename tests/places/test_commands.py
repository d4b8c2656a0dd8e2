"""`bcd138 places load | resolve | show`."""

import io

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("places", *args, stdout=out)
    return out.getvalue()


def test_load_prints_counts_and_seconds() -> None:
    output = _run("load")
    assert "2025: 3321 commune, 34 province" in output
    assert "legacy: 10035 commune, 696 district, 63 province" in output
    assert " s" in output


def test_resolve_prints_the_unit_and_the_current_unit() -> None:
    output = _run("resolve", "phuong an my, tam ky, quang nam")
    assert "status: resolved" in output
    assert "place: 20341  Phường An Mỹ, Thành phố Tam Kỳ, Tỉnh Quảng Nam" in output
    assert "current: 20341  Phường Tam Kỳ, Thành phố Đà Nẵng  [2025 commune]" in output


def test_resolve_prints_candidates_when_ambiguous() -> None:
    assert "candidate: " in _run("resolve", "Xã An Mỹ")


def test_show_a_legacy_unit() -> None:
    output = _run("show", "20296", "--era", "legacy")
    assert "Xã Hòa Liên, Huyện Hòa Vang, Thành phố Đà Nẵng" in output
    assert output.count("current: ") == 2


def test_domain_errors_become_command_errors() -> None:
    with pytest.raises(CommandError, match="99999"):
        _run("show", "99999")
    with pytest.raises(CommandError):
        _run("resolve", " ")

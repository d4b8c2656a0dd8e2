"""Key rotation for the case identities, the settings' checks, `cases recompute`."""

from __future__ import annotations

import io
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from bcd138.cases.checks import check_case_settings
from bcd138.cases.models import Accused, Case
from bcd138.cases.services.charges import ChargeInput
from bcd138.cases.services.queries import CaseFilters, cases_list
from bcd138.cases.services.steps import StepInput, case_charge_accused
from bcd138.core import crypto
from tests.cases.conftest import Justice, open_case
from tests.conftest import Personas, World


def _use_keys(monkeypatch: pytest.MonkeyPatch, *keys: str) -> None:
    monkeypatch.setenv(crypto.ENV_VAR, ",".join(keys))
    crypto.reset_keyring()


@time_machine.travel("2026-11-27 09:00 +07:00")
def test_rotation_re_encrypts_and_re_indexes_so_name_search_survives_old_key_removal(
    world: World,
    justice: Justice,
    personas: Personas,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old, new = crypto.generate_key(), crypto.generate_key()
    _use_keys(monkeypatch, old)
    case = open_case(world, justice.investigator)
    case_charge_accused(
        case,
        by=justice.investigator,
        identity={"full_name": "Lê Văn Cường"},
        charges=[ChargeInput("173", 1)],
        step=StepInput(kind="accused_charged", on=case.instituted_on, reference="2"),
    )
    before = Accused.objects.get()
    _use_keys(monkeypatch, new, old)
    found = cases_list(
        user=justice.investigator, filters=CaseFilters(name="le van cuong")
    )
    assert list(found) == [case]  # still found under the old key's digest
    out = io.StringIO()
    call_command("intake_identities", "rotate", stdout=out)
    assert "1 accused and victims re-encrypted" in out.getvalue()
    after = Accused.objects.get()
    assert after.key_id == crypto.key_id(new)
    assert after.name_index != before.name_index
    _use_keys(monkeypatch, new)  # the old key is gone
    found = cases_list(
        user=justice.investigator, filters=CaseFilters(name="Lê Văn Cường")
    )
    assert list(found) == [case]
    assert crypto.decrypt_json(after.token)["full_name"] == "Lê Văn Cường"


def test_checks_refuse_an_unknown_solved_rule_and_unknown_chapters(
    settings: Any,
) -> None:
    assert check_case_settings() == []
    settings.BCD138_CASE_SOLVED_RULE = "arrested"
    settings.BCD138_SOCIAL_ORDER_CHAPTERS = ["XIV", "XCIX"]
    ids = [m.id for m in check_case_settings()]
    assert ids == ["bcd138.E020", "bcd138.E021"]


@time_machine.travel("2026-11-27 09:00 +07:00")
def test_recompute_applies_a_changed_setting(
    world: World, justice: Justice, settings: Any
) -> None:
    case = open_case(world, justice.investigator)
    assert case.social_order
    settings.BCD138_SOCIAL_ORDER_CHAPTERS = ["XIV"]
    out = io.StringIO()
    call_command("cases", "recompute", stdout=out)
    assert out.getvalue().strip() == "1 cases recomputed."
    assert not Case.objects.get().social_order

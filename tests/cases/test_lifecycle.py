"""A case from institution to judgment, through the three bodies."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine

from bcd138.cases.models import CaseEvent, EventKind, Holder
from bcd138.cases.services.charges import ChargeInput
from bcd138.cases.services.steps import (
    StepInput,
    case_charge_accused,
    case_judgment,
    case_step,
)
from bcd138.core.errors import DomainError
from tests.cases.conftest import Justice, open_case
from tests.conftest import World

D = datetime.date
K = EventKind


def step(kind: str, on: D, **kw: Any) -> StepInput:
    return StepInput(kind=kind, on=on, reference=kw.pop("reference", "1/QĐ"), **kw)


@time_machine.travel("2026-11-27 09:00 +07:00")
def test_case_runs_from_institution_to_judgment(
    world: World, justice: Justice, personas: Any
) -> None:
    j = justice
    case = open_case(world, j.investigator)
    assert (case.stage, case.holder, case.category) == (
        "investigation",
        Holder.POLICE,
        "less_serious",
    )
    # Điều 173.1 is less serious: 2 months from 12/01 → 12/03/2026 (a Thursday).
    assert case.deadline == D(2026, 3, 12)
    assert case.holding_agency == world.police
    assert not case.solved

    case_charge_accused(
        case,
        by=j.investigator,
        identity={"full_name": "Nguyễn Văn An"},
        charges=[ChargeInput("171", 2)],
        step=step(K.ACCUSED_CHARGED, D(2026, 1, 20)),
    )
    case.refresh_from_db()
    # Khoản 2 of Điều 171 (up to 10 years) makes the case very serious: 4 months.
    assert case.category == "very_serious"
    assert case.deadline == D(2026, 5, 12)
    assert case.solved
    assert case.solved_on == D(2026, 1, 20)

    case_step(
        case, by=j.investigator, step=step(K.INVESTIGATION_CONCLUDED, D(2026, 4, 1))
    )
    case_step(
        case,
        by=j.investigator,
        step=StepInput(kind=K.FILE_SENT_TO_PROCURACY, on=D(2026, 4, 2)),
    )
    case.refresh_from_db()
    assert (case.phase, case.holder) == ("in_transit", Holder.POLICE)
    v = personas.procuracy_liaison
    case_step(
        case, by=v, step=StepInput(kind=K.FILE_RECEIVED_BY_PROCURACY, on=D(2026, 4, 3))
    )
    case.refresh_from_db()
    assert case.holder == Holder.PROCURACY
    assert case.holding_agency == world.procuracy
    assert case.deadline == D(2026, 5, 4)  # 30 days from 03/04 = 03/05 (Sun) → 04/05
    case_step(case, by=v, step=step(K.INDICTED, D(2026, 4, 20)))
    case_step(
        case,
        by=v,
        step=StepInput(kind=K.FILE_SENT_TO_COURT, on=D(2026, 4, 21), to_agency=j.court),
    )
    case_step(
        case,
        by=j.court_liaison,
        step=StepInput(kind=K.FILE_RECEIVED_BY_COURT, on=D(2026, 4, 22)),
    )
    case.refresh_from_db()
    assert case.holder == Holder.COURT
    assert case.court == j.court
    case_step(case, by=j.court_liaison, step=step(K.BROUGHT_TO_TRIAL, D(2026, 5, 15)))
    accused = case.accused.get()
    case_judgment(
        case,
        by=j.court_liaison,
        outcomes={accused.pk: ("convicted", "5 năm tù")},
        step=step(K.JUDGMENT, D(2026, 6, 1)),
    )
    case.refresh_from_db()
    assert case.stage == "closed"
    assert case.closed_on == D(2026, 6, 1)
    assert case.investigation_days == (D(2026, 4, 3) - D(2026, 1, 12)).days
    assert case.prosecution_days == (D(2026, 4, 22) - D(2026, 4, 3)).days
    assert case.court_days == (D(2026, 6, 1) - D(2026, 4, 22)).days
    assert CaseEvent.objects.filter(case=case).count() == 10


@time_machine.travel("2026-11-27 09:00 +07:00")
def test_indictment_before_the_file_reached_the_procuracy_is_refused(
    world: World, justice: Justice, personas: Any
) -> None:
    case = open_case(world, justice.investigator)
    with pytest.raises(DomainError) as err:
        case_step(
            case, by=personas.procuracy_liaison, step=step(K.INDICTED, D(2026, 2, 1))
        )
    assert err.value.code == "not_holder"
    assert case.events.count() == 1

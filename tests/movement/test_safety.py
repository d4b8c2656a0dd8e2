"""The "safe on security and order" recognition (TT 124/2021): registration,
checklist with suggestions from the platform's data, and the decision."""

from __future__ import annotations

import io
from typing import Any

import pytest

from bcd138.core.errors import DomainError
from bcd138.movement import rules
from bcd138.movement.documents import recognition_certificate
from bcd138.movement.models import (
    AuthorityLevel,
    CriterionAnswer,
    Result,
    SafetyRecognition,
    UnitKind,
)
from bcd138.movement.services import safety
from bcd138.places.models import Place
from tests.conftest import Personas, World
from tests.movement.conftest import D, Movement, make_model


def register(
    by: Any,
    commune: Place,
    *,
    kind: str = UnitKind.RESIDENTIAL_AREA,
    name: str = "Tổ dân phố 5",
    year: int = 2025,
    on: Any = None,
    managed_by: str = "",
) -> SafetyRecognition:
    return safety.recognition_register(
        by=by,
        data=safety.RegistrationInput(
            kind=kind,
            unit_name=name,
            commune=commune,
            year=year,
            registered_on=on or D(year, 2, 20),
            managed_by=managed_by,
        ),
    )


def answer_all(rec: SafetyRecognition, by: Any, *, met: bool = True) -> None:
    codes = [c.code for c in safety.edition_of(rec).criteria(rec.kind)]
    safety.recognition_answer(
        rec, by=by, answers=[safety.AnswerInput(c, met, "biên bản") for c in codes]
    )


def decide(rec: SafetyRecognition, by: Any, **changes: Any) -> SafetyRecognition:
    values: dict[str, Any] = {
        "result": Result.MET,
        "decision_ref": "45/QĐ-UBND",
        "decided_on": D(2025, 11, 10),
        "level": AuthorityLevel.COMMUNE,
    }
    values.update(changes)
    return safety.recognition_decide(rec, by=by, **values)


def test_the_rules_come_from_the_data_file_by_year() -> None:
    old, new = rules.edition_for(2023), rules.edition_for(2026)
    assert old.authority("commune") == AuthorityLevel.DISTRICT
    assert new.authority("commune") == AuthorityLevel.PROVINCE
    assert new.authority_unconfirmed("commune")
    assert new.authority("school", "province") == "province"
    assert old.period("residential_area", 2025) == rules.Window(
        D(2024, 11, 1), D(2025, 10, 31)
    )
    assert old.period("commune", 2025) == rules.Window(D(2024, 11, 16), D(2025, 11, 15))
    assert old.registration(2025) == rules.Window(D(2025, 1, 1), D(2025, 3, 31))
    # An enterprise answers the agencies' checklist.
    assert [c.code for c in old.criteria("enterprise")] == [
        c.code for c in old.criteria("agency")
    ]
    assert any(c.prefill == "no_serious_crime" for c in old.criteria("commune"))


def test_registration_is_made_in_quarter_one(world: World, personas: Personas) -> None:
    by = personas.commune_a_officer
    with pytest.raises(DomainError) as err:
        register(by, world.commune_a, on=D(2025, 4, 1))
    assert err.value.code == "registration_window"
    with pytest.raises(DomainError) as err:
        register(by, world.commune_a, year=2026, on=D(2026, 3, 21))  # tomorrow
    assert err.value.code == "date_future"
    assert not SafetyRecognition.objects.exists()
    register(by, world.commune_a)
    with pytest.raises(DomainError) as err:
        register(by, world.commune_a)
    assert err.value.code == "registration_duplicate"
    assert SafetyRecognition.objects.count() == 1


def test_an_agency_says_who_manages_it(world: World, mv: Movement) -> None:
    with pytest.raises(DomainError) as err:
        register(mv.standing, world.commune_a, kind=UnitKind.SCHOOL, name="THCS A")
    assert err.value.code == "managed_by"
    rec = register(
        mv.standing,
        world.commune_a,
        kind=UnitKind.SCHOOL,
        name="THCS A",
        managed_by=AuthorityLevel.PROVINCE,
    )
    assert safety.authority_of(rec) == AuthorityLevel.PROVINCE


def test_decision_by_the_competent_body_within_its_window(
    world: World, personas: Personas
) -> None:
    by = personas.commune_a_officer
    rec = register(by, world.commune_a)
    with pytest.raises(DomainError) as err:
        decide(rec, by)
    assert err.value.code == "checklist_incomplete"
    answer_all(rec, by)
    for changes, code in [
        ({"level": AuthorityLevel.PROVINCE}, "forbidden"),  # recorded by the office
        ({"decided_on": D(2025, 11, 15)}, "decision_window"),  # "before 15/11"
        ({"decided_on": D(2025, 10, 20)}, "decision_window"),  # period not over
        ({"decision_ref": ""}, "required"),
    ]:
        with pytest.raises(DomainError) as err:
            decide(rec, by, **changes)
        assert err.value.code == code, changes
        rec.refresh_from_db()
        assert rec.result == ""
    decide(rec, by)
    rec.refresh_from_db()
    assert rec.result == Result.MET
    assert rec.decided_by_name == "Ủy ban nhân dân phường Tam Kỳ"
    with pytest.raises(DomainError) as err:
        decide(rec, by, result=Result.NOT_MET)
    assert err.value.code == "decided"
    with pytest.raises(DomainError) as err:
        answer_all(rec, by, met=False)
    assert err.value.code == "decided"
    assert not CriterionAnswer.objects.filter(met=False).exists()


def test_a_body_without_authority_is_refused(world: World, mv: Movement) -> None:
    rec = register(mv.standing, world.commune_a, kind=UnitKind.COMMUNE, name="")
    answer_all(rec, mv.standing)
    for level in (AuthorityLevel.COMMUNE, AuthorityLevel.DISTRICT):
        with pytest.raises(DomainError) as err:
            decide(rec, mv.standing, level=level, decided_on=D(2025, 11, 18))
        assert err.value.code == "authority"
    decide(rec, mv.standing, level=AuthorityLevel.PROVINCE, decided_on=D(2025, 11, 18))
    rec.refresh_from_db()
    assert rec.unit_name == world.commune_a.name
    assert rec.decided_by_name == "Ủy ban nhân dân thành phố Đà Nẵng"


def test_before_2025_the_district_recognised_communes(
    world: World, mv: Movement
) -> None:
    rec = register(mv.standing, mv.legacy_a, kind=UnitKind.COMMUNE, name="", year=2024)
    answer_all(rec, mv.standing)
    with pytest.raises(DomainError) as err:
        decide(
            rec, mv.standing, level=AuthorityLevel.PROVINCE, decided_on=D(2024, 11, 18)
        )
    assert err.value.code == "authority"
    decide(rec, mv.standing, level=AuthorityLevel.DISTRICT, decided_on=D(2024, 11, 18))
    rec.refresh_from_db()
    assert rec.decided_by_name == "Ủy ban nhân dân thành phố Tam Kỳ"


def test_recognised_only_when_every_criterion_is_met(
    world: World, personas: Personas
) -> None:
    by = personas.commune_a_officer
    rec = register(by, world.commune_a)
    answer_all(rec, by)
    safety.recognition_answer(rec, by=by, answers=[safety.AnswerInput("4.4d", False)])
    with pytest.raises(DomainError) as err:
        decide(rec, by)
    assert err.value.code == "checklist_not_met"
    decide(rec, by, result=Result.NOT_MET)
    rec.refresh_from_db()
    assert rec.result == Result.NOT_MET


def test_unknown_or_repeated_criteria_are_refused(
    world: World, personas: Personas
) -> None:
    by = personas.commune_a_officer
    rec = register(by, world.commune_a)
    for answers in (
        [safety.AnswerInput("9.9", True)],
        [safety.AnswerInput("4.1", True), safety.AnswerInput("4.1", False)],
    ):
        with pytest.raises(DomainError) as err:
            safety.recognition_answer(rec, by=by, answers=answers)
        assert err.value.code == "criterion"
    assert not CriterionAnswer.objects.exists()


def _case(world: World, personas: Personas, clause: int, occurred: Any) -> None:
    from bcd138.cases.services.charges import ChargeInput
    from bcd138.cases.services.opening import CaseInput, case_open

    case_open(
        by=personas.province_officer,
        data=CaseInput(
            number=f"{clause}{occurred:%m%d}/VA",
            title="Trộm cắp tài sản",
            investigating_body=world.police,
            procuracy=world.procuracy,
            occurred_on=occurred,
            place=world.commune_a,
            instituted_on=occurred,
            reference="1/QĐ",
            charges=[ChargeInput("173", clause)],
        ),
    )


def test_the_cases_criterion_is_suggested_from_the_cases(
    world: World, personas: Personas
) -> None:
    by = personas.commune_a_officer
    rec = register(by, world.commune_a)
    _case(world, personas, 1, D(2025, 8, 1))  # less serious: does not count
    _case(world, personas, 2, D(2025, 11, 5))  # serious, after the period
    assert safety.recognition_suggestions(rec)["4.4b"].met is True
    _case(world, personas, 2, D(2025, 9, 1))  # serious, in the period
    suggestion = safety.recognition_suggestions(rec)["4.4b"]
    assert suggestion.met is False
    assert "1" in suggestion.reason
    # The suggestion is kept beside the officer's answer, who may differ.
    safety.recognition_answer(
        rec, by=by, answers=[safety.AnswerInput("4.4b", True, "xử lý kịp thời")]
    )
    answer = CriterionAnswer.objects.get(code="4.4b")
    assert answer.met is True
    assert answer.suggested is False


def test_model_and_units_criteria_are_suggested_for_a_commune(
    world: World, mv: Movement
) -> None:
    whole = register(mv.standing, world.commune_a, kind=UnitKind.COMMUNE, name="")
    suggestions = safety.recognition_suggestions(whole)
    assert suggestions["5.2"].met is False
    assert suggestions["5.5"].met is False
    make_model(mv.standing, [mv.legacy_a], started_on=D(2025, 2, 1))
    area = register(mv.standing, world.commune_a)
    answer_all(area, mv.standing)
    decide(area, mv.standing)
    suggestions = safety.recognition_suggestions(whole)
    assert suggestions["5.2"].met is True
    assert suggestions["5.5"].met is True
    rows = safety.recognition_checklist(whole)
    assert rows[1].suggestion is not None
    assert rows[1].criterion.code == "5.2"


def test_certificate_of_a_recognised_unit(world: World, personas: Personas) -> None:
    from docx import Document

    by = personas.commune_a_officer
    rec = register(by, world.commune_a)
    with pytest.raises(DomainError):
        recognition_certificate(rec, by=by)
    answer_all(rec, by)
    decide(rec, by)
    data = recognition_certificate(rec, by=by)
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "Tổ dân phố 5" in text
    assert "An toàn về an ninh, trật tự" in text

"""Correcting a recognition's decision đạt / chưa đạt (TT 124/2021): by the same
competent body, with a reason, within the rules of the decision; the earlier
decision kept in the history; audited; page and API."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from bcd138.core.errors import DomainError
from bcd138.core.models import AuditEntry
from bcd138.movement.models import (
    AuthorityLevel,
    RecognitionCorrection,
    Result,
    SafetyRecognition,
    UnitKind,
)
from bcd138.movement.services import safety
from bcd138.movement.services.safety_corrections import recognition_correct
from tests.conftest import Personas, World, client_for, english
from tests.movement.conftest import D, Movement
from tests.movement.test_safety import answer_all, decide, register

REASON = "Nhập nhầm kết quả: Quyết định số 45/QĐ-UBND công nhận đạt."


def wrongly_not_met(world: World, personas: Personas) -> SafetyRecognition:
    """Every criterion met, but recorded as "chưa đạt" by mistake."""
    by = personas.commune_a_officer
    rec = register(by, world.commune_a)
    answer_all(rec, by)
    decide(rec, by, result=Result.NOT_MET)
    rec.refresh_from_db()
    return rec


def correct(rec: SafetyRecognition, by: Any, **changes: Any) -> RecognitionCorrection:
    values: dict[str, Any] = {
        "result": Result.MET,
        "decision_ref": "46/QĐ-UBND",
        "decided_on": D(2025, 11, 12),
        "reason": REASON,
    }
    values.update(changes)
    return recognition_correct(rec, by=by, **values)


def test_a_wrong_result_is_corrected_and_the_earlier_decision_kept(
    world: World, personas: Personas
) -> None:
    rec = wrongly_not_met(world, personas)
    correction = correct(rec, personas.commune_a_officer)
    rec.refresh_from_db()
    assert (rec.result, rec.decision_ref, rec.decided_on) == (
        Result.MET,
        "46/QĐ-UBND",
        D(2025, 11, 12),
    )
    assert rec.decided_by_level == AuthorityLevel.COMMUNE
    assert (
        correction.previous_result,
        correction.previous_decision_ref,
        correction.previous_decided_on,
    ) == (Result.NOT_MET, "45/QĐ-UBND", D(2025, 11, 10))
    assert correction.previous_decided_by_name == "Ủy ban nhân dân phường Tam Kỳ"
    assert correction.decided_by_name == rec.decided_by_name
    assert correction.corrected_by == personas.commune_a_officer
    entry = AuditEntry.objects.get(action="movement.safety_correct")
    assert entry.reason == REASON
    assert entry.changes["result"] == [Result.NOT_MET, Result.MET]
    # A second correction is kept after the first.
    correct(
        rec, personas.commune_a_officer, result=Result.NOT_MET, decision_ref="47/QĐ"
    )
    assert list(rec.corrections.values_list("previous_decision_ref", flat=True)) == [
        "45/QĐ-UBND",
        "46/QĐ-UBND",
    ]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"reason": "  "}, "required"),
        ({"decision_ref": ""}, "required"),
        ({"decided_on": D(2025, 11, 9)}, "dates_order"),
        ({"decided_on": D(2025, 12, 1)}, "decision_window"),
        ({"result": "maybe"}, "result"),
        (
            {"result": Result.NOT_MET, "decision_ref": "45/QĐ-UBND"},
            "correction_unchanged",
        ),
    ],
)
def test_a_correction_breaking_a_rule_changes_nothing(
    world: World, personas: Personas, changes: dict[str, Any], code: str
) -> None:
    rec = wrongly_not_met(world, personas)
    with pytest.raises(DomainError) as error:
        correct(rec, personas.commune_a_officer, **changes)
    assert error.value.code == code
    rec.refresh_from_db()
    assert (rec.result, rec.decision_ref) == (Result.NOT_MET, "45/QĐ-UBND")
    assert not RecognitionCorrection.objects.exists()
    assert not AuditEntry.objects.filter(action="movement.safety_correct").exists()


def test_recognised_only_when_every_criterion_is_met_after_a_correction_too(
    world: World, personas: Personas
) -> None:
    by = personas.commune_a_officer
    rec = register(by, world.commune_a)
    answer_all(rec, by)
    safety.recognition_answer(rec, by=by, answers=[safety.AnswerInput("4.4d", False)])
    decide(rec, by, result=Result.NOT_MET)
    with pytest.raises(DomainError) as error:
        correct(rec, by)
    assert error.value.code == "checklist_not_met"


def test_an_undecided_recognition_has_nothing_to_correct(
    world: World, personas: Personas
) -> None:
    rec = register(personas.commune_a_officer, world.commune_a)
    with pytest.raises(DomainError) as error:
        correct(rec, personas.commune_a_officer)
    assert error.value.code == "not_decided"


def test_only_who_records_the_bodys_decisions_corrects_them(
    world: World, personas: Personas, mv: Movement
) -> None:
    rec = wrongly_not_met(world, personas)
    with pytest.raises(PermissionDenied):
        correct(rec, mv.leader)
    with pytest.raises(PermissionDenied):
        correct(rec, personas.commune_b_officer)
    # The provincial committee's decision on a commune: the standing office only.
    commune = register(mv.standing, world.commune_a, kind=UnitKind.COMMUNE, name="")
    answer_all(commune, mv.standing)
    decide(
        commune,
        mv.standing,
        result=Result.NOT_MET,
        level=AuthorityLevel.PROVINCE,
        decided_on=D(2025, 11, 18),
    )
    with pytest.raises(DomainError) as error:
        correct(commune, personas.commune_a_officer, decided_on=D(2025, 11, 19))
    assert error.value.code == "forbidden"
    correct(commune, mv.standing, decided_on=D(2025, 11, 19))
    commune.refresh_from_db()
    assert commune.result == Result.MET
    assert commune.decided_by_level == AuthorityLevel.PROVINCE


def test_corrections_are_never_changed_or_deleted(
    world: World, personas: Personas
) -> None:
    correction = correct(wrongly_not_met(world, personas), personas.commune_a_officer)
    correction.reason = "khác"
    with pytest.raises(ValueError, match="never changed"):
        correction.save()
    with pytest.raises(ValueError, match="never deleted"):
        correction.delete()


def test_the_page_corrects_and_shows_the_history(
    world: World, personas: Personas
) -> None:
    rec = wrongly_not_met(world, personas)
    client = english(personas.commune_a_officer)
    page = client.get(reverse("movement:recognition", args=[rec.pk]))
    assert 'id="step-correct"' in page.content.decode()
    url = reverse("movement:recognition_correct", args=[rec.pk])
    refused = client.post(
        url,
        {
            "result": "met",
            "decision_ref": "46/QĐ-UBND",
            "decided_on": "2025-11-12",
            "reason": "",
        },
    )
    assert refused.status_code == 400
    html = refused.content.decode()
    assert 'class="collapse show" id="step-correct"' in html
    assert 'value="46/QĐ-UBND"' in html
    # The missing reason is said under its field, not in an empty alert.
    assert "This field is required." in html
    assert 'data-testid="step-error"' not in html
    assert not RecognitionCorrection.objects.exists()
    done = client.post(
        url,
        {
            "result": "met",
            "decision_ref": "46/QĐ-UBND",
            "decided_on": "2025-11-12",
            "reason": REASON,
        },
    )
    assert done.status_code == 302
    html = client.get(reverse("movement:recognition", args=[rec.pk])).content.decode()
    assert 'data-testid="corrections"' in html
    assert "45/QĐ-UBND" in html
    assert "46/QĐ-UBND" in html
    assert REASON in html
    assert reverse("movement:recognition_certificate", args=[rec.pk]) in html


def test_who_may_not_correct_gets_no_form_and_a_refusal(
    world: World, personas: Personas, mv: Movement
) -> None:
    rec = wrongly_not_met(world, personas)
    url = reverse("movement:recognition_correct", args=[rec.pk])
    page = client_for(mv.leader).get(reverse("movement:recognition", args=[rec.pk]))
    assert page.status_code == 200
    assert 'id="step-correct"' not in page.content.decode()
    body = {"result": "met", "decision_ref": "46", "decided_on": "2025-11-12"}
    assert (
        client_for(mv.leader).post(url, {**body, "reason": REASON}).status_code == 403
    )
    other = client_for(personas.commune_b_officer)
    assert other.post(url, {**body, "reason": REASON}).status_code == 404
    assert not RecognitionCorrection.objects.exists()


def test_the_api_corrects_with_the_same_rules(
    world: World, personas: Personas, mv: Movement
) -> None:
    rec = wrongly_not_met(world, personas)
    url = f"/api/v1/movement/safety/{rec.pk}/correction"
    body = {"result": "met", "decision_ref": "46/QĐ-UBND", "decided_on": "2025-11-12"}
    client = client_for(personas.commune_a_officer)
    missing = client.post(url, {**body, "reason": ""}, content_type="application/json")
    assert missing.status_code == 400
    assert missing.json()["code"] == "required"
    leader = client_for(mv.leader)
    denied = leader.post(
        url, {**body, "reason": REASON}, content_type="application/json"
    )
    assert denied.status_code == 403
    done = client.post(url, {**body, "reason": REASON}, content_type="application/json")
    assert done.status_code == 200, done.content
    data = done.json()
    assert data["result"] == "met"
    assert data["decision_ref"] == "46/QĐ-UBND"
    assert [c["previous_result"] for c in data["corrections"]] == ["not_met"]
    assert data["corrections"][0]["reason"] == REASON
    detail = client.get(f"/api/v1/movement/safety/{rec.pk}").json()
    assert len(detail["corrections"]) == 1

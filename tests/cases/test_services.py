"""The case services: who may act, what the law refuses, what is derived."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection

from bcd138.cases.models import Accused, Case, CaseEvent, EventKind, Holder
from bcd138.cases.services.access import case_get_for, cases_visible_to
from bcd138.cases.services.charges import ChargeInput
from bcd138.cases.services.opening import case_open_from_report
from bcd138.cases.services.people import case_identities_reveal
from bcd138.cases.services.queries import CaseFilters, cases_list, unit_overdue
from bcd138.cases.services.steps import (
    StepInput,
    allowed_steps,
    case_appeal,
    case_change_charges,
    case_charge_accused,
    case_correct,
    case_step,
)
from bcd138.core.errors import DomainError
from bcd138.core.models import AuditEntry
from bcd138.intake.models import State
from tests.cases.conftest import Justice, case_input, open_case
from tests.conftest import Personas, World
from tests.intake.conftest import file_report

D = datetime.date
K = EventKind
NOW = "2026-11-27 09:00 +07:00"
CHARGED_ON = D(2026, 1, 20)
SENT_ON = D(2026, 3, 1)

pytestmark = pytest.mark.usefixtures("_frozen")


@pytest.fixture
def _frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def step(kind: str, on: D, **kw: Any) -> StepInput:
    return StepInput(kind=kind, on=on, reference=kw.pop("reference", "1/QĐ"), **kw)


def charge(
    case: Case,
    by: Any,
    on: D = CHARGED_ON,
    name: str = "Nguyễn Văn An",
    charges: tuple[tuple[str, int], ...] = (("173", 1),),
) -> Accused:
    return case_charge_accused(
        case,
        by=by,
        identity={"full_name": name, "birth_date": "1990-02-03"},
        charges=[ChargeInput(a, c) for a, c in charges],
        step=step(K.ACCUSED_CHARGED, on),
    )


def to_procuracy(case: Case, j: Justice, vks: Any, on: D = SENT_ON) -> None:
    case_step(case, by=j.investigator, step=step(K.INVESTIGATION_CONCLUDED, on))
    case_step(
        case, by=j.investigator, step=StepInput(kind=K.FILE_SENT_TO_PROCURACY, on=on)
    )
    case_step(case, by=vks, step=StepInput(kind=K.FILE_RECEIVED_BY_PROCURACY, on=on))


# --- who sees -------------------------------------------------------------------


def test_each_persona_sees_exactly_its_cases(
    world: World, justice: Justice, personas: Personas
) -> None:
    in_a = open_case(world, justice.investigator)
    in_b = open_case(
        world, justice.investigator, number="02/2026/VA", place=world.commune_b
    )

    def seen(user: Any) -> set[int]:
        return set(cases_visible_to(user).values_list("pk", flat=True))

    both = {in_a.pk, in_b.pk}
    assert seen(justice.investigator) == both
    assert seen(personas.procuracy_liaison) == both  # supervises from institution
    assert seen(justice.standing_office) == both
    assert seen(personas.commune_a_officer) == {in_a.pk}  # started in its commune
    assert seen(personas.commune_b_officer) == {in_b.pk}
    assert seen(justice.court_liaison) == set()  # not before the hand-over
    assert seen(personas.department_member) == set()
    assert seen(personas.auditor) == set()


def test_the_court_sees_the_case_from_the_hand_over(
    world: World, justice: Justice, personas: Personas
) -> None:
    case = open_case(world, justice.investigator)
    charge(case, justice.investigator)
    to_procuracy(case, justice, personas.procuracy_liaison)
    vks = personas.procuracy_liaison
    case_step(case, by=vks, step=step(K.INDICTED, D(2026, 3, 10)))
    assert not cases_visible_to(justice.court_liaison).exists()
    case_step(
        case,
        by=vks,
        step=StepInput(
            kind=K.FILE_SENT_TO_COURT, on=D(2026, 3, 11), to_agency=justice.court
        ),
    )
    assert list(cases_visible_to(justice.court_liaison)) == [case]
    case.refresh_from_db()
    assert allowed_steps(case, justice.court_liaison) == [K.FILE_RECEIVED_BY_COURT]


def test_another_unit_gets_404_and_the_attempt_is_audited(
    world: World, justice: Justice, personas: Personas
) -> None:
    case = open_case(world, justice.investigator)
    from django.http import Http404

    with pytest.raises(Http404):
        case_get_for(user=personas.commune_b_officer, pk=case.pk)
    assert AuditEntry.objects.filter(action="access.denied").exists()


# --- protected data -------------------------------------------------------------


def test_accused_identity_is_encrypted_at_rest(world: World, justice: Justice) -> None:
    case = open_case(world, justice.investigator)
    accused = charge(case, justice.investigator, name="Trần Thị Bích")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT token, name_index FROM cases_accused WHERE id = %s", [accused.pk]
        )
        token, index = cursor.fetchone()
    assert "Bích" not in token
    assert "Bich" not in token
    assert "bich" not in index


def test_reveal_needs_a_role_and_a_reason_and_is_audited(
    world: World, justice: Justice, personas: Personas
) -> None:
    case = open_case(world, justice.investigator)
    charge(case, justice.investigator, name="Trần Thị Bích")
    with pytest.raises(DomainError) as err:
        case_identities_reveal(
            case, by=personas.commune_a_officer, reason="tra cứu hồ sơ"
        )
    assert err.value.status == 403
    assert AuditEntry.objects.filter(action="case.identity_refused").count() == 1
    with pytest.raises(DomainError) as err:
        case_identities_reveal(case, by=personas.procuracy_liaison, reason=" ")
    assert err.value.code == "reason"
    shown = case_identities_reveal(
        case, by=personas.procuracy_liaison, reason="Kiểm sát điều tra"
    )
    assert [a["full_name"] for a in shown["accused"].values()] == ["Trần Thị Bích"]
    entry = AuditEntry.objects.get(action="case.identity_reveal")
    assert entry.reason == "Kiểm sát điều tra"
    assert "Bích" not in str(entry.changes)


def test_search_by_name_ignores_case_and_diacritics_but_not_for_commune_police(
    world: World, justice: Justice, personas: Personas
) -> None:
    case = open_case(world, justice.investigator)
    charge(case, justice.investigator, name="Trần Thị Bích")
    open_case(world, justice.investigator, number="09/2026/VA")
    found = cases_list(
        user=personas.procuracy_liaison, filters=CaseFilters(name="tran thi  BICH")
    )
    assert list(found) == [case]
    assert not cases_list(
        user=personas.procuracy_liaison, filters=CaseFilters(name="Trần Thị")
    ).exists()
    assert AuditEntry.objects.filter(action="case.name_search").count() == 2
    # Commune A sees the case, but not whose it is: the name finds nothing there.
    assert cases_list(user=personas.commune_a_officer).exists()
    restricted = cases_list(
        user=personas.commune_a_officer, filters=CaseFilters(name="Trần Thị Bích")
    )
    assert not restricted.exists()
    with pytest.raises(DomainError) as err:
        cases_list(
            user=personas.department_member, filters=CaseFilters(name="Trần Thị Bích")
        )
    assert err.value.code == "name_search_forbidden"


# --- the law's refusals: nothing changes -----------------------------------------


def _snapshot(case: Case) -> tuple[Any, ...]:
    case.refresh_from_db()
    return (
        case.events.count(),
        case.charges.count(),
        case.accused.count(),
        case.stage,
        case.deadline,
        case.category,
    )


@pytest.mark.parametrize(
    ("build", "code"),
    [
        # a clause that does not exist in the article
        (
            lambda c, j, p: charge(c, j.investigator, charges=(("173", 9),)),
            "law_clause_unknown",
        ),
        # an article the code does not have
        (
            lambda c, j, p: charge(c, j.investigator, charges=(("999", 1),)),
            "law_article_unknown",
        ),
        # a date before the previous event
        (
            lambda c, j, p: charge(c, j.investigator, on=D(2026, 1, 2)),
            "law_out_of_order",
        ),
        # a date in the future
        (lambda c, j, p: charge(c, j.investigator, on=D(2026, 12, 2)), "date"),
        # a conclusion without an accused
        (
            lambda c, j, p: case_step(
                c,
                by=j.investigator,
                step=step(K.INVESTIGATION_CONCLUDED, D(2026, 2, 1)),
            ),
            "no_accused",
        ),
        # an extension beyond the step's maximum (less serious: ≤ 2 months)
        (
            lambda c, j, p: case_step(
                c,
                by=p.procuracy_liaison,
                step=step(
                    K.INVESTIGATION_EXTENDED,
                    D(2026, 2, 20),
                    until=D(2026, 6, 1),
                    requested_on=D(2026, 2, 10),
                ),
            ),
            "law_investigation_extension_step_too_long",
        ),
        # a request that reached the procuracy less than 10 days before expiry
        (
            lambda c, j, p: case_step(
                c,
                by=p.procuracy_liaison,
                step=step(
                    K.INVESTIGATION_EXTENDED,
                    D(2026, 3, 5),
                    until=D(2026, 5, 12),
                    requested_on=D(2026, 3, 5),
                ),
            ),
            "request_too_late",
        ),
        # a decision without its document number
        (
            lambda c, j, p: case_step(
                c,
                by=j.investigator,
                step=StepInput(kind=K.INVESTIGATION_SUSPENDED, on=D(2026, 2, 1)),
            ),
            "reference",
        ),
        # the indictment before the file reached the procuracy
        (
            lambda c, j, p: case_step(
                c, by=p.procuracy_liaison, step=step(K.INDICTED, D(2026, 2, 1))
            ),
            "not_holder",
        ),
        # the received-back step with no return pending
        (
            lambda c, j, p: case_step(
                c,
                by=j.investigator,
                step=StepInput(
                    kind=K.RETURNED_FOR_SUPPLEMENTARY_INVESTIGATION, on=D(2026, 2, 1)
                ),
            ),
            "no_return_pending",
        ),
        # sending the file to a court that is not a court
        (
            lambda c, j, p: case_step(
                c,
                by=j.investigator,
                step=StepInput(
                    kind=K.FILE_SENT_TO_COURT, on=D(2026, 2, 1), to_agency=c.procuracy
                ),
            ),
            "to_agency",
        ),
    ],
)
def test_a_step_the_law_refuses_changes_nothing(
    world: World, justice: Justice, personas: Personas, build: Any, code: str
) -> None:
    case = open_case(world, justice.investigator)
    before = _snapshot(case)
    with pytest.raises(DomainError) as err:
        build(case, justice, personas)
    assert err.value.code == code
    assert _snapshot(case) == before


def test_a_second_procuracy_extension_is_refused(
    world: World, justice: Justice, personas: Personas
) -> None:
    case = open_case(world, justice.investigator)
    charge(case, justice.investigator)
    vks = personas.procuracy_liaison
    to_procuracy(case, justice, vks)
    case.refresh_from_db()
    assert case.deadline == D(2026, 3, 23)  # 20 days from 01/03 = 21/03 (Sat) → 23/03
    case_step(
        case,
        by=vks,
        step=step(K.PROSECUTION_EXTENDED, D(2026, 3, 10), until=D(2026, 3, 31)),
    )
    with pytest.raises(DomainError) as err:
        case_step(
            case,
            by=vks,
            step=step(K.PROSECUTION_EXTENDED, D(2026, 3, 12), until=D(2026, 3, 31)),
        )
    assert err.value.code == "law_stage_extension_twice"


def test_a_user_with_no_side_cannot_act(world: World, justice: Justice) -> None:
    case = open_case(world, justice.investigator)
    with pytest.raises(PermissionDenied):
        case_step(
            case,
            by=justice.standing_office,
            step=step(K.INVESTIGATION_SUSPENDED, D(2026, 2, 1)),
        )


def test_commune_police_of_another_unit_cannot_open_for_the_province(
    world: World, personas: Personas
) -> None:
    with pytest.raises(PermissionDenied):
        open_case(world, personas.commune_a_officer)


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"number": " "}, "number"),
        ({"reference": ""}, "reference"),
        ({"instituted_on": D(2026, 1, 1)}, "instituted_on"),
        ({"occurred_on": D(2026, 12, 1)}, "date"),
        ({"charges": []}, "charges"),
        ({"charges": [ChargeInput("173", 1), ChargeInput("173", 1)]}, "charges"),
        ({"charges": [ChargeInput("122", 1)]}, "law_brackets_unknown"),
        (
            {"occurred_on": D(2017, 5, 1), "instituted_on": D(2017, 6, 1)},
            "law_catalogue_before_2018",
        ),
    ],
)
def test_opening_refuses_bad_input(
    world: World, justice: Justice, overrides: dict[str, Any], code: str
) -> None:
    with pytest.raises(DomainError) as err:
        open_case(world, justice.investigator, **overrides)
    assert err.value.code == code
    assert not Case.objects.exists()


def test_a_case_number_is_unique_per_investigating_body(
    world: World, justice: Justice
) -> None:
    open_case(world, justice.investigator)
    with pytest.raises(DomainError) as err:
        open_case(world, justice.investigator)
    assert err.value.code == "number_taken"
    assert Case.objects.count() == 1


def test_the_place_must_lie_in_the_bodys_province(
    world: World, justice: Justice
) -> None:
    from bcd138.places.models import Place

    hanoi_ward = (
        Place.objects.current()
        .communes()
        .exclude(current_province=world.province)
        .first()
    )
    with pytest.raises(DomainError) as err:
        open_case(world, justice.investigator, place=hanoi_ward)
    assert err.value.code == "place"


def test_a_legacy_place_counts_under_todays_commune(
    world: World, justice: Justice, personas: Personas
) -> None:
    from bcd138.places.models import Place

    legacy = (
        Place.objects.filter(current_commune=world.commune_a)
        .exclude(pk=world.commune_a.pk)
        .filter(level="commune")
        .first()
    )
    assert legacy is not None
    case = open_case(
        world,
        justice.investigator,
        place=legacy,
        occurred_on=D(2024, 5, 1),
        instituted_on=D(2024, 5, 10),
    )
    assert case.code_version <= D(2024, 5, 1)
    assert list(cases_visible_to(personas.commune_a_officer)) == [case]
    assert list(
        cases_list(
            user=justice.standing_office,
            filters=CaseFilters(commune=world.commune_a, stage="all"),
        )
    ) == [case]


# --- derived state --------------------------------------------------------------


def test_changing_charges_recomputes_the_category_and_the_limit(
    world: World, justice: Justice
) -> None:
    case = open_case(world, justice.investigator)
    accused = charge(case, justice.investigator)
    case.refresh_from_db()
    assert (case.category, case.deadline) == ("less_serious", D(2026, 3, 12))
    case_change_charges(
        case,
        by=justice.investigator,
        accused=accused,
        charges=[ChargeInput("173", 3)],  # 7–15 years: very serious
        step=step(K.CHARGES_CHANGED, D(2026, 2, 1)),
    )
    case.refresh_from_db()
    assert (case.category, case.deadline) == ("very_serious", D(2026, 5, 12))
    assert accused.charges.filter(ended_by__isnull=True).get().clause == 3
    assert accused.charges.filter(ended_by__isnull=False).get().clause == 1
    with pytest.raises(DomainError) as err:
        case_change_charges(
            case,
            by=justice.investigator,
            accused=accused,
            charges=[ChargeInput("173", 3)],
            step=step(K.CHARGES_CHANGED, D(2026, 2, 2)),
        )
    assert err.value.code == "charges"


def test_social_order_follows_the_chapter(
    world: World, justice: Justice, settings: Any
) -> None:
    theft = open_case(world, justice.investigator)
    assert theft.social_order  # chapter XVI (property) counts by default
    settings.BCD138_SOCIAL_ORDER_CHAPTERS = ["XIV"]
    other = open_case(world, justice.investigator, number="03/2026/VA")
    assert not other.social_order


def test_solved_rule_is_configurable(
    world: World, justice: Justice, personas: Personas, settings: Any
) -> None:
    settings.BCD138_CASE_SOLVED_RULE = "investigation_concluded"
    case = open_case(world, justice.investigator)
    charge(case, justice.investigator)
    case.refresh_from_db()
    assert not case.solved
    case_step(
        case,
        by=justice.investigator,
        step=step(K.INVESTIGATION_CONCLUDED, D(2026, 2, 1)),
    )
    case.refresh_from_db()
    assert case.solved_on == D(2026, 2, 1)


def test_a_return_is_a_hand_off_pair_and_restarts_the_police_clock(
    world: World, justice: Justice, personas: Personas
) -> None:
    case = open_case(world, justice.investigator)
    charge(case, justice.investigator)
    vks = personas.procuracy_liaison
    to_procuracy(case, justice, vks)
    case_step(case, by=vks, step=step(K.RETURN_SENT, D(2026, 3, 10)))
    case.refresh_from_db()
    assert (case.phase, case.holder, case.deadline) == (
        "in_transit",
        Holder.PROCURACY,
        None,
    )
    with pytest.raises(DomainError) as err:
        case_step(case, by=vks, step=step(K.INDICTED, D(2026, 3, 11)))
    assert err.value.code == "return_pending"
    case_step(
        case,
        by=justice.investigator,
        step=StepInput(
            kind=K.RETURNED_FOR_SUPPLEMENTARY_INVESTIGATION, on=D(2026, 3, 12)
        ),
    )
    case.refresh_from_db()
    assert (case.stage, case.holder) == ("investigation", Holder.POLICE)
    assert case.deadline == D(
        2026, 5, 12
    )  # 2 months, supplementary (UNCONFIRMED default)


def test_overdue_list_of_a_unit(world: World, justice: Justice) -> None:
    late = open_case(world, justice.investigator)  # limit 12/03/2026, long past
    assert list(unit_overdue(agency=world.police)) == [late]
    assert list(unit_overdue(agency=world.police_a)) == []


def test_correction_and_appeal_are_appended_with_their_reason(
    world: World, justice: Justice, personas: Personas
) -> None:
    case = open_case(world, justice.investigator)
    first = case.events.get()
    with pytest.raises(DomainError):
        case_appeal(
            case,
            by=justice.investigator,
            step=step(K.APPEALED, D(2026, 2, 1), reason="x"),
        )
    fix = case_correct(
        case,
        by=justice.investigator,
        corrects=first,
        reason="Số quyết định đúng là 13/QĐ",
    )
    assert fix.corrects == first
    assert CaseEvent.objects.filter(case=case).count() == 2
    with pytest.raises(RuntimeError):
        first.delete()


def test_opening_from_a_report_decides_it_and_links_both(
    world: World, personas: Personas
) -> None:
    from bcd138.agencies.models import Role
    from tests.conftest import make_user

    head_a = make_user("truong.a", Role.UNIT_HEAD, world.police_a, world.commune_a)
    report = file_report(
        world,
        personas.commune_a_officer,
        received_at=datetime.datetime(2025, 12, 21, 9, tzinfo=datetime.UTC),
    )
    data = case_input(
        world,
        investigating_body=world.police_a,
        occurred_on=D(2025, 12, 20),
        instituted_on=D(2026, 1, 2),
    )
    case = case_open_from_report(report, by=head_a, data=data)
    report.refresh_from_db()
    assert report.state == State.INSTITUTED
    assert case.report == report
    with pytest.raises(DomainError) as err:
        case_open_from_report(
            report,
            by=head_a,
            data=case_input(world, number="2", investigating_body=world.police_a),
        )
    assert err.value.code == "report_state"


def test_holding_agency_choices_are_the_bodies_of_the_users_province(
    world: World, justice: Justice, personas: Personas
) -> None:
    from bcd138.cases.services.queries import holding_agency_choices

    expected = {world.police, world.police_a, world.police_b, world.procuracy}
    expected.add(justice.court)
    # No case yet: the choices do not come from the cases.
    assert set(holding_agency_choices(personas.commune_a_officer)) == expected
    assert world.department not in set(holding_agency_choices(justice.standing_office))
    assert not holding_agency_choices(personas.no_role).exists()

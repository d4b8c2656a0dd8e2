"""The officers' pages for criminal cases: who sees what, the steps, the search."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils.translation import override

from bcd138.agencies.models import Role
from bcd138.cases.models import Case, EventKind
from bcd138.cases.services.charges import ChargeInput
from bcd138.cases.services.steps import StepInput, case_charge_accused, case_step
from bcd138.core.models import AuditEntry
from bcd138.intake.models import State
from tests.cases.conftest import Justice, open_case
from tests.conftest import Personas, World, client_for, make_user

pytestmark = pytest.mark.django_db

D = datetime.date
K = EventKind
TODAY = "2026-02-02 09:00 +07:00"
EN = {"django_language": "en"}


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def case(world: World, justice: Justice) -> Case:
    return open_case(world, justice.investigator)


def _en(user: Any) -> Any:
    client = client_for(user)
    client.cookies["django_language"] = "en"
    return client


def _step(kind: str, on: D, **kw: Any) -> StepInput:
    return StepInput(kind=kind, on=on, reference=kw.pop("reference", "1/QĐ"), **kw)


def _charge(case: Case, by: Any, name: str = "Nguyễn Văn An") -> None:
    case_charge_accused(
        case,
        by=by,
        identity={"full_name": name},
        charges=[ChargeInput("173", 1)],
        step=_step(K.ACCUSED_CHARGED, D(2026, 1, 14)),
    )


def _to_court(case: Case, justice: Justice, personas: Personas) -> None:
    j, v = justice, personas.procuracy_liaison
    _charge(case, j.investigator)
    case_step(
        case, by=j.investigator, step=_step(K.INVESTIGATION_CONCLUDED, D(2026, 1, 15))
    )
    case_step(
        case,
        by=j.investigator,
        step=StepInput(kind=K.FILE_SENT_TO_PROCURACY, on=D(2026, 1, 16)),
    )
    case_step(
        case, by=v, step=StepInput(kind=K.FILE_RECEIVED_BY_PROCURACY, on=D(2026, 1, 19))
    )
    case_step(case, by=v, step=_step(K.INDICTED, D(2026, 1, 20)))
    case_step(
        case,
        by=v,
        step=StepInput(kind=K.FILE_SENT_TO_COURT, on=D(2026, 1, 21), to_agency=j.court),
    )


def _listed(user: Any, case: Case, **params: str) -> bool:
    response = client_for(user).get(reverse("cases:list"), params)
    assert response.status_code == 200
    return case.number in response.text


# ---------------------------------------------------------------------------
# The list


def test_list_shows_each_persona_only_the_cases_it_may_see(
    world: World, justice: Justice, personas: Personas, case: Case
) -> None:
    assert _listed(justice.investigator, case)
    assert _listed(personas.procuracy_liaison, case)
    assert _listed(justice.standing_office, case)
    assert _listed(personas.commune_a_officer, case)  # it happened in commune A
    assert not _listed(personas.commune_b_officer, case)
    assert not _listed(justice.court_liaison, case)
    _to_court(case, justice, personas)
    assert _listed(justice.court_liaison, case)


def test_list_refuses_roles_without_cases(personas: Personas) -> None:
    assert client_for(personas.department_member).get("/cases/").status_code == 403
    assert client_for(personas.auditor).get("/cases/").status_code == 403
    assert client_for(None).get("/cases/").status_code == 302


def test_list_filters_by_due_category_and_article(
    world: World, justice: Justice, case: Case
) -> None:
    other = open_case(
        world,
        justice.investigator,
        number="02/2026/VA",
        title="Cố ý gây thương tích ở chợ",
        instituted_on=D(2026, 1, 30),
        charges=[ChargeInput("134", 2)],
    )
    user = justice.investigator
    with time_machine.travel("2026-03-20 09:00 +07:00", tick=False):
        # 173.1 is less serious: its two months ended on 12/03.
        assert _listed(user, case, due="overdue")
        assert not _listed(user, other, due="overdue")
    assert _listed(user, other, category=other.category)
    assert not _listed(user, case, category=other.category)
    assert _listed(user, case, q="Điều 173")
    assert not _listed(user, other, q="173")
    assert _listed(user, other, q="thương tích")


def test_list_searches_by_accused_name_for_roles_that_may(
    justice: Justice, personas: Personas, case: Case
) -> None:
    _charge(case, justice.investigator, name="Trần Thị Bình")
    assert _listed(justice.investigator, case, name="tran thi binh")
    response = client_for(justice.investigator).get("/cases/", {"name": "Lê Văn C"})
    assert case.number not in response.text
    assert AuditEntry.objects.filter(action="case.name_search").count() == 2


def test_list_pins_its_query_count(
    world: World,
    justice: Justice,
    case: Case,
    django_assert_max_num_queries: Any,
) -> None:
    for n in range(2, 8):
        open_case(world, justice.investigator, number=f"{n:02}/2026/VA")
    client = client_for(justice.investigator)
    with django_assert_max_num_queries(10):
        response = client.get("/cases/", {"stage": "all"})
    assert response.content.count(b"/2026/VA</a>") == 7


def test_list_answers_htmx_with_the_results_only(justice: Justice, case: Case) -> None:
    response = client_for(justice.investigator).get(
        "/cases/", {"q": case.number}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert case.number in response.text


# ---------------------------------------------------------------------------
# The case page and the identities


def test_case_page_hides_names_and_the_reveal_from_commune_police(
    justice: Justice, personas: Personas, case: Case
) -> None:
    _charge(case, justice.investigator)
    response = _en(personas.commune_a_officer).get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    assert "Nguyễn Văn An" not in response.text
    assert "Accused 1" in response.text
    assert 'data-testid="reveal"' not in response.text
    assert response.context["actions"] == []


def test_case_page_of_another_commune_is_404_and_audited(
    personas: Personas, case: Case
) -> None:
    client = client_for(personas.commune_b_officer)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert AuditEntry.objects.filter(
        action="access.denied", actor=personas.commune_b_officer
    ).exists()


def test_case_page_shows_charges_timeline_and_the_holders_steps(
    justice: Justice, case: Case
) -> None:
    response = _en(justice.investigator).get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    assert "Tội trộm cắp tài sản" in response.text
    assert "12/03/2026" in response.text  # the investigation limit
    kinds = [a["kind"] for a in response.context["actions"]]
    assert K.ACCUSED_CHARGED in kinds
    assert K.INDICTED not in kinds
    assert 'data-testid="reveal"' in response.text


def test_case_page_pins_its_query_count(
    justice: Justice,
    personas: Personas,
    case: Case,
    django_assert_max_num_queries: Any,
) -> None:
    _to_court(case, justice, personas)
    client = client_for(justice.court_liaison)  # the receiver: forms to render
    with django_assert_max_num_queries(16):
        response = client.get(f"/cases/{case.pk}/")
    assert response.context["actions"]


def test_reveal_requires_a_reason_and_is_audited(justice: Justice, case: Case) -> None:
    _charge(case, justice.investigator)
    client = _en(justice.investigator)
    url = f"/cases/{case.pk}/identities/"
    assert "Nguyễn Văn An" not in client.get(url).text
    assert client.post(url).status_code == 200  # no reason at all
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200
    assert "Nguyễn Văn An" not in refused.text
    assert not AuditEntry.objects.filter(action="case.identity_reveal").exists()
    shown = client.post(url, {"reason": "Lập cáo trạng"})
    assert "Nguyễn Văn An" in shown.text
    assert shown["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(action="case.identity_reveal")
    assert entry.reason == "Lập cáo trạng"


def test_commune_police_cannot_reveal(personas: Personas, case: Case) -> None:
    client = _en(personas.commune_a_officer)
    url = f"/cases/{case.pk}/identities/"
    assert client.get(url).status_code == 403
    response = client.post(url, {"reason": "Tò mò muốn biết"})
    assert response.status_code == 403
    assert "does not allow you to see the identities" in response.text
    assert AuditEntry.objects.filter(action="case.identity_refused").exists()


# ---------------------------------------------------------------------------
# Steps


def test_step_by_a_body_not_holding_the_file_is_refused_with_the_reason(
    personas: Personas, case: Case
) -> None:
    response = _en(personas.procuracy_liaison).post(
        f"/cases/{case.pk}/act/indicted/",
        {"indicted-on": "2026-02-01", "indicted-reference": "5/CT-VKS"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "The file is with Investigating body" in response.text
    assert case.events.count() == 1


def test_step_by_commune_police_who_only_see_the_case_is_forbidden(
    personas: Personas, case: Case
) -> None:
    response = client_for(personas.commune_a_officer).post(
        f"/cases/{case.pk}/act/investigation_suspended/",
        {"investigation_suspended-on": "2026-02-01"},
    )
    assert response.status_code == 403
    assert case.events.count() == 1


def test_holder_charges_an_accused_through_the_page(
    justice: Justice, case: Case
) -> None:
    response = _en(justice.investigator).post(
        f"/cases/{case.pk}/act/accused_charged/",
        {
            "accused_charged-on": "2026-01-20",
            "accused_charged-reference": "20/QĐ-CSĐT",
            "accused_charged-full_name": "Phạm Văn Dũng",
            "article": ["171", ""],
            "clause": ["2", ""],
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Saved." in response.text
    assert "Phạm Văn Dũng" not in response.text
    case.refresh_from_db()
    assert case.solved
    assert case.category == "very_serious"


def test_invalid_step_keeps_what_was_typed(justice: Justice, case: Case) -> None:
    response = _en(justice.investigator).post(
        f"/cases/{case.pk}/act/accused_charged/",
        {
            "accused_charged-on": "2026-01-20",
            "accused_charged-reference": "20/QĐ-CSĐT",
            "accused_charged-full_name": "Phạm Văn Dũng",
            "article": "173",
            "clause": "9",
        },
    )
    assert response.status_code == 400
    assert "Phạm Văn Dũng" in response.text  # the value is kept in the form
    assert case.accused.count() == 0


def test_hand_off_to_the_court_names_the_court(
    justice: Justice, personas: Personas, case: Case
) -> None:
    _to_court(case, justice, personas)
    response = client_for(justice.court_liaison).post(
        f"/cases/{case.pk}/act/file_received_by_court/",
        {"file_received_by_court-on": "2026-01-22"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.holding_agency == justice.court


def test_changing_the_cases_own_charges_strikes_the_old_ones(
    justice: Justice, case: Case
) -> None:
    response = _en(justice.investigator).post(
        f"/cases/{case.pk}/act/charges_changed/",
        {
            "charges_changed-accused": "",
            "charges_changed-on": "2026-01-20",
            "charges_changed-reference": "21/QĐ-CSĐT",
            "article": "173",
            "clause": "2",
        },
        follow=True,
    )
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.category == "serious"
    assert "<s>" in response.text  # the replaced 173.1


def test_court_records_the_judgment_for_every_accused(
    justice: Justice, personas: Personas, case: Case
) -> None:
    _to_court(case, justice, personas)
    court = justice.court_liaison
    case_step(
        case, by=court, step=StepInput(kind=K.FILE_RECEIVED_BY_COURT, on=D(2026, 1, 22))
    )
    case_step(case, by=court, step=_step(K.BROUGHT_TO_TRIAL, D(2026, 1, 26)))
    accused = case.accused.get()
    response = _en(court).post(
        f"/cases/{case.pk}/act/judgment/",
        {
            "judgment-on": "2026-01-30",
            "judgment-reference": "15/2026/HS-ST",
            f"judgment-outcome_{accused.pk}": "convicted",
            f"judgment-sentence_{accused.pk}": "2 năm tù",
        },
        HTTP_HX_REQUEST="true",
    )
    assert "Saved." in response.text
    assert "2 năm tù" in response.text
    case.refresh_from_db()
    assert case.stage == "closed"


def test_correction_points_at_the_step_it_corrects(
    justice: Justice, case: Case
) -> None:
    first = case.events.get()
    response = client_for(justice.investigator).post(
        f"/cases/{case.pk}/act/correction/",
        {"correction-corrects": first.pk, "correction-reason": "Sai số quyết định"},
    )
    assert response.status_code == 302
    assert case.events.get(kind=K.CORRECTION).corrects == first


# ---------------------------------------------------------------------------
# Opening


def _open_post(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "investigating_body": world.police_a.pk,
        "procuracy": world.procuracy.pk,
        "number": "07/2026/VA",
        "title": "Trộm cắp xe máy tại chợ Tam Kỳ",
        "reference": "07/QĐ-CSĐT",
        "instituted_on": "2026-01-28",
        "occurred_on": "2026-01-10",
        "place": world.commune_a.pk,
        "article": ["173"],
        "clause": ["1"],
    }
    data.update(overrides)
    return data


def test_open_case_from_a_report_links_both_and_institutes_the_report(
    world: World, personas: Personas
) -> None:
    from tests.intake.conftest import file_report

    received = datetime.datetime(2026, 1, 12, 9, tzinfo=datetime.UTC)
    report = file_report(world, personas.commune_a_officer, received_at=received)
    officer_page = client_for(personas.commune_a_officer).get(f"/reports/{report.pk}/")
    # Deciding to institute is the head's (BLTTHS Điều 147); then the case opens.
    assert 'data-testid="open-case"' not in officer_page.text
    head = make_user("truong.a", Role.UNIT_HEAD, world.police_a, world.commune_a)
    client = _en(head)
    page = client.get(f"/reports/{report.pk}/")
    assert 'data-testid="open-case"' in page.text
    form = client.get("/cases/new/", {"report": report.pk})
    assert form.status_code == 200
    assert report.description[:30] in form.text
    response = client.post(f"/cases/new/?report={report.pk}", _open_post(world))
    assert response.status_code == 302, response.text
    report.refresh_from_db()
    assert report.state == State.INSTITUTED
    assert report.case.number == "07/2026/VA"
    assert 'data-testid="case-link"' in client.get(f"/reports/{report.pk}/").text


def test_open_button_is_not_offered_to_the_procuracy(
    world: World, personas: Personas
) -> None:
    from tests.intake.conftest import file_report

    report = file_report(world, personas.commune_a_officer)
    page = client_for(personas.procuracy_liaison).get(f"/reports/{report.pk}/")
    assert 'data-testid="open-case"' not in page.text
    assert client_for(personas.procuracy_liaison).get("/cases/new/").status_code == 403
    # Another police unit does not reach the commune's report at all.
    other_unit = client_for(personas.province_officer)
    assert other_unit.get(f"/cases/new/?report={report.pk}").status_code == 404


def test_open_case_shows_the_services_refusal_and_keeps_the_values(
    world: World, personas: Personas
) -> None:
    data = _open_post(world, instituted_on="2026-01-05")  # before the offence
    response = _en(personas.commune_a_officer).post("/cases/new/", data)
    assert response.status_code == 200
    assert "cannot be instituted before the offence" in response.text
    assert "Trộm cắp xe máy tại chợ Tam Kỳ" in response.text
    assert not Case.objects.exists()


def test_open_case_for_an_offence_before_the_catalogue_is_refused_cleanly(
    world: World, personas: Personas
) -> None:
    data = _open_post(world, occurred_on="2017-06-01")
    response = _en(personas.commune_a_officer).post("/cases/new/", data)
    assert response.status_code == 200
    assert 'data-testid="form-errors"' in response.text
    assert not Case.objects.exists()


def test_commune_choice_is_searchable_in_both_eras(personas: Personas) -> None:
    response = client_for(personas.province_officer).get(
        "/cases/new/places/", {"q": "Tam Ky"}
    )
    assert response.status_code == 200
    assert "Tam Kỳ" in response.text


# ---------------------------------------------------------------------------
# The Penal Code and timeliness


def test_law_search_finds_by_number_and_by_words(personas: Personas) -> None:
    client = _en(personas.department_member)
    by_number = client.get("/cases/law/", {"q": "173"})
    assert by_number.status_code == 200
    assert "Tội trộm cắp tài sản" in by_number.text
    assert "Less serious" in by_number.text
    by_words = client.get("/cases/law/", {"q": "trộm cắp"})
    assert "Tội trộm cắp tài sản" in by_words.text
    assert "Tội trộm cắp" not in client.get("/cases/law/").text  # nothing asked
    assert client_for(personas.no_role).get("/cases/law/").status_code == 403


def test_clause_helper_shows_the_title_and_derived_category(
    personas: Personas,
) -> None:
    response = _en(personas.province_officer).get(
        "/cases/law/clause/", {"article": "173", "clause": "2", "on": "2026-01-05"}
    )
    assert "Tội trộm cắp tài sản" in response.text
    assert "Serious" in response.text
    missing = _en(personas.province_officer).get(
        "/cases/law/clause/", {"article": "173", "clause": "9"}
    )
    assert "173" in missing.text
    assert "text-danger" in missing.text


def test_timeliness_counts_the_visible_cases(
    justice: Justice, personas: Personas, case: Case
) -> None:
    response = client_for(justice.investigator).get("/cases/timeliness/")
    assert response.status_code == 200
    assert response.context["timeliness"].total["cases"] == 1
    other = client_for(personas.commune_b_officer).get("/cases/timeliness/")
    assert other.context["timeliness"].total["cases"] == 0
    assert (
        client_for(personas.department_member).get("/cases/timeliness/").status_code
        == 403
    )


def test_overview_shows_the_cases_needing_attention(
    justice: Justice, case: Case
) -> None:
    with time_machine.travel("2026-03-20 09:00 +07:00", tick=False):
        response = client_for(justice.investigator).get("/")
    attention = response.context["overview"].case_attention
    assert attention.overdue == 1
    assert f"?due=overdue&amp;agency={case.investigating_body_id}" in response.text
    with time_machine.travel("2026-03-20 09:00 +07:00", tick=False):
        office = _en(justice.standing_office).get("/")
    assert office.context["overview"].case_attention.escalated_overdue == 1
    assert "held by my body" not in office.text


def test_navigation_offers_cases_to_case_roles_only(
    justice: Justice, personas: Personas
) -> None:
    with override("en"):
        shown = client_for(justice.court_liaison).get("/").text
        hidden = client_for(personas.department_member).get("/").text
    assert 'href="/cases/"' in shown
    assert 'href="/cases/"' not in hidden

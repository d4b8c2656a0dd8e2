"""The pages: lists with filters (pinned query counts), XLSX, forms, details."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bcd138.movement.models import (
    Exemplary,
    ExemplaryKind,
    MovementModel,
    OutreachSession,
    Result,
    SafetyRecognition,
    SecurityTeam,
)
from bcd138.movement.services import exemplary, safety
from tests.conftest import Personas, World, client_for
from tests.movement.conftest import D, Movement, make_model, make_session, make_team
from tests.movement.test_safety import answer_all, decide, register

EN = {"django_language": "en"}


def english(user: Any) -> Any:
    client = client_for(user)
    client.cookies.load(EN)
    return client


def fill(
    world: World, mv: Movement, personas: Personas, n: int = 3, start: int = 0
) -> None:
    for i in range(start, start + n):
        origin = make_model(
            mv.standing,
            [world.commune_a],
            name=f"Mô hình {i}",
            started_on=D(2025, 8, i + 1),
        )
        make_model(
            mv.standing,
            [world.commune_b],
            name=f"Nhân rộng {i}",
            started_on=D(2025, 9, i + 1),
            origin=origin,
        )
        make_session(
            mv.standing, world.commune_a, world.police, held_on=D(2025, 10, i + 1)
        )
        make_session(
            mv.standing,
            world.province,
            world.police,
            online=True,
            held_on=D(2026, 1, i + 1),
        )
        make_team(mv.standing, world.commune_a if i % 2 else world.commune_b)
        exemplary.exemplary_create(
            by=mv.standing,
            data=exemplary.ExemplaryInput(
                kind=ExemplaryKind.INDIVIDUAL,
                name=f"Người {i}",
                place=world.commune_a,
                year=2025,
                achievement="Tố giác tội phạm",
            ),
        )
        register(mv.standing, world.commune_a, name=f"Tổ dân phố {i}")


LISTS = [
    ("models", MovementModel, {"origin": "replicated"}, 3),
    ("people", Exemplary, {"year": "2025"}, 3),
    ("outreach", OutreachSession, {"channel": "online"}, 3),
    ("teams", SecurityTeam, {"status": "active"}, 3),
    ("safety", SafetyRecognition, {"year": "2025"}, 3),
]


@pytest.mark.parametrize(("name", "model", "params", "expected"), LISTS)
def test_lists_filter_with_a_pinned_query_count(
    world: World,
    personas: Personas,
    mv: Movement,
    django_assert_max_num_queries: Any,
    name: str,
    model: Any,
    params: dict[str, str],
    expected: int,
) -> None:
    fill(world, mv, personas)
    client = client_for(mv.standing)
    client.get(reverse(f"movement:{name}"))
    with django_assert_max_num_queries(14):
        response = client.get(reverse(f"movement:{name}"), params)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == expected
    # Three more rows cost no more queries.
    fill(world, mv, personas, start=3)
    with django_assert_max_num_queries(14):
        client.get(reverse(f"movement:{name}"), params)


@pytest.mark.parametrize(("name", "model", "params", "expected"), LISTS)
def test_each_list_exports_a_real_xlsx(
    world: World,
    personas: Personas,
    mv: Movement,
    name: str,
    model: Any,
    params: dict[str, str],
    expected: int,
) -> None:
    fill(world, mv, personas, n=2)
    response = english(mv.standing).get(
        reverse(f"movement:{name}"), {**params, "export": "xlsx"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "No."
    assert len(rows) == 1 + 2


def test_htmx_filter_returns_the_results_only(
    world: World, personas: Personas, mv: Movement
) -> None:
    fill(world, mv, personas, n=1)
    response = client_for(mv.standing).get(
        reverse("movement:models"), HTTP_HX_REQUEST="true"
    )
    assert "<html" not in response.text
    assert "Mô hình 0" in response.text


def test_empty_lists_say_so(mv: Movement) -> None:
    client = english(mv.standing)
    for name in ("models", "people", "outreach", "teams", "safety"):
        response = client.get(reverse(f"movement:{name}"))
        assert 'data-testid="empty"' in response.text, name


def test_detail_pages_render_for_the_office(
    world: World, personas: Personas, mv: Movement
) -> None:
    fill(world, mv, personas, n=1)
    client = english(mv.standing)
    pages = [
        ("movement:model", MovementModel.objects.first()),
        ("movement:person", Exemplary.objects.first()),
        ("movement:session", OutreachSession.objects.first()),
        ("movement:team", SecurityTeam.objects.first()),
        ("movement:recognition", SafetyRecognition.objects.first()),
    ]
    for name, obj in pages:
        assert obj is not None
        response = client.get(reverse(name, args=[obj.pk]))
        assert response.status_code == 200, name
    overview = client.get(reverse("movement:overview"), {"period": "month"})
    assert overview.status_code == 200
    assert "Online share" in overview.text


def test_create_pages_record_through_the_services(
    world: World, personas: Personas
) -> None:
    client = client_for(personas.commune_a_officer)
    assert client.get(reverse("movement:team_create")).status_code == 200
    response = client.post(
        reverse("movement:team_create"),
        {
            "commune": world.commune_a.pk,
            "name": "Tổ bảo vệ ANTT số 2",
            "decision_ref": "5/QĐ-UBND",
            "decided_on": "2025-08-01",
            "areas": "Tổ dân phố 7\n\nTổ dân phố 8\nTổ dân phố 7",
        },
    )
    team = SecurityTeam.objects.get()
    assert response.status_code == 302
    assert team.areas == ["Tổ dân phố 7", "Tổ dân phố 8"]
    added = client.post(
        reverse("movement:team_member_add", args=[team.pk]),
        {"full_name": "Nguyễn Văn A", "birth_year": "2010"},
        follow=True,
    )
    assert not team.members.exists()
    assert "18" in added.text  # the refusal is shown


def test_out_of_order_dates_in_a_form_change_nothing(
    world: World, personas: Personas
) -> None:
    client = english(personas.commune_a_officer)
    response = client.post(
        reverse("movement:model_create"),
        {
            "name": "Camera",
            "model_type": "security_camera",
            "communes": [world.commune_a.pk],
            "running_organisation": "Tổ dân phố",
            "started_on": "2025-09-01",
            "ended_on": "2025-08-01",
            "members_count": "1",
        },
    )
    assert response.status_code == 200
    assert "cannot end before it started" in response.text
    assert not MovementModel.objects.exists()


def test_the_recognition_pages_answer_decide_and_give_the_certificate(
    world: World, personas: Personas
) -> None:
    by = personas.commune_a_officer
    rec = register(by, world.commune_a)
    client = english(by)
    page = client.get(reverse("movement:recognition", args=[rec.pk]))
    assert "Suggested from the platform" in page.text
    codes = [c.code for c in safety.edition_of(rec).criteria(rec.kind)]
    posted = client.post(
        reverse("movement:recognition_checklist", args=[rec.pk]),
        {f"met_{c}": "1" for c in codes},
    )
    assert posted.status_code == 302
    assert rec.answers.count() == len(codes)
    late = client.post(
        reverse("movement:recognition_decide", args=[rec.pk]),
        {
            "result": "met",
            "level": "commune",
            "decision_ref": "9/QĐ",
            "decided_on": "2025-12-01",
        },
    )
    # Refused: the page again with the error in the form, and 400.
    assert late.status_code == 400
    assert "after the assessment period" in late.text
    rec.refresh_from_db()
    assert rec.result == ""
    done = client.post(
        reverse("movement:recognition_decide", args=[rec.pk]),
        {
            "result": "met",
            "level": "commune",
            "decision_ref": "9/QĐ",
            "decided_on": "2025-11-12",
        },
    )
    assert done.status_code == 302
    rec.refresh_from_db()
    assert rec.result == Result.MET
    docx = client.get(reverse("movement:recognition_certificate", args=[rec.pk]))
    assert docx.status_code == 200
    assert docx.content[:2] == b"PK"


def test_a_recognised_unit_is_counted_in_the_overview(
    world: World, personas: Personas, mv: Movement
) -> None:
    rec = register(personas.commune_a_officer, world.commune_a)
    answer_all(rec, personas.commune_a_officer)
    decide(rec, personas.commune_a_officer)
    response = client_for(mv.leader).get(reverse("movement:overview"))
    totals = response.context["data"].recognitions
    assert [(t.year, t.kind, t.registered, t.met) for t in totals] == [
        (2025, "residential_area", 1, 1)
    ]

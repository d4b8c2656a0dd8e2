"""Recommendations: raising, the committee's response, follow-up, closing, aging."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from bcd138.core.errors import DomainError
from bcd138.programs.models import (
    AgeBand,
    Outcome,
    Recommendation,
    RecommendationState,
    Response,
)
from bcd138.programs.services import recommendations as svc
from bcd138.programs.services.queries import (
    RecommendationFilters,
    recommendations_aging,
    recommendations_list,
)
from tests.conftest import Personas, World
from tests.programs.conftest import TODAY, Board, d, raise_rec

pytestmark = pytest.mark.django_db


def _respond(board: Board, rec: Recommendation, **over: object) -> None:
    values: dict[str, object] = {
        "response": Response.ACCEPTED,
        "text": "Giao Sở Tài chính bố trí kinh phí.",
        "on": d("2026-06-05"),
        "follow_up_agency": board.front,
        "follow_up_by": d("2026-09-30"),
    }
    values.update(over)
    svc.recommendation_respond(rec, by=board.standing, **values)  # type: ignore[arg-type]


def test_a_member_raises_for_its_own_agency_only(
    board: Board, world: World, personas: Personas
) -> None:
    rec = raise_rec(board, personas.department_member, world.department)
    assert rec.state == RecommendationState.OPEN
    assert rec.raised_by == world.department
    with pytest.raises(DomainError) as err:
        raise_rec(board, personas.department_member, board.front)
    assert err.value.status == 403
    assert Recommendation.objects.count() == 1


def test_the_standing_office_records_one_raised_at_a_conference(
    board: Board, world: World
) -> None:
    rec = raise_rec(
        board,
        board.standing,
        world.department,
        conference="Hội nghị tổng kết năm 2025",
        raised_by_person="Giám đốc Sở GD&ĐT",
    )
    assert rec.conference == "Hội nghị tổng kết năm 2025"


def test_raise_refuses_a_future_date(board: Board, world: World) -> None:
    with pytest.raises(DomainError) as err:
        raise_rec(board, board.standing, world.department, raised_on="2026-06-16")
    assert err.value.code == "date_future"
    assert not Recommendation.objects.exists()


def test_follow_up_date_before_the_raise_date_is_refused_nothing_changed(
    board: Board, world: World
) -> None:
    rec = raise_rec(board, board.standing, world.department, raised_on="2026-05-10")
    with pytest.raises(DomainError) as err:
        _respond(board, rec, follow_up_by=d("2026-05-09"))
    assert err.value.code == "dates_order"
    rec.refresh_from_db()
    assert rec.state == RecommendationState.OPEN
    assert rec.response == ""
    assert rec.follow_up_by is None


def test_accepted_needs_who_follows_up_and_by_when(board: Board, world: World) -> None:
    rec = raise_rec(board, board.standing, world.department)
    with pytest.raises(DomainError) as err:
        _respond(board, rec, follow_up_agency=None)
    assert err.value.code == "follow_up_required"
    _respond(board, rec, response=Response.ACCEPTED_IN_PART)
    rec.refresh_from_db()
    assert rec.state == RecommendationState.FOLLOW_UP
    with pytest.raises(DomainError) as err:
        _respond(board, rec)
    assert err.value.code == "recommendation_answered"


def test_explained_closes_the_recommendation(board: Board, world: World) -> None:
    rec = raise_rec(board, board.standing, world.department)
    _respond(
        board,
        rec,
        response=Response.EXPLAINED,
        follow_up_agency=None,
        follow_up_by=None,
    )
    rec.refresh_from_db()
    assert rec.state == RecommendationState.CLOSED
    assert rec.outcome == Outcome.EXPLAINED
    assert rec.closed_on == d("2026-06-05")


def test_only_the_standing_office_answers(
    board: Board, world: World, personas: Personas
) -> None:
    rec = raise_rec(board, personas.department_member, world.department)
    for user in (board.leader, personas.department_member):
        with pytest.raises(PermissionDenied):
            svc.recommendation_respond(
                rec, by=user, response=Response.EXPLAINED, text="x", on=TODAY
            )
    rec.refresh_from_db()
    assert rec.state == RecommendationState.OPEN


def test_progress_notes_by_the_follow_up_agency_not_by_others(
    board: Board, world: World, personas: Personas
) -> None:
    rec = raise_rec(board, personas.department_member, world.department)
    _respond(board, rec)
    note = svc.recommendation_note(
        rec, by=board.front_officer, text="Đã khảo sát 5 khu dân cư.", on=TODAY
    )
    assert note.agency == board.front
    with pytest.raises(PermissionDenied):
        svc.recommendation_note(rec, by=personas.commune_b_officer, text="x", on=TODAY)
    with pytest.raises(DomainError) as err:
        svc.recommendation_note(
            rec, by=board.front_officer, text="x", on=d("2026-05-01")
        )
    assert err.value.code == "dates_order"
    assert rec.notes.count() == 1


def test_close_not_done_needs_a_reason_and_an_answer_first(
    board: Board, world: World
) -> None:
    rec = raise_rec(board, board.standing, world.department)
    with pytest.raises(DomainError) as err:
        svc.recommendation_close(rec, by=board.standing, outcome=Outcome.DONE, on=TODAY)
    assert err.value.code == "recommendation_state"
    _respond(board, rec)
    with pytest.raises(DomainError) as err:
        svc.recommendation_close(
            rec, by=board.standing, outcome=Outcome.NOT_DONE, on=TODAY
        )
    assert err.value.code == "reason"
    with pytest.raises(DomainError) as err:
        svc.recommendation_close(
            rec, by=board.standing, outcome=Outcome.DONE, on=d("2026-06-04")
        )
    assert err.value.code == "dates_order"
    rec.refresh_from_db()
    assert rec.state == RecommendationState.FOLLOW_UP
    svc.recommendation_close(
        rec,
        by=board.standing,
        outcome=Outcome.NOT_DONE,
        on=TODAY,
        reason="Chưa bố trí được ngân sách.",
    )
    rec.refresh_from_db()
    assert rec.state == RecommendationState.CLOSED
    assert rec.outcome == Outcome.NOT_DONE


def test_an_answered_recommendation_is_not_edited(board: Board, world: World) -> None:
    rec = raise_rec(board, board.standing, world.department)
    _respond(board, rec)
    data = svc.RecommendationInput(
        subject="Khác", text="Khác", raised_by=world.department, raised_on=TODAY
    )
    with pytest.raises(DomainError) as err:
        svc.recommendation_update(rec, by=board.standing, data=data)
    assert err.value.code == "recommendation_answered"
    rec.refresh_from_db()
    assert rec.subject.startswith("Tăng cường")


def _aged(board: Board, world: World) -> list[Recommendation]:
    """Open recommendations 10, 45 and 120 days old, and a closed old one."""
    out = []
    for days in (45, 10, 120, 200):
        raised = TODAY - datetime.timedelta(days=days)
        out.append(
            raise_rec(
                board,
                board.standing,
                world.department,
                raised_on=raised.isoformat(),
                subject=f"{days} ngày",
            )
        )
    closed = out[-1]
    _respond(board, closed, response=Response.EXPLAINED, on=TODAY)
    return out


def test_open_recommendations_sort_oldest_first_and_show_their_age(
    board: Board, world: World
) -> None:
    _aged(board, world)
    rows = list(
        recommendations_list(
            user=board.standing, filters=RecommendationFilters(), today=TODAY
        )
    )
    assert [r.subject for r in rows] == ["120 ngày", "45 ngày", "10 ngày"]
    assert [r.days_open(TODAY) for r in rows] == [120, 45, 10]
    assert [r.age_band(TODAY) for r in rows] == [
        AgeBand.OVER_90,
        AgeBand.FROM_30_TO_90,
        AgeBand.UNDER_30,
    ]


def test_aging_groups_open_recommendations_by_band(board: Board, world: World) -> None:
    recs = _aged(board, world)
    _respond(board, recs[0], follow_up_by=d("2026-06-01"), on=d("2026-05-20"))
    aging = recommendations_aging(user=board.standing, today=TODAY)
    assert {b.band: b.count for b in aging.bands} == {"lt30": 1, "30to90": 1, "gt90": 1}
    assert aging.total == 3
    assert aging.past_follow_up == 1
    recs[0].refresh_from_db()
    assert recs[0].days_past_follow_up(TODAY) == 14


def test_age_band_edges(board: Board, world: World) -> None:
    for days in (29, 30, 90, 91):
        raise_rec(
            board,
            board.standing,
            world.department,
            raised_on=(TODAY - datetime.timedelta(days=days)).isoformat(),
            subject=str(days),
        )
    qs = Recommendation.objects.open()
    assert [r.subject for r in qs.aged(AgeBand.UNDER_30, TODAY)] == ["29"]
    assert sorted(r.subject for r in qs.aged(AgeBand.FROM_30_TO_90, TODAY)) == [
        "30",
        "90",
    ]
    assert [r.subject for r in qs.aged(AgeBand.OVER_90, TODAY)] == ["91"]

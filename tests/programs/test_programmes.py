"""Coordination programmes: signing, commitments, reviews, early end, documents."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from bcd138.core.errors import DomainError
from bcd138.core.models import AuditEntry
from bcd138.core.uploads import clean_uploads
from bcd138.programs.models import (
    Programme,
    ProgrammeFile,
    ProgrammeReview,
    ProgrammeStatus,
    Rating,
)
from bcd138.programs.services import programmes as svc
from bcd138.programs.services.queries import programmes_due_for_review
from tests.conftest import Personas, World
from tests.programs.conftest import TODAY, Board, d, make_programme

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_programme_create_records_parties_commitments_and_audit(
    board: Board, world: World
) -> None:
    programme = make_programme(board, world)
    parties = list(programme.parties.order_by("-is_lead", "id"))
    assert [p.agency for p in parties] == [world.police, board.front]
    assert parties[0].name_as_signed == "Công an tỉnh Quảng Nam"
    assert [c.ordinal for c in programme.commitments.all()] == [1, 2]
    assert programme.status_on(TODAY) == ProgrammeStatus.ACTIVE
    assert AuditEntry.objects.filter(
        action="programme.create", object_id=str(programme.pk)
    ).exists()


@pytest.mark.parametrize(
    ("over", "code"),
    [
        ({"valid_from": d("2026-01-01"), "valid_to": d("2025-12-31")}, "dates_order"),
        ({"valid_from": d("2026-01-01"), "valid_to": d("2026-01-01")}, "dates_order"),
        ({"signed_on": d("2029-01-05")}, "date_future"),
        ({"signed_on": d("2026-01-05"), "valid_to": d("2025-12-31")}, "dates_order"),
        ({"title": "  "}, "programme_title"),
        ({"review_every_months": 0}, "review_period"),
    ],
)
def test_programme_create_refuses_bad_dates_and_fields_and_creates_nothing(
    board: Board, world: World, over: dict[str, object], code: str
) -> None:
    with pytest.raises(DomainError) as err:
        make_programme(board, world, **over)
    assert err.value.code == code
    assert not Programme.objects.exists()


def test_programme_needs_two_parties_and_commitments_of_parties(
    board: Board, world: World
) -> None:
    with pytest.raises(DomainError) as err:
        make_programme(
            board, world, parties=[svc.PartyInput(world.police)], commitments=[]
        )
    assert err.value.code == "programme_parties"
    with pytest.raises(DomainError) as err:
        make_programme(
            board,
            world,
            commitments=[svc.CommitmentInput(world.procuracy, "Không phải một bên")],
        )
    assert err.value.code == "commitment_party"
    assert not Programme.objects.exists()


def test_only_the_standing_office_records_a_programme(
    board: Board, world: World, personas: Personas
) -> None:
    with pytest.raises(PermissionDenied):
        svc.programme_create(
            by=board.front_officer,
            committee=board.committee,
            data=svc.ProgrammeInput(
                title="X",
                signed_on=d("2026-01-01"),
                valid_from=d("2026-01-01"),
                valid_to=d("2027-01-01"),
                parties=[svc.PartyInput(world.police), svc.PartyInput(board.front)],
            ),
        )
    assert not Programme.objects.exists()


def test_review_records_results_per_commitment(board: Board, world: World) -> None:
    programme = make_programme(board, world)
    first, second = programme.commitments.all()
    review = svc.programme_review_record(
        programme,
        by=board.standing,
        data=svc.ReviewInput(
            held_on=d("2024-07-15"),
            period_from=d("2024-01-20"),
            period_to=d("2024-06-30"),
            assessment="Hai bên phối hợp chặt chẽ.",
            results=[
                svc.ResultInput(first.pk, Rating.MET),
                svc.ResultInput(second.pk, Rating.PARTLY, "Chưa đều"),
            ],
        ),
    )
    assert {r.commitment_id: r.rating for r in review.results.all()} == {
        first.pk: Rating.MET,
        second.pk: Rating.PARTLY,
    }


@pytest.mark.parametrize(
    ("period_from", "period_to", "held_on"),
    [
        ("2024-06-30", "2024-01-20", "2024-07-15"),  # period reversed
        ("2023-12-01", "2024-06-30", "2024-07-15"),  # before the programme
        ("2024-01-20", "2029-06-30", "2024-07-15"),  # after it ends
        ("2024-01-20", "2024-06-30", "2024-01-01"),  # held before the period
        ("2024-01-20", "2024-06-30", "2026-07-01"),  # held in the future
    ],
)
def test_review_refuses_dates_out_of_order_and_records_nothing(
    board: Board, world: World, period_from: str, period_to: str, held_on: str
) -> None:
    programme = make_programme(board, world)
    with pytest.raises(DomainError):
        svc.programme_review_record(
            programme,
            by=board.standing,
            data=svc.ReviewInput(
                held_on=d(held_on),
                period_from=d(period_from),
                period_to=d(period_to),
                assessment="x",
            ),
        )
    assert not ProgrammeReview.objects.exists()


def test_review_refuses_a_commitment_of_another_programme(
    board: Board, world: World
) -> None:
    one = make_programme(board, world)
    other = make_programme(board, world, title="Chương trình khác")
    foreign = other.commitments.first()
    assert foreign is not None
    with pytest.raises(DomainError) as err:
        svc.programme_review_record(
            one,
            by=board.standing,
            data=svc.ReviewInput(
                held_on=d("2024-07-15"),
                period_from=d("2024-01-20"),
                period_to=d("2024-06-30"),
                assessment="x",
                results=[svc.ResultInput(foreign.pk, Rating.MET)],
            ),
        )
    assert err.value.code == "review_commitment"
    assert not ProgrammeReview.objects.exists()


def test_programmes_due_for_review_count_from_the_last_review(
    board: Board, world: World
) -> None:
    never = make_programme(board, world, title="Chưa sơ kết")
    recent = make_programme(board, world, title="Vừa sơ kết")
    svc.programme_review_record(
        recent,
        by=board.standing,
        data=svc.ReviewInput(
            held_on=d("2026-05-20"),
            period_from=d("2025-07-01"),
            period_to=d("2026-05-15"),
            assessment="Tốt.",
        ),
    )
    due = programmes_due_for_review(user=board.standing, today=TODAY)
    assert [x.programme for x in due] == [never]
    assert due[0].overdue
    assert due[0].due_on == datetime.date(2024, 7, 20)
    assert recent.review_due_on(d("2026-05-20")) == d("2026-11-20")


def test_end_early_once_inside_the_duration_with_a_reason(
    board: Board, world: World
) -> None:
    programme = make_programme(board, world)
    for on, reason in (
        (d("2023-12-31"), "trước khi bắt đầu"),
        (d("2026-06-16"), "tương lai"),
        (d("2026-06-01"), " "),
    ):
        with pytest.raises(DomainError):
            svc.programme_end(programme, by=board.standing, on=on, reason=reason)
    programme.refresh_from_db()
    assert programme.ended_on is None
    svc.programme_end(
        programme, by=board.standing, on=d("2026-06-01"), reason="Sáp nhập tỉnh"
    )
    assert programme.status_on(TODAY) == ProgrammeStatus.ENDED_EARLY
    with pytest.raises(DomainError) as err:
        svc.programme_end(
            programme, by=board.standing, on=d("2026-06-02"), reason="lần hai"
        )
    assert err.value.code == "programme_ended"


def test_expired_programme(board: Board, world: World) -> None:
    programme = make_programme(
        board,
        world,
        signed_on=d("2023-01-05"),
        valid_from=d("2023-01-05"),
        valid_to=d("2025-12-31"),
    )
    assert programme.status_on(TODAY) == ProgrammeStatus.EXPIRED
    assert list(Programme.objects.with_status("expired", TODAY)) == [programme]
    assert not Programme.objects.with_status("active", TODAY).exists()


def test_signed_document_is_a_pdf_or_image(board: Board, world: World) -> None:
    programme = make_programme(board, world)
    pdf = clean_uploads([SimpleUploadedFile("ctph.pdf", PDF)])
    svc.programme_files_add(programme, by=board.standing, files=pdf)
    assert programme.files.get().content_type == "application/pdf"
    audio = clean_uploads([SimpleUploadedFile("ghi-am.ogg", b"OggS" + b"\0" * 60)])
    with pytest.raises(DomainError) as err:
        svc.programme_files_add(programme, by=board.standing, files=audio)
    assert err.value.code == "upload_type_refused"
    assert ProgrammeFile.objects.count() == 1


def test_edit_keeps_reviews_inside_the_duration(board: Board, world: World) -> None:
    programme = make_programme(board, world)
    svc.programme_review_record(
        programme,
        by=board.standing,
        data=svc.ReviewInput(
            held_on=d("2024-07-15"),
            period_from=d("2024-01-20"),
            period_to=d("2024-06-30"),
            assessment="x",
        ),
    )
    data = svc.ProgrammeInput(
        title="Đổi tên",
        signed_on=d("2024-01-20"),
        valid_from=d("2024-03-01"),
        valid_to=d("2028-12-31"),
    )
    with pytest.raises(DomainError) as err:
        svc.programme_update(programme, by=board.standing, data=data)
    assert err.value.code == "dates_order"
    programme.refresh_from_db()
    assert programme.valid_from == d("2024-01-20")
    assert programme.title.startswith("Chương trình")


def test_programme_list_counts_parties_once_whatever_the_reviews(
    board: Board, world: World
) -> None:
    from bcd138.programs.services.queries import ProgrammeFilters, programmes_list

    programme = make_programme(board, world)
    for start, end in (("2024-01-20", "2024-06-30"), ("2024-07-01", "2024-12-31")):
        svc.programme_review_record(
            programme,
            by=board.standing,
            data=svc.ReviewInput(
                held_on=d(end), period_from=d(start), period_to=d(end), assessment="x"
            ),
        )
    row = programmes_list(user=board.standing, filters=ProgrammeFilters(), today=TODAY)
    listed = row.get()
    assert listed.party_count == 2  # type: ignore[attr-defined]
    assert listed.last_review == d("2024-12-31")  # type: ignore[attr-defined]

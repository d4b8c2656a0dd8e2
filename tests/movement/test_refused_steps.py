"""A refused step on a movement page: the page again with what was typed, the
error in the form, HTTP 400, nothing saved. Office documents are evidence here
(the staff profile), macros are not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bcd138.movement.models import ExemplaryKind, MovementFile
from bcd138.movement.services import exemplary
from tests.conftest import Personas, World, client_for, english
from tests.movement.conftest import Movement, make_model, make_session, make_team
from tests.office_files import MACRO_MAIN, odf, ooxml

pytestmark = pytest.mark.django_db

TYPED = "Mô hình duy trì tốt, camera hoạt động liên tục."


def stored_files(settings: Any) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_model_assessment_refused_keeps_the_notes(
    world: World, personas: Personas, mv: Movement
) -> None:
    model = make_model(personas.commune_a_officer, [world.commune_a])
    response = english(personas.commune_a_officer).post(
        reverse("movement:model_assess", args=[model.pk]),
        {"year": "2019", "rating": "effective", "notes": TYPED},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="step-error"' in html
    assert "did not run in 2019" in html
    assert TYPED in html
    assert not model.assessments.exists()


@pytest.mark.parametrize("section", ["models", "people", "outreach"])
def test_refused_evidence_file_is_shown_on_the_page(
    world: World, personas: Personas, mv: Movement, settings: Any, section: str
) -> None:
    officer = personas.commune_a_officer
    owner: Any
    if section == "models":
        owner = make_model(officer, [world.commune_a])
    elif section == "people":
        owner = exemplary.exemplary_create(
            by=officer,
            data=exemplary.ExemplaryInput(
                kind=ExemplaryKind.INDIVIDUAL,
                name="Nguyễn Thị Hoa",
                place=world.commune_a,
                year=2025,
                achievement="Tố giác kịp thời một vụ trộm cắp",
            ),
        )
    else:
        owner = make_session(officer, world.commune_a, world.police_a)
    macro = SimpleUploadedFile("bang.xlsm", ooxml("xlsx", main_type=MACRO_MAIN["xlsx"]))
    response = english(officer).post(
        reverse("movement:files_add", args=[section, owner.pk]), {"attachments": macro}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="step-error"' in html
    assert "contains macros" in html
    assert not MovementFile.objects.exists()
    assert stored_files(settings) == []
    accepted = english(officer).post(
        reverse("movement:files_add", args=[section, owner.pk]),
        {"attachments": SimpleUploadedFile("bien-ban.odt", odf("odt"))},
    )
    assert accepted.status_code == 302
    assert MovementFile.objects.get().original_name == "bien-ban.odt"


def test_team_member_refused_keeps_what_was_typed(
    world: World, personas: Personas, mv: Movement
) -> None:
    team = make_team(personas.commune_a_officer, world.commune_a)
    response = english(personas.commune_a_officer).post(
        reverse("movement:team_member_add", args=[team.pk]),
        {"full_name": "Trần Văn Bảy", "birth_year": "1940", "position": "Tổ viên"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="step-error"' in html
    assert 'value="Trần Văn Bảy"' in html
    assert 'value="1940"' in html
    assert not team.members.exists()


def test_team_member_leave_refused_names_the_member(
    world: World, personas: Personas, mv: Movement
) -> None:
    from bcd138.movement.services import teams

    team = make_team(
        personas.commune_a_officer,
        world.commune_a,
        members=[teams.MemberInput(full_name="Lê Thị Tám", birth_year=1980)],
    )
    member = team.members.get()
    response = english(personas.commune_a_officer).post(
        reverse("movement:team_member_leave", args=[team.pk, member.pk]),
        {"on": "2099-01-01"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="step-error"' in html
    assert 'value="2099-01-01"' in html
    member.refresh_from_db()
    assert member.left_on is None


def test_person_link_refused_keeps_the_reference(
    world: World, personas: Personas, mv: Movement
) -> None:
    item = exemplary.exemplary_create(
        by=personas.commune_a_officer,
        data=exemplary.ExemplaryInput(
            kind=ExemplaryKind.INDIVIDUAL,
            name="Nguyễn Thị Hoa",
            place=world.commune_a,
            year=2025,
            achievement="Tố giác kịp thời một vụ trộm cắp",
        ),
    )
    response = english(personas.commune_a_officer).post(
        reverse("movement:person_link", args=[item.pk]),
        {"kind": "case", "ref": "KHÔNG-CÓ-123", "note": "Vụ trộm ở chợ"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="step-error"' in html
    assert 'value="KHÔNG-CÓ-123"' in html
    assert 'value="Vụ trộm ở chợ"' in html


# ---- counts with the thousands separator -------------------------------------


def test_outreach_counts_are_grouped_in_each_language(
    world: World, personas: Personas, mv: Movement
) -> None:
    officer = personas.commune_a_officer
    make_session(officer, world.commune_a, world.police_a, attendees=14411)
    make_session(officer, world.commune_a, world.police_a, online=True, views=994871)
    url = reverse("movement:outreach")
    english_page = english(officer).get(url).content.decode()
    assert "14,411 attendees" in english_page
    assert "994,871 views" in english_page
    assert "14411" not in english_page
    vietnamese = client_for(officer).get(url).content.decode()
    assert "14.411" in vietnamese
    assert "994.871" in vietnamese
    overview = english(officer).get(reverse("movement:overview")).content.decode()
    assert "994,871" in overview
    # Years are not counts: written as they are.
    assert "2026" in overview
    assert "2.026" not in overview
    assert "2,026" not in overview

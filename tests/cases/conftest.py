"""Fixtures for criminal cases: a court, the liaisons, and a way to open a case."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest

from bcd138.agencies import services as agencies
from bcd138.agencies.models import Agency, AgencyKind, Role, User
from bcd138.cases.models import Case
from bcd138.cases.services.charges import ChargeInput
from bcd138.cases.services.opening import CaseInput, case_open
from bcd138.core.access import SYSTEM
from tests.conftest import Personas, World, make_user


@pytest.fixture(autouse=True)
def _identity_keys(settings: Any, tmp_path: Any) -> Any:
    from bcd138.core import crypto

    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    crypto.reset_keyring()
    yield
    crypto.reset_keyring()


@dataclass
class Justice:
    """The bodies and people a case passes through, beyond the shared personas."""

    court: Agency
    court_liaison: User
    standing_office: User
    head: User  # unit head of the provincial police (the investigating body)
    investigator: User  # provincial police officer


@pytest.fixture
def justice(world: World, personas: Personas) -> Justice:
    court = agencies.agency_create(
        by=SYSTEM,
        name="TAND thành phố Đà Nẵng",
        kind=AgencyKind.COURT,
        place=world.province,
    )
    return Justice(
        court=court,
        court_liaison=make_user("toaan", Role.COURT_LIAISON, court, world.province),
        standing_office=make_user(
            "thuongtruc", Role.STANDING_OFFICE, world.police, world.province
        ),
        head=make_user("truong.tp", Role.UNIT_HEAD, world.police, world.province),
        investigator=personas.province_officer,
    )


def case_input(world: World, **overrides: Any) -> CaseInput:
    values: dict[str, Any] = {
        "number": "01/2026/VA",
        "title": "Cướp giật tài sản trước chợ Tam Kỳ",
        "investigating_body": world.police,
        "procuracy": world.procuracy,
        "occurred_on": datetime.date(2026, 1, 5),
        "place": world.commune_a,
        "instituted_on": datetime.date(2026, 1, 12),
        "reference": "12/QĐ-CSĐT",
        "charges": [ChargeInput("173", 1)],
    }
    values.update(overrides)
    return CaseInput(**values)


def open_case(world: World, by: User, **overrides: Any) -> Case:
    return case_open(by=by, data=case_input(world, **overrides))

"""Fixtures for crime information: a unit head of commune A and a way to file."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from bcd138.agencies.models import Role, User
from bcd138.intake.models import CrimeReport, CrimeType, ReportKind
from bcd138.intake.services.reports import ReportInput, report_record
from tests.conftest import Personas, World, make_user


@pytest.fixture
def head_a(world: World, personas: Personas) -> User:
    return make_user("truong.a", Role.UNIT_HEAD, world.police_a, world.commune_a)


@pytest.fixture(autouse=True)
def _identity_keys(settings: Any, tmp_path: Any) -> Any:
    from bcd138.core import crypto

    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    crypto.reset_keyring()
    yield
    crypto.reset_keyring()


def report_input(world: World, **overrides: Any) -> ReportInput:
    values: dict[str, Any] = {
        "kind": ReportKind.DENUNCIATION,
        "place": world.commune_a,
        "description": "Hai người đi xe máy giật túi xách của tôi trước chợ.",
        "crime_type": CrimeType.ROBBERY,
        "occurred_on": datetime.date(2025, 12, 20),
    }
    values.update(overrides)
    return ReportInput(**values)


def file_report(
    world: World,
    by: User,
    *,
    received_at: datetime.datetime | None = None,
    **overrides: Any,
) -> CrimeReport:
    receipt = report_record(
        report_input(world, **overrides),
        by=by,
        unit=world.police_a,
        channel="in_person",
        received_at=received_at,
    )
    return receipt.report

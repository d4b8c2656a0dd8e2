"""Importing another channel's export: validation per row, duplicates, dry runs,
the audit entry and the command."""

import datetime
import io
import json
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import translation

from bcd138.agencies.models import User
from bcd138.core.errors import DomainError
from bcd138.core.models import AuditEntry
from bcd138.intake.models import CrimeReport, ReporterIdentity
from bcd138.intake.services.importing import (
    parse_csv,
    parse_json,
    reports_import,
)
from tests.conftest import Personas, World
from tests.intake.conftest import report_input

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
TZ = datetime.timezone(datetime.timedelta(hours=7))
NOW = datetime.datetime(2026, 1, 10, 9, tzinfo=TZ)


@pytest.fixture(autouse=True)
def _now() -> Any:
    # English, so that the messages checked below do not depend on the catalogue.
    with time_machine.travel(NOW, tick=False), translation.override("en"):
        yield


def rows(name: str = "vneid_export.csv") -> list[dict[str, str]]:
    return parse_csv((DATA / name).read_text(encoding="utf-8-sig"))


@pytest.fixture
def known(world: World, personas: Personas) -> CrimeReport:
    """A report imported earlier, whose reference appears again in the file."""
    from bcd138.intake.services.reports import report_record

    return report_record(
        report_input(world),
        by=personas.commune_a_officer,
        unit=world.police_a,
        channel="import",
        external_ref="VNEID-900",
    ).report


def test_good_rows_are_created_and_bad_ones_reported(
    world: World, personas: Personas, known: CrimeReport
) -> None:
    result = reports_import(rows(), by=personas.commune_a_officer, unit=world.police_a)
    assert result.created == 3
    assert result.duplicates == 2  # VNEID-001 twice in the file; VNEID-900 known
    assert [(r.row, set(r.errors)) for r in result.rejected] == [
        (3, {"received_at"}),
        (4, {"commune_code"}),
        (5, {"description"}),
    ]
    assert "dd/mm/yyyy" in result.rejected[0].errors["received_at"]
    assert "99999" in result.rejected[1].errors["commune_code"]
    created = {
        r.external_ref: r
        for r in CrimeReport.objects.filter(channel="import").exclude(pk=known.pk)
    }
    assert set(created) == {"VNEID-001", "VNEID-002", "VNEID-006"}
    first, legacy, agency = (
        created[k] for k in ("VNEID-001", "VNEID-002", "VNEID-006")
    )
    assert first.kind == "denunciation"
    assert first.crime_type == "fraud"
    assert first.received_at == datetime.datetime(
        2026, 1, 8, 13, 15, tzinfo=datetime.UTC
    )
    assert first.anonymous is False
    assert ReporterIdentity.objects.filter(report=first).exists()
    assert first.recorded_by == personas.commune_a_officer
    assert first.handling_agency == world.police_a
    # A legacy commune (Phường An Xuân, Tam Kỳ) counts under today's Phường Tam Kỳ.
    assert legacy.place == world.commune_a
    assert legacy.kind == "report"
    assert legacy.crime_type == "unknown"
    assert legacy.anonymous is True
    # "09/01/2026 21:30" is local time.
    assert legacy.received_at == datetime.datetime(
        2026, 1, 9, 14, 30, tzinfo=datetime.UTC
    )
    assert legacy.occurred_on == datetime.date(2026, 1, 9)
    assert agency.kind == "recommendation"
    assert agency.anonymous is True  # nobody named
    assert agency.address_line == "Chợ Tam Kỳ"
    assert agency.deadline == datetime.date(2026, 1, 29)


def test_semicolon_and_bom_variant_reads_the_same() -> None:
    comma, semicolon = rows(), rows("vneid_export_semicolon.csv")
    assert (
        (DATA / "vneid_export_semicolon.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    )
    assert semicolon == comma
    assert next(iter(semicolon[0])) == "external_ref"
    assert len(comma) == 8
    assert "," in comma[0]["description"]  # a quoted comma stays in its field
    # The BOM is also dropped from text decoded without utf-8-sig.
    raw = (DATA / "vneid_export_semicolon.csv").read_text(encoding="utf-8")
    assert parse_csv(raw) == comma


def test_dry_run_creates_nothing(world: World, personas: Personas) -> None:
    result = reports_import(
        rows(), by=personas.commune_a_officer, unit=world.police_a, dry_run=True
    )
    assert (result.created, result.duplicates, len(result.rejected)) == (4, 1, 3)
    assert result.dry_run is True
    assert not CrimeReport.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="report.").exists()


def test_reimport_counts_duplicates(world: World, personas: Personas) -> None:
    officer = personas.commune_a_officer
    first = reports_import(rows(), by=officer, unit=world.police_a)
    again = reports_import(rows(), by=officer, unit=world.police_a)
    assert first.created == 4
    assert again.created == 0
    assert again.duplicates == 5
    assert [r.row for r in again.rejected] == [3, 4, 5]
    assert CrimeReport.objects.count() == 4
    # The reference is unique per channel: the same export from another
    # channel is a different source.
    other = reports_import(rows(), by=officer, unit=world.police_a, channel="agency")
    assert other.created == 4


def test_one_audit_entry_with_counts_and_no_row_contents(
    world: World, personas: Personas
) -> None:
    reports_import(rows(), by=personas.commune_a_officer, unit=world.police_a)
    entry = AuditEntry.objects.get(action="report.import")
    assert entry.actor == personas.commune_a_officer
    assert entry.changes == {
        "channel": "import",
        "rows": 8,
        "created": 4,
        "duplicates": 1,
        "rejected": 3,
    }
    text = json.dumps(
        [entry.changes, entry.reason, entry.object_repr], ensure_ascii=False
    )
    for content in ("VNEID", "Trần Văn Minh", "0905111222", "lừa", "Hùng Vương"):
        assert content not in text


def test_bad_rows_are_rejected_with_their_reasons(
    world: World, personas: Personas
) -> None:
    base = {
        "received_at": "2026-01-09T10:00:00+07:00",
        "kind": "denunciation",
        "description": "Bị trộm xe đạp trước cổng trường học.",
        "commune_code": "20341",
    }
    result = reports_import(
        [
            {**base, "external_ref": "X-1", "commune_code": "99999"},
            {**base, "external_ref": "X-2", "anonymous": "không"},
            {**base, "external_ref": "X-3", "anonymous": "perhaps"},
            {**base, "external_ref": "X-4", "received_at": "2026-01-09T10:00:00"},
            {**base, "external_ref": "X-5", "received_at": "2026-02-09T10:00+07:00"},
            {**base, "external_ref": "X-6", "occurred_on": "2026-02-01"},
            {**base, "external_ref": "X-7", "kind": "rumour", "crime_type": "x"},
            {**base, "external_ref": "X-8", "commune_era": "1990"},
            {**base, "external_ref": "R" * 101},
            {**base, "external_ref": ""},
            {**base, "external_ref": "X-9", "crime_type": "smuggling"},
        ],
        by=personas.commune_a_officer,
        unit=world.police_a,
    )
    assert result.created == 0
    assert {r.row: set(r.errors) for r in result.rejected} == {
        1: {"commune_code"},
        2: {"identity"},
        3: {"anonymous"},
        4: {"received_at"},
        5: {"received_at"},
        6: {"occurred_on"},
        7: {"kind"},
        8: {"commune_code"},
        9: {"external_ref"},
        10: {"external_ref"},
        11: {"crime_type"},
    }
    assert not CrimeReport.objects.exists()


def test_rows_about_another_area_are_received(world: World, personas: Personas) -> None:
    """The unit may not refuse information (BLTTHS Điều 145.1); it transfers it."""
    result = reports_import(
        [
            {
                "external_ref": "Y-1",
                "received_at": "2026-01-09T10:00:00+07:00",
                "kind": "report",
                "description": "Có người lạ đột nhập kho hàng ở phường bên cạnh.",
                "commune_code": "20242",
            }
        ],
        by=personas.commune_a_officer,
        unit=world.police_a,
    )
    assert (result.created, result.rejected) == (1, [])
    assert CrimeReport.objects.get().place == world.commune_b


def test_an_import_for_another_unit_is_refused_whole(
    world: World, personas: Personas
) -> None:
    with pytest.raises(DomainError) as err:
        reports_import(rows(), by=personas.commune_b_officer, unit=world.police_a)
    assert (err.value.code, err.value.status) == ("forbidden", 403)
    with pytest.raises(DomainError) as err:
        reports_import(
            rows(), by=personas.commune_a_officer, unit=world.police_a, channel="portal"
        )
    assert err.value.code == "channel"
    assert not AuditEntry.objects.filter(action="report.import").exists()


def test_parse_json_reads_rows_as_text() -> None:
    parsed = parse_json(
        '[{"External_Ref": 17, "anonymous": true, "phone": null, "x": "  y "}]'
    )
    assert parsed == [{"external_ref": "17", "anonymous": "1", "phone": "", "x": "y"}]
    for bad in ("{}", "[1, 2]", "not json", '{"rows": []}'):
        with pytest.raises(DomainError):
            parse_json(bad)
    with pytest.raises(DomainError):
        parse_csv("")


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("intake_import", *args, stdout=out)
    return out.getvalue()


def test_command_end_to_end(world: World, personas: Personas) -> None:
    path = str(DATA / "vneid_export_semicolon.csv")
    unit = str(world.police_a.pk)
    dry = run(path, "--unit", unit, "--as", "ca.a", "--dry-run")
    assert "4 would be created, 1 duplicates skipped, 3 rejected." in dry
    assert not CrimeReport.objects.exists()
    output = run(path, "--unit", unit, "--as", "ca.a")
    assert "4 created, 1 duplicates skipped, 3 rejected." in output
    assert "row 3: received_at:" in output
    assert "row 4: commune_code:" in output
    assert "row 5: description:" in output
    assert CrimeReport.objects.filter(channel="import").count() == 4
    again = run(path, "--unit", unit, "--as", "ca.a")
    assert "0 created, 5 duplicates skipped" in again
    entries = AuditEntry.objects.filter(action="report.import")
    assert [e.source for e in entries] == ["cli", "cli"]


def test_command_reads_json_and_refuses_clearly(
    world: World, personas: Personas, tmp_path: Path
) -> None:
    export = tmp_path / "export.json"
    export.write_text(
        json.dumps(
            [
                {
                    "external_ref": "J-1",
                    "received_at": "2026-01-09T10:00:00+07:00",
                    "kind": "to giac",
                    "description": "Bị cướp giật dây chuyền khi đi bộ buổi tối.",
                    "commune_code": "20341",
                    "anonymous": False,
                    "full_name": "Phạm Thị Hoa",
                    "phone": "0905000111",
                }
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    unit = str(world.police_a.pk)
    assert "1 created" in run(str(export), "--unit", unit, "--as", "ca.a")
    report = CrimeReport.objects.get(external_ref="J-1")
    assert report.anonymous is False
    assert report.kind == "denunciation"
    with pytest.raises(CommandError, match="own unit"):
        run(str(export), "--unit", unit, "--as", "ca.b")
    with pytest.raises(CommandError, match="No active user"):
        run(str(export), "--unit", unit, "--as", "nobody")
    with pytest.raises(CommandError, match="No unit"):
        run(str(export), "--unit", "999999", "--as", "ca.a")
    with pytest.raises(CommandError):
        run(str(tmp_path / "missing.csv"), "--unit", unit, "--as", "ca.a")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("external_ref\nTr\xe2n\n".encode("latin-1"))
    with pytest.raises(CommandError, match="UTF-8"):
        run(str(latin), "--unit", unit, "--as", "ca.a")


def test_superuser_may_import_for_any_unit(world: World) -> None:
    root = User.objects.create_superuser("root", password="x-Correct-Horse-138")
    result = reports_import(rows(), by=root, unit=world.police_b)
    assert result.created == 4
    assert CrimeReport.objects.filter(handling_agency=world.police_b).count() == 4

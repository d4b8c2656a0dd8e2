"""Importing crime information exported by another channel (e.g. the VNeID app).

Rules: every row is validated fully and by the same service as the duty desk
(`report_record`), each in its own savepoint, so one bad row never loses the
others; a row whose `external_ref` already exists in that channel is a duplicate
and skipped, so running an import twice is safe; a dry run validates and rolls
everything back; one `report.import` audit entry holds the counts, never a row.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bcd138.agencies.models import Agency
from bcd138.core import access, audit
from bcd138.core.errors import DomainError
from bcd138.intake.models import Channel, CrimeReport, CrimeType, ReportKind
from bcd138.intake.services.access import handling_agency_ids
from bcd138.intake.services.reports import ReportInput, report_record
from bcd138.places.models import Era, Level, Place
from bcd138.places.services import place_get, place_successors
from bcd138.places.text import fold

MAX_ROWS = 10_000
MAX_EXTERNAL_REF = 100  # CrimeReport.external_ref
REQUIRED = ("external_ref", "received_at", "kind", "description", "commune_code")

# Exports write the kind in Vietnamese; matched without diacritics or case, so
# "To giac" from a system that lost its accents still counts.
KIND_WORDS = {
    "to giac": ReportKind.DENUNCIATION,
    "tin bao": ReportKind.REPORT,
    "tin bao ve toi pham": ReportKind.REPORT,
    "kien nghi khoi to": ReportKind.RECOMMENDATION,
}
TRUE_WORDS = {"1", "true", "yes", "co", "x"}
FALSE_WORDS = {"0", "false", "no", "khong"}

# Which column a refusal of `report_record` is about, by its code.
FIELD_FOR_CODE = {
    "kind": "kind",
    "crime_type": "crime_type",
    "description": "description",
    "place": "commune_code",
    "no_unit": "commune_code",
    "identity": "identity",
}


@dataclass(frozen=True)
class RejectedRow:
    row: int  # 1-based, the header excluded
    errors: dict[str, str]


@dataclass
class ImportResult:
    created: int = 0
    duplicates: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    dry_run: bool = False


class _RowErrors(Exception):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


# ---- reading files ----------------------------------------------------------


def decode(data: bytes) -> str:
    """UTF-8 text, with or without the BOM that spreadsheet programs write."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(_("The file is not UTF-8 text."), code="encoding") from None


def parse_csv(text: str) -> list[dict[str, str]]:
    """Rows of a CSV export keyed by the (lower-cased) header; the delimiter, comma
    or semicolon (what a spreadsheet writes in a Vietnamese locale), is sniffed."""
    text = text.removeprefix("\ufeff")
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    names = [name.strip().lower() for name in next(reader, [])]
    if not any(names):
        raise DomainError(_("The file is empty."), code="empty")
    rows = []
    for values in reader:
        if not any(v.strip() for v in values):
            continue  # blank lines, often at the end of an export
        rows.append({n: v.strip() for n, v in zip(names, values, strict=False) if n})
    return rows


def parse_json(text: str) -> list[dict[str, str]]:
    """Rows of a JSON export: a list of objects. Values become text, as in a CSV."""
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise DomainError(_("Expected a JSON list of rows (objects)."), code="json")
    return [{str(k).lower(): _text(v) for k, v in row.items()} for row in data]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value).strip()


# ---- one row ----------------------------------------------------------------


def _received_at(value: str) -> datetime.datetime:
    """ISO 8601 with its offset, or "dd/mm/yyyy HH:MM" in local time. An ISO time
    without an offset is refused: guessing the zone would shift the legal clock."""
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is not None and parsed.tzinfo is not None:
        return parsed
    try:
        local = datetime.datetime.strptime(value, "%d/%m/%Y %H:%M")  # noqa: DTZ007
    except ValueError:
        raise ValueError(
            _(
                "Expected an ISO 8601 time with its offset "
                "(2026-01-10T09:00+07:00) or dd/mm/yyyy HH:MM."
            )
        ) from None
    return timezone.make_aware(local)


def _date(value: str) -> datetime.date | None:
    if not value:
        return None
    for parse in (
        datetime.date.fromisoformat,
        lambda v: datetime.datetime.strptime(v, "%d/%m/%Y").date(),  # noqa: DTZ007
    ):
        try:
            return parse(value)
        except ValueError:
            continue
    raise ValueError(_("Expected a date as yyyy-mm-dd or dd/mm/yyyy."))


def _kind(value: str) -> str:
    if value in ReportKind.values:
        return value
    word = " ".join(fold(value).split())
    if word in KIND_WORDS:
        return KIND_WORDS[word]
    raise ValueError(_("Choose what kind of information this is."))


def _flag(value: str) -> bool | None:
    word = fold(value).strip()
    if not word:
        return None
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(_("Expected 1 or 0, true or false, có or không."))


def commune_for(code: str, *, by: Any, era: str = Era.CURRENT) -> Place:
    """The 2025 commune for a code: a legacy code counts under its default
    successor. Any commune is accepted, even outside the recorder's area: the
    police may not refuse information (BLTTHS Điều 145.1); the unit records it and
    transfers it to the competent body."""
    if era not in Era.values:
        raise DomainError(_("Expected 2025 or legacy."), code="place")
    try:
        place = place_get(code=code, era=era, level=Level.COMMUNE)
    except DomainError as exc:
        # An unknown code in a request body is a mistake in the body, not a
        # missing resource: 400, as every other refused field.
        raise DomainError(exc.message, code=exc.code) from None
    if era == Era.LEGACY:
        successors = place_successors(place)
        if not successors:
            raise DomainError(
                _("This legacy commune has no successor on today's map."),
                code="place",
            )
        place = successors[0]
    return place


def _row_input(row: Mapping[str, str], *, by: Any) -> tuple[ReportInput, Any, str]:
    """The report a row describes, its time of receipt and its external reference;
    every unreadable column is reported at once."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}

    def read(name: str, parse: Any) -> None:
        raw = str(row.get(name) or "").strip()
        if name in REQUIRED and not raw:
            errors[name] = _("This field is required.")
            return
        try:
            values[name] = parse(raw)
        except ValueError as exc:
            errors[name] = str(exc)
        except DomainError as exc:
            errors[name] = exc.message

    def commune(raw: str) -> Place:
        era = str(row.get("commune_era") or Era.CURRENT).strip().lower()
        return commune_for(raw, by=by, era=era)

    read("external_ref", _external_ref)
    read("received_at", _received_at)
    read("kind", _kind)
    read("description", str)
    read("commune_code", commune)
    read("occurred_on", _date)
    read("anonymous", _flag)
    if errors:
        raise _RowErrors(errors)
    identity = {
        name: str(row.get(name) or "").strip()
        for name in ("full_name", "phone", "id_number")
    }
    anonymous = values["anonymous"]
    data = ReportInput(
        kind=values["kind"],
        place=values["commune_code"],
        description=values["description"],
        crime_type=str(row.get("crime_type") or "").strip() or CrimeType.UNKNOWN,
        occurred_on=values["occurred_on"],
        address_line=str(row.get("address") or ""),
        # A row that names nobody is anonymous unless it says otherwise.
        anonymous=not identity["full_name"] if anonymous is None else anonymous,
        identity=identity,
    )
    return data, values["received_at"], values["external_ref"]


def _external_ref(value: str) -> str:
    if len(value) > MAX_EXTERNAL_REF:
        raise ValueError(_("At most %(n)d characters.") % {"n": MAX_EXTERNAL_REF})
    return value


def _field_of(exc: DomainError, data: ReportInput) -> str:
    if exc.code == "date":
        # Both dates are refused with code "date": tell them apart by the one
        # that lies in the future.
        future = data.occurred_on and data.occurred_on > timezone.localdate()
        return "occurred_on" if future else "received_at"
    return FIELD_FOR_CODE.get(exc.code, "row")


# ---- the import -------------------------------------------------------------


def recorder_check(*, by: Any, unit: Agency, channel: str) -> None:
    """What `report_record` checks first, up front: an import is refused whole
    rather than row by row, and the API answers 403 before looking at a body."""
    if not (access.is_superuser(by) or unit.pk in handling_agency_ids(by)):
        raise DomainError(
            _("You can record reports only for your own unit."),
            code="forbidden",
            status=403,
        )
    if channel not in Channel.values or channel == Channel.PORTAL:
        raise DomainError(_("Choose how the information arrived."), code="channel")


def reports_import(
    rows: Iterable[Mapping[str, str]],
    *,
    by: Any,
    unit: Agency,
    channel: str = Channel.IMPORT,
    dry_run: bool = False,
) -> ImportResult:
    """Create a report per good row; count duplicates; list the rejected rows."""
    recorder_check(by=by, unit=unit, channel=channel)
    rows = list(rows)
    if len(rows) > MAX_ROWS:
        raise DomainError(
            _("An import holds at most %(n)d rows; split the file.") % {"n": MAX_ROWS},
            code="too_many_rows",
        )
    result = ImportResult(dry_run=dry_run)
    with transaction.atomic():
        seen: set[str] = set()
        for number, row in enumerate(rows, start=1):
            _import_row(
                row, number, by=by, unit=unit, channel=channel, seen=seen, result=result
            )
        if dry_run:
            transaction.set_rollback(True)
        else:
            audit.record(
                "report.import",
                actor=by,
                obj=unit,
                place=unit.place,
                changes={
                    "channel": channel,
                    "rows": len(rows),
                    "created": result.created,
                    "duplicates": result.duplicates,
                    "rejected": len(result.rejected),
                },
            )
    return result


def _import_row(
    row: Mapping[str, str],
    number: int,
    *,
    by: Any,
    unit: Agency,
    channel: str,
    seen: set[str],
    result: ImportResult,
) -> None:
    ref = str(row.get("external_ref") or "").strip()
    if ref and (
        ref in seen
        or CrimeReport.objects.filter(channel=channel, external_ref=ref).exists()
    ):
        result.duplicates += 1
        return
    try:
        data, received_at, ref = _row_input(row, by=by)
    except _RowErrors as exc:
        result.rejected.append(RejectedRow(number, exc.errors))
        return
    try:
        # A savepoint per row: a refused row undoes only its own writes.
        with transaction.atomic():
            report_record(
                data,
                by=by,
                unit=unit,
                channel=channel,
                received_at=received_at,
                external_ref=ref,
            )
    except DomainError as exc:
        field_name = _field_of(exc, data)
        result.rejected.append(RejectedRow(number, {field_name: exc.message}))
        return
    except IntegrityError:
        # Another import of the same export won the race for this reference.
        result.duplicates += 1
        return
    seen.add(ref)
    result.created += 1

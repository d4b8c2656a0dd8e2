"""The demo province: Đà Nẵng city since 1 July 2025 (former Quảng Nam included).

Rules: everything is deterministic (seeded) except the demo passwords, which are
random per data directory and kept in `demo-accounts.json` there; loading twice
changes nothing; all writes go through the services, so the demo is audited like
real use. Later modules add their demo data here, through their own services.
"""

from __future__ import annotations

import json
import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from bcd138.agencies import services as agencies
from bcd138.agencies.models import (
    Agency,
    AgencyKind,
    CommitteeLevel,
    CommitteeMember,
    MemberPosition,
    Role,
    RoleAssignment,
    SteeringCommittee,
    User,
)
from bcd138.core.access import SYSTEM
from bcd138.demo import data
from bcd138.places.models import Place

PROVINCE_CODE = "48"  # Thành phố Đà Nẵng
COMMUNE_A = "Tam Kỳ"  # former Quảng Nam provincial capital
COMMUNE_B = "Hải Châu"


@dataclass
class DemoAccount:
    username: str
    password: str
    role: str
    agency: str
    jurisdiction: str


@dataclass
class DemoResult:
    agencies: int = 0
    committees: int = 0
    members: int = 0
    users: int = 0
    accounts: list[DemoAccount] = field(default_factory=list)


def _province() -> Place:
    return Place.objects.current().provinces().get(code=PROVINCE_CODE)


def _commune(province: Place, short_name: str) -> Place:
    return (
        Place.objects.current().communes().get(parent=province, short_name=short_name)
    )


def _agency(
    name: str, kind: str, place: Place, parent: Agency | None = None, **extra: str
) -> Agency:
    existing = Agency.objects.filter(name=name, place=place).first()
    if existing is not None:
        return existing
    return agencies.agency_create(
        by=SYSTEM, name=name, kind=kind, place=place, parent=parent, **extra
    )


def _commune_police_name(commune: Place) -> str:
    # "Công an phường Tam Kỳ", "Công an xã Núi Thành", "Công an đặc khu Hoàng Sa"
    return f"Công an {commune.kind.lower()} {commune.short_name}"


def _load_agencies(province: Place) -> dict[str, Agency]:
    police = _agency(
        data.PROVINCIAL_POLICE,
        AgencyKind.PROVINCIAL_POLICE,
        province,
        short_name="CATP",
        address=data.POLICE_ADDRESS,
    )
    out = {"police": police}
    for key, name, kind, short in data.PROVINCIAL_AGENCIES:
        out[key] = _agency(name, kind, province, short_name=short)
    for key, name in data.FRONT_MEMBERS:
        out[key] = _agency(
            name, AgencyKind.MASS_ORGANISATION, province, parent=out["front"]
        )
    communes = (
        Place.objects.current().communes().filter(parent=province).order_by("code")
    )
    for commune in communes:
        out[f"ca:{commune.short_name}"] = _agency(
            _commune_police_name(commune),
            AgencyKind.COMMUNE_POLICE,
            commune,
            parent=police,
        )
    return out


def _person(rng: random.Random) -> str:
    family = rng.choice(data.FAMILY_NAMES)
    middle = rng.choice(data.MIDDLE_NAMES)
    given = rng.choice(data.GIVEN_NAMES)
    return f"{family} {middle} {given}"


def _load_committee(
    name: str,
    level: str,
    place: Place,
    standing: Agency,
    seats: Sequence[tuple[str, str, Agency]],
    rng: random.Random,
) -> SteeringCommittee:
    committee = SteeringCommittee.objects.filter(level=level, place=place).first()
    if committee is None:
        committee = agencies.committee_create(
            by=SYSTEM,
            name=name,
            level=level,
            place=place,
            standing_agency=standing,
            decision_ref=data.COMMITTEE_DECISION,
        )
    for position, title, agency in seats:
        person = _person(rng)  # drawn even when the seat exists, to stay deterministic
        if not CommitteeMember.objects.filter(
            committee=committee, title=title, agency=agency
        ).exists():
            agencies.committee_member_add(
                by=SYSTEM,
                committee=committee,
                person_name=person,
                position=position,
                title=title,
                agency=agency,
                term_start=data.TERM_START,
            )
    return committee


def _load_committees(province: Place, ag: dict[str, Agency]) -> list[SteeringCommittee]:
    rng = random.Random(138)  # noqa: S311  (demo names, not security)
    seats = [(pos, title, ag[key]) for pos, title, key in data.PROVINCE_SEATS]
    committees = [
        _load_committee(
            data.PROVINCE_COMMITTEE,
            CommitteeLevel.PROVINCE,
            province,
            ag["police"],
            seats,
            rng,
        )
    ]
    for short in (COMMUNE_A, COMMUNE_B):
        commune = _commune(province, short)
        police = ag[f"ca:{short}"]
        commune_seats = [
            (MemberPosition.HEAD, f"Chủ tịch UBND {commune.kind.lower()}", police),
            (MemberPosition.STANDING_DEPUTY, f"Trưởng {police.name}", police),
            (MemberPosition.MEMBER, f"Phó Trưởng {police.name}", police),
        ]
        committees.append(
            _load_committee(
                f"Ban Chỉ đạo 138 {commune.name}",
                CommitteeLevel.COMMUNE,
                commune,
                police,
                commune_seats,
                rng,
            )
        )
    return committees


def _read_accounts(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    try:
        stored = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return (
        {str(k): str(v) for k, v in stored.items()} if isinstance(stored, dict) else {}
    )


def _load_users(
    province: Place, ag: dict[str, Agency], accounts_path: Path
) -> list[DemoAccount]:
    passwords = _read_accounts(accounts_path)
    accounts: list[DemoAccount] = []
    for username, full_name, role, agency_key, commune_short, staff in data.DEMO_USERS:
        agency = ag[agency_key]
        jurisdiction = _commune(province, commune_short) if commune_short else province
        password = passwords.get(username) or secrets.token_urlsafe(9)
        user = User.objects.filter(username=username).first()
        if user is None:
            user = agencies.user_create(
                by=SYSTEM,
                username=username,
                password=password,
                full_name=full_name,
                is_staff=staff,
            )
        elif not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        if not RoleAssignment.objects.filter(
            user=user, role=role, agency=agency, jurisdiction=jurisdiction
        ).exists():
            agencies.role_grant(
                by=SYSTEM,
                user=user,
                role=role,
                agency=agency,
                jurisdiction=jurisdiction,
            )
        passwords[username] = password
        accounts.append(
            DemoAccount(
                username,
                password,
                str(Role(role).label),
                agency.name,
                jurisdiction.name,
            )
        )
    accounts_path.parent.mkdir(parents=True, exist_ok=True)
    accounts_path.write_text(json.dumps(passwords, indent=2))
    accounts_path.chmod(0o600)
    return accounts


@transaction.atomic
def demo_load(
    *, accounts_path: Path, report_count: int = 480, direct_cases: int | None = None
) -> DemoResult:
    """Create (or complete) the demo province; return what it holds and the accounts.

    Cases: one per instituted report plus ``direct_cases`` opened directly
    (default: one for every sixteen reports)."""
    province = _province()
    ag = _load_agencies(province)
    committees = _load_committees(province, ag)
    accounts = _load_users(province, ag, accounts_path)
    from bcd138.demo.cases import demo_cases_load
    from bcd138.demo.reports import demo_reports_load

    demo_reports_load(province=province, count=report_count)
    direct = report_count // 16 if direct_cases is None else direct_cases
    demo_cases_load(province=province, direct=direct)
    from bcd138.demo.movement import demo_movement_load

    demo_movement_load(province=province, ag=ag)
    from bcd138.demo.programs import demo_programs_load

    demo_programs_load(province=province, ag=ag)
    from bcd138.demo.awards import demo_awards_load

    demo_awards_load(province=province)
    from bcd138.demo.hotspots import demo_hotspots_load

    demo_hotspots_load(province=province)
    return DemoResult(
        agencies=Agency.objects.filter(place__current_province=province).count(),
        committees=len(committees),
        members=CommitteeMember.objects.filter(committee__in=committees).count(),
        users=len(accounts),
        accounts=accounts,
    )

"""Criminal cases for the demo province, opened and driven through the services.

Deterministic for a given day. Every demo report decided "institute" gets its one
case (same place, same handling unit, charges matching its crime type); direct
cases fill the years since 2023, those before 1 July 2025 with a legacy commune
as their place. Each case is taken through the steps its bodies would have taken
by today, in order and with past dates only (the services refuse the future):
some still investigated (extended, one by the Supreme People's Procuracy),
suspended, at the procuracy, returned for supplementary investigation, at court,
judged (some appealed) or terminated, and some left past their limit, which is
possible because the clock is checked only when a step is recorded.
"""

from __future__ import annotations

import datetime
import logging
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from bcd138.agencies.models import Agency, AgencyKind, Role, User
from bcd138.cases.models import Case
from bcd138.cases.services.charges import ChargeInput, code_in_force
from bcd138.cases.services.opening import CaseInput, case_open, case_open_from_report
from bcd138.cases.services.people import victim_create
from bcd138.core.access import SYSTEM
from bcd138.core.errors import DomainError
from bcd138.demo import hotspots
from bcd138.demo.case_steps import Cast, Driver, Plan, person, weighted
from bcd138.intake.models import (
    CrimeReport,
    CrimeType,
    Decision,
    ReportEvent,
    State,
)
from bcd138.intake.models import EventKind as ReportEventKind
from bcd138.law.penal_code import Category
from bcd138.places.models import CUTOVER, Place

logger = logging.getLogger(__name__)

FIRST_INSTITUTED = datetime.date(2023, 1, 10)

# Articles for each kind of crime, with the usual title of a direct case.
ARTICLES: dict[str, list[tuple[str, str]]] = {
    CrimeType.THEFT: [("173", "Trộm cắp tài sản")],
    CrimeType.ROBBERY: [("171", "Cướp giật tài sản"), ("168", "Cướp tài sản")],
    CrimeType.FRAUD: [("174", "Lừa đảo chiếm đoạt tài sản qua mạng")],
    CrimeType.ASSAULT: [("134", "Cố ý gây thương tích")],
    CrimeType.DRUGS: [
        ("249", "Tàng trữ trái phép chất ma túy"),
        ("250", "Vận chuyển trái phép chất ma túy"),
        ("251", "Mua bán trái phép chất ma túy"),
    ],
    CrimeType.GAMBLING: [("321", "Đánh bạc"), ("322", "Tổ chức đánh bạc")],
    CrimeType.PROPERTY_DAMAGE: [("178", "Hủy hoại tài sản")],
    CrimeType.PUBLIC_ORDER: [("318", "Gây rối trật tự công cộng")],
    CrimeType.TRAFFICKING: [("150", "Mua bán người")],
    CrimeType.SEXUAL: [("141", "Hiếp dâm")],
}
DIRECT_MIX = [
    (CrimeType.THEFT, 22),
    (CrimeType.FRAUD, 16),
    (CrimeType.DRUGS, 16),
    (CrimeType.ASSAULT, 12),
    (CrimeType.ROBBERY, 10),
    (CrimeType.GAMBLING, 9),
    (CrimeType.PUBLIC_ORDER, 5),
    (CrimeType.PROPERTY_DAMAGE, 4),
    (CrimeType.SEXUAL, 3),
    (CrimeType.TRAFFICKING, 3),
]
# The category each case aims at (the clause nearest it), so all four show.
CATEGORY_MIX = [
    (Category.LESS_SERIOUS, 34),
    (Category.SERIOUS, 34),
    (Category.VERY_SERIOUS, 20),
    (Category.PARTICULARLY_SERIOUS, 12),
]
# Caught in the act or uncovered by the police rather than reported: the city's
# investigating body takes them.
CITY_CASES = (CrimeType.DRUGS, CrimeType.TRAFFICKING, CrimeType.SEXUAL)
HARM: dict[str, str] = {
    CrimeType.THEFT: "Mất tài sản trị giá khoảng {n} triệu đồng",
    CrimeType.ROBBERY: "Mất tài sản trị giá khoảng {n} triệu đồng",
    CrimeType.FRAUD: "Bị chiếm đoạt khoảng {n}0 triệu đồng",
    CrimeType.ASSAULT: "Tổn thương cơ thể {n}%",
    CrimeType.PROPERTY_DAMAGE: "Thiệt hại khoảng {n} triệu đồng",
    CrimeType.SEXUAL: "Bị xâm hại",
    CrimeType.TRAFFICKING: "Bị đưa ra nước ngoài trái phép",
}
STREETS = ["Trần Phú", "Phan Châu Trinh", "Hùng Vương", "Lê Lợi", "Nguyễn Huệ"]

# Showcases every demo has whatever the draws: (days before today the case was
# instituted, crime, category aimed at, plan).
SHOWCASES: list[tuple[int, str, Category, Plan]] = [
    # Three extensions and then the Supreme People's Procuracy's (Điều 172.3).
    (590, CrimeType.DRUGS, Category.PARTICULARLY_SERIOUS, Plan(accused=3, days=900)),
    (150, CrimeType.THEFT, Category.SERIOUS, Plan(stall="investigation")),
    (130, CrimeType.FRAUD, Category.SERIOUS, Plan(days=60, stall="prosecution")),
    (
        260,
        CrimeType.ROBBERY,
        Category.VERY_SERIOUS,
        Plan(days=100, prosecution="return"),
    ),
    (400, CrimeType.DRUGS, Category.VERY_SERIOUS, Plan(days=90, court="return")),
    (900, CrimeType.ASSAULT, Category.SERIOUS, Plan(days=70, appeal=True)),
    (330, CrimeType.GAMBLING, Category.SERIOUS, Plan(days=80, court="suspend")),
    (200, CrimeType.FRAUD, Category.LESS_SERIOUS, Plan(days=45, stall="trial")),
    (250, CrimeType.ROBBERY, Category.SERIOUS, Plan(days=70, stall="judgment")),
    (700, CrimeType.THEFT, Category.LESS_SERIOUS, Plan(solved=False)),
    (500, CrimeType.ASSAULT, Category.LESS_SERIOUS, Plan(terminate=True)),
]


@dataclass
class Spec:
    """A case to open, from a report or direct."""

    instituted_on: datetime.date
    occurred_on: datetime.date
    place: Place
    body: Agency
    crime_type: str
    title: str
    reference: str
    report: CrimeReport | None = None
    address_line: str = ""
    latitude: float | None = None
    longitude: float | None = None
    category: Category | None = None
    plan: Plan | None = None


@dataclass
class CasesResult:
    cases: int = 0
    from_reports: int = 0
    # Steps the law refused, by code: a bug in the plans if not empty.
    refused: Counter[str] = field(default_factory=Counter)


def _charge(rng: random.Random, spec: Spec) -> tuple[ChargeInput, Category]:
    """An article for the crime and its clause nearest the category aimed at."""
    code = code_in_force(spec.occurred_on)
    articles = ARTICLES.get(spec.crime_type, [])
    options = [a for a, _t in articles if code.article(a).has_brackets]
    # A report of another kind, or with no article in the catalogue: as theft.
    article = code.article(rng.choice(options or ["173"]))
    wanted = (spec.category or weighted(rng, CATEGORY_MIX)).rank
    clause = min(
        article.clauses, key=lambda c: (abs(c.category.rank - wanted), rng.random())
    )
    return ChargeInput(article.number, clause.khoan), clause.category


def _plan(rng: random.Random, crime_type: str, category: Category) -> Plan:
    hard = crime_type in (CrimeType.THEFT, CrimeType.FRAUD, CrimeType.ROBBERY)
    low, high = [(25, 100), (40, 150), (60, 230), (90, 330)][category.rank]
    return Plan(
        solved=rng.random() > (0.3 if hard else 0.1),
        accused=weighted(rng, [(1, 70), (2, 22), (3, 8)]),
        days=rng.randint(low, high),
        recharge=rng.random() < 0.07,
        unsolved_end=weighted(rng, [("suspend", 80), ("terminate", 8), ("wait", 12)]),
        resume=rng.random() < 0.25,
        terminate=rng.random() < 0.04,
        prosecution=weighted(
            rng, [("indict", 86), ("return", 9), ("suspend", 2), ("terminate", 3)]
        ),
        court=weighted(
            rng, [("trial", 90), ("return", 5), ("suspend", 3), ("terminate", 2)]
        ),
        prosecution_extension=rng.random() < 0.15,
        trial_extension=rng.random() < 0.2,
        appeal=rng.random() < 0.3,
        stall=weighted(
            rng,
            [("", 86), ("investigation", 7), ("prosecution", 4), ("trial", 3)],
        ),
    )


def _from_reports(province: Place) -> list[Spec]:
    reports = (
        CrimeReport.objects.filter(
            place__current_province=province, state=State.INSTITUTED, case__isnull=True
        )
        .select_related("place", "handling_agency")
        .order_by("pk")
    )
    decisions = ReportEvent.objects.filter(
        report__in=reports, kind=ReportEventKind.DECIDED, decision=Decision.INSTITUTE
    ).order_by("report", "on", "id")
    decided = {e.report_id: e for e in decisions}  # the last decision of each
    specs = []
    for report in reports:
        event = decided.get(report.pk)
        if event is None or report.handling_agency is None:
            continue
        specs.append(
            Spec(
                instituted_on=event.on,
                occurred_on=report.occurred_on
                or timezone.localdate(report.received_at),
                place=report.place,
                body=report.handling_agency,
                crime_type=report.crime_type,
                title=report.description[:200],
                reference=event.reference or f"{report.pk}/QĐ",
                report=report,
                address_line=report.address_line,
                latitude=report.latitude,
                longitude=report.longitude,
            )
        )
    return specs


class _Places:
    """Where direct cases happen: legacy communes before the reorganisation."""

    def __init__(self, province: Place) -> None:
        self.units = {
            a.place_id: a
            for a in Agency.objects.filter(
                kind=AgencyKind.COMMUNE_POLICE, place__parent=province
            )
        }
        self.city_police = Agency.objects.filter(
            kind=AgencyKind.PROVINCIAL_POLICE, place=province
        ).order_by("pk")[0]
        self.current = list(Place.objects.filter(pk__in=self.units).order_by("code"))
        self.legacy = list(
            Place.objects.legacy()
            .communes()
            .filter(current_province=province)
            .select_related("current_commune")
            .order_by("code")
        )
        focus = ("Tam Kỳ", "Hải Châu")
        self.focus_now = [c for c in self.current if c.short_name in focus]
        self.focus_then = [
            c
            for c in self.legacy
            if c.current_commune and c.current_commune.short_name in focus
        ]

    def pick(
        self, rng: random.Random, occurred: datetime.date, crime_type: str
    ) -> tuple[Place, Agency]:
        """Before 1 July 2025 a legacy commune, its file now with the city police;
        after, a current commune and its police (the city's for some crimes)."""
        focus = rng.random() < 0.45
        if occurred < CUTOVER:
            place = rng.choice(self.focus_then if focus else self.legacy)
            return place, self.city_police
        place = rng.choice(self.focus_now if focus else self.current)
        if crime_type in CITY_CASES:
            return place, self.city_police
        return place, self.units[place.pk]


def _direct(
    rng: random.Random, places: _Places, count: int, today: datetime.date
) -> list[Spec]:
    specs = []
    geo = random.Random(41380)  # noqa: S311  (where: its own stream)
    span = (today - FIRST_INSTITUTED).days - 5
    # Kinds of crime with an article the catalogue has the clauses of.
    code = code_in_force(today)
    chargeable = [
        (kind, weight)
        for kind, weight in DIRECT_MIX
        if any(code.article(a).has_brackets for a, _t in ARTICLES[kind])
    ]
    for i in range(count):
        category: Category | None = None
        plan: Plan | None = None
        if i < len(SHOWCASES):
            ago, crime_type, category, plan = SHOWCASES[i]
            instituted = today - datetime.timedelta(ago)
        else:
            crime_type = weighted(rng, chargeable)
            # Mostly before the demo's year of reports, which bring the recent ones.
            days = rng.randint(0, span if rng.random() < 0.2 else span - 365)
            instituted = FIRST_INSTITUTED + datetime.timedelta(days)
        occurred = instituted - datetime.timedelta(rng.randint(1, 20))
        place, body = places.pick(rng, occurred, crime_type)
        lat, lon = hotspots.scatter(geo, place)
        specs.append(
            Spec(
                instituted_on=instituted,
                occurred_on=occurred,
                place=place,
                body=body,
                crime_type=crime_type,
                title=f"{rng.choice(ARTICLES[crime_type])[1]} tại {place.name}",
                reference=f"{rng.randint(1, 399):02d}/QĐ-KTVA",
                address_line=f"{rng.randint(1, 300)} {rng.choice(STREETS)}, "
                f"{place.name}",
                latitude=lat,
                longitude=lon,
                category=category,
                plan=plan,
            )
        )
    return specs


def _cast(province: Place) -> Cast:
    def first(kind: str) -> Agency:
        return Agency.objects.filter(kind=kind, place=province).order_by("pk")[0]

    def liaison(agency: Agency, role: str) -> Any:
        users = User.objects.filter(roles__agency=agency, roles__role=role)
        return users.order_by("username").first() or SYSTEM

    procuracy, court = first(AgencyKind.PROCURACY), first(AgencyKind.COURT)
    return Cast(
        procuracy=procuracy,
        court=court,
        prosecutor=liaison(procuracy, Role.PROCURACY_LIAISON),
        clerk=liaison(court, Role.COURT_LIAISON),
    )


def _open(spec: Spec, number: str, charge: ChargeInput, cast: Cast) -> Case:
    data = CaseInput(
        number=number,
        title=spec.title,
        investigating_body=spec.body,
        procuracy=cast.procuracy,
        occurred_on=spec.occurred_on,
        place=spec.place,
        instituted_on=spec.instituted_on,
        reference=spec.reference,
        charges=[charge],
        address_line=spec.address_line,
        latitude=spec.latitude,
        longitude=spec.longitude,
    )
    by = cast.officer(spec.body)
    if spec.report is not None:
        return case_open_from_report(spec.report, by=by, data=data)
    return case_open(by=by, data=data)


def _victim(rng: random.Random, case: Case, crime_type: str) -> None:
    harm = HARM.get(crime_type)
    if harm is None:
        return
    identity = person(rng, case.place.name)
    victim_create(
        case,
        kind="person",
        harm=harm.format(n=rng.randint(3, 60)),
        identity={
            "full_name": identity["full_name"],
            "contact": f"09{rng.randint(10_000_000, 99_999_999)}",
        },
    )


def demo_cases_load(*, province: Place, direct: int = 60) -> CasesResult:
    """A case for every instituted demo report and ``direct`` more; skip if the
    province already has cases."""
    result = CasesResult()
    if Case.objects.filter(place__current_province=province).exists():
        return result
    rng = random.Random(4138)  # noqa: S311  (demo data, not security)
    today = timezone.localdate()
    specs = _from_reports(province) + _direct(rng, _Places(province), direct, today)
    specs.sort(key=lambda s: (s.instituted_on, s.report.pk if s.report else 0))
    cast = _cast(province)
    numbers: Counter[tuple[int, int]] = Counter()
    for spec in specs:
        year = spec.instituted_on.year
        numbers[(spec.body.pk, year)] += 1
        number = f"{numbers[(spec.body.pk, year)]:02d}/{year}/VA"
        charge, category = _charge(rng, spec)
        plan = spec.plan or _plan(rng, spec.crime_type, category)
        try:
            case = _open(spec, number, charge, cast)
        except DomainError as exc:
            result.refused[exc.code] += 1
            continue
        result.cases += 1
        result.from_reports += spec.report is not None
        _victim(rng, case, spec.crime_type)
        try:
            Driver(case, plan, cast, rng, today).run()
        except DomainError as exc:  # the case stays at its last step
            result.refused[exc.code] += 1
            logger.warning("Demo case %s: %s", case.number, exc)
    return result

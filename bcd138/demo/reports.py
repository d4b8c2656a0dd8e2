"""A year of crime information for the demo province, filed through the services.

Deterministic for a given day: the same seed gives the same reports, channels,
places and outcomes. Most land in the two demo communes (Tam Kỳ, Hải Châu) so
their officers see a full queue; the rest spread over the city. Some are still
open, some overdue, extended, suspended, transferred or decided, as in life.
"""

from __future__ import annotations

import contextlib
import datetime
import random
from typing import Any

from django.utils import timezone

from bcd138.agencies.models import Agency, AgencyKind, Role, User
from bcd138.core.access import SYSTEM
from bcd138.core.errors import DomainError
from bcd138.demo import hotspots
from bcd138.intake.models import (
    Channel,
    CrimeReport,
    CrimeType,
    Decision,
    ReportKind,
    SuspensionGround,
)
from bcd138.intake.services import handling
from bcd138.intake.services.reports import ReportInput, report_record
from bcd138.places.models import Place

# (crime type, share of reports, descriptions)
MIX: list[tuple[str, int, list[str]]] = [
    (
        CrimeType.THEFT,
        30,
        [
            "Bị mất xe máy Honda Wave dựng trước nhà trong đêm.",
            "Kẻ gian cạy cửa lấy trộm tài sản trong nhà khi gia đình đi vắng.",
            "Bị móc túi mất điện thoại tại chợ.",
        ],
    ),
    (
        CrimeType.FRAUD,
        22,
        [
            "Bị đối tượng giả danh công an gọi điện yêu cầu chuyển tiền vào tài khoản.",
            "Đặt mua hàng trên mạng xã hội, đã chuyển tiền nhưng không nhận được hàng.",
            "Bị lừa tham gia làm nhiệm vụ online, mất hơn 200 triệu đồng.",
        ],
    ),
    (
        CrimeType.ASSAULT,
        12,
        [
            "Hai nhóm thanh niên xô xát, một người bị thương phải đi cấp cứu.",
            "Bị hàng xóm dùng gậy đánh gây thương tích sau khi cãi nhau.",
        ],
    ),
    (
        CrimeType.DRUGS,
        10,
        [
            "Nghi có nhóm người tụ tập sử dụng ma túy tại căn nhà cuối hẻm.",
            "Phát hiện người lạ mua bán chất nghi là ma túy gần trường học.",
        ],
    ),
    (
        CrimeType.GAMBLING,
        8,
        [
            "Có tụ điểm đánh bạc ăn tiền vào các buổi tối tại quán nước.",
            "Nhóm người tổ chức cá độ bóng đá qua mạng tại địa phương.",
        ],
    ),
    (
        CrimeType.ROBBERY,
        7,
        [
            "Bị hai đối tượng đi xe máy giật túi xách khi đang đi bộ.",
            "Bị cướp điện thoại trên đường về nhà lúc tối muộn.",
        ],
    ),
    (
        CrimeType.PUBLIC_ORDER,
        6,
        [
            "Nhóm thanh niên đua xe, lạng lách gây mất trật tự vào ban đêm.",
        ],
    ),
    (
        CrimeType.PROPERTY_DAMAGE,
        5,
        [
            "Bị người lạ đập phá cửa kính cửa hàng.",
        ],
    ),
]
CHANNELS = [
    (Channel.IN_PERSON, 35),
    (Channel.PHONE, 30),
    (Channel.MAIL, 5),
    (Channel.PRESS, 5),
    (Channel.AGENCY, 10),
    (Channel.IMPORT, 15),
]
NAMES = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    "Võ Văn Hải",
]


def _weighted(rng: random.Random, pairs: list[tuple[Any, int]]) -> Any:
    return rng.choices([p for p, _w in pairs], weights=[w for _p, w in pairs])[0]


def _people(unit: Agency) -> tuple[Any, Any]:
    """A unit's demo officer and head, or the system for units with no accounts."""
    users = User.objects.filter(roles__agency=unit)
    officer = users.filter(
        roles__role__in=[Role.COMMUNE_POLICE, Role.PROVINCIAL_POLICE]
    ).first()
    head = users.filter(roles__role=Role.UNIT_HEAD).first()
    return officer or SYSTEM, head or SYSTEM


def _file(
    rng: random.Random,
    place: Place,
    unit: Agency,
    received: datetime.datetime,
    where: tuple[float | None, float | None] = (None, None),
    kinds: tuple[str, ...] = (),
) -> CrimeReport:
    mix = [m for m in MIX if m[0] in kinds] if kinds else MIX
    crime_type, _share, texts = mix[
        rng.choices(range(len(mix)), weights=[m[1] for m in mix])[0]
    ]
    channel = _weighted(rng, CHANNELS)
    anonymous = rng.random() < 0.35
    data = ReportInput(
        kind=ReportKind.RECOMMENDATION
        if channel == Channel.AGENCY
        else _weighted(rng, [(ReportKind.DENUNCIATION, 75), (ReportKind.REPORT, 25)]),
        place=place,
        description=rng.choice(texts),
        crime_type=crime_type,
        occurred_on=received.date() - datetime.timedelta(days=rng.randint(0, 3)),
        address_line=f"Tổ {rng.randint(1, 30)}, {place.name}",
        latitude=where[0],
        longitude=where[1],
        anonymous=anonymous,
        confidential=not anonymous and rng.random() < 0.3,
        very_serious=crime_type in (CrimeType.ROBBERY, CrimeType.DRUGS)
        and rng.random() < 0.3,
        identity={}
        if anonymous
        else {
            "full_name": rng.choice(NAMES),
            "phone": f"090{rng.randint(1000000, 9999999)}",
        },
        sender_agency_name="Sở Giáo dục và Đào tạo"
        if channel == Channel.AGENCY
        else "",
    )
    return report_record(
        data, by=SYSTEM, unit=unit, channel=channel, received_at=received
    ).report


def _handle(rng: random.Random, report: CrimeReport, today: datetime.date) -> None:
    """Take the report through the steps a unit would have taken by today."""
    officer, head = _people(report.handling_agency)
    received = timezone.localdate(report.received_at)
    day = min(today, received + datetime.timedelta(days=rng.randint(0, 2)))
    if officer is not SYSTEM:
        handling.report_assign(report, by=head, officer=officer, on=day)
    if report.very_serious:
        # Commune police pass very serious matters to the investigating body at once
        # (TT 28/2020 Điều 7), which then handles them.
        police = Agency.objects.get(
            kind=AgencyKind.PROVINCIAL_POLICE, place=report.place.current_province
        )
        handling.report_transfer(
            report, by=head, to_agency=police, reason="Vụ việc rất nghiêm trọng", on=day
        )
        report.refresh_from_db()
        officer, head = _people(police)
        if officer is not SYSTEM:
            handling.report_assign(report, by=head, officer=officer, on=day)
    handling.report_notify_procuracy(
        report, by=head, reference=f"{rng.randint(1, 999):02d}/TB", on=day
    )
    age = (today - received).days
    fate = rng.random()
    if age < 25 and fate < 0.7:
        return  # still being verified, some will run close to the limit
    if fate < 0.08 and age < 60:
        return  # left overdue lately: the overview must show these
    report.refresh_from_db()
    deadline = report.deadline or today
    if fate < 0.15 and deadline < today:
        handling.report_suspend(
            report,
            by=head,
            ground=SuspensionGround.EXPERT,
            reason="Chờ kết luận giám định",
            on=deadline,
        )
        return
    if fate < 0.32 and received + datetime.timedelta(days=15) <= today:
        extended = received + datetime.timedelta(days=55)
        handling.report_extend(
            report,
            by=head,
            until=extended,
            reason="Cần xác minh ở nhiều nơi",
            on=received + datetime.timedelta(days=15),
        )
        deadline = extended
    decide_on = min(
        today, deadline, received + datetime.timedelta(days=rng.randint(8, 19))
    )
    decision = Decision.INSTITUTE if rng.random() < 0.55 else Decision.NOT_INSTITUTE
    handling.report_decide(
        report,
        by=head,
        decision=decision,
        reason="Kết quả xác minh",
        reference=f"{rng.randint(1, 999):02d}/QĐ",
        on=max(decide_on, day),
    )


def demo_reports_load(*, province: Place, count: int = 480) -> int:
    """File `count` reports over the last year, a few of them a hot spot forming
    in Hội An over the last three weeks (`demo.hotspots`); skip if the demo
    already has them."""
    if CrimeReport.objects.filter(place__current_province=province).exists():
        return 0
    rng = random.Random(138)  # noqa: S311  (demo data, not security)
    geo = random.Random(1380)  # noqa: S311  (where: its own stream)
    forming = hotspots.forming_count(count)
    count -= forming
    today = timezone.localdate()
    units = {
        a.place_id: a
        for a in Agency.objects.filter(
            kind=AgencyKind.COMMUNE_POLICE, place__parent=province
        )
    }
    communes = list(Place.objects.filter(pk__in=units).order_by("code"))
    focus = [c for c in communes if c.short_name in ("Tam Kỳ", "Hải Châu")]
    made = 0
    for i in range(count):
        place = rng.choice(focus) if rng.random() < 0.45 else rng.choice(communes)
        days_ago = int(365 * (1 - i / count))
        received = timezone.make_aware(
            datetime.datetime.combine(
                today - datetime.timedelta(days=days_ago),
                datetime.time(rng.randint(7, 21), rng.randint(0, 59)),
            )
        )
        received = min(received, timezone.now() - datetime.timedelta(minutes=1))
        report = _file(
            rng, place, units[place.pk], received, hotspots.scatter(geo, place)
        )
        # A step the law refuses on this history is simply not taken.
        with contextlib.suppress(DomainError):
            _handle(rng, report, today)
        made += 1
    spot = next((c for c in communes if c.short_name == hotspots.FORMING_COMMUNE), None)
    if spot is None:
        return made
    for received in hotspots.forming_plan(geo, forming, timezone.now()):
        report = _file(
            rng,
            spot,
            units[spot.pk],
            received,
            hotspots.forming_where(geo, spot),
            kinds=(CrimeType.THEFT, CrimeType.ROBBERY),
        )
        with contextlib.suppress(DomainError):
            _handle(rng, report, today)
        made += 1
    return made

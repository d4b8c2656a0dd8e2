"""The movement for the demo province, built through the movement's services.

Two years before the reorganisation (1 July 2023 – 30 June 2025, in the former
communes of Quảng Nam and Đà Nẵng) and the time since (the 2025 communes):
models and their replications (some carried over to the new communes), outreach
in person and online with the balance moving online, security teams under Law
30/2023 with their members, exemplary people linked to what they did, and the
"safe on security and order" recognition of 2023–2025 decided, this year's
registered. Deterministic for a given day; skipped when the province has it.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from bcd138.agencies.models import Agency, AgencyKind, User
from bcd138.cases.models import Case
from bcd138.core.access import SYSTEM
from bcd138.demo import data
from bcd138.movement.models import (
    AuthorityLevel,
    ExemplaryKind,
    ModelType,
    MovementModel,
    OutreachChannel,
    Platform,
    Rating,
    Result,
    SafetyRecognition,
    Topic,
    UnitKind,
)
from bcd138.movement.services import exemplary, grassroots, outreach, safety, teams
from bcd138.places.models import CUTOVER, Place

START = datetime.date(2023, 7, 1)
LEGACY_END = CUTOVER - datetime.timedelta(days=1)

MODEL_NAMES = [
    (ModelType.SECURITY_CAMERA, "Camera an ninh khu dân cư"),
    (ModelType.SELF_MANAGEMENT, "Tổ tự quản về an ninh, trật tự"),
    (ModelType.DRUG_FREE, "Khu dân cư không ma túy"),
    (ModelType.INTER_FAMILY, "Tổ liên gia an toàn"),
    (ModelType.ONLINE_GROUP, "Nhóm Zalo “An ninh khu phố”"),
    (ModelType.FIRE_SAFETY, "Tổ liên gia an toàn phòng cháy, chữa cháy"),
    (ModelType.SAFE_SCHOOL, "Cổng trường an toàn giao thông"),
    (ModelType.RELIGIOUS, "Giáo xứ bình yên"),
]
TOPIC_MIX = [
    (Topic.ONLINE_FRAUD, 5),
    (Topic.DRUGS, 3),
    (Topic.TRAFFIC, 2),
    (Topic.DENUNCIATION, 2),
    (Topic.CYBERCRIME, 2),
    (Topic.MOVEMENT, 1),
    (Topic.DOMESTIC_VIOLENCE, 1),
    (Topic.TRAFFICKING, 1),
]
TOPIC_TITLES = {
    Topic.ONLINE_FRAUD: "Cảnh giác lừa đảo chiếm đoạt tài sản qua mạng",
    Topic.DRUGS: "Phòng, chống ma túy trong thanh thiếu niên",
    Topic.TRAFFIC: "An toàn giao thông cho học sinh",
    Topic.DENUNCIATION: "Tố giác tội phạm qua ứng dụng VNeID",
    Topic.CYBERCRIME: "Bảo vệ tài khoản và dữ liệu cá nhân",
    Topic.MOVEMENT: "Phong trào Toàn dân bảo vệ an ninh Tổ quốc",
    Topic.DOMESTIC_VIOLENCE: "Phòng, chống bạo lực gia đình",
    Topic.TRAFFICKING: "Phòng, chống mua bán người",
}
PAGES = [
    (Platform.FACEBOOK, "Công an thành phố Đà Nẵng"),
    (Platform.ZALO, "Zalo OA Công an phường"),
    (Platform.TIKTOK, "Tuổi trẻ Công an"),
    (Platform.YOUTUBE, "Truyền hình Công an"),
]


_users: dict[str, Any] = {}
_police: dict[int, Agency] = {}
_former: dict[int, Place] = {}


def _user(username: str) -> Any:
    """The demo account (its grants read once), or the system without one."""
    if username not in _users:
        _users[username] = User.objects.filter(username=username).first() or SYSTEM
    return _users[username]


def _pick(rng: random.Random, pairs: Sequence[tuple[Any, int]]) -> Any:
    return rng.choices([p for p, _w in pairs], weights=[w for _p, w in pairs])[0]


def _day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _communes(province: Place) -> tuple[list[Place], list[Place]]:
    """Former communes (Quảng Nam and Đà Nẵng) and 2025 ones, with the personas'
    communes (Tam Kỳ, Hải Châu) and their predecessors always in."""
    focus = ("Tam Kỳ", "Hải Châu")
    current = list(
        Place.objects.current().communes().filter(parent=province).order_by("code")
    )
    chosen = [c for c in current if c.short_name in focus] + current[::9]
    legacy_all = list(
        Place.objects.legacy()
        .communes()
        .filter(current_province=province)
        .select_related("current_commune")
        .order_by("code")
    )
    legacy = [c for c in legacy_all if c.current_commune in chosen[:2]]
    legacy += legacy_all[::23]
    return _unique(legacy), _unique(chosen)


def _unique(places: list[Place]) -> list[Place]:
    seen: dict[int, Place] = {}
    for p in places:
        seen.setdefault(p.pk, p)
    return list(seen.values())


def _police_of(place: Place, police: Agency) -> Agency:
    """The police of the place's commune today (the province's for a province)."""
    if not _police:
        units = Agency.objects.filter(
            kind=AgencyKind.COMMUNE_POLICE, place__current_province=police.place_id
        ).select_related("place")
        _police.update({a.place_id: a for a in units})
    return _police.get(place.current_commune_id or 0, police)


# ---- models -----------------------------------------------------------------


def _model_input(
    rng: random.Random,
    communes: list[Place],
    started: datetime.date,
    police: Agency,
    kind: tuple[str, str],
) -> grassroots.ModelInput:
    model_type, label = kind
    return grassroots.ModelInput(
        name=f"{label} {communes[0].short_name}",
        model_type=model_type,
        communes=communes,
        started_on=started,
        running_agency=_police_of(communes[0], police),
        members_count=rng.randint(8, 60),
        activities="Tuần tra, nắm tình hình, tuyên truyền, phát hiện và báo tin.",
    )


def _models(
    rng: random.Random, legacy: list[Place], current: list[Place], police: Agency
) -> list[MovementModel]:
    by = _user("thuongtruc")
    today = timezone.localdate()
    made: list[MovementModel] = []
    for i, commune in enumerate(legacy[:12]):
        origin = grassroots.model_create(
            by=by,
            data=_model_input(
                rng,
                [commune],
                _day(rng, START, datetime.date(2024, 6, 30)),
                police,
                MODEL_NAMES[i % len(MODEL_NAMES)],
            ),
        )
        made.append(origin)
        # Replicated in one or two other former communes before the merger...
        for other in rng.sample([c for c in legacy if c != commune], rng.randint(1, 2)):
            started = _day(rng, origin.started_on, LEGACY_END)
            data_in = _model_input(
                rng, [other], started, police, MODEL_NAMES[i % len(MODEL_NAMES)]
            )
            made.append(grassroots.model_replicate(origin, by=by, data=data_in))
        # ...and some carried to a 2025 commune afterwards.
        if i % 3 == 0 and today > CUTOVER:
            target = current[(i // 3) % len(current)]
            if target.pk != commune.current_commune_id:
                data_in = _model_input(
                    rng,
                    [target],
                    _day(rng, CUTOVER, today),
                    police,
                    MODEL_NAMES[i % len(MODEL_NAMES)],
                )
                made.append(grassroots.model_replicate(origin, by=by, data=data_in))
    for i, commune in enumerate(current[:5]):
        if today <= CUTOVER:
            break
        made.append(
            grassroots.model_create(
                by=by,
                data=_model_input(
                    rng,
                    [commune],
                    _day(rng, CUTOVER, today),
                    police,
                    MODEL_NAMES[(i + 3) % len(MODEL_NAMES)],
                ),
            )
        )
    _assess(rng, made, by, today)
    return made


def _assess(
    rng: random.Random, models: list[MovementModel], by: Any, today: datetime.date
) -> None:
    for model in models:
        for year in range(model.started_on.year, today.year):
            rating = _pick(
                rng,
                [(Rating.EFFECTIVE, 7), (Rating.PARTLY, 2), (Rating.NOT_EFFECTIVE, 1)],
            )
            grassroots.model_assess(model, by=by, year=year, rating=rating)


# ---- outreach ---------------------------------------------------------------


def _months(today: datetime.date) -> list[datetime.date]:
    months, day = [], START
    while day <= today:
        months.append(day)
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return months


def _outreach(
    rng: random.Random,
    legacy: list[Place],
    current: list[Place],
    ag: dict[str, Agency],
    province: Place,
) -> None:
    today = timezone.localdate()
    months = _months(today)
    front = _user("mttq")
    for n, month in enumerate(months):
        progress = n / max(1, len(months) - 1)
        in_person = round(4 - 3 * progress)
        online = round(1 + 3 * progress)
        end = min(
            today, (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        )
        end -= datetime.timedelta(days=1) if end != today else datetime.timedelta(0)
        places = legacy if month < CUTOVER else current
        for _i in range(in_person):
            _session_in_person(rng, places, ag, month, end, progress)
        for _i in range(online):
            _session_online(rng, ag, province, places, month, end, progress)
        if n % 4 == 0:
            _session_front(rng, front, ag, places, month, end)


def _session_in_person(
    rng: random.Random,
    places: list[Place],
    ag: dict[str, Agency],
    start: datetime.date,
    end: datetime.date,
    progress: float,
) -> None:
    place = rng.choice(places)
    topic = _pick(rng, TOPIC_MIX)
    outreach.outreach_create(
        by=_user("thuongtruc"),
        data=outreach.OutreachInput(
            channel=OutreachChannel.IN_PERSON,
            held_on=_day(rng, start, end),
            title=TOPIC_TITLES[topic],
            topic=topic,
            place=place,
            organiser=_police_of(place, ag["police"]),
            venue=f"Nhà văn hóa {place.short_name}",
            attendees=max(20, rng.randint(40, 260) - int(60 * progress)),
        ),
    )


def _session_online(
    rng: random.Random,
    ag: dict[str, Agency],
    province: Place,
    places: list[Place],
    start: datetime.date,
    end: datetime.date,
    progress: float,
) -> None:
    platform, page = rng.choice(PAGES)
    topic = _pick(rng, TOPIC_MIX)
    local = rng.random() < 0.4
    held = _day(rng, start, end)
    # Before the merger the province-wide page was the former province's.
    place = rng.choice(places) if local else province
    if not local and held < CUTOVER:
        place = _former_province(province)
    outreach.outreach_create(
        by=_user("thuongtruc"),
        data=outreach.OutreachInput(
            channel=OutreachChannel.ONLINE,
            held_on=held,
            title=TOPIC_TITLES[topic],
            topic=topic,
            place=place,
            organiser=_police_of(place, ag["police"]) if local else ag["police"],
            platform=platform,
            page_name=page,
            link=f"https://example.gov.vn/tuyen-truyen/{held:%Y%m%d}-{topic}",
            views=int(rng.randint(800, 4000) * (1 + 5 * progress)),
            shares=rng.randint(10, 300),
        ),
    )


def _former_province(province: Place) -> Place:
    key = province.pk
    if key not in _former:
        former = Place.objects.legacy().provinces().filter(current_province=province)
        _former[key] = former.order_by("code").first() or province
    return _former[key]


def _session_front(
    rng: random.Random,
    by: Any,
    ag: dict[str, Agency],
    places: list[Place],
    start: datetime.date,
    end: datetime.date,
) -> None:
    place = rng.choice(places)
    outreach.outreach_create(
        by=by,
        data=outreach.OutreachInput(
            channel=OutreachChannel.IN_PERSON,
            held_on=_day(rng, start, end),
            title="Hội nghị tuyên truyền phòng, chống tội phạm trong hội viên",
            topic=Topic.MOVEMENT,
            place=place,
            organiser=ag[rng.choice(["front", "phunu", "doan", "ccb"])],
            venue=f"Hội trường {place.short_name}",
            attendees=rng.randint(60, 200),
        ),
    )


# ---- teams ------------------------------------------------------------------


def _person(rng: random.Random) -> str:
    return (
        f"{rng.choice(data.FAMILY_NAMES)} {rng.choice(data.MIDDLE_NAMES)} "
        f"{rng.choice(data.GIVEN_NAMES)}"
    )


def _members(rng: random.Random, decided: datetime.date) -> list[teams.MemberInput]:
    members = [
        teams.MemberInput(
            full_name=_person(rng),
            birth_year=decided.year - rng.randint(22, 66),
            position="Tổ trưởng" if i == 0 else "Tổ viên",
        )
        for i in range(rng.randint(4, 6))
    ]
    if rng.random() < 0.3:
        members.append(
            teams.MemberInput(
                full_name=_person(rng),
                birth_year=decided.year - 72,
                position="Tổ viên",
                over_age_exception=True,
                exception_reason="Sức khỏe tốt, uy tín trong khu dân cư",
            )
        )
    return members


def _teams(rng: random.Random, legacy: list[Place], current: list[Place]) -> None:
    by = _user("thuongtruc")
    today = timezone.localdate()
    law = teams.LAW_IN_FORCE
    for i, commune in enumerate(legacy[:6]):
        decided = _day(rng, law, law + datetime.timedelta(days=45))
        teams.team_create(
            by=by,
            data=teams.TeamInput(
                commune=commune,
                name=f"Tổ bảo vệ ANTT số {i + 1} {commune.short_name}",
                decision_ref=f"{30 + i}/QĐ-UBND",
                decided_on=decided,
                areas=[f"Thôn {i + 1}", f"Thôn {i + 2}"],
                # Re-formed in the new commune after the merger.
                dissolved_on=LEGACY_END if today > CUTOVER else None,
                members=_members(rng, decided),
            ),
        )
    if today <= CUTOVER:
        return
    for i, commune in enumerate(current[:8]):
        decided = _day(rng, CUTOVER, min(today, CUTOVER + datetime.timedelta(days=60)))
        teams.team_create(
            by=by,
            data=teams.TeamInput(
                commune=commune,
                name=f"Tổ bảo vệ ANTT tổ dân phố {i + 1}",
                decision_ref=f"{100 + i}/QĐ-UBND",
                decided_on=decided,
                areas=[f"Tổ dân phố {i + 1}", f"Tổ dân phố {i + 11}"],
                members=_members(rng, decided),
            ),
        )


# ---- the safety recognition -------------------------------------------------


def _register(
    kind: str, name: str, commune: Place, year: int, managed_by: str = ""
) -> SafetyRecognition:
    return safety.recognition_register(
        by=_user("thuongtruc"),
        data=safety.RegistrationInput(
            kind=kind,
            unit_name=name,
            commune=commune,
            year=year,
            registered_on=datetime.date(year, 2, 20),
            registration_ref=f"Bản đăng ký ngày 20/02/{year}",
            managed_by=managed_by,
        ),
    )


def _answer_and_decide(rng: random.Random, rec: SafetyRecognition, n: int) -> None:
    by = _user("thuongtruc")
    suggestions = safety.recognition_suggestions(rec)
    answers = []
    for criterion in safety.edition_of(rec).criteria(rec.kind):
        suggestion = suggestions.get(criterion.code)
        met = suggestion.met if suggestion else rng.random() > 0.04
        if criterion.prefill == "no_serious_crime" and not met:
            met = rng.random() < 0.75  # "detected and handled promptly"
        answers.append(
            safety.AnswerInput(criterion.code, met, "Theo báo cáo của đơn vị")
        )
    safety.recognition_answer(rec, by=by, answers=answers)
    result = Result.MET if all(a.met for a in answers) else Result.NOT_MET
    window = safety.edition_of(rec).decision_window(rec.kind, rec.year)
    level = safety.authority_of(rec)
    safety.recognition_decide(
        rec,
        by=by,
        result=result,
        decision_ref=f"{200 + n}/QĐ-UBND",
        decided_on=window.end,
        level=level,
    )


def _recognitions(
    rng: random.Random, legacy: list[Place], current: list[Place]
) -> None:
    """2023 and 2024 in the former communes, 2025 on in the new ones; a year is
    decided once its decision windows have passed, else only registered."""
    today = timezone.localdate()
    n = 0
    for year in range(2023, today.year + 1):
        if datetime.date(year, 2, 20) > today:
            continue
        communes = legacy[:3] if year < CUTOVER.year else current[:3]
        decide = datetime.date(year, 11, 19) < today
        for commune in communes:
            units = [
                _register(UnitKind.RESIDENTIAL_AREA, "Thôn 1", commune, year),
                _register(UnitKind.RESIDENTIAL_AREA, "Thôn 2", commune, year),
                _register(
                    UnitKind.SCHOOL,
                    f"Trường THCS {commune.short_name}",
                    commune,
                    year,
                    AuthorityLevel.COMMUNE,
                ),
            ]
            whole = _register(UnitKind.COMMUNE, "", commune, year)
            if not decide:
                continue
            for rec in [*units, whole]:  # the units first: the commune counts them
                n += 1
                _answer_and_decide(rng, rec, n)


# ---- exemplary people -------------------------------------------------------


def _exemplary(
    rng: random.Random,
    models: list[MovementModel],
    legacy: list[Place],
    current: list[Place],
    ag: dict[str, Agency],
) -> None:
    by = _user("thuongtruc")
    today = timezone.localdate()
    cases = list(
        Case.objects.filter(place__current_commune__in=current).order_by("id")[:4]
    )
    for i in range(10):
        year = 2023 + i % 3
        if year > today.year:
            continue
        places = legacy if year < CUTOVER.year else current
        collective = i % 3 == 2
        item = exemplary.exemplary_create(
            by=by,
            data=exemplary.ExemplaryInput(
                kind=ExemplaryKind.COLLECTIVE
                if collective
                else ExemplaryKind.INDIVIDUAL,
                name="" if collective else _person(rng),
                agency=ag[rng.choice(["phunu", "doan", "ccb"])] if collective else None,
                place=places[i % len(places)],
                year=year,
                achievement=(
                    "Phát hiện, tố giác kịp thời đối tượng trộm cắp; tích cực tham "
                    "gia mô hình tự quản ở khu dân cư."
                ),
                proposed_by=ag["police"],
            ),
        )
        if models:
            exemplary.exemplary_link(
                item, by=by, kind="model", ref=str(models[i % len(models)].pk)
            )
        if cases and i < len(cases):
            exemplary.exemplary_link(item, by=by, kind="case", ref=str(cases[i].pk))


# ---- the member agencies' own work ------------------------------------------


def _member_agencies_work(current: list[Place], ag: dict[str, Agency]) -> None:
    """What the demo's member-agency personas (`mttq`, `sogiaoduc`) run
    themselves: a Front model in two communes, school outreach by the education
    department, an exemplary collective the Front proposes. Its own generator,
    so the rest of the demo stays the same."""
    rng = random.Random(1380)  # noqa: S311  (demo data, not security)
    today = timezone.localdate()
    if today <= CUTOVER or len(current) < 2:
        return
    front, school = _user("mttq"), _user("sogiaoduc")
    grassroots.model_create(
        by=front,
        data=grassroots.ModelInput(
            name="Khu dân cư tự quản về an ninh, trật tự (Mặt trận chủ trì)",
            model_type=ModelType.SELF_MANAGEMENT,
            communes=current[:2],
            started_on=_day(rng, CUTOVER, today),
            running_agency=ag["front"],
            members_count=42,
            activities=(
                "Ban công tác Mặt trận khu dân cư nắm tình hình, hòa giải mâu thuẫn, "
                "vận động nhân dân tố giác tội phạm qua VNeID."
            ),
        ),
    )
    for i, (channel, topic, title) in enumerate(
        [
            (
                OutreachChannel.IN_PERSON,
                Topic.DRUGS,
                "Phòng, chống ma túy trong trường học",
            ),
            (
                OutreachChannel.ONLINE,
                Topic.ONLINE_FRAUD,
                "Cảnh giác lừa đảo trực tuyến cho học sinh, sinh viên",
            ),
            (
                OutreachChannel.IN_PERSON,
                Topic.TRAFFIC,
                "An toàn giao thông cho học sinh trước kỳ nghỉ hè",
            ),
        ]
    ):
        place = current[i % len(current)]
        held = _day(rng, CUTOVER, today)
        online = channel == OutreachChannel.ONLINE
        outreach.outreach_create(
            by=school,
            data=outreach.OutreachInput(
                channel=channel,
                held_on=held,
                title=title,
                topic=topic,
                place=place,
                organiser=ag["giaoduc"],
                venue="" if online else f"Trường THCS {place.short_name}",
                attendees=None if online else rng.randint(300, 900),
                platform=Platform.FACEBOOK if online else "",
                page_name="Sở Giáo dục và Đào tạo" if online else "",
                link=f"https://example.gov.vn/so-gd/{held:%Y%m%d}" if online else "",
                views=rng.randint(5000, 20000) if online else None,
                shares=rng.randint(50, 400) if online else None,
            ),
        )
    exemplary.exemplary_create(
        by=front,
        data=exemplary.ExemplaryInput(
            kind=ExemplaryKind.COLLECTIVE,
            name="",
            agency=ag["phunu"],
            place=current[0],
            year=today.year,
            achievement=(
                "Vận động hội viên tham gia mô hình khu dân cư tự quản; phát hiện, "
                "báo tin nhiều vụ việc về ma túy."
            ),
            proposed_by=ag["front"],
        ),
    )


def demo_movement_load(*, province: Place, ag: dict[str, Agency]) -> int:
    """The movement's demo data; 0 (and nothing done) when the province has it."""
    if MovementModel.objects.filter(communes__current_province=province).exists():
        return 0
    rng = random.Random(138)  # noqa: S311  (demo data, not security)
    _users.clear()
    _police.clear()
    _former.clear()
    legacy, current = _communes(province)
    models = _models(rng, legacy, current, ag["police"])
    _outreach(rng, legacy, current, ag, province)
    _teams(rng, legacy, current)
    _recognitions(rng, legacy, current)
    _exemplary(rng, models, legacy, current, ag)
    _member_agencies_work(current, ag)
    return len(models)


__all__ = ["demo_movement_load"]

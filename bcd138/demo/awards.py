"""Commendations for the demo province, made through the awards services.

Three campaigns of the city's Steering Committee 138:
- the review of 2023 (the year before the source article, then Quảng Nam, legacy
  units), whose decisions give what the conference of 22/01/2024 announced: 18
  collectives by the Minister of Public Security (one of them the provincial
  newspaper's staff), 3 by the Chairman of the provincial People's Committee, 46
  by the Director of the provincial police — plus individuals, counted apart;
- the most recent 19 August festival day (today's units), decided;
- the review of the current year, open: proposals submitted, some accepted and
  waiting for the committee, some approved and waiting for a decision, one
  returned with its reason, one draft, with evidence cited from the demo's cases.
Deterministic for a given day; a campaign that exists is left as it is.
"""

from __future__ import annotations

import contextlib
import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from bcd138.agencies.models import Agency, AgencyKind, SteeringCommittee, User
from bcd138.awards.models import AwardForm, Campaign, Grantor, Occasion, Proposal
from bcd138.awards.services.campaigns import campaign_create
from bcd138.awards.services.decisions import decision_record
from bcd138.awards.services.evidence import proposal_evidence_link
from bcd138.awards.services.proposals import (
    ProposalInput,
    proposal_accept,
    proposal_approve,
    proposal_create,
    proposal_return,
    proposal_submit,
    proposals_approve,
)
from bcd138.core.errors import DomainError
from bcd138.demo import data
from bcd138.places.models import Level, Place

D = datetime.date
MINISTER = "bang-khen-bo-truong-bca"
CHAIRMAN = "bang-khen-chu-tich-ubnd-tinh"
DIRECTOR = "giay-khen-giam-doc-ca-tinh"
MEDAL = "knc-bao-ve-an-ninh-to-quoc"
COMMUNE_CHAIR = "giay-khen-chu-tich-ubnd-xa"

REVIEW = "Khen thưởng tổng kết phong trào Toàn dân bảo vệ an ninh Tổ quốc"
FESTIVAL = "Khen thưởng nhân dịp Ngày hội Toàn dân bảo vệ an ninh Tổ quốc"
REVIEW_2023 = (
    "Khen thưởng tổng kết phong trào Toàn dân bảo vệ an ninh Tổ quốc năm 2023 "
    "(tỉnh Quảng Nam)"
)
ACHIEVEMENTS = [
    "Duy trì hiệu quả mô hình tự quản về an ninh, trật tự; phát hiện, tố giác {n} "
    "vụ việc liên quan đến tội phạm, góp phần khám phá {m} vụ án.",
    "Tích cực tuyên truyền, vận động nhân dân tố giác tội phạm; không để phát sinh "
    "tụ điểm phức tạp về an ninh, trật tự; tham gia bắt giữ {m} đối tượng.",
    "Phối hợp chặt chẽ với lực lượng Công an giải quyết {n} vụ việc ngay từ cơ sở; "
    "nhân rộng mô hình “Camera an ninh” tại {m} khu dân cư.",
]


@dataclass
class AwardsResult:
    campaigns: int = 0
    proposals: int = 0


@dataclass
class _Cast:
    office: User
    leader: User
    commune_police: User | None
    member: User | None
    police: Agency
    province: Place
    committee: SteeringCommittee


def _cast(province: Place) -> _Cast | None:
    committee = SteeringCommittee.objects.filter(place=province).first()
    users = {u.username: u for u in User.objects.filter(username__in=_USERNAMES)}
    if committee is None or "thuongtruc" not in users or "lanhdao" not in users:
        return None
    return _Cast(
        office=users["thuongtruc"],
        leader=users["lanhdao"],
        commune_police=users.get("ca.tamky"),
        member=users.get("sogiaoduc"),
        police=committee.standing_agency,
        province=province,
        committee=committee,
    )


_USERNAMES = ["thuongtruc", "lanhdao", "ca.tamky", "sogiaoduc"]


def _person(rng: random.Random) -> str:
    family = rng.choice(data.FAMILY_NAMES)
    middle = rng.choice(data.MIDDLE_NAMES)
    return f"{family} {middle} {rng.choice(data.GIVEN_NAMES)}"


def _achievements(rng: random.Random) -> str:
    template = rng.choice(ACHIEVEMENTS)
    return template.format(n=rng.randint(3, 25), m=rng.randint(1, 9))


class _Run:
    """Proposals of one campaign, taken through their steps on given days."""

    def __init__(self, cast: _Cast, campaign: Campaign, rng: random.Random) -> None:
        self.cast = cast
        self.campaign = campaign
        self.rng = rng
        self.forms = {f.code: f for f in AwardForm.objects.select_related("grantor")}
        self.count = 0

    def propose(
        self,
        form: str,
        *,
        on: datetime.date,
        by: User | None = None,
        proposer: Agency | None = None,
        place: Place | None = None,
        collective: str = "",
        person: tuple[str, str, str] | None = None,
    ) -> Proposal:
        name, position, unit = person or ("", "", "")
        data = ProposalInput(
            recipient_kind="individual" if person else "collective",
            award_form=self.forms[form],
            achievements=_achievements(self.rng),
            proposer=proposer or self.cast.police,
            collective_name=collective,
            person_name=name,
            person_position=position,
            person_unit=unit,
            place=place,
        )
        self.count += 1
        return proposal_create(
            by=by or self.cast.office, campaign=self.campaign, data=data, on=on
        )

    def review(self, proposal: Proposal, *, submitted: D, accepted: D) -> None:
        proposal_submit(proposal, by=_creator(self.cast, proposal), on=submitted)
        proposal_accept(proposal, by=self.cast.office, on=accepted)

    def approve(self, proposals: Sequence[Proposal], *, on: D) -> None:
        """The committee's meeting approves the reviewed list at once."""
        proposals_approve(proposals, by=self.cast.leader, on=on)

    def decide(
        self,
        proposals: Sequence[Proposal],
        *,
        grantor: str,
        number: str,
        signed_on: D,
        signer_title: str,
        issuing_body: str = "",
        place_name: str = "",
    ) -> None:
        decision_record(
            by=self.cast.office,
            campaign=self.campaign,
            grantor=Grantor.objects.get(code=grantor),
            number=number,
            signed_on=signed_on,
            signer_name=_person(self.rng),
            signer_title=signer_title,
            proposals=list(proposals),
            issuing_body=issuing_body,
            place_name=place_name,
        )


def _creator(cast: _Cast, proposal: Proposal) -> User:
    for user in (cast.commune_police, cast.member, cast.office):
        if user is not None and user.pk == proposal.created_by_id:
            return user
    return cast.office


def _campaign(
    cast: _Cast,
    *,
    name: str,
    year: int,
    occasion: str,
    opens_on: D,
    closes_on: D,
    notes: str = "",
) -> Campaign | None:
    """A new campaign, or None when it exists (the demo leaves it as it is)."""
    if Campaign.objects.filter(committee=cast.committee, name=name).exists():
        return None
    return campaign_create(
        by=cast.office,
        committee=cast.committee,
        name=name,
        year=year,
        occasion=occasion,
        opens_on=opens_on,
        closes_on=closes_on,
        notes=notes,
    )


# ---- 2023: the review the article reported ------------------------------------


def _legacy_communes(province: Place) -> list[Place]:
    quang_nam = Place.objects.legacy().filter(
        level=Level.PROVINCE, current_province=province, code="49"
    )
    return list(
        Place.objects.legacy()
        .communes()
        .filter(parent__parent__in=quang_nam)
        .select_related("parent")
        .order_by("code")
    )


def _district(commune: Place) -> str:
    return commune.parent.name if commune.parent is not None else ""


def _collective_name(kind: str, commune: Place) -> str:
    where = f"{commune.kind.lower()} {commune.short_name}, {_district(commune)}"
    return {
        "police": f"Công an {where}",
        "people": f"Nhân dân và cán bộ {where}",
        "team": f"Ban bảo vệ dân phố {where}"
        if commune.kind == "Phường"
        else f"Tổ bảo vệ an ninh, trật tự {where}",
    }[kind]


def _review_2023(cast: _Cast, rng: random.Random) -> int:
    campaign = _campaign(
        cast,
        name=REVIEW_2023,
        year=2023,
        occasion=Occasion.ANNUAL_REVIEW,
        opens_on=D(2023, 10, 2),
        closes_on=D(2023, 12, 8),
        notes="Hồ sơ gửi Thường trực Ban Chỉ đạo (Công an tỉnh) trước 08/12/2023.",
    )
    if campaign is None:
        return 0
    run = _Run(cast, campaign, rng)
    communes = _legacy_communes(cast.province)
    rng.shuffle(communes)
    picks = iter(communes)
    quang_nam = Place.objects.legacy().get(level=Level.PROVINCE, code="49")

    def collective(form: str, kind: str) -> Proposal:
        commune = next(picks)
        day = D(2023, 10, 2) + datetime.timedelta(days=rng.randint(0, 30))
        return run.propose(
            form, on=day, place=commune, collective=_collective_name(kind, commune)
        )

    def individual(form: str, position: str) -> Proposal:
        commune = next(picks)
        unit = f"{commune.name}, {_district(commune)}"
        day = D(2023, 10, 2) + datetime.timedelta(days=rng.randint(0, 30))
        return run.propose(
            form, on=day, place=commune, person=(_person(rng), position, unit)
        )

    minister = [
        run.propose(
            MINISTER,
            on=D(2023, 10, 16),
            place=quang_nam,
            collective="Tập thể cán bộ, phóng viên Báo Quảng Nam",
        )
    ]
    minister += [collective(MINISTER, ("police", "people")[i % 2]) for i in range(17)]
    medal = [individual(MEDAL, "Tổ trưởng tổ an ninh nhân dân") for _ in range(4)]
    chairman = [
        run.propose(
            CHAIRMAN,
            on=D(2023, 10, 20),
            place=quang_nam,
            collective="Phòng Cảnh sát hình sự, Công an tỉnh Quảng Nam",
        ),
        collective(CHAIRMAN, "people"),
        collective(CHAIRMAN, "police"),
    ]
    chairman += [individual(CHAIRMAN, "Trưởng thôn") for _ in range(2)]
    director = [
        collective(DIRECTOR, ("police", "team", "people")[i % 3]) for i in range(46)
    ]
    director += [individual(DIRECTOR, "Công an viên") for _ in range(5)]
    everyone = minister + medal + chairman + director
    for proposal in everyone:
        run.review(
            proposal,
            submitted=D(2023, 11, 6) + datetime.timedelta(days=rng.randint(0, 30)),
            accepted=D(2023, 12, 11),
        )
    run.approve(everyone, on=D(2023, 12, 22))  # the committee's meeting
    run.decide(
        minister + medal,
        grantor="bo-truong-bca",
        number="412/QĐ-BCA",
        signed_on=D(2024, 1, 10),
        signer_title="Thứ trưởng",
    )
    run.decide(
        chairman,
        grantor="chu-tich-ubnd-tinh",
        number="95/QĐ-UBND",
        signed_on=D(2024, 1, 12),
        signer_title="Chủ tịch",
        issuing_body="Ủy ban nhân dân tỉnh Quảng Nam",
        place_name="Quảng Nam",
    )
    run.decide(
        director,
        grantor="giam-doc-ca-tinh",
        number="128/QĐ-CAT",
        signed_on=D(2024, 1, 15),
        signer_title="Giám đốc",
        issuing_body="Công an tỉnh Quảng Nam",
        place_name="Quảng Nam",
    )
    return run.count


# ---- today's units -------------------------------------------------------------------


def _current_communes(province: Place) -> list[Place]:
    return list(
        Place.objects.current().communes().filter(parent=province).order_by("code")
    )


def _lower(commune: Place) -> str:
    """ "xã Tây Hồ", as written inside a name."""
    return f"{commune.kind.lower()} {commune.short_name}"


def _commune_police(commune: Place) -> Agency | None:
    return Agency.objects.filter(kind=AgencyKind.COMMUNE_POLICE, place=commune).first()


def _festival(cast: _Cast, rng: random.Random, today: D) -> int:
    """The most recent 19 August festival day already decided."""
    year = today.year if today >= D(today.year, 8, 25) else today.year - 1
    campaign = _campaign(
        cast,
        name=f"{FESTIVAL} 19/8/{year}",
        year=year,
        occasion=Occasion.FESTIVAL_DAY,
        opens_on=D(year, 7, 1),
        closes_on=D(year, 8, 5),
    )
    if campaign is None:
        return 0
    run = _Run(cast, campaign, rng)
    communes = _current_communes(cast.province)
    rng.shuffle(communes)
    chosen = []
    for commune in communes[:8]:
        police = _commune_police(commune)
        chosen.append(
            run.propose(
                DIRECTOR,
                on=D(year, 7, 6),
                proposer=police,
                place=commune,
                collective=f"Tổ bảo vệ an ninh, trật tự {_lower(commune)}",
            )
        )
    medals = [
        run.propose(
            MEDAL,
            on=D(year, 7, 8),
            place=commune,
            person=(_person(rng), "Tổ viên tổ bảo vệ an ninh, trật tự", commune.name),
        )
        for commune in communes[8:11]
    ]
    for proposal in chosen + medals:
        run.review(proposal, submitted=D(year, 7, 15), accepted=D(year, 7, 25))
    run.approve(chosen + medals, on=D(year, 8, 1))
    run.decide(
        chosen,
        grantor="giam-doc-ca-tinh",
        number=f"{rng.randint(300, 900)}/QĐ-CATP",
        signed_on=D(year, 8, 12),
        signer_title="Giám đốc",
    )
    run.decide(
        medals,
        grantor="bo-truong-bca",
        number=f"{rng.randint(1000, 6000)}/QĐ-BCA",
        signed_on=D(year, 8, 14),
        signer_title="Thứ trưởng",
    )
    return run.count


def _current_review(cast: _Cast, rng: random.Random, today: D) -> int:
    """The year's review, open: every state but decided."""
    opens = today - datetime.timedelta(days=40)
    campaign = _campaign(
        cast,
        name=f"{REVIEW} năm {opens.year}",
        year=opens.year,
        occasion=Occasion.ANNUAL_REVIEW,
        opens_on=opens,
        closes_on=today + datetime.timedelta(days=20),
    )
    if campaign is None:
        return 0
    run = _Run(cast, campaign, rng)
    day = [opens + datetime.timedelta(days=d) for d in range(0, 41, 5)]
    tam_ky = (
        Place.objects.current()
        .communes()
        .filter(parent=cast.province, short_name="Tam Kỳ")
        .first()
    )
    by_police = cast.commune_police
    police_a = _commune_police(tam_ky) if tam_ky is not None else None
    states: list[tuple[Proposal, str]] = []
    if tam_ky is not None and by_police is not None and police_a is not None:
        team = run.propose(
            DIRECTOR,
            on=day[0],
            by=by_police,
            proposer=police_a,
            place=tam_ky,
            collective="Tổ bảo vệ an ninh, trật tự khối phố An Hà",
        )
        _cite(by_police, team, tam_ky, on=day[0])
        states.append((team, "approved"))
        keeper = run.propose(
            COMMUNE_CHAIR,
            on=day[0],
            by=by_police,
            proposer=police_a,
            place=tam_ky,
            person=(_person(rng), "Tổ trưởng", "Tổ bảo vệ an ninh, trật tự khối phố 2"),
        )
        states.append((keeper, "returned"))
        states.append(
            (
                run.propose(
                    MEDAL,
                    on=day[1],
                    by=by_police,
                    proposer=police_a,
                    place=tam_ky,
                    person=(_person(rng), "Tổ viên", "Tổ bảo vệ an ninh, trật tự"),
                ),
                "draft",
            )
        )
    member = cast.member
    department = Agency.objects.filter(name="Sở Giáo dục và Đào tạo").first()
    if member is not None and department is not None:
        school = run.propose(
            CHAIRMAN,
            on=day[1],
            by=member,
            proposer=department,
            place=cast.province,
            collective="Trường Trung học phổ thông Phan Châu Trinh",
        )
        states.append((school, "submitted"))
    communes = _current_communes(cast.province)
    rng.shuffle(communes)
    plan = ["accepted", "accepted", "submitted", "approved", "approved", "accepted"]
    for commune, state in zip(communes, plan, strict=False):
        proposal = run.propose(
            MINISTER if state == "accepted" else DIRECTOR,
            on=day[1],
            proposer=_commune_police(commune) or cast.police,
            place=commune,
            collective=f"Nhân dân và cán bộ {_lower(commune)}",
        )
        states.append((proposal, state))
    for proposal, state in states:
        _advance(run, proposal, state, day)
    return run.count


def _advance(run: _Run, proposal: Proposal, state: str, day: list[D]) -> None:
    if state == "draft":
        return
    creator = _creator(run.cast, proposal)
    proposal_submit(proposal, by=creator, on=day[3])
    if state == "returned":
        proposal_return(
            proposal,
            by=run.cast.office,
            on=day[5],
            reason=(
                "Đề nghị bổ sung biên bản họp xét của khu dân cư và xác nhận thành "
                "tích của Công an phường; Giấy khen của Chủ tịch UBND phường do "
                "phường xét, đề nghị chuyển Hội đồng thi đua phường."
            ),
        )
        return
    if state in ("accepted", "approved"):
        proposal_accept(proposal, by=run.cast.office, on=day[5])
    if state == "approved":
        proposal_approve(proposal, by=run.cast.leader, on=day[7])


def _cite(user: User, proposal: Proposal, commune: Place, *, on: D) -> None:
    """Cite one of the commune's cases as evidence, when the demo has one."""
    from bcd138.cases.models import Case

    case = (
        Case.objects.filter(place__current_commune=commune)
        .order_by("instituted_on", "pk")
        .first()
    )
    if case is None:
        return
    # A case the officer does not see is simply not cited.
    with contextlib.suppress(DomainError):
        proposal_evidence_link(
            proposal,
            by=user,
            kind="case",
            reference=str(case.pk),
            note="Tổ phát hiện, tố giác; vụ án đã được khởi tố.",
            on=on,
        )


def demo_awards_load(*, province: Place) -> AwardsResult:
    """Load the three campaigns; those already loaded are left alone."""
    result = AwardsResult()
    cast = _cast(province)
    if cast is None:
        return result
    rng = random.Random(1908)  # noqa: S311  (demo data, not security)
    today = timezone.localdate()
    for count in (
        _review_2023(cast, rng),
        _festival(cast, rng, today),
        _current_review(cast, rng, today),
    ):
        result.campaigns += bool(count)
        result.proposals += count
    return result

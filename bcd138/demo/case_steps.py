"""Taking one demo case through the steps its bodies would have taken by today.

A ``Plan`` says how far the bodies mean to go (solved or not, returned, judged,
left lying); the dates decide where the case actually is today: the first step
whose date would be in the future is not taken, nor any after it. Every step goes
through the case services and their checks; the limits are read back from the
case (``case_clock``), never computed here, except the end of an extension asked
for, which is kept within what Điều 172 allows. Right after institution the
investigating body records some property seized and, for some cases, a further
victim (``record_property``), from an rng of the case's own so that the plans'
draws stay as they were.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field, replace
from typing import Any, TypedDict

from bcd138.agencies.models import Agency, User
from bcd138.cases.models import Case, EventKind
from bcd138.cases.services.access import POLICE_ROLES
from bcd138.cases.services.charges import ChargeInput, code_in_force
from bcd138.cases.services.clock import case_clock, law_rules
from bcd138.cases.services.people import case_seized_add, case_victim_add
from bcd138.cases.services.steps import (
    StepInput,
    case_appeal,
    case_change_charges,
    case_charge_accused,
    case_judgment,
    case_step,
)
from bcd138.core.access import SYSTEM
from bcd138.demo import data
from bcd138.law.penal_code import Category
from bcd138.law.timelimits import add_months

K = EventKind

SENTENCES = {
    Category.LESS_SERIOUS: ["9 tháng tù cho hưởng án treo", "Phạt tiền 30.000.000 đ"],
    Category.SERIOUS: ["2 năm tù", "30 tháng tù", "3 năm tù cho hưởng án treo"],
    Category.VERY_SERIOUS: ["7 năm tù", "9 năm tù", "12 năm tù"],
    Category.PARTICULARLY_SERIOUS: ["16 năm tù", "20 năm tù", "Tù chung thân"],
}


@dataclass
class Plan:
    """How far the bodies mean to take a case; the dates decide where it is."""

    solved: bool = True  # someone is charged (khởi tố bị can)
    accused: int = 1
    days: int = 60  # from institution to the conclusion of the investigation
    recharge: bool = False  # a change of charges to a heavier clause
    unsolved_end: str = "suspend"  # suspend | terminate | wait
    resume: bool = False  # a suspended investigation resumed, someone charged
    terminate: bool = False  # terminated during the investigation
    prosecution: str = "indict"  # indict | return | suspend | terminate
    court: str = "trial"  # trial | return | suspend | terminate
    prosecution_extension: bool = False
    trial_extension: bool = False
    appeal: bool = False
    # investigation | prosecution | trial | judgment: the body holding the file
    # stops recording steps there, and the case runs past its limit (no limit
    # runs while the judgment is awaited).
    stall: str = ""


@dataclass
class Cast:
    """Who records the steps: the demo accounts where there are, else the system."""

    procuracy: Agency
    court: Agency
    prosecutor: Any
    clerk: Any
    police: dict[int, Any] = field(default_factory=dict)

    def officer(self, body: Agency) -> Any:
        if body.pk not in self.police:
            user = (
                User.objects.filter(roles__agency=body, roles__role__in=POLICE_ROLES)
                .order_by("username")
                .first()
            )
            self.police[body.pk] = user or SYSTEM
        return self.police[body.pk]


class _Doc(TypedDict):
    reference: str
    reason: str


class _Stop(Exception):
    """The case stays as it is today."""


def weighted(rng: random.Random, pairs: list[tuple[Any, int]]) -> Any:
    """One of the values, drawn with the weights given."""
    return rng.choices([p for p, _w in pairs], weights=[w for _p, w in pairs])[0]


def person(rng: random.Random, place_name: str) -> dict[str, str]:
    """A made-up but plausible identity (citizen ID numbers of Đà Nẵng 048 and
    the former Quảng Nam 049)."""
    female = rng.random() < 0.12
    middles = [m for m in data.MIDDLE_NAMES if m != "Thị"]
    middle = "Thị" if female else rng.choice(middles)
    born = datetime.date(
        rng.randint(1965, 2006), rng.randint(1, 12), rng.randint(1, 28)
    )
    name = f"{rng.choice(data.FAMILY_NAMES)} {middle} {rng.choice(data.GIVEN_NAMES)}"
    return {
        "full_name": name,
        "birth_date": born.isoformat(),
        "gender": "female" if female else "male",
        "id_number": f"04{rng.choice('89')}{rng.randint(0, 999_999_999):09d}",
        "address": f"Tổ {rng.randint(1, 40)}, {place_name}",
    }


# What the police seize, by the article charged: (item, quantity, value in đồng
# or None when it has no market value); "{g}" is a weight drawn per case.
SEIZED: dict[str, list[tuple[str, str, int | None]]] = {
    "173": [
        ("Xe mô tô Honda Wave Alpha", "01 chiếc", 18_000_000),
        ("Điện thoại di động Samsung Galaxy", "01 chiếc", 4_500_000),
    ],
    "171": [
        ("Xe mô tô dùng làm phương tiện phạm tội", "01 chiếc", 15_000_000),
        ("Túi xách bị cướp giật", "01 cái", 2_000_000),
    ],
    "168": [("Dao gấp", "01 con", None), ("Tiền mặt bị chiếm đoạt", "", 8_000_000)],
    "174": [
        ("Điện thoại di động và sim rác", "03 bộ", 6_000_000),
        ("Tiền thu lợi bất chính", "", 120_000_000),
    ],
    "134": [("Gậy gỗ", "01 cây", None), ("Dao phay", "01 con", None)],
    "249": [("Ma túy tổng hợp (methamphetamine)", "{g} gam", None)],
    "250": [
        ("Ma túy tổng hợp (methamphetamine)", "1{g} gam", None),
        ("Xe mô tô dùng để vận chuyển", "01 chiếc", 20_000_000),
    ],
    "251": [
        ("Ma túy tổng hợp (methamphetamine)", "3{g} gam", None),
        ("Cân tiểu ly điện tử", "01 chiếc", 250_000),
    ],
    "321": [("Tiền dùng để đánh bạc", "", 45_000_000), ("Bộ bài tây", "02 bộ", None)],
    "322": [
        ("Tiền dùng để đánh bạc", "", 160_000_000),
        ("Máy tính xách tay ghi số đề", "01 chiếc", 9_000_000),
    ],
    "178": [("Can nhựa đựng xăng", "01 cái", None)],
    "318": [("Ống tuýp sắt", "04 cây", None)],
}
# Share of cases with property seized, by article (caught with it in hand).
SEIZED_SHARE = {"249": 1.0, "250": 1.0, "251": 1.0, "321": 0.9, "322": 0.9}
SHOPS = [
    "Cửa hàng điện thoại Minh Phát",
    "Công ty TNHH Thương mại Hòa Bình",
    "Cửa hàng tạp hóa Thanh Tâm",
    "Tiệm vàng Kim Long",
]


def record_property(case: Case, by: Any, today: datetime.date) -> None:
    """Property seized and sometimes a further victim, recorded by the
    investigating body through the services (once: skipped if already there).

    The rng is the case's own, seeded from its number and body, so that adding
    this did not change the draws of the plans."""
    if case.seized.exists():
        return
    body = case.investigating_body
    rng = random.Random(f"{body.name}/{case.number}")  # noqa: S311  (demo data)
    article = case.charges.order_by("pk").values_list("article", flat=True)[0]
    items = SEIZED.get(article, [])
    if items and rng.random() < SEIZED_SHARE.get(article, 0.45):
        _seize(case, by, rng, items[: rng.randint(1, len(items))], today)
    if article in ("173", "171", "174") and rng.random() < 0.25:
        _second_victim(case, by, rng, organisation=article != "174")


def _seize(
    case: Case,
    by: Any,
    rng: random.Random,
    items: list[tuple[str, str, int | None]],
    today: datetime.date,
) -> None:
    late = max(0, (case.instituted_on - case.occurred_on).days) + 10
    for description, quantity, value in items:
        seized_on = case.occurred_on + datetime.timedelta(rng.randint(0, late))
        if value is not None:  # an estimate, to the hundred thousand đồng
            value = value * rng.randint(7, 14) // 1_000_000 * 100_000
        grams = f"{rng.randint(50, 999) / 100:.2f}".replace(".", ",")
        case_seized_add(
            case,
            by=by,
            description=description,
            quantity=quantity.format(g=grams),
            value_vnd=value,
            seized_on=min(seized_on, today),
        )


def _second_victim(
    case: Case, by: Any, rng: random.Random, *, organisation: bool
) -> None:
    if organisation:
        kind, harm = "organisation", "Mất hàng hóa trị giá khoảng {n} triệu đồng"
        identity = {
            "full_name": rng.choice(SHOPS),
            "contact": f"{rng.randint(1, 300)} Lê Duẩn, {case.place.name}",
        }
    else:
        kind, harm = "person", "Bị chiếm đoạt khoảng {n}0 triệu đồng"
        identity = {
            "full_name": person(rng, case.place.name)["full_name"],
            "contact": f"09{rng.randint(10_000_000, 99_999_999)}",
        }
    case_victim_add(
        case,
        by=by,
        kind=kind,
        harm=harm.format(n=rng.randint(3, 60)),
        identity=identity,
    )


def _heavier(charge: ChargeInput, on: datetime.date) -> ChargeInput | None:
    """The first clause of the article in a more serious category, if any."""
    article = code_in_force(on).article(charge.article)
    current = next(c for c in article.clauses if c.khoan == charge.clause)
    for clause in article.clauses:
        if clause.category.rank > current.category.rank:
            return ChargeInput(article.number, clause.khoan)
    return None


STALE_AFTER_DAYS = 365


class Driver:
    """Takes one case through its plan, until today or a stall."""

    def __init__(
        self,
        case: Case,
        plan: Plan,
        cast: Cast,
        rng: random.Random,
        today: datetime.date,
    ) -> None:
        if (today - case.instituted_on).days > STALE_AFTER_DAYS:
            # A unit would not leave a case untouched for years: old cases finish
            # (or are suspended), and only the recent ones are late.
            plan = replace(
                plan,
                stall="",
                unsolved_end="suspend"
                if plan.unsolved_end == "wait"
                else plan.unsolved_end,
            )
        self.case, self.plan, self.cast = case, plan, cast
        self.rng, self.today, self.day = rng, today, case.instituted_on
        self.police = cast.officer(case.investigating_body)

    def run(self) -> None:
        record_property(self.case, self.police, self.today)
        try:
            self._investigation()
            for _round in range(3):
                if self._prosecution() == "indicted" and self._court() == "judged":
                    return
                self._conclude(self._later(20, 50))  # supplementary investigation
        except _Stop:
            return

    # -- plumbing

    def _plus(self, low: int, high: int) -> datetime.date:
        """A day ``low``–``high`` days after the last step."""
        return self.day + datetime.timedelta(self.rng.randint(low, high))

    def _later(self, low: int, high: int) -> datetime.date:
        """The same, for a step taken then: none is taken in the future."""
        on = self._plus(low, high)
        if on > self.today:
            raise _Stop
        return on

    def _doc(self, suffix: str, reason: str = "") -> _Doc:
        return {
            "reference": f"{self.rng.randint(1, 399):02d}/{suffix}",
            "reason": reason,
        }

    def _step(self, kind: str, by: Any, on: datetime.date, **extra: Any) -> None:
        on = max(on, self.day)
        if on > self.today:
            raise _Stop
        case_step(self.case, by=by, step=StepInput(kind=kind, on=on, **extra))
        self.day = on

    def _deadline(self) -> datetime.date:
        found = Case.objects.values_list("deadline", flat=True).get(pk=self.case.pk)
        return found or self.today

    def _stall(self, stage: str) -> None:
        if self.plan.stall == stage:
            raise _Stop

    def _case_charge(self) -> ChargeInput:
        first = self.case.charges.filter(accused__isnull=True).order_by("pk")[0]
        return ChargeInput(first.article, first.clause)

    # -- investigation

    def _investigation(self) -> None:
        plan = self.plan
        if plan.solved:
            self._charge(within=max(2, min(25, plan.days // 3)))
        else:
            self._unsolved()
        self._stall("investigation")
        target = self.case.instituted_on + datetime.timedelta(plan.days)
        if self.day >= target:  # resumed, with a limit of its own
            target = self._plus(20, 50)
        while target > (deadline := self._deadline()):
            if not self._extend(deadline):
                target = deadline - datetime.timedelta(self.rng.randint(0, 4))
        if plan.terminate:
            reason = "Người bị hại rút yêu cầu khởi tố (BLTTHS Điều 155)"
            self._step(
                K.TERMINATED, self.police, target, **self._doc("QĐ-ĐCVA", reason)
            )
            raise _Stop
        self._conclude(target)

    def _charge(self, *, within: int) -> None:
        """Khởi tố bị can: the accused under the charge the case was opened on."""
        charge = self._case_charge()
        for n in range(self.plan.accused):
            on = self._later(0, 4) if n else self._later(0, within)
            case_charge_accused(
                self.case,
                by=self.police,
                identity=person(self.rng, self.case.place.name),
                charges=[charge],
                step=StepInput(kind=K.ACCUSED_CHARGED, on=on, **self._doc("QĐ-KTBC")),
            )
            self.day = on
        heavier = _heavier(charge, self.case.occurred_on)
        if self.plan.recharge and heavier is not None:
            on = self._later(5, 20)
            case_change_charges(
                self.case,
                by=self.police,
                accused=self.case.accused.order_by("ordinal").first(),
                charges=[heavier],
                step=StepInput(
                    kind=K.CHARGES_CHANGED,
                    on=on,
                    **self._doc("QĐ-TĐQĐKT", "Kết quả giám định giá trị tài sản"),
                ),
            )
            self.day = on

    def _unsolved(self) -> None:
        """Nobody identified: at the end of the limit, suspension (Điều 229)."""
        plan = self.plan
        if self.rng.random() < 0.3:
            self._extend(self._deadline())
        if plan.unsolved_end == "wait":
            raise _Stop
        self._stall("investigation")
        deadline = self._deadline()
        if plan.unsolved_end == "terminate":
            reason = "Hết thời hạn điều tra, không xác định được người thực hiện"
            self._step(
                K.TERMINATED, self.police, deadline, **self._doc("QĐ-ĐCVA", reason)
            )
            raise _Stop
        reason = "Chưa xác định được người thực hiện tội phạm (BLTTHS Điều 229)"
        doc = self._doc("QĐ-TĐCĐT", reason)
        self._step(K.INVESTIGATION_SUSPENDED, self.police, deadline, **doc)
        if not plan.resume:
            raise _Stop
        doc = self._doc("QĐ-PHĐT", "Đã xác định được đối tượng")
        self._step(K.INVESTIGATION_RESUMED, self.police, self._later(30, 240), **doc)
        self._charge(within=15)

    def _extend(self, deadline: datetime.date) -> bool:
        """An extension granted by the procuracy, asked for at least 10 days before
        the limit ends (Điều 172.2); the supreme one once the others are used."""
        clock = case_clock(self.case)
        if clock.limit_kind != "base" or clock.stage != "investigation":
            return False
        rules = law_rules()
        steps = rules.investigation_extension_months[clock.category]
        used = clock.extensions_used - int(clock.supreme_used)
        supreme = used >= len(steps)
        if supreme and (clock.supreme_used or clock.category != "particularly_serious"):
            return False
        if supreme:
            months = rules.supreme_procuracy_extra_months
            total = rules.investigation_max_months(clock.category, supreme=True)
        else:
            months = steps[used]
            total = rules.investigation_base_months[clock.category] + sum(
                steps[: used + 1]
            )
        until = min(
            add_months(deadline, months), add_months(clock.stage_started_on, total)
        )
        requested = deadline - datetime.timedelta(self.rng.randint(11, 18))
        on = min(deadline, requested + datetime.timedelta(self.rng.randint(1, 7)))
        self._step(
            K.INVESTIGATION_EXTENDED,
            self.cast.prosecutor,
            on,
            until=until,
            requested_on=max(requested, self.day),
            supreme=supreme,
            **self._doc("QĐ-GHĐT", "Cần giám định bổ sung và xác minh thêm"),
        )
        return True

    def _conclude(self, on: datetime.date) -> None:
        """Kết luận điều tra, then the file handed to the procuracy."""
        self._step(K.INVESTIGATION_CONCLUDED, self.police, on, **self._doc("KLĐT"))
        self._step(K.FILE_SENT_TO_PROCURACY, self.police, self._later(0, 3))
        self._step(
            K.FILE_RECEIVED_BY_PROCURACY, self.cast.prosecutor, self._later(0, 2)
        )

    # -- procuracy and court

    def _decision_day(self, kind: str, by: Any) -> datetime.date:
        """The day the holder decides, within its limit, extended if planned."""
        deadline = self._deadline()
        want = self._plus(7, 40)
        extend = self.plan.prosecution_extension
        if kind == K.TRIAL_PREPARATION_EXTENDED:
            extend = self.plan.trial_extension
        if extend and want > deadline:
            clock = case_clock(self.case)
            top = clock.max_deadline
            if clock.limit_kind == "base" and top and top > deadline:
                on = deadline - datetime.timedelta(self.rng.randint(0, 3))
                self._step(kind, by, on, until=top, **self._doc("QĐ-GH"))
                deadline = top
        return max(self.day, min(want, deadline))

    def _prosecution(self) -> str:
        self._stall("prosecution")
        vks = self.cast.prosecutor
        on = self._decision_day(K.PROSECUTION_EXTENDED, vks)
        if self.plan.prosecution == "return":
            self.plan.prosecution = "indict"  # once
            self._return(vks, on, "Cần làm rõ vai trò của đồng phạm")
            return "returned"
        if self.plan.prosecution in ("suspend", "terminate"):
            self._close(self.plan.prosecution, vks, on)
        self._step(K.INDICTED, vks, on, **self._doc("CT-VKS"))
        court = self.cast.court
        self._step(K.FILE_SENT_TO_COURT, vks, self._later(1, 5), to_agency=court)
        self._step(K.FILE_RECEIVED_BY_COURT, self.cast.clerk, self._later(1, 4))
        return "indicted"

    def _court(self) -> str:
        self._stall("trial")
        clerk = self.cast.clerk
        on = self._decision_day(K.TRIAL_PREPARATION_EXTENDED, clerk)
        if self.plan.court == "return":
            self.plan.court = "trial"  # once
            self._return(clerk, on, "Cần điều tra bổ sung về nhân thân bị cáo")
            return "returned"
        if self.plan.court in ("suspend", "terminate"):
            self._close(self.plan.court, clerk, on)
        self._step(K.BROUGHT_TO_TRIAL, clerk, on, **self._doc("QĐ-ĐVAXX"))
        self._judgment(clerk)
        return "judged"

    def _judgment(self, clerk: Any) -> None:
        self._stall("judgment")
        on = self._later(5, 20)
        category = Case.objects.values_list("category", flat=True).get(pk=self.case.pk)
        outcomes: dict[int, tuple[str, str]] = {}
        for pk in self.case.accused.order_by("ordinal").values_list("pk", flat=True):
            outcome = weighted(
                self.rng, [("convicted", 94), ("exempted", 4), ("acquitted", 2)]
            )
            sentence = self.rng.choice(SENTENCES[Category(category)])
            outcomes[pk] = (outcome, sentence if outcome == "convicted" else "")
        step = StepInput(kind=K.JUDGMENT, on=on, **self._doc("HSST"))
        case_judgment(self.case, by=clerk, outcomes=outcomes, step=step)
        self.day = on
        if self.plan.appeal:
            reason = "Bị cáo kháng cáo xin giảm nhẹ hình phạt"
            step = StepInput(kind=K.APPEALED, on=self._later(3, 14), reason=reason)
            case_appeal(self.case, by=clerk, step=step)

    def _close(self, how: str, by: Any, on: datetime.date) -> None:
        if how == "suspend":
            reason = "Bị can bị bệnh hiểm nghèo (tạm đình chỉ vụ án)"
            self._step(K.SUSPENDED, by, on, **self._doc("QĐ-TĐCVA", reason))
        else:
            reason = "Bị hại rút yêu cầu khởi tố"
            self._step(K.TERMINATED, by, on, **self._doc("QĐ-ĐCVA", reason))
        raise _Stop

    def _return(self, by: Any, on: datetime.date, reason: str) -> None:
        """Trả hồ sơ để điều tra bổ sung: sent, then received by the police."""
        self._step(K.RETURN_SENT, by, on, **self._doc("QĐ-TLHS", reason))
        police_on = self._later(1, 4)
        self._step(K.RETURNED_FOR_SUPPLEMENTARY_INVESTIGATION, self.police, police_on)

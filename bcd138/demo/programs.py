"""The committee's own work for the demo province, built through the services.

The coordination programme the article reports — the provincial police with the
Fatherland Front and its member organisations, signed at the January 2024
review conference by Quảng Nam's bodies (their names kept as signed) and carried
on by Đà Nẵng's after 1 July 2025 — with its half-yearly reviews, the last one
long enough ago that a review is due; an expired programme and one ended early.
Recommendations from the members in every state, some old and still open. The
annual plan of the previous year (closed) and of this year, with tasks done on
time and late, awaiting acceptance, sent back, in progress and overdue (the
overdue ones escalated, as the daily task would have). The Department of
Education (the `sogiaoduc` account) has work of its own in this year's plan: a
task accepted as done, one in progress with its reports, one overdue and
escalated; and a recommendation it raised that is being followed up. Dates are
fixed before 2025 and counted back from today after it; deterministic for a
given day; skipped when the committee has it.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bcd138.agencies.models import (
    Agency,
    CommitteeLevel,
    SteeringCommittee,
    User,
)
from bcd138.core.access import SYSTEM
from bcd138.core.uploads import CleanFile, clean_uploads
from bcd138.places.models import CUTOVER, Place
from bcd138.programs.models import Plan, Programme, Rating, Recommendation, Task
from bcd138.programs.services import plans, programmes, progress, recommendations
from bcd138.programs.services.programmes import CommitmentInput, PartyInput

D = datetime.date
DAY = datetime.timedelta(days=1)

# A one-page PDF standing for the scanned documents.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _file(name: str) -> list[CleanFile]:
    return clean_uploads([SimpleUploadedFile(name, PDF)])


@dataclass
class Cast:
    today: datetime.date
    committee: SteeringCommittee
    ag: dict[str, Agency]
    users: dict[str, Any]

    def who(self, key: str) -> Any:
        """The demo account acting for an agency, else the platform itself."""
        return self.users.get(key, SYSTEM)


# ---- coordination programmes -----------------------------------------------------

FRONT_PROGRAMME = (
    "Chương trình phối hợp giữa Công an tỉnh với Ủy ban Mặt trận Tổ quốc Việt Nam "
    "tỉnh và các tổ chức thành viên trong xây dựng phong trào Toàn dân bảo vệ an "
    "ninh Tổ quốc, giai đoạn 2024–2028"
)
# (agency key, name as signed in January 2024, signed by, commitments)
FRONT_PARTIES = [
    (
        "police",
        "Công an tỉnh Quảng Nam",
        "Giám đốc Công an tỉnh",
        [
            "Thông báo tình hình an ninh, trật tự và phương thức, thủ đoạn của tội "
            "phạm cho Mặt trận mỗi quý.",
            "Hướng dẫn nghiệp vụ cho lực lượng tham gia bảo vệ an ninh, trật tự "
            "ở cơ sở.",
            "Tiếp nhận, xử lý kịp thời tố giác, tin báo do Mặt trận và nhân dân "
            "chuyển đến.",
        ],
    ),
    (
        "front",
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Quảng Nam",
        "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh",
        [
            "Vận động nhân dân tố giác tội phạm, tham gia các mô hình tự quản.",
            "Giám sát, phản biện việc thực hiện chính sách về an ninh, trật tự.",
        ],
    ),
    (
        "phunu",
        "Hội Liên hiệp Phụ nữ tỉnh Quảng Nam",
        "Chủ tịch Hội",
        ["Duy trì mô hình “Gia đình không có người thân phạm tội và tệ nạn xã hội”."],
    ),
    (
        "doan",
        "Tỉnh đoàn Quảng Nam",
        "Bí thư Tỉnh đoàn",
        ["Thành lập đội thanh niên xung kích tham gia tuần tra, tuyên truyền."],
    ),
    (
        "ccb",
        "Hội Cựu chiến binh tỉnh Quảng Nam",
        "Chủ tịch Hội",
        ["Tham gia hòa giải mâu thuẫn ở khu dân cư."],
    ),
]


def _half_years(start: datetime.date, until: datetime.date) -> list[tuple[D, D]]:
    periods: list[tuple[D, D]] = []
    begin = start
    while True:
        end = D(begin.year, 6, 30) if begin.month <= 6 else D(begin.year, 12, 31)
        if end > until:
            return periods
        periods.append((begin, end))
        begin = end + DAY


def _front_programme(cast: Cast, rng: random.Random) -> Programme:
    ag, standing = cast.ag, cast.who("standing")
    programme = programmes.programme_create(
        by=standing,
        committee=cast.committee,
        data=programmes.ProgrammeInput(
            title=FRONT_PROGRAMME,
            number="01/CTPH-CAT-MTTQ",
            summary=(
                "Ký kết tại Hội nghị tổng kết công tác năm 2023 của Ban Chỉ đạo 138. "
                "Từ 01/7/2025 do Công an thành phố Đà Nẵng và Ủy ban MTTQ Việt Nam "
                "thành phố Đà Nẵng tiếp tục thực hiện."
            ),
            signed_on=D(2024, 1, 22),
            valid_from=D(2024, 1, 22),
            valid_to=D(2028, 12, 31),
            review_every_months=6,
            parties=[
                PartyInput(ag[key], name, signer, is_lead=key == "police")
                for key, name, signer, _ in FRONT_PARTIES
            ],
            commitments=[
                CommitmentInput(ag[key], text)
                for key, _, _, texts in FRONT_PARTIES
                for text in texts
            ],
        ),
        files=_file("chuong-trinh-phoi-hop-2024.pdf"),
    )
    commitments = list(programme.commitments.all())
    # The last half-year is left unreviewed, so that a review is due.
    for begin, end in _half_years(D(2024, 1, 22), cast.today - 200 * DAY):
        results = [
            programmes.ResultInput(
                c.pk, rng.choices(list(Rating), weights=[6, 3, 1])[0], ""
            )
            for c in commitments
        ]
        after = " sau sắp xếp đơn vị hành chính" if begin >= CUTOVER else ""
        programmes.programme_review_record(
            programme,
            by=standing,
            data=programmes.ReviewInput(
                held_on=end + 20 * DAY,
                period_from=begin,
                period_to=end,
                assessment=(
                    f"Sơ kết {begin:%d/%m/%Y}–{end:%d/%m/%Y}{after}: các bên thực hiện "
                    "nghiêm túc; vận động được nhiều tố giác tội phạm; một số mô "
                    "hình tự quản còn hoạt động hình thức."
                ),
                results=results,
            ),
        )
    return programme


def _other_programmes(cast: Cast) -> None:
    ag, standing = cast.ag, cast.who("standing")
    school = programmes.programme_create(
        by=standing,
        committee=cast.committee,
        data=programmes.ProgrammeInput(
            title=(
                "Chương trình phối hợp bảo đảm an ninh, trật tự trường học, "
                "giai đoạn 2021–2025"
            ),
            number="05/CTPH-CA-SGDĐT",
            signed_on=D(2021, 3, 15),
            valid_from=D(2021, 3, 15),
            valid_to=D(2025, 12, 31),
            review_every_months=12,
            parties=[
                PartyInput(ag["police"], "Công an thành phố Đà Nẵng", is_lead=True),
                PartyInput(ag["giaoduc"], "Sở Giáo dục và Đào tạo thành phố Đà Nẵng"),
            ],
            commitments=[
                CommitmentInput(
                    ag["police"], "Phân công cán bộ phụ trách từng trường."
                ),
                CommitmentInput(
                    ag["giaoduc"], "Đưa nội dung phòng, chống ma túy vào ngoại khóa."
                ),
            ],
        ),
    )
    programmes.programme_review_record(
        school,
        by=standing,
        data=programmes.ReviewInput(
            held_on=D(2023, 6, 30),
            period_from=D(2021, 3, 15),
            period_to=D(2023, 5, 31),
            assessment="Sơ kết giữa kỳ: không xảy ra bạo lực học đường nghiêm trọng.",
        ),
    )
    youth = programmes.programme_create(
        by=standing,
        committee=cast.committee,
        data=programmes.ProgrammeInput(
            title="Chương trình phối hợp phòng, chống tội phạm trong thanh thiếu niên",
            number="12/CTPH-CA-TĐ",
            signed_on=D(2023, 3, 26),
            valid_from=D(2023, 3, 26),
            valid_to=D(2027, 12, 31),
            parties=[
                PartyInput(ag["police"], "Công an tỉnh Quảng Nam", is_lead=True),
                PartyInput(ag["doan"], "Tỉnh đoàn Quảng Nam"),
            ],
            commitments=[
                CommitmentInput(
                    ag["doan"], "Tổ chức diễn đàn “Thanh niên nói không với ma túy”."
                )
            ],
        ),
    )
    programmes.programme_end(
        youth,
        by=standing,
        on=CUTOVER - DAY,
        reason=(
            "Sắp xếp đơn vị hành chính; nội dung được đưa vào chương trình phối hợp "
            "với Mặt trận và các tổ chức thành viên."
        ),
    )


# ---- recommendations -------------------------------------------------------------

# (raised on, raiser key, subject, conference, what happens next)
# The next step: ("open",), ("follow", follow-up key, follow up by, notes),
# ("closed", follow-up key, follow up by, outcome, reason), ("explained", text).


def _recommendation_rows(today: D) -> list[tuple[Any, ...]]:
    y = today.year

    def ago(days: int) -> D:
        return today - days * DAY

    return [
        (
            D(2024, 1, 22),
            "giaoduc",
            "Bố trí lực lượng bảo đảm trật tự trước cổng trường giờ tan học",
            "Hội nghị tổng kết công tác năm 2023",
            ("closed", "ca:Tam Kỳ", D(2024, 5, 31), "done", ""),
        ),
        (
            D(2024, 1, 22),
            "front",
            "Hỗ trợ kinh phí duy trì mô hình camera an ninh ở khu dân cư",
            "Hội nghị tổng kết công tác năm 2023",
            (
                "follow",
                "taichinh",
                D(2024, 6, 30),
                ["Đã tổng hợp nhu cầu của các xã.", "Chờ bố trí trong dự toán."],
            ),
        ),
        (
            D(2024, 9, 12),
            "ca:Tam Kỳ",
            "Lắp đèn chiếu sáng các kiệt tối ở phường An Mỹ",
            "",
            (
                "closed",
                "ubnd",
                D(2024, 12, 31),
                "not_done",
                "Chưa bố trí được ngân sách năm 2024; chuyển sang năm sau.",
            ),
        ),
        (
            D(2025, 1, 20),
            "tuphap",
            "Tăng cường tuyên truyền về lừa đảo qua mạng cho người cao tuổi",
            "Hội nghị tổng kết công tác năm 2024",
            (
                "explained",
                "Nội dung đã có trong kế hoạch tuyên truyền chung của Ban Chỉ đạo.",
            ),
        ),
        (
            D(2025, 7, 15),
            "noivu",
            "Kiện toàn Ban Chỉ đạo cấp xã sau sắp xếp đơn vị hành chính",
            "Hội nghị sơ kết 6 tháng đầu năm 2025",
            ("closed", "noivu", D(2025, 9, 30), "done", ""),
        ),
        (
            D(y, 1, 18),
            "vanhoa",
            "Kiểm tra các cơ sở karaoke, vũ trường về phòng chống ma túy",
            f"Hội nghị tổng kết công tác năm {y - 1}",
            ("closed", "vanhoa", D(y, 6, 30), "done", ""),
        ),
        (
            ago(150),
            "khcn",
            "Xây dựng phần mềm tiếp nhận tố giác liên thông với VNeID",
            "",
            ("open",),
        ),
        (
            ago(100),
            "ca:Hải Châu",
            "Bổ sung camera giám sát tại các điểm nóng trộm cắp",
            "",
            ("follow", "taichinh", ago(10), ["Đã khảo sát 14 điểm."]),
        ),
        (
            ago(60),
            "yte",
            "Phối hợp quản lý người nghiện điều trị thay thế bằng Methadone",
            "",
            ("follow", "yte", today + 30 * DAY, []),
        ),
        (
            ago(45),
            "doan",
            "Thành lập đội thanh niên tình nguyện tham gia tuần tra đêm",
            "",
            ("open",),
        ),
        (
            ago(12),
            "bienphong",
            "Phối hợp kiểm soát vận chuyển ma túy qua đường biển",
            "",
            ("open",),
        ),
        (
            ago(35),
            "giaoduc",
            "Tăng cường tuần tra khu vực cổng trường giờ tan học",
            "",
            (
                "follow",
                "ca:Tam Kỳ",
                today + 25 * DAY,
                ["Đã bố trí tuần tra tại 5 trường trên địa bàn phường Tam Kỳ."],
            ),
        ),
    ]


def _unit_concerned(cast: Cast, key: str, raised: D) -> Place | None:
    """A commune police unit's recommendation concerns its commune, named as it
    was on the day: a former commune before 1 July 2025."""
    if not key.startswith("ca:"):
        return None
    commune = cast.ag[key].place
    if raised >= CUTOVER:
        return commune
    former = Place.objects.legacy().communes().filter(current_commune=commune)
    return former.order_by("code").first() or commune


def _recommendations(cast: Cast) -> None:
    standing = cast.who("standing")
    for raised, key, subject, conference, step in _recommendation_rows(cast.today):
        if raised > cast.today:
            continue
        place = _unit_concerned(cast, key, raised)
        rec = recommendations.recommendation_raise(
            by=cast.who(key) if key in cast.users else standing,
            committee=cast.committee,
            data=recommendations.RecommendationInput(
                subject=subject,
                text=f"{subject}. Đề nghị Ban Chỉ đạo xem xét, chỉ đạo.",
                raised_by=cast.ag[key],
                raised_on=raised,
                conference=conference,
                raised_by_person="Đại diện lãnh đạo đơn vị" if conference else "",
                place=place,
            ),
        )
        _follow(cast, rec, step)


def _follow(cast: Cast, rec: Recommendation, step: tuple[Any, ...]) -> None:
    standing, kind = cast.who("standing"), step[0]
    answered = min(rec.raised_on + 14 * DAY, cast.today)
    if kind == "open":
        return
    if kind == "explained":
        recommendations.recommendation_respond(
            rec, by=standing, response="explained", text=step[1], on=answered
        )
        return
    agency, by = cast.ag[step[1]], step[2]
    recommendations.recommendation_respond(
        rec,
        by=standing,
        response="accepted" if kind == "closed" else "accepted_in_part",
        text=f"Giao {agency.name} chủ trì thực hiện.",
        on=answered,
        follow_up_agency=agency,
        follow_up_by=by,
    )
    if kind == "follow":
        for i, text in enumerate(step[3], start=1):
            on = min(answered + 30 * i * DAY, cast.today)
            recommendations.recommendation_note(rec, by=standing, text=text, on=on)
        return
    closed = min(by + 5 * DAY, cast.today)
    recommendations.recommendation_close(
        rec, by=standing, outcome=step[3], on=closed, reason=step[4]
    )


# ---- plans and tasks -------------------------------------------------------------

# (title, agency key, indicator, target, unit, due as (month, day) or days from today)
# with what happens: done / late / submitted / returned / overdue / progress / new.
TASKS: list[tuple[str, str, str, int | None, str, Any, str]] = [
    (
        "Tổ chức tuyên truyền phòng, chống lừa đảo qua mạng trong trường học",
        "giaoduc",
        "Số buổi tuyên truyền",
        40,
        "buổi",
        -120,
        "done",
    ),
    (
        "Rà soát, thống kê người nghiện, người sử dụng trái phép chất ma túy",
        "yte",
        "Báo cáo rà soát",
        None,
        "",
        -90,
        "late",
    ),
    (
        "Kiểm tra cơ sở kinh doanh có điều kiện về an ninh, trật tự",
        "vanhoa",
        "Số cơ sở được kiểm tra",
        120,
        "cơ sở",
        20,
        "submitted",
    ),
    (
        "Vận động nhân dân tham gia mô hình tự quản",
        "front",
        "Số mô hình mới",
        30,
        "mô hình",
        (12, 31),
        "progress",
    ),
    (
        "Tập huấn nghiệp vụ cho lực lượng bảo vệ an ninh, trật tự ở cơ sở",
        "tuphap",
        "Số lớp tập huấn",
        6,
        "lớp",
        40,
        "returned",
    ),
    (
        "Xây dựng, nhân rộng mô hình “Camera an ninh” tại phường Tam Kỳ",
        "ca:Tam Kỳ",
        "Số camera lắp mới",
        50,
        "camera",
        (12, 15),
        "progress",
    ),
    (
        "Giải quyết dứt điểm điểm nóng trộm cắp tại chợ Hàn",
        "ca:Hải Châu",
        "Điểm nóng được chuyển hóa",
        None,
        "",
        -45,
        "overdue",
    ),
    (
        "Ứng dụng công nghệ trong tiếp nhận tố giác, tin báo",
        "khcn",
        "Phần mềm được đưa vào sử dụng",
        None,
        "",
        -30,
        "overdue",
    ),
    (
        "Tuyên truyền về Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở",
        "bao",
        "Số tin, bài",
        60,
        "tin, bài",
        -10,
        "returned_late",
    ),
    (
        "Sơ kết phong trào Toàn dân bảo vệ an ninh Tổ quốc",
        "noivu",
        "Báo cáo sơ kết",
        None,
        "",
        (12, 20),
        "new",
    ),
]


# The Department of Education's own work this year, beside its task accepted as
# done in TASKS: one in progress with its reports, one overdue (escalated).
MEMBER_TASKS: list[tuple[str, str, str, int | None, str, Any, str]] = [
    (
        "Kiểm tra công tác bảo đảm an ninh, trật tự tại các trường học",
        "giaoduc",
        "Số trường được kiểm tra",
        60,
        "trường",
        45,
        "progress",
    ),
    (
        "Tổ chức cho học sinh ký cam kết không vi phạm pháp luật về ma túy",
        "giaoduc",
        "Báo cáo kết quả ký cam kết",
        None,
        "",
        -20,
        "overdue",
    ),
]


def _clip(cast: Cast, day: D, floor: D) -> D:
    return max(floor, min(day, cast.today))


def _due(cast: Cast, year: int, spec: tuple[int, int] | int) -> D:
    if isinstance(spec, tuple):
        return D(year, *spec)
    return min(D(year, 12, 31), max(D(year, 1, 1), cast.today + spec * DAY))


def _plan(cast: Cast, year: int, number: str) -> Plan:
    return plans.plan_create(
        by=cast.who("standing"),
        committee=cast.committee,
        year=year,
        number=number,
        title=(
            f"Kế hoạch thực hiện công tác phòng, chống tội phạm và xây dựng phong "
            f"trào Toàn dân bảo vệ an ninh Tổ quốc năm {year}"
        ),
    )


def _add(cast: Cast, plan: Plan, row: tuple[Any, ...], due: D) -> Task:
    title, key, indicator, target, unit, _, _ = row
    return plans.task_create(
        plan,
        by=cast.who("standing"),
        data=plans.TaskInput(
            title=title,
            assignee=cast.ag[key],
            indicator=indicator,
            due_on=due,
            target=Decimal(target) if target else None,
            unit=unit,
            evidence_expected="Báo cáo kết quả kèm hình ảnh, biên bản.",
        ),
    )


def _act(cast: Cast, task: Task, fate: str, approved: D) -> None:
    key = next(k for k, a in cast.ag.items() if a.pk == task.assignee_id)
    member, standing = cast.who(key), cast.who("standing")
    due = task.due_on

    def on(day: D) -> D:
        return _clip(cast, day, approved)

    def report(day: D, share: float) -> None:
        figure = (
            (task.target * Decimal(share)).quantize(Decimal(1)) if task.target else None
        )
        progress.task_report(
            task,
            by=member,
            text="Đã triển khai theo kế hoạch.",
            on=on(day),
            figure=figure,
        )

    def submit(day: D, complete: bool = True) -> None:
        figure = task.target - task.achieved if task.target and complete else None
        progress.task_submit(
            task,
            by=member,
            text="Hoàn thành nhiệm vụ, gửi báo cáo kết quả.",
            on=on(day),
            figure=figure,
            files=_file("bao-cao-ket-qua.pdf"),
        )

    if fate in ("done", "late"):
        report(due - 40 * DAY, 0.5)
        submit(due - 5 * DAY if fate == "done" else due + 10 * DAY)
        assert task.submitted_on is not None  # noqa: S101 (just submitted)
        progress.task_accept(task, by=standing, on=on(task.submitted_on + 5 * DAY))
    elif fate == "submitted":
        report(cast.today - 30 * DAY, 0.7)
        submit(cast.today - 3 * DAY)
    elif fate in ("returned", "returned_late"):
        report(cast.today - 40 * DAY, 0.6)
        submit(cast.today - 25 * DAY, complete=False)
        progress.task_return(
            task,
            by=standing,
            on=on(cast.today - 20 * DAY),
            reason="Thiếu biên bản và danh sách người tham dự; đề nghị bổ sung.",
        )
    elif fate == "progress":
        report(cast.today - 120 * DAY, 0.3)
        report(cast.today - 20 * DAY, 0.3)


def _plans(cast: Cast) -> None:
    year, standing = cast.today.year, cast.who("standing")
    # Last year's plan: carried out, a few tasks late or left undone, closed.
    previous = _plan(cast, year - 1, "12/KH-BCĐ")
    last_rows = [r for r in TASKS if r[6] != "new"]
    for i, row in enumerate(last_rows):
        _add(cast, previous, row, D(year - 1, 3 + i, 15))
    plans.plan_approve(previous, by=standing, on=D(year - 2, 12, 26))
    for i, task in enumerate(previous.tasks.order_by("ordinal")):
        fate = "late" if i in (1, 4) else "done"
        if i == 6:
            continue  # left undone at the year's end
        _act(cast, task, fate, D(year - 2, 12, 26))
    progress.tasks_escalate_overdue(on=min(D(year - 1, 9, 16), cast.today))
    closing = D(year, 1, 20)
    if closing <= cast.today:
        plans.plan_close(previous, by=standing, on=closing)
    # This year's plan, approved in the last days of the previous year.
    approved = D(year - 1, 12, 28)
    current = _plan(cast, year, "08/KH-BCĐ")
    rows = TASKS + MEMBER_TASKS
    for row in rows:
        _add(cast, current, row, _due(cast, year, row[5]))
    plans.plan_approve(current, by=standing, on=approved)
    for row, task in zip(rows, current.tasks.order_by("ordinal"), strict=True):
        _act(cast, task, row[6], approved)
    # What the daily escalation would have done: each task the day after its due date.
    overdue = Task.objects.overdue(cast.today).filter(plan=current)
    for task in overdue.order_by("due_on"):
        progress.tasks_escalate_overdue(on=task.due_on + DAY)


def _users() -> dict[str, Any]:
    names = {
        "standing": "thuongtruc",
        "giaoduc": "sogiaoduc",
        "front": "mttq",
        "ca:Tam Kỳ": "ca.tamky",
        "ca:Hải Châu": "ca.haichau",
    }
    found = {u.username: u for u in User.objects.filter(username__in=names.values())}
    return {key: found[name] for key, name in names.items() if name in found}


def demo_programs_load(*, province: Place, ag: dict[str, Agency]) -> int:
    """The committee's work for the demo; 0 (and nothing done) when it is there."""
    committee = SteeringCommittee.objects.filter(
        level=CommitteeLevel.PROVINCE, place=province
    ).first()
    if committee is None or Programme.objects.filter(committee=committee).exists():
        return 0
    cast = Cast(timezone.localdate(), committee, ag, _users())
    rng = random.Random(138)  # noqa: S311  (demo data, not security)
    _front_programme(cast, rng)
    _other_programmes(cast)
    _recommendations(cast)
    _plans(cast)
    return Programme.objects.filter(committee=committee).count()


__all__ = ["demo_programs_load"]

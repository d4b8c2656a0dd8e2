"""Schemas of the programmes, recommendations and tasks API."""

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from ninja import Field, Schema

from bcd138.agencies.models import Agency
from bcd138.programs.models import Programme, Recommendation, Task

# ---- references ----------------------------------------------------------------


class AgencyRef(Schema):
    id: int
    name: str


def agency_ref(agency: Agency | None) -> dict[str, Any] | None:
    return None if agency is None else {"id": agency.pk, "name": agency.name}


class ProgramFileOut(Schema):
    id: int
    name: str = Field(alias="original_name")
    content_type: str
    size: int
    sha256: str


# ---- programmes ----------------------------------------------------------------


class PartyIn(Schema):
    agency: int
    name_as_signed: str = ""
    signatory: str = ""
    is_lead: bool = False


class CommitmentIn(Schema):
    agency: int = Field(description="The party's agency id.")
    text: str


class ProgrammeIn(Schema):
    committee: int
    title: str
    number: str = ""
    summary: str = ""
    signed_on: datetime.date
    valid_from: datetime.date
    valid_to: datetime.date
    review_every_months: int = 6
    parties: list[PartyIn]
    commitments: list[CommitmentIn] = []


class PartyOut(Schema):
    agency: AgencyRef
    name_as_signed: str
    signatory: str
    is_lead: bool

    @staticmethod
    def resolve_agency(obj: Any) -> dict[str, Any] | None:
        return agency_ref(obj.agency)


class CommitmentOut(Schema):
    id: int
    ordinal: int
    party: AgencyRef
    text: str

    @staticmethod
    def resolve_party(obj: Any) -> dict[str, Any] | None:
        return agency_ref(obj.party.agency)


class ResultOut(Schema):
    commitment: int = Field(alias="commitment_id")
    rating: str
    note: str


class ReviewOut(Schema):
    id: int
    held_on: datetime.date
    period_from: datetime.date
    period_to: datetime.date
    assessment: str
    results: list[ResultOut]

    @staticmethod
    def resolve_results(obj: Any) -> list[Any]:
        return list(obj.results.all())


class ProgrammeOut(Schema):
    id: int
    committee: int = Field(alias="committee_id")
    title: str
    number: str
    signed_on: datetime.date
    valid_from: datetime.date
    valid_to: datetime.date
    review_every_months: int
    status: str
    ended_on: datetime.date | None

    @staticmethod
    def resolve_status(obj: Programme) -> str:
        return obj.status_on(timezone.localdate())


class ProgrammeDetailOut(ProgrammeOut):
    summary: str
    end_reason: str
    next_review_on: datetime.date
    parties: list[PartyOut]
    commitments: list[CommitmentOut]
    reviews: list[ReviewOut]
    files: list[ProgramFileOut]

    @staticmethod
    def resolve_parties(obj: Programme) -> list[Any]:
        return list(obj.parties.select_related("agency"))

    @staticmethod
    def resolve_commitments(obj: Programme) -> list[Any]:
        return list(obj.commitments.select_related("party__agency"))

    @staticmethod
    def resolve_reviews(obj: Programme) -> list[Any]:
        return list(obj.reviews.prefetch_related("results"))

    @staticmethod
    def resolve_files(obj: Programme) -> list[Any]:
        return list(obj.files.all())

    @staticmethod
    def resolve_next_review_on(obj: Programme) -> datetime.date:
        last = obj.reviews.order_by("-held_on").first()
        return obj.review_due_on(last.held_on if last else None)


class ResultIn(Schema):
    commitment: int
    rating: str = Field(description="met, partly or not_met")
    note: str = ""


class ReviewIn(Schema):
    held_on: datetime.date
    period_from: datetime.date
    period_to: datetime.date
    assessment: str
    results: list[ResultIn] = []


class CommitmentAddIn(Schema):
    agency: int
    text: str


class EndIn(Schema):
    on: datetime.date
    reason: str


# ---- recommendations ---------------------------------------------------------------


class RecommendationIn(Schema):
    committee: int
    subject: str
    text: str
    raised_by: int
    raised_on: datetime.date
    raised_by_person: str = ""
    conference: str = ""
    addressed_to: int | None = Field(None, description="Empty: the committee.")
    commune: str | None = Field(None, description="Code of the unit concerned.")
    era: str = Field("2025", description="2025 or legacy (the unit as entered).")


class RecommendationOut(Schema):
    id: int
    committee: int = Field(alias="committee_id")
    subject: str
    raised_by: AgencyRef
    raised_by_person: str
    raised_on: datetime.date
    conference: str
    addressed_to: AgencyRef | None
    state: str
    response: str
    follow_up_agency: AgencyRef | None
    follow_up_by: datetime.date | None
    outcome: str
    closed_on: datetime.date | None
    days_open: int
    days_past_follow_up: int
    age_band: str

    @staticmethod
    def resolve_raised_by(obj: Recommendation) -> dict[str, Any] | None:
        return agency_ref(obj.raised_by)

    @staticmethod
    def resolve_addressed_to(obj: Recommendation) -> dict[str, Any] | None:
        return agency_ref(obj.addressed_to)

    @staticmethod
    def resolve_follow_up_agency(obj: Recommendation) -> dict[str, Any] | None:
        return agency_ref(obj.follow_up_agency)

    @staticmethod
    def resolve_days_open(obj: Recommendation) -> int:
        return obj.days_open(timezone.localdate())

    @staticmethod
    def resolve_days_past_follow_up(obj: Recommendation) -> int:
        return obj.days_past_follow_up(timezone.localdate())

    @staticmethod
    def resolve_age_band(obj: Recommendation) -> str:
        return obj.age_band(timezone.localdate())


class NoteOut(Schema):
    on: datetime.date
    text: str
    agency: AgencyRef | None

    @staticmethod
    def resolve_agency(obj: Any) -> dict[str, Any] | None:
        return agency_ref(obj.agency)


class ProgramPlaceOut(Schema):
    code: str
    name: str
    era: str


class RecommendationDetailOut(RecommendationOut):
    text: str
    place: ProgramPlaceOut | None
    response_text: str
    responded_on: datetime.date | None
    outcome_reason: str
    notes: list[NoteOut]

    @staticmethod
    def resolve_notes(obj: Recommendation) -> list[Any]:
        return list(obj.notes.select_related("agency"))


class RespondIn(Schema):
    response: str = Field(description="accepted, accepted_in_part or explained")
    text: str
    on: datetime.date
    follow_up_agency: int | None = None
    follow_up_by: datetime.date | None = None


class NoteIn(Schema):
    text: str
    on: datetime.date


class CloseIn(Schema):
    outcome: str = Field(description="done or not_done")
    on: datetime.date
    reason: str = ""


class AgingBandOut(Schema):
    band: str
    label: str
    count: int
    items: list[RecommendationOut]


class AgingOut(Schema):
    total: int
    past_follow_up: int
    bands: list[AgingBandOut]


# ---- plans and tasks ---------------------------------------------------------------


class PlanIn(Schema):
    committee: int
    year: int
    number: str
    title: str


class PlanOut(Schema):
    id: int
    committee: int = Field(alias="committee_id")
    year: int
    number: str
    title: str
    status: str
    approved_on: datetime.date | None
    closed_on: datetime.date | None


class DateIn(Schema):
    on: datetime.date


class IndicatorOut(Schema):
    unit: str
    target: Decimal
    achieved: Decimal
    share: float


class RollupOut(Schema):
    total: int
    done: int
    on_time: int
    late: int
    submitted: int
    in_progress: int
    overdue: int
    escalated: int
    share_done: float
    share_on_time: float
    share_overdue: float
    indicators: list[IndicatorOut]


class TaskIn(Schema):
    title: str
    assignee: int
    indicator: str
    due_on: datetime.date
    description: str = ""
    target: Decimal | None = None
    unit: str = ""
    evidence_expected: str = ""


class TaskOut(Schema):
    id: int
    plan: int = Field(alias="plan_id")
    ordinal: int
    title: str
    assignee: AgencyRef
    indicator: str
    target: Decimal | None
    unit: str
    achieved: Decimal
    due_on: datetime.date
    state: str
    submitted_on: datetime.date | None
    completed_on: datetime.date | None
    accepted_on: datetime.date | None
    escalated_on: datetime.date | None
    overdue: bool
    days_overdue: int

    @staticmethod
    def resolve_assignee(obj: Task) -> dict[str, Any] | None:
        return agency_ref(obj.assignee)

    @staticmethod
    def resolve_overdue(obj: Task) -> bool:
        return obj.is_overdue(timezone.localdate())

    @staticmethod
    def resolve_days_overdue(obj: Task) -> int:
        return obj.days_overdue(timezone.localdate())


class TaskEventOut(Schema):
    id: int
    kind: str
    on: datetime.date
    text: str
    figure: Decimal | None
    agency: AgencyRef | None
    files: list[ProgramFileOut]

    @staticmethod
    def resolve_agency(obj: Any) -> dict[str, Any] | None:
        return agency_ref(obj.agency)

    @staticmethod
    def resolve_files(obj: Any) -> list[Any]:
        return list(obj.files.all())


class TaskDetailOut(TaskOut):
    description: str
    evidence_expected: str
    events: list[TaskEventOut]

    @staticmethod
    def resolve_events(obj: Task) -> list[Any]:
        return list(obj.events.select_related("agency").prefetch_related("files"))


class PlanDetailOut(PlanOut):
    rollup: RollupOut
    tasks: list[TaskOut]


class AcceptIn(Schema):
    on: datetime.date
    note: str = ""


class ReturnIn(Schema):
    on: datetime.date
    reason: str


class AgencyTasksOut(Schema):
    agency_id: int
    name: str
    open: int
    overdue: int
    submitted: int
    escalated: int


class ReviewDueOut(Schema):
    programme: int
    title: str
    due_on: datetime.date
    last_review: datetime.date | None
    overdue: bool


class DashboardOut(Schema):
    today: datetime.date
    tasks_by_agency: list[AgencyTasksOut]
    recommendations: AgingOut
    reviews_due: list[ReviewDueOut]

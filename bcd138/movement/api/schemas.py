"""Schemas of the movement's API. Units are named by code and era ("2025" or
"legacy": codes repeat between the two maps); agencies by id. A team member's
name is returned to those who see the team, as on its page; nothing else
personal is kept."""

import datetime
from typing import Any, Literal

from ninja import Field, Schema

from bcd138.movement.models import (
    Exemplary,
    MovementModel,
    OutreachSession,
    SafetyRecognition,
    SecurityTeam,
    TeamMember,
)
from bcd138.movement.services import safety
from bcd138.movement.services.exemplary import links_for
from bcd138.places.models import Place

EraParam = Literal["2025", "legacy"]


class MovementPlaceRef(Schema):
    code: str
    era: EraParam = "2025"


class MovementPlaceOut(Schema):
    code: str
    era: str
    name: str


def place_out(place: Place) -> MovementPlaceOut:
    return MovementPlaceOut(code=place.code, era=place.era, name=place.name)


class MovementFileOut(Schema):
    id: int
    original_name: str
    mime_type: str
    size: int


# ---- models -----------------------------------------------------------------


class ModelIn(Schema):
    name: str
    model_type: str
    type_other: str = ""
    communes: list[MovementPlaceRef]
    running_agency: int | None = None
    running_organisation: str = ""
    started_on: datetime.date
    ended_on: datetime.date | None = None
    members_count: int = 0
    activities: str = ""


class ModelOut(Schema):
    id: int
    name: str
    model_type: str
    type_label: str
    communes: list[MovementPlaceOut]
    running_agency_id: int | None
    organisation: str = Field(alias="organisation_name")
    started_on: datetime.date
    ended_on: datetime.date | None
    members_count: int
    replicated_from_id: int | None

    @staticmethod
    def resolve_communes(obj: MovementModel) -> list[MovementPlaceOut]:
        return [place_out(c) for c in obj.communes.all()]


class AssessmentOut(Schema):
    year: int
    rating: str
    notes: str


class ModelDetailOut(ModelOut):
    activities: str
    assessments: list[AssessmentOut]
    replication_ids: list[int]
    files: list[MovementFileOut]

    @staticmethod
    def resolve_assessments(obj: MovementModel) -> list[AssessmentOut]:
        return [
            AssessmentOut(year=a.year, rating=a.rating, notes=a.notes)
            for a in obj.assessments.all()
        ]

    @staticmethod
    def resolve_replication_ids(obj: MovementModel) -> list[int]:
        return list(obj.replications.values_list("pk", flat=True))

    @staticmethod
    def resolve_files(obj: MovementModel) -> list[MovementFileOut]:
        return [MovementFileOut.from_orm(f) for f in obj.files.all()]


class AssessIn(Schema):
    year: int
    rating: str
    notes: str = ""


class ModelFilters(Schema):
    commune: str | None = None
    year: int | None = None
    model_type: str = ""
    status: Literal["", "active", "ended"] = ""
    origin: Literal["", "built", "replicated"] = ""
    q: str = ""


# ---- exemplary --------------------------------------------------------------


class ExemplaryIn(Schema):
    kind: str
    name: str = ""
    agency: int | None = None
    place: MovementPlaceRef
    year: int
    achievement: str
    proposed_by: int | None = None


class ExemplaryOut(Schema):
    id: int
    kind: str
    name: str
    agency_id: int | None
    place: MovementPlaceOut
    year: int
    achievement: str
    proposed_by_id: int

    @staticmethod
    def resolve_place(obj: Exemplary) -> MovementPlaceOut:
        return place_out(obj.place)


class LinkIn(Schema):
    kind: Literal["report", "case", "model", "outreach"]
    ref: str
    note: str = ""


class LinkOut(Schema):
    id: int
    kind: str
    object_id: int | None
    note: str


class ExemplaryDetailOut(ExemplaryOut):
    links: list[LinkOut]
    files: list[MovementFileOut]

    # Each link is resolved for the caller: an object they may not see is
    # listed without its id.
    @staticmethod
    def resolve_links(obj: Exemplary, context: dict[str, Any]) -> list[LinkOut]:
        user = context["request"].user
        return [
            LinkOut(
                id=link.id,
                kind=link.kind,
                object_id=link.target.pk if link.target is not None else None,
                note=link.note,
            )
            for link in links_for(obj, user=user)
        ]

    @staticmethod
    def resolve_files(obj: Exemplary) -> list[MovementFileOut]:
        return [MovementFileOut.from_orm(f) for f in obj.files.all()]


class PeopleFilters(Schema):
    commune: str | None = None
    year: int | None = None
    kind: str = ""
    q: str = ""


# ---- outreach ---------------------------------------------------------------


class OutreachIn(Schema):
    channel: str
    held_on: datetime.date
    title: str
    topic: str
    place: MovementPlaceRef
    organiser: int
    venue: str = ""
    platform: str = ""
    page_name: str = ""
    link: str = ""
    attendees: int | None = None
    views: int | None = None
    shares: int | None = None
    notes: str = ""


class OutreachOut(Schema):
    id: int
    channel: str
    held_on: datetime.date
    title: str
    topic: str
    place: MovementPlaceOut
    venue: str
    platform: str
    page_name: str
    link: str
    organiser_id: int
    organiser_name: str = Field(alias="organiser.name")
    attendees: int | None
    views: int | None
    shares: int | None
    notes: str

    @staticmethod
    def resolve_place(obj: OutreachSession) -> MovementPlaceOut:
        return place_out(obj.place)


class OutreachFilters(Schema):
    commune: str | None = None
    year: int | None = None
    since: datetime.date | None = None
    until: datetime.date | None = None
    channel: str = ""
    topic: str = ""
    platform: str = ""
    q: str = ""


class PeriodTotalOut(Schema):
    start: datetime.date
    label: str
    in_person: int
    attendees: int
    online: int
    views: int
    shares: int
    online_share: int


class OutreachTotalsOut(Schema):
    period: str
    totals: dict[str, int]
    periods: list[PeriodTotalOut]


# ---- teams ------------------------------------------------------------------


class MemberIn(Schema):
    full_name: str
    birth_year: int
    position: str = ""
    decided_on: datetime.date | None = None
    over_age_exception: bool = False
    exception_reason: str = ""


class MemberOut(Schema):
    id: int
    full_name: str
    birth_year: int
    position: str
    decided_on: datetime.date
    over_age_exception: bool
    left_on: datetime.date | None


class TeamIn(Schema):
    commune: MovementPlaceRef
    name: str
    decision_ref: str
    decided_on: datetime.date
    areas: list[str]
    dissolved_on: datetime.date | None = None
    notes: str = ""
    members: list[MemberIn] = []


class TeamOut(Schema):
    id: int
    commune: MovementPlaceOut
    name: str
    decision_ref: str
    decided_on: datetime.date
    areas: list[str]
    dissolved_on: datetime.date | None
    member_count: int

    @staticmethod
    def resolve_commune(obj: SecurityTeam) -> MovementPlaceOut:
        return place_out(obj.commune)

    @staticmethod
    def resolve_member_count(obj: SecurityTeam) -> int:
        """Members who have not left (annotated on lists)."""
        counted = getattr(obj, "member_count", None)
        if counted is not None:
            return int(counted)
        return obj.members.filter(left_on__isnull=True).count()


class TeamDetailOut(TeamOut):
    notes: str
    members: list[MemberOut]

    @staticmethod
    def resolve_members(obj: SecurityTeam) -> list[TeamMember]:
        return list(obj.members.all())


class TeamFilters(Schema):
    commune: str | None = None
    status: Literal["", "active", "dissolved"] = ""
    q: str = ""


# ---- safety recognition -----------------------------------------------------


class RegistrationIn(Schema):
    kind: str
    unit_name: str = ""
    commune: MovementPlaceRef
    year: int
    registered_on: datetime.date
    registration_ref: str = ""
    managed_by: str = ""
    agency: int | None = None


class RecognitionOut(Schema):
    id: int
    kind: str
    unit_name: str
    commune: MovementPlaceOut
    agency_id: int | None
    managed_by: str
    year: int
    registered_on: datetime.date
    registration_ref: str
    result: str
    decision_ref: str
    decided_on: datetime.date | None
    decided_by_level: str
    decided_by_name: str

    @staticmethod
    def resolve_commune(obj: SafetyRecognition) -> MovementPlaceOut:
        return place_out(obj.commune)


class CriterionOut(Schema):
    code: str
    text: str
    prefill: str | None
    suggested: bool | None
    suggestion: str
    met: bool | None
    note: str
    files: list[MovementFileOut]


class CorrectionOut(Schema):
    """An earlier decision and the correction that replaced it."""

    id: int
    previous_result: str
    previous_decision_ref: str
    previous_decided_on: datetime.date
    previous_decided_by_name: str
    result: str
    decision_ref: str
    decided_on: datetime.date
    decided_by_level: str
    decided_by_name: str
    reason: str
    corrected_at: datetime.datetime


class RecognitionDetailOut(RecognitionOut):
    """With the rules of its year and the checklist: each criterion's answer and
    what the platform's data suggests for it; and the corrections of its
    decision, oldest first."""

    rules: str
    period_start: datetime.date
    period_end: datetime.date
    decision_from: datetime.date
    decision_to: datetime.date
    competent_body: str
    competent_body_unconfirmed: bool
    checklist: list[CriterionOut]
    corrections: list[CorrectionOut]

    @staticmethod
    def resolve_corrections(obj: SafetyRecognition) -> list[CorrectionOut]:
        return [CorrectionOut.from_orm(c) for c in obj.corrections.all()]

    @staticmethod
    def resolve_rules(obj: SafetyRecognition) -> str:
        return safety.edition_of(obj).name

    @staticmethod
    def resolve_period_start(obj: SafetyRecognition) -> datetime.date:
        return safety.period_of(obj).start

    @staticmethod
    def resolve_period_end(obj: SafetyRecognition) -> datetime.date:
        return safety.period_of(obj).end

    @staticmethod
    def resolve_decision_from(obj: SafetyRecognition) -> datetime.date:
        return safety.edition_of(obj).decision_window(obj.kind, obj.year).start

    @staticmethod
    def resolve_decision_to(obj: SafetyRecognition) -> datetime.date:
        return safety.edition_of(obj).decision_window(obj.kind, obj.year).end

    @staticmethod
    def resolve_competent_body(obj: SafetyRecognition) -> str:
        return safety.authority_of(obj)

    @staticmethod
    def resolve_competent_body_unconfirmed(obj: SafetyRecognition) -> bool:
        return safety.edition_of(obj).authority_unconfirmed(obj.kind)

    @staticmethod
    def resolve_checklist(obj: SafetyRecognition) -> list[CriterionOut]:
        return [
            CriterionOut(
                code=row.criterion.code,
                text=row.text,
                prefill=row.criterion.prefill,
                suggested=row.suggestion.met if row.suggestion else None,
                suggestion=row.suggestion.reason if row.suggestion else "",
                met=row.answer.met if row.answer else None,
                note=row.answer.note if row.answer else "",
                files=[MovementFileOut.from_orm(f) for f in row.answer.files.all()]
                if row.answer
                else [],
            )
            for row in safety.recognition_checklist(obj)
        ]


class AnswerIn(Schema):
    code: str
    met: bool
    note: str = ""


class RecognitionDecisionIn(Schema):
    result: str
    decision_ref: str
    decided_on: datetime.date
    level: str
    body: str = ""


class RecognitionCorrectionIn(Schema):
    result: str
    decision_ref: str = Field(description="The correcting decision's number.")
    decided_on: datetime.date
    reason: str
    body: str = ""


class SafetyFilters(Schema):
    commune: str | None = None
    year: int | None = None
    kind: str = ""
    status: str = ""
    q: str = ""


class RecognitionTotalOut(Schema):
    year: int
    kind: str
    registered: int
    met: int
    not_met: int
    pending: int


# ---- overview ---------------------------------------------------------------


class YearModelsOut(Schema):
    year: int
    built: int
    replicated: int


class CommuneModelsOut(Schema):
    commune: str
    active: int
    built: int
    replicated: int


class OverviewOut(Schema):
    models_by_year: list[YearModelsOut]
    models_by_commune: list[CommuneModelsOut]
    outreach_totals: dict[str, int]
    outreach: list[PeriodTotalOut]
    recognitions: list[RecognitionTotalOut]
    teams: int
    team_members: int

"""Schemas of the criminal-case API. None carries an identity out except the
answer of the reveal endpoint (``IdentitiesOut``), which is audited."""

import datetime
from typing import Any, Literal

from django.utils import timezone
from ninja import Field, Schema

from bcd138.agencies.models import Agency
from bcd138.cases.api.helpers import clock_of, events_of
from bcd138.cases.models import (
    Accused,
    Case,
    CaseEvent,
    Category,
    Charge,
    EventKind,
    SeizedItem,
    Stage,
    Victim,
    VictimKind,
)
from bcd138.cases.services.access import may_see_protected
from bcd138.cases.services.steps import allowed_steps
from bcd138.places.models import Era, Place

# ---- references ---------------------------------------------------------------


class CaseAgencyRef(Schema):
    id: int
    name: str


class CasePlaceRef(Schema):
    code: str
    name: str
    era: str


def agency_ref(agency: Agency | None) -> dict[str, Any] | None:
    return None if agency is None else {"id": agency.pk, "name": agency.name}


def place_ref(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {"code": place.code, "name": place.name, "era": place.era}


# ---- a case in a list -----------------------------------------------------------


class CaseOut(Schema):
    """A case in a list: where it stands and who holds it. No identity."""

    id: int
    number: str
    title: str
    category: str
    social_order: bool
    solved: bool
    solved_on: datetime.date | None
    stage: str
    phase: str
    holder: str
    holding_agency: CaseAgencyRef | None
    investigating_body: CaseAgencyRef
    place: CasePlaceRef = Field(description="The unit as entered (legacy or 2025).")
    current_commune: CasePlaceRef | None = Field(
        description="Today's commune of that unit (its default successor)."
    )
    instituted_on: datetime.date
    deadline: datetime.date | None
    days_left: int | None
    overdue: bool

    @staticmethod
    def resolve_holding_agency(obj: Case) -> dict[str, Any] | None:
        return agency_ref(obj.holding_agency)

    @staticmethod
    def resolve_investigating_body(obj: Case) -> dict[str, Any] | None:
        return agency_ref(obj.investigating_body)

    @staticmethod
    def resolve_place(obj: Case) -> dict[str, Any] | None:
        return place_ref(obj.place)

    @staticmethod
    def resolve_current_commune(obj: Case) -> dict[str, Any] | None:
        return place_ref(obj.place.current_commune)

    # From the cached deadline, which case_recompute keeps equal to the law
    # engine's: no replay of the events per row.
    @staticmethod
    def resolve_days_left(obj: Case) -> int | None:
        if obj.deadline is None:
            return None
        return (obj.deadline - timezone.localdate()).days

    @staticmethod
    def resolve_overdue(obj: Case) -> bool:
        return obj.deadline is not None and obj.deadline < timezone.localdate()


class CaseFiltersIn(Schema):
    stage: Stage | Literal["open", "all"] | None = Field(
        None, description="Default: the open cases; `all` for every stage."
    )
    category: Category | None = None
    agency: int | None = Field(None, description="Id of the agency holding the file.")
    commune: str | None = Field(
        None, max_length=5, description="A 2025 commune code (place of the offence)."
    )
    commune_id: int | None = Field(None, description="The same, by the place's id.")
    due: Literal["overdue", "week"] | None = None
    instituted_from: datetime.date | None = None
    instituted_to: datetime.date | None = None
    q: str = Field(
        default="", max_length=100, description='Case number, words or "Điều 173".'
    )
    name: str = Field(
        default="",
        max_length=150,
        description="The accused's full name, exactly (roles that may only; audited).",
    )
    social_order: bool | None = None
    solved: bool | None = None


# ---- one case -------------------------------------------------------------------


class ChargeOut(Schema):
    accused: int | None = Field(description="The accused's ordinal; null: the case's.")
    article: str
    clause: int
    title: str
    category: str
    chapter: str
    ended: bool

    @staticmethod
    def resolve_accused(obj: Charge) -> int | None:
        return obj.accused.ordinal if obj.accused is not None else None

    @staticmethod
    def resolve_ended(obj: Charge) -> bool:
        return obj.ended_by_id is not None


class AccusedOut(Schema):
    id: int
    ordinal: int


class VictimOut(Schema):
    id: int
    kind: str
    harm: str


class SeizedOut(Schema):
    id: int
    description: str
    quantity: str
    value_vnd: int | None
    seized_on: datetime.date


class CaseEventOut(Schema):
    id: int
    kind: str
    on: datetime.date
    at: datetime.datetime
    agency: CaseAgencyRef | None
    to_agency: CaseAgencyRef | None
    until: datetime.date | None
    requested_on: datetime.date | None
    supreme: bool
    accused: int | None = Field(alias="accused_id")
    reference: str
    reason: str
    corrects: int | None = Field(alias="corrects_id")
    details: dict[str, Any]

    @staticmethod
    def resolve_agency(obj: CaseEvent) -> dict[str, Any] | None:
        return agency_ref(obj.agency)

    @staticmethod
    def resolve_to_agency(obj: CaseEvent) -> dict[str, Any] | None:
        return agency_ref(obj.to_agency)


class LimitChangeOut(Schema):
    on: datetime.date
    kind: str
    stage: str
    deadline_before: datetime.date | None
    deadline_after: datetime.date | None
    note: str


class CaseDetailOut(CaseOut):
    occurred_on: datetime.date
    address_line: str
    latitude: float | None
    longitude: float | None
    procuracy: CaseAgencyRef
    court: CaseAgencyRef | None
    report: int | None = Field(alias="report_id")
    code_version: datetime.date = Field(description="The Penal Code in force from.")
    closed_on: datetime.date | None
    max_deadline: datetime.date | None
    extension_request_by: datetime.date | None
    limit_history: list[LimitChangeOut]
    charges: list[ChargeOut]
    accused: list[AccusedOut]
    victims: list[VictimOut]
    seized: list[SeizedOut]
    events: list[CaseEventOut]
    allowed_steps: list[str] = Field(description="The steps you may record now.")
    may_reveal: bool = Field(description="Whether you may reveal the identities.")

    @staticmethod
    def resolve_procuracy(obj: Case) -> dict[str, Any] | None:
        return agency_ref(obj.procuracy)

    @staticmethod
    def resolve_court(obj: Case) -> dict[str, Any] | None:
        return agency_ref(obj.court)

    # The clock is replayed once (clock_of); the lists were prefetched by
    # case_for_detail.
    @staticmethod
    def resolve_max_deadline(obj: Case) -> datetime.date | None:
        return clock_of(obj).max_deadline

    @staticmethod
    def resolve_extension_request_by(obj: Case) -> datetime.date | None:
        return clock_of(obj).extension_request_by

    @staticmethod
    def resolve_limit_history(obj: Case) -> list[Any]:
        return list(clock_of(obj).history)

    @staticmethod
    def resolve_charges(obj: Case) -> list[Charge]:
        return list(obj.charges.all())

    @staticmethod
    def resolve_accused(obj: Case) -> list[Accused]:
        return list(obj.accused.all())

    @staticmethod
    def resolve_victims(obj: Case) -> list[Victim]:
        return list(obj.victims.all())

    @staticmethod
    def resolve_seized(obj: Case) -> list[SeizedItem]:
        return list(obj.seized.all())

    @staticmethod
    def resolve_events(obj: Case) -> list[CaseEvent]:
        return events_of(obj)

    @staticmethod
    def resolve_allowed_steps(obj: Case, context: dict[str, Any]) -> list[str]:
        return allowed_steps(obj, context["request"].user)

    @staticmethod
    def resolve_may_reveal(obj: Case, context: dict[str, Any]) -> bool:
        return may_see_protected(context["request"].user, obj)


# ---- writing --------------------------------------------------------------------


class ChargeIn(Schema):
    article: str = Field(max_length=8, description='"173" or "Điều 173".')
    clause: int = Field(ge=1, le=99, description="The khoản.")


class CaseIn(Schema):
    number: str = Field(max_length=60)
    title: str = Field(max_length=250)
    investigating_body: int = Field(description="Id of a police unit of yours.")
    procuracy: int = Field(description="Id of the supervising procuracy.")
    occurred_on: datetime.date
    commune: str = Field(max_length=5, description="Code of the commune or ward.")
    era: Era = Field(Era.CURRENT, description="`legacy` for a pre-2025 code.")
    instituted_on: datetime.date
    reference: str = Field(max_length=60, description="Decision to institute.")
    charges: list[ChargeIn] = Field(min_length=1, max_length=20)
    address_line: str = Field(default="", max_length=250)
    latitude: float | None = None
    longitude: float | None = None
    reason: str = Field(default="", max_length=5000)
    report: int | None = Field(
        None, description="Id of the crime report the case comes from."
    )
    decision_reason: str = Field(default="", max_length=5000)


class StepFieldsIn(Schema):
    on: datetime.date | None = Field(None, description="Default: today.")
    reference: str = Field(default="", max_length=60)
    reason: str = Field(default="", max_length=5000)


class CaseStepIn(StepFieldsIn):
    kind: EventKind
    until: datetime.date | None = None
    requested_on: datetime.date | None = None
    supreme: bool = False
    to_agency: int | None = Field(None, description="Id of the receiving agency.")


class CaseIdentityIn(Schema):
    full_name: str = Field(max_length=150)
    birth_date: str = Field(default="", max_length=20)
    id_number: str = Field(default="", max_length=12)
    address: str = Field(default="", max_length=250)
    gender: str = Field(default="", max_length=20)


class AccusedIn(StepFieldsIn):
    identity: CaseIdentityIn
    charges: list[ChargeIn] = Field(min_length=1, max_length=20)


class ChargesIn(StepFieldsIn):
    accused: int | None = Field(
        None, description="Id of the accused; null: the case's own charges."
    )
    charges: list[ChargeIn] = Field(min_length=1, max_length=20)


class OutcomeIn(Schema):
    accused: int = Field(description="Id of the accused.")
    outcome: Literal["convicted", "acquitted", "exempted"]
    sentence: str = Field(default="", max_length=250)


class JudgmentIn(StepFieldsIn):
    outcomes: list[OutcomeIn] = Field(min_length=1, max_length=200)


class CorrectionIn(Schema):
    corrects: int = Field(description="Id of the event corrected.")
    reason: str = Field(max_length=5000)


class VictimIdentityIn(Schema):
    full_name: str = Field(max_length=150)
    contact: str = Field(default="", max_length=250)


class VictimIn(Schema):
    kind: VictimKind = VictimKind.PERSON
    harm: str = Field(default="", max_length=250, description="The harm or loss.")
    identity: VictimIdentityIn


class SeizedIn(Schema):
    description: str = Field(max_length=250)
    quantity: str = Field(default="", max_length=60)
    value_vnd: int | None = Field(None, description="Estimated value in đồng.")
    seized_on: datetime.date


class CaseStepOut(Schema):
    """The step appended and the case after it."""

    event: CaseEventOut
    accused: AccusedOut | None = None
    case: CaseOut


class RevealIn(Schema):
    reason: str = Field(max_length=1000)


class AccusedIdentityOut(AccusedOut):
    full_name: str = ""
    birth_date: str = ""
    id_number: str = ""
    address: str = ""
    gender: str = ""


class VictimIdentityOut(VictimOut):
    kind: VictimKind
    full_name: str = ""
    contact: str = ""


class IdentitiesOut(Schema):
    accused: list[AccusedIdentityOut]
    victims: list[VictimIdentityOut]


# ---- the Penal Code -------------------------------------------------------------


class ChapterOut(Schema):
    number: str
    title: str
    social_order: bool


class ClauseOut(Schema):
    khoan: int
    max_years: float | None
    life: bool
    death: bool
    non_custodial_only: bool
    category: str
    summary: str


class ArticleOut(Schema):
    number: str
    title: str
    chapter: str = Field(description="The chapter's number (Roman).")
    is_offence: bool
    repealed: bool


class ArticleDetailOut(Schema):
    number: str
    title: str
    chapter: ChapterOut
    is_offence: bool
    repealed: bool
    clauses: list[ClauseOut]
    code_in_force_from: datetime.date
    code_label: str

"""API of the movement (at /movement): models, exemplary people, outreach,
security teams, the safety recognition and the totals. Each endpoint calls the
same services and access rules as the pages: a section the caller does not have
is 403, an item outside their reach 404 (audited)."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from bcd138.agencies.models import Agency
from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest
from bcd138.movement import access as mv
from bcd138.movement.api.schemas import (
    AnswerIn,
    AssessIn,
    AssessmentOut,
    ExemplaryDetailOut,
    ExemplaryIn,
    ExemplaryOut,
    LinkIn,
    MemberIn,
    MemberOut,
    ModelDetailOut,
    ModelFilters,
    ModelIn,
    ModelOut,
    MovementPlaceRef,
    OutreachFilters,
    OutreachIn,
    OutreachOut,
    OutreachTotalsOut,
    OverviewOut,
    PeopleFilters,
    RecognitionCorrectionIn,
    RecognitionDecisionIn,
    RecognitionDetailOut,
    RecognitionOut,
    RecognitionTotalOut,
    RegistrationIn,
    SafetyFilters,
    TeamDetailOut,
    TeamFilters,
    TeamIn,
    TeamOut,
)
from bcd138.movement.models import (
    Exemplary,
    MovementModel,
    OutreachSession,
    SafetyRecognition,
    SecurityTeam,
)
from bcd138.movement.services import exemplary as people
from bcd138.movement.services import grassroots, outreach, safety, teams
from bcd138.movement.services.overview import movement_overview
from bcd138.movement.services.safety_corrections import recognition_correct
from bcd138.places.models import Level, Place

router = Router(tags=["movement"])


# ---- references -------------------------------------------------------------


def _place(ref: MovementPlaceRef) -> Place:
    place = Place.objects.filter(
        code=ref.code, era=ref.era, level__in=[Level.COMMUNE, Level.PROVINCE]
    ).first()
    if place is None:
        raise DomainError(
            _("No unit with code %(code)s.") % {"code": ref.code}, code="place"
        )
    return place


def _commune_filter(code: str | None) -> Place | None:
    if not code:
        return None
    return _place(MovementPlaceRef(code=code, era="2025"))


def _agency(pk: int | None) -> Agency | None:
    if pk is None:
        return None
    agency = Agency.objects.filter(pk=pk).first()
    if agency is None:
        raise DomainError(_("No agency with id %(id)s.") % {"id": pk}, code="agency")
    return agency


# ---- overview ---------------------------------------------------------------


@router.get("/overview", response=OverviewOut, summary="The movement's totals")
def overview(
    request: AuthedRequest, commune: str | None = None, period: str = "quarter"
) -> Any:
    if not mv.may_use_overview(request.user):
        mv.require_section(request.user, mv.MODELS)
    return movement_overview(
        user=request.user, commune=_commune_filter(commune), period=period
    )


# ---- models -----------------------------------------------------------------


def _model_input(payload: ModelIn) -> grassroots.ModelInput:
    return grassroots.ModelInput(
        name=payload.name,
        model_type=payload.model_type,
        type_other=payload.type_other,
        communes=[_place(c) for c in payload.communes],
        running_agency=_agency(payload.running_agency),
        running_organisation=payload.running_organisation,
        started_on=payload.started_on,
        ended_on=payload.ended_on,
        members_count=payload.members_count,
        activities=payload.activities,
    )


@router.get("/models", response=list[ModelOut], summary="Models of the movement")
@paginate(LimitOffsetPagination)
def model_list(
    request: AuthedRequest, filters: Query[ModelFilters]
) -> QuerySet[MovementModel]:
    mv.require_section(request.user, mv.MODELS)
    qs = grassroots.models_filter(
        grassroots.models_visible_to(request.user),
        commune=_commune_filter(filters.commune),
        year=filters.year,
        model_type=filters.model_type,
        status=filters.status,
        origin=filters.origin,
        q=filters.q,
    )
    return qs.select_related("running_agency").prefetch_related("communes")


@router.post("/models", response={201: ModelDetailOut}, summary="Record a model")
def model_create(request: AuthedRequest, payload: ModelIn) -> Status[Any]:
    model = grassroots.model_create(by=request.user, data=_model_input(payload))
    return Status(201, model)


@router.get("/models/{model_id}", response=ModelDetailOut, summary="A model")
def model_detail(request: AuthedRequest, model_id: int) -> Any:
    return grassroots.model_get_for(user=request.user, pk=model_id)


@router.post(
    "/models/{model_id}/replications",
    response={201: ModelDetailOut},
    summary="Replicate a model in other communes",
)
def model_replicate(
    request: AuthedRequest, model_id: int, payload: ModelIn
) -> Status[Any]:
    origin = grassroots.model_get_for(user=request.user, pk=model_id)
    model = grassroots.model_replicate(
        origin, by=request.user, data=_model_input(payload)
    )
    return Status(201, model)


@router.post(
    "/models/{model_id}/assessments",
    response={201: AssessmentOut},
    summary="Assess a model's effectiveness for a year",
)
def model_assess(
    request: AuthedRequest, model_id: int, payload: AssessIn
) -> Status[Any]:
    model = grassroots.model_get_for(user=request.user, pk=model_id)
    done = grassroots.model_assess(
        model,
        by=request.user,
        year=payload.year,
        rating=payload.rating,
        notes=payload.notes,
    )
    return Status(201, done)


# ---- exemplary people -------------------------------------------------------


@router.get("/people", response=list[ExemplaryOut], summary="Exemplary people")
@paginate(LimitOffsetPagination)
def person_list(
    request: AuthedRequest, filters: Query[PeopleFilters]
) -> QuerySet[Exemplary]:
    mv.require_section(request.user, mv.PEOPLE)
    qs = people.exemplary_filter(
        people.exemplary_visible_to(request.user),
        commune=_commune_filter(filters.commune),
        year=filters.year,
        kind=filters.kind,
        q=filters.q,
    )
    return qs.select_related("place")


@router.post(
    "/people", response={201: ExemplaryDetailOut}, summary="Record an exemplary person"
)
def person_create(request: AuthedRequest, payload: ExemplaryIn) -> Status[Any]:
    data = people.ExemplaryInput(
        kind=payload.kind,
        name=payload.name,
        agency=_agency(payload.agency),
        place=_place(payload.place),
        year=payload.year,
        achievement=payload.achievement,
        proposed_by=_agency(payload.proposed_by),
    )
    item = people.exemplary_create(by=request.user, data=data)
    return Status(201, item)


@router.get("/people/{person_id}", response=ExemplaryDetailOut, summary="One entry")
def person_detail(request: AuthedRequest, person_id: int) -> Any:
    return people.exemplary_get_for(user=request.user, pk=person_id)


@router.post(
    "/people/{person_id}/links",
    response={201: ExemplaryDetailOut},
    summary="Link what they contributed to",
)
def person_link(request: AuthedRequest, person_id: int, payload: LinkIn) -> Status[Any]:
    item = people.exemplary_get_for(user=request.user, pk=person_id)
    people.exemplary_link(
        item, by=request.user, kind=payload.kind, ref=payload.ref, note=payload.note
    )
    return Status(201, item)


# ---- outreach ---------------------------------------------------------------


def _outreach_qs(user: Any, filters: OutreachFilters) -> QuerySet[OutreachSession]:
    return outreach.outreach_filter(
        outreach.outreach_visible_to(user),
        commune=_commune_filter(filters.commune),
        year=filters.year,
        since=filters.since,
        until=filters.until,
        channel=filters.channel,
        topic=filters.topic,
        platform=filters.platform,
        q=filters.q,
    )


@router.get("/outreach", response=list[OutreachOut], summary="Outreach sessions")
@paginate(LimitOffsetPagination)
def session_list(
    request: AuthedRequest, filters: Query[OutreachFilters]
) -> QuerySet[OutreachSession]:
    mv.require_section(request.user, mv.OUTREACH)
    return _outreach_qs(request.user, filters).select_related("place", "organiser")


@router.get(
    "/outreach/totals",
    response=OutreachTotalsOut,
    summary="Outreach by channel and period (month, quarter or year)",
)
def session_totals(
    request: AuthedRequest, filters: Query[OutreachFilters], period: str = "month"
) -> dict[str, Any]:
    mv.require_section(request.user, mv.OUTREACH)
    qs = _outreach_qs(request.user, filters)
    return {
        "period": period,
        "totals": outreach.outreach_channel_totals(qs),
        "periods": outreach.outreach_totals(qs, period=period),
    }


@router.post("/outreach", response={201: OutreachOut}, summary="Record a session")
def session_create(request: AuthedRequest, payload: OutreachIn) -> Status[Any]:
    organiser = _agency(payload.organiser)
    assert organiser is not None  # noqa: S101  (an int always names one or raises)
    data = outreach.OutreachInput(
        channel=payload.channel,
        held_on=payload.held_on,
        title=payload.title,
        topic=payload.topic,
        place=_place(payload.place),
        organiser=organiser,
        venue=payload.venue,
        platform=payload.platform,
        page_name=payload.page_name,
        link=payload.link,
        attendees=payload.attendees,
        views=payload.views,
        shares=payload.shares,
        notes=payload.notes,
    )
    return Status(201, outreach.outreach_create(by=request.user, data=data))


@router.get("/outreach/{session_id}", response=OutreachOut, summary="A session")
def session_detail(request: AuthedRequest, session_id: int) -> Any:
    return outreach.outreach_get_for(user=request.user, pk=session_id)


# ---- teams ------------------------------------------------------------------


def _member_input(m: MemberIn) -> teams.MemberInput:
    return teams.MemberInput(
        full_name=m.full_name,
        birth_year=m.birth_year,
        position=m.position,
        decided_on=m.decided_on,
        over_age_exception=m.over_age_exception,
        exception_reason=m.exception_reason,
    )


@router.get("/teams", response=list[TeamOut], summary="Grassroots security teams")
@paginate(LimitOffsetPagination)
def team_list(
    request: AuthedRequest, filters: Query[TeamFilters]
) -> QuerySet[SecurityTeam]:
    mv.require_section(request.user, mv.TEAMS)
    qs = teams.teams_filter(
        teams.teams_visible_to(request.user),
        commune=_commune_filter(filters.commune),
        status=filters.status,
        q=filters.q,
    )
    return teams.with_member_counts(qs.select_related("commune"))


@router.post("/teams", response={201: TeamDetailOut}, summary="Record a team")
def team_create(request: AuthedRequest, payload: TeamIn) -> Status[Any]:
    data = teams.TeamInput(
        commune=_place(payload.commune),
        name=payload.name,
        decision_ref=payload.decision_ref,
        decided_on=payload.decided_on,
        areas=payload.areas,
        dissolved_on=payload.dissolved_on,
        notes=payload.notes,
        members=[_member_input(m) for m in payload.members],
    )
    return Status(201, teams.team_create(by=request.user, data=data))


@router.get("/teams/{team_id}", response=TeamDetailOut, summary="A team")
def team_detail(request: AuthedRequest, team_id: int) -> Any:
    return teams.team_get_for(user=request.user, pk=team_id)


@router.post(
    "/teams/{team_id}/members", response={201: MemberOut}, summary="Add a member"
)
def team_member_add(
    request: AuthedRequest, team_id: int, payload: MemberIn
) -> Status[Any]:
    team = teams.team_get_for(user=request.user, pk=team_id)
    member = teams.team_member_add(team, by=request.user, data=_member_input(payload))
    return Status(201, member)


# ---- safety recognition -----------------------------------------------------


@router.get(
    "/safety",
    response=list[RecognitionOut],
    summary="Units registered for the safety recognition",
)
@paginate(LimitOffsetPagination)
def recognition_list(
    request: AuthedRequest, filters: Query[SafetyFilters]
) -> QuerySet[SafetyRecognition]:
    mv.require_section(request.user, mv.SAFETY)
    return safety.recognitions_filter(
        safety.recognitions_visible_to(request.user),
        commune=_commune_filter(filters.commune),
        year=filters.year,
        kind=filters.kind,
        status=filters.status,
        q=filters.q,
    ).select_related("commune")


@router.get(
    "/safety/totals",
    response=list[RecognitionTotalOut],
    summary="Recognition results by year and kind of unit",
)
def recognition_totals(request: AuthedRequest, filters: Query[SafetyFilters]) -> Any:
    mv.require_section(request.user, mv.SAFETY)
    qs = safety.recognitions_filter(
        safety.recognitions_visible_to(request.user),
        commune=_commune_filter(filters.commune),
        year=filters.year,
        kind=filters.kind,
        status=filters.status,
        q=filters.q,
    )
    return safety.recognition_totals(qs)


@router.post("/safety", response={201: RecognitionDetailOut}, summary="Register a unit")
def recognition_register(
    request: AuthedRequest, payload: RegistrationIn
) -> Status[Any]:
    data = safety.RegistrationInput(
        kind=payload.kind,
        unit_name=payload.unit_name,
        commune=_place(payload.commune),
        year=payload.year,
        registered_on=payload.registered_on,
        registration_ref=payload.registration_ref,
        managed_by=payload.managed_by,
        agency=_agency(payload.agency),
    )
    rec = safety.recognition_register(by=request.user, data=data)
    return Status(201, rec)


@router.get(
    "/safety/{recognition_id}",
    response=RecognitionDetailOut,
    summary="A unit's recognition, with its checklist and suggestions",
)
def recognition_detail(request: AuthedRequest, recognition_id: int) -> Any:
    return safety.recognition_get_for(user=request.user, pk=recognition_id)


@router.post(
    "/safety/{recognition_id}/answers",
    response=RecognitionDetailOut,
    summary="Answer criteria of the checklist",
)
def recognition_answer(
    request: AuthedRequest, recognition_id: int, payload: list[AnswerIn]
) -> Any:
    rec = safety.recognition_get_for(user=request.user, pk=recognition_id)
    answers = [safety.AnswerInput(a.code, a.met, a.note) for a in payload]
    safety.recognition_answer(rec, by=request.user, answers=answers)
    return rec


@router.post(
    "/safety/{recognition_id}/decision",
    response=RecognitionDetailOut,
    summary="Record the competent body's decision",
)
def recognition_decide(
    request: AuthedRequest, recognition_id: int, payload: RecognitionDecisionIn
) -> Any:
    rec = safety.recognition_get_for(user=request.user, pk=recognition_id)
    safety.recognition_decide(
        rec,
        by=request.user,
        result=payload.result,
        decision_ref=payload.decision_ref,
        decided_on=payload.decided_on,
        level=payload.level,
        body=payload.body,
    )
    return rec


@router.post(
    "/safety/{recognition_id}/correction",
    response=RecognitionDetailOut,
    summary="Correct the recorded decision (same competent body, with a reason)",
)
def recognition_correction(
    request: AuthedRequest, recognition_id: int, payload: RecognitionCorrectionIn
) -> Any:
    rec = safety.recognition_get_for(user=request.user, pk=recognition_id)
    mv.require_edit(request.user, rec)
    recognition_correct(
        rec,
        by=request.user,
        result=payload.result,
        decision_ref=payload.decision_ref,
        decided_on=payload.decided_on,
        reason=payload.reason,
        body=payload.body,
    )
    rec.refresh_from_db()
    return rec


__all__ = ["router"]

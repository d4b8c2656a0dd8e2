"""Recommendations and proposals (kiến nghị, đề xuất) and their follow-up.

Rules: an agency raises a recommendation for itself (the standing office may
record one for any agency of the committee, as raised at a conference); the
standing office answers it once — accepted or accepted in part with an agency to
follow up and a date not before the raise date, or explained, which closes it;
progress notes come from the standing office, the raiser, the addressee and the
follow-up agency; the standing office closes a followed-up recommendation with
its outcome (done, or not done with the reason). Dates never lie in the future
nor before the raise date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from bcd138.agencies.models import Agency, SteeringCommittee
from bcd138.core import audit
from bcd138.core.errors import DomainError
from bcd138.places.models import Place
from bcd138.programs import access
from bcd138.programs.models import (
    Outcome,
    Recommendation,
    RecommendationNote,
    RecommendationState,
    Response,
)
from bcd138.programs.services.common import (
    actor_user,
    dmy,
    require_agency_of_committee,
    require_past,
    require_text,
)

EDIT_FIELDS = [
    "subject",
    "text",
    "raised_by",
    "raised_by_person",
    "raised_on",
    "conference",
    "addressed_to",
    "place",
]


@dataclass
class RecommendationInput:
    subject: str
    text: str
    raised_by: Agency
    raised_on: datetime.date
    raised_by_person: str = ""
    conference: str = ""
    addressed_to: Agency | None = None
    place: Place | None = None


def _validate(committee: SteeringCommittee, data: RecommendationInput) -> None:
    data.subject = require_text(
        data.subject, _("A recommendation needs a subject."), "recommendation_subject"
    )
    data.text = require_text(
        data.text, _("Write what is recommended."), "recommendation_text"
    )
    require_past(data.raised_on, _("The date raised"))
    require_agency_of_committee(data.raised_by, committee)
    require_agency_of_committee(data.addressed_to, committee)
    if (
        data.place is not None
        and data.place.current_province_id != committee.place.current_province_id
    ):
        raise DomainError(
            _("The unit concerned lies outside the committee's area."),
            code="place_outside",
        )


def _require_raise(by: Any, committee: SteeringCommittee, agency: Agency) -> None:
    if not (access.may_manage(by, committee) or access.owns_agency(by, agency)):
        raise DomainError(
            _("You may raise recommendations for your own agency only."),
            code="forbidden",
            status=403,
        )


@transaction.atomic
def recommendation_raise(
    *, by: Any, committee: SteeringCommittee, data: RecommendationInput
) -> Recommendation:
    _require_raise(by, committee, data.raised_by)
    _validate(committee, data)
    rec = Recommendation(committee=committee, created_by=actor_user(by))
    for name in EDIT_FIELDS:
        setattr(rec, name, getattr(data, name))
    rec.save()
    audit.record("recommendation.raise", actor=by, obj=rec, place=committee.place)
    return rec


@transaction.atomic
def recommendation_update(
    rec: Recommendation, *, by: Any, data: RecommendationInput
) -> None:
    if not access.may_edit_recommendation(by, rec):
        raise PermissionDenied
    if rec.state != RecommendationState.OPEN:
        raise DomainError(
            _("A recommendation cannot be changed once answered."),
            code="recommendation_answered",
        )
    _require_raise(by, rec.committee, data.raised_by)
    _validate(rec.committee, data)
    before = audit.snapshot(rec, EDIT_FIELDS)
    for name in EDIT_FIELDS:
        setattr(rec, name, getattr(data, name))
    rec.save()
    audit.record(
        "recommendation.update",
        actor=by,
        obj=rec,
        place=rec.committee.place,
        changes=audit.model_changes(before, rec, EDIT_FIELDS),
    )


def _require_on(rec: Recommendation, on: datetime.date, what: str) -> None:
    require_past(on, what)
    if on < rec.raised_on:
        raise DomainError(
            _("%(what)s is before the recommendation was raised (%(day)s).")
            % {"what": what, "day": dmy(rec.raised_on)},
            code="dates_order",
        )


@transaction.atomic
def recommendation_respond(
    rec: Recommendation,
    *,
    by: Any,
    response: str,
    text: str,
    on: datetime.date,
    follow_up_agency: Agency | None = None,
    follow_up_by: datetime.date | None = None,
) -> None:
    """The committee's answer; "explained" closes the recommendation."""
    access.require_manage(by, rec.committee)
    if rec.state != RecommendationState.OPEN:
        raise DomainError(
            _("The committee has already answered this recommendation."),
            code="recommendation_answered",
        )
    if response not in Response.values:
        raise DomainError(_("Unknown response."), code="response")
    text = require_text(text, _("Write the committee's response."), "response_text")
    _require_on(rec, on, _("The date of the response"))
    if response != Response.EXPLAINED:
        if follow_up_agency is None or follow_up_by is None:
            raise DomainError(
                _("Name the agency that follows up, and by when."),
                code="follow_up_required",
            )
        require_agency_of_committee(follow_up_agency, rec.committee)
    if follow_up_by is not None and follow_up_by < rec.raised_on:
        raise DomainError(
            _("The follow-up date is before the recommendation was raised (%(day)s).")
            % {"day": dmy(rec.raised_on)},
            code="dates_order",
        )
    rec.response, rec.response_text, rec.responded_on = response, text, on
    rec.follow_up_agency, rec.follow_up_by = follow_up_agency, follow_up_by
    if response == Response.EXPLAINED:
        rec.state, rec.outcome, rec.closed_on = (
            RecommendationState.CLOSED,
            Outcome.EXPLAINED,
            on,
        )
    else:
        rec.state = RecommendationState.FOLLOW_UP
    rec.save()
    audit.record(
        "recommendation.respond",
        actor=by,
        obj=rec,
        place=rec.committee.place,
        changes={
            "response": response,
            "follow_up_agency": str(follow_up_agency or ""),
            "follow_up_by": follow_up_by.isoformat() if follow_up_by else "",
        },
    )


def _acting_agency(by: Any, rec: Recommendation) -> Agency | None:
    for name in ("follow_up_agency", "raised_by", "addressed_to"):
        agency = getattr(rec, name)
        if agency is not None and access.owns_agency(by, agency):
            return agency  # type: ignore[no-any-return]
    return rec.committee.standing_agency


@transaction.atomic
def recommendation_note(
    rec: Recommendation, *, by: Any, text: str, on: datetime.date
) -> RecommendationNote:
    if not access.may_note_recommendation(by, rec):
        raise PermissionDenied
    if rec.state == RecommendationState.CLOSED:
        raise DomainError(
            _("The recommendation is closed."), code="recommendation_closed"
        )
    text = require_text(text, _("Write the progress."), "note_text")
    _require_on(rec, on, _("The date of the note"))
    note = RecommendationNote.objects.create(
        recommendation=rec,
        on=on,
        text=text,
        agency=_acting_agency(by, rec),
        author=actor_user(by),
    )
    audit.record("recommendation.note", actor=by, obj=rec, place=rec.committee.place)
    return note


@transaction.atomic
def recommendation_close(
    rec: Recommendation,
    *,
    by: Any,
    outcome: str,
    on: datetime.date,
    reason: str = "",
) -> None:
    access.require_manage(by, rec.committee)
    if rec.state != RecommendationState.FOLLOW_UP:
        raise DomainError(
            _("Only a recommendation being followed up can be closed; answer it first.")
            if rec.state == RecommendationState.OPEN
            else _("The recommendation is closed."),
            code="recommendation_state",
        )
    if outcome not in (Outcome.DONE, Outcome.NOT_DONE):
        raise DomainError(_("The outcome is done or not done."), code="outcome")
    reason = reason.strip()
    if outcome == Outcome.NOT_DONE and not reason:
        raise DomainError(
            _("Say why the recommendation was not carried out."), code="reason"
        )
    _require_on(rec, on, _("The closing date"))
    if rec.responded_on and on < rec.responded_on:
        raise DomainError(
            _("The closing date is before the committee's response (%(day)s).")
            % {"day": dmy(rec.responded_on)},
            code="dates_order",
        )
    rec.state, rec.outcome, rec.outcome_reason, rec.closed_on = (
        RecommendationState.CLOSED,
        outcome,
        reason,
        on,
    )
    rec.save()
    audit.record(
        "recommendation.close",
        actor=by,
        obj=rec,
        place=rec.committee.place,
        reason=reason,
        changes={"outcome": outcome},
    )

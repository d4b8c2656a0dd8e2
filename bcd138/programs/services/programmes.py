"""Coordination programmes (chương trình phối hợp): signing, commitments, reviews.

Rules: a programme has at least two parties working in the committee's area; it
ends after it starts and is not signed after it ends; every commitment belongs to
a party; a review covers a period inside the programme's duration and is held
after that period began; a programme ends early once, on a date inside its
duration, with a reason. Only the standing office writes.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from bcd138.agencies.models import Agency, SteeringCommittee
from bcd138.core import audit
from bcd138.core.errors import DomainError
from bcd138.core.uploads import CleanFile
from bcd138.programs import access
from bcd138.programs.models import (
    Commitment,
    CommitmentResult,
    Programme,
    ProgrammeFile,
    ProgrammeParty,
    ProgrammeReview,
    Rating,
)
from bcd138.programs.services.common import (
    actor_user,
    dmy,
    require_agency_of_committee,
    require_past,
    require_text,
)
from bcd138.programs.services.files import (
    file_store,
    files_removed_on_error,
    require_documents,
)

HEADER_FIELDS = [
    "title",
    "number",
    "summary",
    "signed_on",
    "valid_from",
    "valid_to",
    "review_every_months",
]


@dataclass
class PartyInput:
    agency: Agency
    name_as_signed: str = ""
    signatory: str = ""
    is_lead: bool = False


@dataclass
class CommitmentInput:
    agency: Agency  # the party's agency
    text: str


@dataclass
class ProgrammeInput:
    title: str
    signed_on: datetime.date
    valid_from: datetime.date
    valid_to: datetime.date
    number: str = ""
    summary: str = ""
    review_every_months: int = 6
    parties: list[PartyInput] = field(default_factory=list)
    commitments: list[CommitmentInput] = field(default_factory=list)


@dataclass
class ResultInput:
    commitment_id: int
    rating: str
    note: str = ""


@dataclass
class ReviewInput:
    held_on: datetime.date
    period_from: datetime.date
    period_to: datetime.date
    assessment: str
    results: list[ResultInput] = field(default_factory=list)


def _validate_header(data: ProgrammeInput) -> None:
    data.title = require_text(
        data.title, _("A programme needs a title."), "programme_title"
    )
    require_past(data.signed_on, _("The signing date"))
    if data.valid_to <= data.valid_from:
        raise DomainError(
            _("The programme must end after it starts."), code="dates_order"
        )
    if data.signed_on > data.valid_to:
        raise DomainError(
            _("The programme cannot be signed after it ends."), code="dates_order"
        )
    if not 1 <= data.review_every_months <= 24:
        raise DomainError(
            _("Reviews are held every 1 to 24 months."), code="review_period"
        )


def _validate_parties(committee: SteeringCommittee, data: ProgrammeInput) -> None:
    agencies = [p.agency.pk for p in data.parties]
    if len(set(agencies)) < 2:
        raise DomainError(
            _("A coordination programme has at least two different parties."),
            code="programme_parties",
        )
    if len(set(agencies)) != len(agencies):
        raise DomainError(
            _("An agency is a party only once."), code="programme_parties"
        )
    for party in data.parties:
        require_agency_of_committee(party.agency, committee)
    for commitment in data.commitments:
        if commitment.agency.pk not in agencies:
            raise DomainError(
                _("“%(agency)s” is not a party to the programme.")
                % {"agency": commitment.agency.name},
                code="commitment_party",
            )
        require_text(
            commitment.text, _("A commitment needs its text."), "commitment_text"
        )


def _validate_against_history(programme: Programme) -> None:
    """An edit must not leave a review or the early end outside the duration."""
    first = programme.reviews.order_by("period_from").first()
    if first is not None and first.period_from < programme.valid_from:
        raise DomainError(
            _("A review already covers a period before %(day)s.")
            % {"day": dmy(programme.valid_from)},
            code="dates_order",
        )
    if programme.ended_on and not (
        programme.valid_from <= programme.ended_on <= programme.valid_to
    ):
        raise DomainError(
            _("The programme ended early outside these dates."), code="dates_order"
        )


@transaction.atomic
def programme_create(
    *,
    by: Any,
    committee: SteeringCommittee,
    data: ProgrammeInput,
    files: Sequence[CleanFile] = (),
) -> Programme:
    access.require_manage(by, committee)
    _validate_header(data)
    _validate_parties(committee, data)
    require_documents(files)
    with files_removed_on_error():
        programme = Programme(committee=committee, created_by=actor_user(by))
        for name in HEADER_FIELDS:
            setattr(programme, name, getattr(data, name))
        programme.save()
        parties = {
            p.agency.pk: ProgrammeParty.objects.create(
                programme=programme,
                agency=p.agency,
                name_as_signed=p.name_as_signed.strip(),
                signatory=p.signatory.strip(),
                is_lead=p.is_lead,
            )
            for p in data.parties
        }
        for ordinal, c in enumerate(data.commitments, start=1):
            Commitment.objects.create(
                programme=programme,
                party=parties[c.agency.pk],
                ordinal=ordinal,
                text=c.text.strip(),
            )
        for clean in files:
            file_store(ProgrammeFile(programme=programme), clean, by=by)
        audit.record("programme.create", actor=by, obj=programme, place=committee.place)
    return programme


@transaction.atomic
def programme_update(programme: Programme, *, by: Any, data: ProgrammeInput) -> None:
    """Change the header (title, number, dates, review period); not the parties."""
    access.require_manage(by, programme.committee)
    _validate_header(data)
    before = audit.snapshot(programme, HEADER_FIELDS)
    for name in HEADER_FIELDS:
        setattr(programme, name, getattr(data, name))
    _validate_against_history(programme)
    programme.save()
    audit.record(
        "programme.update",
        actor=by,
        obj=programme,
        place=programme.committee.place,
        changes=audit.model_changes(before, programme, HEADER_FIELDS),
    )


@transaction.atomic
def programme_party_add(
    programme: Programme, *, by: Any, party: PartyInput
) -> ProgrammeParty:
    access.require_manage(by, programme.committee)
    require_agency_of_committee(party.agency, programme.committee)
    if programme.parties.filter(agency=party.agency).exists():
        raise DomainError(
            _("An agency is a party only once."), code="programme_parties"
        )
    row = ProgrammeParty.objects.create(
        programme=programme,
        agency=party.agency,
        name_as_signed=party.name_as_signed.strip(),
        signatory=party.signatory.strip(),
        is_lead=party.is_lead,
    )
    audit.record(
        "programme.party_add",
        actor=by,
        obj=programme,
        place=programme.committee.place,
        changes={"party": party.agency.name},
    )
    return row


@transaction.atomic
def programme_commitment_add(
    programme: Programme, *, by: Any, agency: Agency, text: str
) -> Commitment:
    access.require_manage(by, programme.committee)
    party = programme.parties.filter(agency=agency).first()
    if party is None:
        raise DomainError(
            _("“%(agency)s” is not a party to the programme.")
            % {"agency": agency.name},
            code="commitment_party",
        )
    text = require_text(text, _("A commitment needs its text."), "commitment_text")
    last = programme.commitments.aggregate(m=Max("ordinal"))["m"] or 0
    commitment = Commitment.objects.create(
        programme=programme, party=party, ordinal=last + 1, text=text
    )
    audit.record(
        "programme.commitment_add",
        actor=by,
        obj=programme,
        place=programme.committee.place,
        changes={"commitment": commitment.ordinal},
    )
    return commitment


@transaction.atomic
def programme_files_add(
    programme: Programme, *, by: Any, files: Sequence[CleanFile]
) -> list[ProgrammeFile]:
    access.require_manage(by, programme.committee)
    if not files:
        raise DomainError(_("Choose a file to attach."), code="upload_missing")
    require_documents(files)
    with files_removed_on_error():
        rows = [
            file_store(ProgrammeFile(programme=programme), clean, by=by)
            for clean in files
        ]
        audit.record(
            "programme.file_add",
            actor=by,
            obj=programme,
            place=programme.committee.place,
            changes={"files": [r.original_name for r in rows]},
        )
    return rows


def _validate_review(programme: Programme, data: ReviewInput) -> None:
    require_past(data.held_on, _("The review date"))
    if data.period_to < data.period_from:
        raise DomainError(
            _("The period reviewed ends before it starts."), code="dates_order"
        )
    end = programme.ended_on or programme.valid_to
    if data.period_from < programme.valid_from or data.period_to > end:
        raise DomainError(
            _("The period reviewed must lie between %(start)s and %(end)s.")
            % {"start": dmy(programme.valid_from), "end": dmy(end)},
            code="dates_order",
        )
    if data.held_on < data.period_from:
        raise DomainError(
            _("A review is held after the period it covers has begun."),
            code="dates_order",
        )
    data.assessment = require_text(
        data.assessment, _("Write the overall assessment."), "review_assessment"
    )
    known = set(programme.commitments.values_list("pk", flat=True))
    for result in data.results:
        if result.commitment_id not in known:
            raise DomainError(
                _("A result names a commitment of another programme."),
                code="review_commitment",
            )
        if result.rating not in Rating.values:
            raise DomainError(_("Unknown result."), code="review_rating")


@transaction.atomic
def programme_review_record(
    programme: Programme, *, by: Any, data: ReviewInput
) -> ProgrammeReview:
    access.require_manage(by, programme.committee)
    _validate_review(programme, data)
    review = ProgrammeReview.objects.create(
        programme=programme,
        held_on=data.held_on,
        period_from=data.period_from,
        period_to=data.period_to,
        assessment=data.assessment,
        recorded_by=actor_user(by),
    )
    seen: set[int] = set()
    for result in data.results:
        if result.commitment_id in seen:
            continue
        seen.add(result.commitment_id)
        CommitmentResult.objects.create(
            review=review,
            commitment_id=result.commitment_id,
            rating=result.rating,
            note=result.note.strip(),
        )
    audit.record(
        "programme.review",
        actor=by,
        obj=programme,
        place=programme.committee.place,
        changes={"held_on": data.held_on.isoformat(), "results": len(seen)},
    )
    return review


@transaction.atomic
def programme_end(
    programme: Programme, *, by: Any, on: datetime.date, reason: str
) -> None:
    """End a programme before its term (chấm dứt trước thời hạn)."""
    access.require_manage(by, programme.committee)
    if programme.ended_on is not None:
        raise DomainError(_("The programme has already ended."), code="programme_ended")
    require_past(on, _("The end date"))
    if not programme.valid_from <= on < programme.valid_to:
        raise DomainError(
            _("A programme ends early on a date between %(start)s and %(end)s.")
            % {"start": dmy(programme.valid_from), "end": dmy(programme.valid_to)},
            code="dates_order",
        )
    reason = require_text(
        reason, _("Give the reason for ending the programme early."), "reason"
    )
    programme.ended_on = on
    programme.end_reason = reason
    programme.save(update_fields=["ended_on", "end_reason", "updated_at"])
    audit.record(
        "programme.end",
        actor=by,
        obj=programme,
        place=programme.committee.place,
        reason=reason,
        changes={"ended_on": on.isoformat()},
    )

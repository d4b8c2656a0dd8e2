"""Proposals for commendation (đề nghị khen thưởng) and every step they take.

draft → submitted → accepted (or returned with a reason) → approved → decided;
a returned proposal is edited and submitted again; a proposal not yet accepted
may be withdrawn. The proposer (its unit's officers, the police of its commune)
drafts, edits and submits; the standing office reviews; a committee leader
approves; `decisions.decision_record` decides. Each step is dated no earlier than
the last and never in the future, and refused (nothing changed) out of order.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bcd138.agencies.models import Agency
from bcd138.awards import access as awards_access
from bcd138.awards.models import (
    EDITABLE,
    AwardForm,
    Campaign,
    EventKind,
    Proposal,
    ProposalState,
    RecipientKind,
)
from bcd138.awards.services.common import day, not_before, step, steps, text
from bcd138.core import access, audit
from bcd138.core.errors import DomainError
from bcd138.places.models import Place

S = ProposalState
CONTENT_FIELDS = [
    "recipient_kind",
    "award_form",
    "achievements",
    "proposer",
    "agency",
    "collective_name",
    "person_name",
    "person_position",
    "person_unit",
    "place",
]


@dataclass
class ProposalInput:
    """What a proposal says. `place` defaults to the agency's (a collective that
    is an agency) or the proposer's."""

    recipient_kind: str
    award_form: AwardForm
    achievements: str
    proposer: Agency
    agency: Agency | None = None
    collective_name: str = ""
    person_name: str = ""
    person_position: str = ""
    person_unit: str = ""
    place: Place | None = None


def _apply(proposal: Proposal, data: ProposalInput) -> None:
    for f in fields(data):
        value = getattr(data, f.name)
        setattr(proposal, f.name, value.strip() if isinstance(value, str) else value)
    if proposal.recipient_kind == RecipientKind.INDIVIDUAL:
        proposal.agency = None
        proposal.collective_name = ""
    else:
        proposal.person_name = proposal.person_position = proposal.person_unit = ""
    if data.place is None:
        holder = proposal.agency or proposal.proposer
        proposal.place = holder.place


def _check_recipient(proposal: Proposal) -> None:
    if proposal.recipient_kind not in RecipientKind.values:
        raise DomainError(_("Choose a collective or an individual."), code="recipient")
    if proposal.recipient_kind == RecipientKind.INDIVIDUAL:
        text(
            proposal.person_name,
            field="person_name",
            message=_("Name the person proposed."),
        )
    elif proposal.agency is None and not proposal.collective_name:
        raise DomainError(
            _("Name the collective proposed, or choose its agency."),
            code="collective_name",
        )
    form = proposal.award_form
    if not form.is_active:
        raise DomainError(_("This award form is no longer used."), code="form")
    if not form.allows(proposal.recipient_kind):
        raise DomainError(
            _("“%(form)s” is not granted to a %(kind)s.")
            % {
                "form": form.name,
                "kind": RecipientKind(proposal.recipient_kind).label.lower(),
            },
            code="form_kind",
        )
    proposal.achievements = text(
        proposal.achievements,
        field="achievements",
        message=_("Describe the achievements."),
    )


def _check_place(proposal: Proposal, by: Any) -> None:
    committee = proposal.campaign.committee
    if not access.place_in_jurisdiction_of_place(proposal.place, committee.place):
        raise DomainError(
            _("The place is outside the committee's area (%(area)s).")
            % {"area": committee.place.name},
            code="place",
        )
    if awards_access.manages(by, proposal.campaign):
        return
    if not awards_access.in_proposer_area(by, proposal.place):
        raise DomainError(
            _("You propose only for your own unit's area."), code="place", status=403
        )


def _check_proposer(proposal: Proposal, by: Any) -> None:
    units = awards_access.proposing_units(by, proposal.campaign)
    if not units.filter(pk=proposal.proposer_id).exists():
        raise DomainError(
            _("You may propose only as your own unit."), code="proposer", status=403
        )


def _validate(proposal: Proposal, by: Any) -> None:
    _check_recipient(proposal)
    _check_proposer(proposal, by)
    _check_place(proposal, by)


@transaction.atomic
def proposal_create(
    *,
    by: Any,
    campaign: Campaign,
    data: ProposalInput,
    on: datetime.date | None = None,
) -> Proposal:
    awards_access.require(awards_access.may_propose_in(by, campaign))
    when = day(on)
    proposal = Proposal(
        campaign=campaign,
        last_step_on=when,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    _apply(proposal, data)
    _validate(proposal, by)
    proposal.save()
    step(proposal, kind=EventKind.CREATED, on=when, by=by)
    return proposal


def _lock(proposal: Proposal) -> None:
    """Re-read the state under a row lock, so two people acting at once cannot
    both move the proposal."""
    fresh = Proposal.objects.select_for_update().filter(pk=proposal.pk)
    proposal.state, proposal.last_step_on = fresh.values_list(
        "state", "last_step_on"
    ).get()


def _require_state(proposal: Proposal, *states: str) -> None:
    if proposal.state not in states:
        raise DomainError(
            _("Not possible now: the proposal is “%(state)s”.")
            % {"state": S(proposal.state).label},
            code="state",
        )


@transaction.atomic
def proposal_update(proposal: Proposal, *, by: Any, data: ProposalInput) -> Proposal:
    awards_access.require(awards_access.may_edit(by, proposal))
    _lock(proposal)
    _require_state(proposal, *EDITABLE)
    before = audit.snapshot(proposal, CONTENT_FIELDS)
    _apply(proposal, data)
    _validate(proposal, by)
    when = max(day(None), proposal.last_step_on)
    proposal.last_step_on = when
    proposal.save()
    changes = audit.model_changes(before, proposal, CONTENT_FIELDS)
    step(proposal, kind=EventKind.UPDATED, on=when, by=by, changes=changes)
    return proposal


def _move(
    proposal: Proposal,
    *,
    by: Any,
    kind: str,
    state: str,
    on: datetime.date | None,
    reason: str = "",
    stamp: str | None = None,
) -> Proposal:
    when = day(on)
    not_before(when, proposal.last_step_on)
    proposal.state = state
    proposal.last_step_on = when
    fields = ["state", "last_step_on", "return_reason", "updated_at"]
    if stamp:
        setattr(proposal, stamp, when)
        fields.append(stamp)
    proposal.save(update_fields=fields)
    step(proposal, kind=kind, on=when, by=by, reason=reason, changes={"state": state})
    return proposal


@transaction.atomic
def proposal_submit(
    proposal: Proposal, *, by: Any, on: datetime.date | None = None
) -> Proposal:
    """The proposer sends the proposal to the standing office, within the
    campaign's dates and while the award form is in force."""
    awards_access.require(awards_access.may_edit(by, proposal))
    _lock(proposal)
    _require_state(proposal, *EDITABLE)
    when = day(on)
    campaign = proposal.campaign
    if not campaign.opens_on <= when <= campaign.closes_on:
        raise DomainError(
            _("The campaign takes proposals from %(start)s to %(end)s.")
            % {
                "start": f"{campaign.opens_on:%d/%m/%Y}",
                "end": f"{campaign.closes_on:%d/%m/%Y}",
            },
            code="campaign_closed",
        )
    if not proposal.award_form.valid_on(when):
        raise DomainError(
            _("“%(form)s” is not in force on that date.")
            % {"form": proposal.award_form.name},
            code="form_not_valid",
        )
    proposal.return_reason = ""
    return _move(
        proposal,
        by=by,
        kind=EventKind.SUBMITTED,
        state=S.SUBMITTED,
        on=when,
        stamp="submitted_on",
    )


@transaction.atomic
def proposal_accept(
    proposal: Proposal, *, by: Any, on: datetime.date | None = None, note: str = ""
) -> Proposal:
    """The standing office has reviewed the proposal and puts it to the committee."""
    awards_access.require(awards_access.manages(by, proposal.campaign))
    _lock(proposal)
    _require_state(proposal, S.SUBMITTED)
    return _move(
        proposal,
        by=by,
        kind=EventKind.ACCEPTED,
        state=S.ACCEPTED,
        on=on,
        reason=note.strip(),
        stamp="reviewed_on",
    )


@transaction.atomic
def proposal_return(
    proposal: Proposal, *, by: Any, reason: str, on: datetime.date | None = None
) -> Proposal:
    """Back to the proposer with a reason: by the standing office while it
    reviews, or by a committee leader before approval."""
    campaign = proposal.campaign
    may = awards_access.manages(by, campaign) or awards_access.leads(by, campaign)
    awards_access.require(may)
    _lock(proposal)
    _require_state(proposal, S.SUBMITTED, S.ACCEPTED)
    if proposal.state == S.SUBMITTED:
        awards_access.require(awards_access.manages(by, campaign))
    why = text(reason, field="reason", message=_("Say why it is returned."))
    proposal.return_reason = why
    return _move(
        proposal, by=by, kind=EventKind.RETURNED, state=S.RETURNED, on=on, reason=why
    )


@transaction.atomic
def proposal_approve(
    proposal: Proposal, *, by: Any, on: datetime.date | None = None, note: str = ""
) -> Proposal:
    """A committee leader approves the reviewed proposal; it then waits for the
    decision of the granting authority."""
    awards_access.require(awards_access.leads(by, proposal.campaign))
    _lock(proposal)
    _require_state(proposal, S.ACCEPTED)
    return _move(
        proposal,
        by=by,
        kind=EventKind.APPROVED,
        state=S.APPROVED,
        on=on,
        reason=note.strip(),
        stamp="approved_on",
    )


@transaction.atomic
def proposals_approve(
    proposals: Sequence[Proposal],
    *,
    by: Any,
    on: datetime.date | None = None,
    note: str = "",
) -> int:
    """The committee approves, at its meeting, a list of reviewed proposals of one
    campaign: all or none (a proposal not awaiting approval refuses the list)."""
    if not proposals:
        return 0
    campaign = proposals[0].campaign
    awards_access.require(awards_access.leads(by, campaign))
    when = day(on)
    ids = [p.pk for p in proposals]
    rows = Proposal.objects.select_for_update().filter(pk__in=ids)
    fresh = {
        pk: (state, last)
        for pk, state, last in rows.values_list("pk", "state", "last_step_on")
    }
    for proposal in proposals:
        if proposal.campaign_id != campaign.pk:
            raise DomainError(
                _("The proposals are of several campaigns."), code="campaign"
            )
        proposal.state, proposal.last_step_on = fresh[proposal.pk]
        _require_state(proposal, S.ACCEPTED)
        not_before(when, proposal.last_step_on)
    rows.update(
        state=S.APPROVED, approved_on=when, last_step_on=when, updated_at=timezone.now()
    )
    for proposal in proposals:
        proposal.state, proposal.approved_on, proposal.last_step_on = (
            S.APPROVED,
            when,
            when,
        )
    steps(
        proposals,
        kind=EventKind.APPROVED,
        on=when,
        by=by,
        reason=note.strip(),
        changes={"state": S.APPROVED},
    )
    return len(proposals)


@transaction.atomic
def proposal_withdraw(
    proposal: Proposal, *, by: Any, reason: str = "", on: datetime.date | None = None
) -> Proposal:
    """The proposer withdraws a proposal the committee has not yet taken up."""
    awards_access.require(awards_access.may_edit(by, proposal))
    _lock(proposal)
    _require_state(proposal, S.DRAFT, S.SUBMITTED, S.RETURNED)
    return _move(
        proposal,
        by=by,
        kind=EventKind.WITHDRAWN,
        state=S.WITHDRAWN,
        on=on,
        reason=reason.strip(),
    )

"""Commendation decisions (quyết định khen thưởng), recorded by the standing office.

Rules: the granting authority is that of every recipient's award form; the
recipients are approved proposals of the campaign, each decided once only (a
unique index backs the check); the decision is dated no earlier than each
recipient's approval and the campaign's opening, never in the future, while each
award form is in force; a body does not reuse a number within a year. The issuing
body and place name default from the authority and the committee's place.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bcd138.agencies.models import Agency, AgencyKind, SteeringCommittee
from bcd138.awards import access as awards_access
from bcd138.awards.models import (
    Campaign,
    Decision,
    EventKind,
    Grantor,
    GrantorLevel,
    Proposal,
    ProposalState,
    Recipient,
)
from bcd138.awards.services.common import day, steps, text
from bcd138.core import audit
from bcd138.core.errors import DomainError
from bcd138.places.models import Level, Place

CHAIR_LEVELS = (
    GrantorLevel.PROVINCE_CHAIR,
    GrantorLevel.DISTRICT_CHAIR,
    GrantorLevel.COMMUNE_CHAIR,
)


def _province(place: Place) -> Place:
    if place.level == Level.PROVINCE or place.current_province is None:
        return place
    return place.current_province


def default_issuer(grantor: Grantor, committee: SteeringCommittee) -> tuple[str, str]:
    """(issuing body, place name) as printed on the decision and certificates:
    the authority's own when the catalogue names them, else the People's
    Committee or the police of the committee's place."""
    place = committee.place
    province = _province(place)
    place_name = grantor.body_place or province.short_name or province.name
    if grantor.body_name:
        return grantor.body_name, place_name
    kind = None
    if grantor.level in CHAIR_LEVELS:
        kind = AgencyKind.PEOPLES_COMMITTEE
    elif grantor.level == GrantorLevel.PROVINCIAL_POLICE_DIRECTOR:
        kind = AgencyKind.PROVINCIAL_POLICE
        place = province
    if kind is None:
        return "", place_name
    agency = Agency.objects.active().filter(kind=kind, place=place).first()
    if agency is not None:
        return agency.name, place_name
    if kind == AgencyKind.PEOPLES_COMMITTEE:
        return f"Ủy ban nhân dân {place.name}", place_name
    return f"Công an {province.name}", place_name


def _refuse(message: str, code: str) -> DomainError:
    return DomainError(message, code=code)


def _check_recipient(
    proposal: Proposal,
    *,
    campaign: Campaign,
    grantor: Grantor,
    signed_on: datetime.date,
) -> None:
    name = proposal.recipient_name
    if proposal.campaign_id != campaign.pk:
        raise _refuse(
            _("“%(name)s” is proposed in another campaign.") % {"name": name},
            "campaign",
        )
    if proposal.state == ProposalState.DECIDED or hasattr(proposal, "recipient"):
        raise _refuse(
            _("“%(name)s” has already been decided.") % {"name": name}, "decided_twice"
        )
    if proposal.state != ProposalState.APPROVED:
        raise _refuse(
            _("“%(name)s” has not been approved by the committee.") % {"name": name},
            "not_approved",
        )
    form = proposal.award_form
    if form.grantor_id != grantor.pk:
        raise _refuse(
            _("“%(form)s” is granted by %(grantor)s, not by %(chosen)s.")
            % {"form": form.name, "grantor": form.grantor.name, "chosen": grantor.name},
            "wrong_grantor",
        )
    if proposal.approved_on is not None and signed_on < proposal.approved_on:
        raise _refuse(
            _("The decision is dated before “%(name)s” was approved (%(date)s).")
            % {"name": name, "date": f"{proposal.approved_on:%d/%m/%Y}"},
            "before_approval",
        )
    if not form.valid_on(signed_on):
        raise _refuse(
            _("“%(form)s” is not in force on that date.") % {"form": form.name},
            "form_not_valid",
        )


def _check_header(
    *, campaign: Campaign, number: str, signed_on: datetime.date, issuing_body: str
) -> None:
    if signed_on < campaign.opens_on:
        raise _refuse(
            _("The decision is dated before the campaign opened (%(date)s).")
            % {"date": f"{campaign.opens_on:%d/%m/%Y}"},
            "out_of_order",
        )
    taken = Decision.objects.filter(
        issuing_body=issuing_body, number=number, signed_on__year=signed_on.year
    )
    if taken.exists():
        raise _refuse(
            _("%(body)s already has a decision numbered %(number)s in %(year)d.")
            % {"body": issuing_body, "number": number, "year": signed_on.year},
            "number_taken",
        )


def _locked(proposals: Sequence[Proposal]) -> list[Proposal]:
    ids = [p.pk for p in proposals]
    if len(set(ids)) != len(ids):
        raise _refuse(_("A proposal is listed twice."), "duplicate")
    rows = (
        # of=self: the recipient is a nullable join, which PostgreSQL cannot lock.
        Proposal.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("award_form__grantor", "recipient", "place", "campaign")
    )
    by_id = {p.pk: p for p in rows}
    return [by_id[i] for i in ids if i in by_id]


@transaction.atomic
def decision_record(
    *,
    by: Any,
    campaign: Campaign,
    grantor: Grantor,
    number: str,
    signed_on: datetime.date,
    signer_name: str,
    signer_title: str,
    proposals: Sequence[Proposal],
    issuing_body: str = "",
    place_name: str = "",
    summary: str = "",
) -> Decision:
    """Record a decision of `grantor` granting the award to the approved
    `proposals`, which become decided."""
    awards_access.require(awards_access.manages(by, campaign))
    number = text(number, field="number", message=_("Give the decision's number."))
    signer_name = text(
        signer_name, field="signer_name", message=_("Name who signed the decision.")
    )
    signed_on = day(signed_on)
    if not proposals:
        raise _refuse(_("Choose at least one approved proposal."), "recipients")
    body, default_place = default_issuer(grantor, campaign.committee)
    issuing_body = issuing_body.strip() or body
    issuing_body = text(
        issuing_body, field="issuing_body", message=_("Name the issuing body.")
    )
    _check_header(
        campaign=campaign, number=number, signed_on=signed_on, issuing_body=issuing_body
    )
    rows = _locked(proposals)
    if len(rows) != len(proposals):
        raise _refuse(_("A proposal no longer exists."), "recipients")
    for proposal in rows:
        _check_recipient(
            proposal, campaign=campaign, grantor=grantor, signed_on=signed_on
        )
    decision = Decision.objects.create(
        campaign=campaign,
        grantor=grantor,
        number=number,
        signed_on=signed_on,
        signer_name=signer_name,
        signer_title=signer_title.strip() or grantor.signer_position,
        issuing_body=issuing_body,
        place_name=place_name.strip() or default_place,
        summary=summary.strip(),
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    try:
        with transaction.atomic():
            Recipient.objects.bulk_create(
                Recipient(decision=decision, proposal=p, line=i)
                for i, p in enumerate(rows, start=1)
            )
    except IntegrityError:
        raise _refuse(
            _("A proposal has already been decided."), "decided_twice"
        ) from None
    audit.record(
        "award_decision.record",
        actor=by,
        obj=decision,
        place=campaign.committee.place,
        changes={"recipients": [p.pk for p in rows], "grantor": grantor.code},
    )
    # Approval is dated no later than the decision (checked above), so the
    # decision is each proposal's last step.
    Proposal.objects.filter(pk__in=[p.pk for p in rows]).update(
        state=ProposalState.DECIDED,
        decided_on=signed_on,
        last_step_on=signed_on,
        updated_at=timezone.now(),
    )
    steps(
        rows,
        kind=EventKind.DECIDED,
        on=signed_on,
        by=by,
        changes={"decision": decision.pk, "number": number},
    )
    return decision

"""Commendation campaigns (đợt khen thưởng), opened by the committee's standing
office: a name, the year the achievements are for, the occasion, and the dates
between which proposals are taken (closing not before opening).

A campaign is changed by its standing office only in ways that keep what was
done in it true: every submission stays between its dates, no decision is dated
before it opens, and once a decision is recorded its year (the year the counts
file the commendations under) no longer changes."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from bcd138.agencies.models import SteeringCommittee
from bcd138.awards import access as awards_access
from bcd138.awards.models import Campaign, EventKind, Occasion, ProposalEvent
from bcd138.awards.services.common import text
from bcd138.core import audit
from bcd138.core.errors import DomainError

CAMPAIGN_FIELDS = ["name", "year", "occasion", "opens_on", "closes_on", "notes"]
FIRST_YEAR = 2000


def _validate(campaign: Campaign) -> None:
    campaign.name = text(
        campaign.name, field="name", message=_("A campaign needs a name.")
    )
    if campaign.occasion not in Occasion.values:
        raise DomainError(_("Unknown occasion."), code="occasion")
    last_year = timezone.localdate().year + 1
    if not FIRST_YEAR <= campaign.year <= last_year:
        raise DomainError(
            _("The year must be between %(first)d and %(last)d.")
            % {"first": FIRST_YEAR, "last": last_year},
            code="year",
        )
    if campaign.closes_on < campaign.opens_on:
        raise DomainError(
            _("The campaign closes before it opens."), code="dates_out_of_order"
        )


@transaction.atomic
def campaign_create(
    *,
    by: Any,
    committee: SteeringCommittee,
    name: str,
    year: int,
    occasion: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    notes: str = "",
) -> Campaign:
    awards_access.require(awards_access.manages_committee(by, committee))
    campaign = Campaign(
        committee=committee,
        name=name,
        year=year,
        occasion=occasion,
        opens_on=opens_on,
        closes_on=closes_on,
        notes=notes.strip(),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    _validate(campaign)
    campaign.save()
    audit.record("award_campaign.create", actor=by, obj=campaign, place=committee.place)
    return campaign


def _dmy(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def _require_history_kept(campaign: Campaign, *, year_before: int) -> None:
    """Refuse dates or a year that would contradict what the campaign holds."""
    submitted = ProposalEvent.objects.filter(
        proposal__campaign=campaign, kind=EventKind.SUBMITTED
    ).aggregate(first=Min("on"), last=Max("on"))
    if submitted["first"] and submitted["first"] < campaign.opens_on:
        raise DomainError(
            _(
                "A proposal was submitted on %(date)s: the campaign cannot open "
                "after that day."
            )
            % {"date": _dmy(submitted["first"])},
            code="campaign_history",
        )
    if submitted["last"] and submitted["last"] > campaign.closes_on:
        raise DomainError(
            _(
                "A proposal was submitted on %(date)s: the campaign cannot close "
                "before that day."
            )
            % {"date": _dmy(submitted["last"])},
            code="campaign_history",
        )
    decided = campaign.decisions.aggregate(first=Min("signed_on"))["first"]
    if decided and decided < campaign.opens_on:
        raise DomainError(
            _(
                "A decision of the campaign is dated %(date)s: the campaign cannot "
                "open after that day."
            )
            % {"date": _dmy(decided)},
            code="campaign_history",
        )
    if decided and campaign.year != year_before:
        raise DomainError(
            _(
                "Decisions have been recorded in this campaign: the year its "
                "commendations are counted under (%(year)d) can no longer change."
            )
            % {"year": year_before},
            code="campaign_history",
        )


@transaction.atomic
def campaign_update(campaign: Campaign, *, by: Any, **fields: Any) -> Campaign:
    """Change the campaign's name, year, occasion, dates or notes, keeping what
    was done in it true (see the module's rules); audited with the changes."""
    awards_access.require(awards_access.manages(by, campaign))
    before = audit.snapshot(campaign, CAMPAIGN_FIELDS)
    year_before = campaign.year
    for name, value in fields.items():
        if name not in CAMPAIGN_FIELDS:
            raise DomainError(
                _("Unknown field: %(name)s") % {"name": name}, code="field"
            )
        setattr(campaign, name, value)
    campaign.notes = (campaign.notes or "").strip()
    try:
        _validate(campaign)
        _require_history_kept(campaign, year_before=year_before)
    except DomainError:
        campaign.refresh_from_db()
        raise
    campaign.save()
    changes = audit.model_changes(before, campaign, CAMPAIGN_FIELDS)
    if changes:
        audit.record(
            "award_campaign.update",
            actor=by,
            obj=campaign,
            place=campaign.committee.place,
            changes=changes,
        )
    return campaign

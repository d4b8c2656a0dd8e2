"""Commendation campaigns (đợt khen thưởng), opened by the committee's standing
office: a name, the year the achievements are for, the occasion, and the dates
between which proposals are taken (closing not before opening)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bcd138.agencies.models import SteeringCommittee
from bcd138.awards import access as awards_access
from bcd138.awards.models import Campaign, Occasion
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


@transaction.atomic
def campaign_update(campaign: Campaign, *, by: Any, **fields: Any) -> Campaign:
    awards_access.require(awards_access.manages(by, campaign))
    before = audit.snapshot(campaign, CAMPAIGN_FIELDS)
    for name, value in fields.items():
        if name not in CAMPAIGN_FIELDS:
            raise DomainError(
                _("Unknown field: %(name)s") % {"name": name}, code="field"
            )
        setattr(campaign, name, value)
    try:
        _validate(campaign)
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

"""Reads that pages, the API and exports share: filtered lists, the counts by
form and grantor per year, and the rows of the XLSX exports.

The counts are a query over the recipients of decisions the user may see —
never a typed number: "18 collectives by the Minister, 3 by the Chairman, 46 by
the Director" is what this query says of the year's decisions.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from bcd138.awards import access as awards_access
from bcd138.awards.models import (
    Decision,
    Proposal,
    ProposalState,
    Recipient,
    RecipientKind,
)
from bcd138.core.xlsx import Sheet


@dataclass
class ProposalFilters:
    campaign: int | None = None
    state: str = ""
    award_form: int | None = None
    recipient_kind: str = ""
    proposer: int | None = None
    year: int | None = None
    q: str = ""


def proposals_list(
    *, user: Any, filters: ProposalFilters | None = None
) -> QuerySet[Proposal]:
    f = filters or ProposalFilters()
    qs = awards_access.proposals_visible_to(user).select_related(
        "campaign", "proposer", "agency", "place", "award_form__grantor"
    )
    if f.campaign:
        qs = qs.filter(campaign_id=f.campaign)
    if f.state == "in_review":
        qs = qs.filter(state__in=[ProposalState.SUBMITTED, ProposalState.ACCEPTED])
    elif f.state:
        qs = qs.filter(state=f.state)
    if f.award_form:
        qs = qs.filter(award_form_id=f.award_form)
    if f.recipient_kind:
        qs = qs.filter(recipient_kind=f.recipient_kind)
    if f.proposer:
        qs = qs.filter(proposer_id=f.proposer)
    if f.year:
        qs = qs.filter(campaign__year=f.year)
    if f.q.strip():
        words = f.q.strip()
        qs = qs.filter(
            Q(person_name__icontains=words)
            | Q(collective_name__icontains=words)
            | Q(agency__name__icontains=words)
            | Q(person_unit__icontains=words)
        )
    return qs.order_by("-campaign__year", "campaign_id", "-id")


def decisions_list(
    *, user: Any, campaign: int | None = None, year: int | None = None
) -> QuerySet[Decision]:
    qs = awards_access.decisions_visible_to(user).select_related("campaign", "grantor")
    if campaign:
        qs = qs.filter(campaign_id=campaign)
    if year:
        qs = qs.filter(campaign__year=year)
    return qs.annotate(
        collectives=Count(
            "recipients",
            filter=Q(recipients__proposal__recipient_kind=RecipientKind.COLLECTIVE),
        ),
        individuals=Count(
            "recipients",
            filter=Q(recipients__proposal__recipient_kind=RecipientKind.INDIVIDUAL),
        ),
    ).order_by("-signed_on", "-id")


@dataclass(frozen=True)
class CountRow:
    year: int
    grantor: str
    award_form: str
    collectives: int
    individuals: int

    @property
    def total(self) -> int:
        return self.collectives + self.individuals


def award_counts(*, user: Any, year: int | None = None) -> list[CountRow]:
    """Recipients of the decisions the user sees, by the campaign's year (the
    year the achievements are for), granting authority and award form."""
    qs = Recipient.objects.filter(decision__in=awards_access.decisions_visible_to(user))
    if year:
        qs = qs.filter(decision__campaign__year=year)
    rows = (
        qs.values(
            "decision__campaign__year",
            "decision__grantor__order",
            "decision__grantor__name",
            "proposal__award_form__order",
            "proposal__award_form__name",
        )
        .annotate(
            collectives=Count(
                "pk", filter=Q(proposal__recipient_kind=RecipientKind.COLLECTIVE)
            ),
            individuals=Count(
                "pk", filter=Q(proposal__recipient_kind=RecipientKind.INDIVIDUAL)
            ),
        )
        .order_by(
            "-decision__campaign__year",
            "decision__grantor__order",
            "decision__grantor__name",
            "proposal__award_form__order",
            "proposal__award_form__name",
        )
    )
    return [
        CountRow(
            year=r["decision__campaign__year"],
            grantor=r["decision__grantor__name"],
            award_form=r["proposal__award_form__name"],
            collectives=r["collectives"],
            individuals=r["individuals"],
        )
        for r in rows
    ]


def count_years(*, user: Any) -> list[int]:
    """The years with decisions the user sees, newest first."""
    years = (
        awards_access.decisions_visible_to(user)
        .values_list("campaign__year", flat=True)
        .distinct()
    )
    return sorted(set(years), reverse=True)


# ---- exports ---------------------------------------------------------------------


def proposals_sheet(qs: QuerySet[Proposal]) -> Sheet:
    headers = [
        _("Campaign"),
        _("Year"),
        _("Recipient"),
        _("Name"),
        _("Position, unit"),
        _("Place (as entered)"),
        _("Commune today"),
        _("Award form"),
        _("Granting authority"),
        _("Proposing unit"),
        _("State"),
        _("Submitted on"),
        _("Approved on"),
        _("Decision"),
        _("Decided on"),
    ]
    rows_qs = qs.select_related(
        "place__current_commune", "recipient__decision"
    ).order_by("campaign__year", "campaign_id", "id")

    def rows() -> Iterator[list[Any]]:
        for p in rows_qs.iterator(chunk_size=500):
            recipient = getattr(p, "recipient", None)
            commune = p.place.current_commune
            yield [
                p.campaign.name,
                p.campaign.year,
                RecipientKind(p.recipient_kind).label,
                p.recipient_name,
                p.recipient_detail,
                p.place.full_name(),
                commune.name if commune else "",
                p.award_form.name,
                p.award_form.grantor.name,
                p.proposer.name,
                ProposalState(p.state).label,
                p.submitted_on,
                p.approved_on,
                recipient.decision.number if recipient else "",
                p.decided_on,
            ]

    return Sheet(title=_("Proposals"), headers=headers, rows=rows())


def counts_sheet(rows: list[CountRow]) -> Sheet:
    headers = [
        _("Year"),
        _("Granting authority"),
        _("Award form"),
        _("Collectives"),
        _("Individuals"),
        _("Total"),
    ]
    return Sheet(
        title=_("Commendations"),
        headers=headers,
        rows=(
            [r.year, r.grantor, r.award_form, r.collectives, r.individuals, r.total]
            for r in rows
        ),
    )

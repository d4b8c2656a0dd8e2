"""Pages for commendation campaigns: the list, opening one, its page with the
counts by state and the committee's approval of everything reviewed, and the
standing office's changes to it (refused when they would contradict what was
done in it: `services.campaigns.campaign_update`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bcd138.awards import access as awards_access
from bcd138.awards import forms as f
from bcd138.awards.models import Campaign, ProposalState
from bcd138.awards.services import proposals
from bcd138.awards.services.campaigns import CAMPAIGN_FIELDS, campaign_create
from bcd138.awards.services.campaigns import campaign_update as campaign_change
from bcd138.awards.services.queries import decisions_list
from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest

PER_PAGE = 50
REFUSED = 400
S = ProposalState


def _state_counts(qs: QuerySet[Campaign]) -> QuerySet[Campaign]:
    return qs.annotate(
        total=Count("proposals", distinct=True),
        in_review=Count(
            "proposals",
            filter=Q(proposals__state__in=[S.SUBMITTED, S.ACCEPTED]),
            distinct=True,
        ),
        accepted=Count(
            "proposals", filter=Q(proposals__state=S.ACCEPTED), distinct=True
        ),
        approved=Count(
            "proposals", filter=Q(proposals__state=S.APPROVED), distinct=True
        ),
        decided=Count("proposals", filter=Q(proposals__state=S.DECIDED), distinct=True),
    ).order_by("-year", "-opens_on", "-id")


@login_required
@require_GET
def campaign_list(request: AuthedRequest) -> HttpResponse:
    awards_access.require_awards_role(request.user)
    qs = _state_counts(
        awards_access.campaigns_visible_to(request.user).select_related("committee")
    )
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "can_create": awards_access.committees_managed_by(request.user).exists(),
    }
    return render(request, "awards/campaign_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_new(request: AuthedRequest) -> HttpResponse:
    committees = awards_access.committees_managed_by(request.user)
    if not committees.exists():
        raise PermissionDenied
    form = f.CampaignForm(
        request.POST or None,
        committees=committees,
        initial={"committee": committees.first()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            campaign = campaign_create(by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The campaign is open."))
            return redirect("awards:campaign", pk=campaign.pk)
    return render(request, "awards/campaign_form.html", {"form": form})


@login_required
@require_GET
def campaign_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = awards_access.campaign_get_for(user=request.user, pk=pk)
    return _campaign_page(request, campaign)


def _campaign_page(
    request: AuthedRequest, campaign: Campaign, approve_form: f.StepForm | None = None
) -> HttpResponse:
    """The campaign's page; after a refused approval, with its form as it was
    sent and its error (400)."""
    counted = _state_counts(Campaign.objects.filter(pk=campaign.pk)).get()
    context = {
        "campaign": campaign,
        "counts": counted,
        "leads": awards_access.leads(request.user, campaign),
        "approve_form": approve_form or f.StepForm(),
        "decisions": decisions_list(user=request.user, campaign=campaign.pk),
        "manages": awards_access.manages(request.user, campaign),
        "may_propose": awards_access.may_propose_in(request.user, campaign),
    }
    status = REFUSED if approve_form is not None else 200
    return render(request, "awards/campaign_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """The standing office changes the campaign (name, year, occasion, dates,
    notes); what contradicts the proposals and decisions is refused."""
    campaign = awards_access.campaign_get_for(user=request.user, pk=pk)
    awards_access.require(awards_access.manages(request.user, campaign))
    initial = {name: getattr(campaign, name) for name in CAMPAIGN_FIELDS}
    form = f.CampaignEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            campaign_change(campaign, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("awards:campaign", pk=campaign.pk)
    status = REFUSED if form.is_bound else 200
    context = {"form": form, "campaign": campaign}
    return render(request, "awards/campaign_form.html", context, status=status)


@login_required
@require_POST
def campaign_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    """The committee's meeting: a leader approves every reviewed proposal."""
    campaign = awards_access.campaign_get_for(user=request.user, pk=pk)
    awards_access.require(awards_access.leads(request.user, campaign))
    form = f.StepForm(request.POST)
    if form.is_valid():
        waiting = list(
            campaign.proposals.filter(state=S.ACCEPTED).select_related(
                "place", "campaign"
            )
        )
        try:
            count = proposals.proposals_approve(
                waiting,
                by=request.user,
                on=form.cleaned_data.get("on"),
                note=form.cleaned_data.get("note", ""),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("%(count)d proposals approved.") % {"count": count}
            )
            return redirect("awards:campaign", pk=campaign.pk)
    return _campaign_page(request, campaign, form)

"""Pages for commendations: proposals and their steps, campaigns, decisions and
their certificates, the counts by form and grantor. Thin: form → service →
template; who may do what is decided in `awards.access` and the services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bcd138.agencies.models import Agency
from bcd138.awards import access as awards_access
from bcd138.awards import forms as f
from bcd138.awards.models import (
    EDITABLE,
    AwardForm,
    Campaign,
    Proposal,
    ProposalState,
    Recipient,
)
from bcd138.awards.services import evidence, proposals
from bcd138.awards.services.queries import (
    proposals_list,
    proposals_sheet,
)
from bcd138.core import access, audit
from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest
from bcd138.core.uploads import clean_staff_uploads
from bcd138.core.xlsx import xlsx_response
from bcd138.places.models import Level, Place

PER_PAGE = 50
REFUSED = 400
S = ProposalState


# ---- the list ----------------------------------------------------------------------


def _filter_form(request: AuthedRequest) -> f.ProposalFilterForm:
    visible = awards_access.proposals_visible_to(request.user)
    return f.ProposalFilterForm(
        request.GET or None,
        campaigns=awards_access.campaigns_visible_to(request.user),
        proposers=Agency.objects.filter(pk__in=visible.values("proposer")).order_by(
            "name"
        ),
    )


@login_required
@require_GET
def proposal_list(request: AuthedRequest) -> HttpResponse:
    awards_access.require_awards_role(request.user)
    form = _filter_form(request)
    qs = proposals_list(user=request.user, filters=form.to_filters())
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "can_propose": _may_propose_somewhere(request.user),
        "query": request.GET.urlencode(),
    }
    template = (
        "awards/proposal_list.html#results"
        if request.htmx
        else "awards/proposal_list.html"
    )
    return render(request, template, context)


@login_required
@require_GET
def proposal_export(request: AuthedRequest) -> HttpResponse:
    awards_access.require_awards_role(request.user)
    form = _filter_form(request)
    qs = proposals_list(user=request.user, filters=form.to_filters())
    try:
        return xlsx_response("de-nghi-khen-thuong", [proposals_sheet(qs)])
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("awards:list")


# ---- drafting ----------------------------------------------------------------------


def _open_campaigns(user: Any) -> list[Campaign]:
    campaigns = awards_access.campaigns_visible_to(user).select_related(
        "committee__place"
    )
    return [c for c in campaigns if awards_access.may_propose_in(user, c)]


def _may_propose_somewhere(user: Any) -> bool:
    return access.is_superuser(user) or bool(
        awards_access.committee_place_ids(user, awards_access.MANAGER)
        or awards_access.proposer_committee_place_ids(user)
    )


def _area_places(user: Any, campaign: Campaign) -> QuerySet[Place]:
    """Today's communes of the committee's area (and its province), narrowed to
    the proposer's own area."""
    area = campaign.committee.place
    qs: QuerySet[Place]
    if area.level == Level.PROVINCE:
        qs = Place.objects.filter(
            Q(pk=area.pk) | Q(parent=area, era=area.era, level=Level.COMMUNE)
        )
    else:
        qs = Place.objects.filter(pk=area.pk)
    if not awards_access.manages(user, campaign):
        qs = qs.filter(awards_access.proposer_area_q(user, ""))
    return qs.order_by("level", "name")


def _area_agencies(user: Any, campaign: Campaign) -> QuerySet[Agency]:
    """Agencies of the committee's area, narrowed to the proposer's own area."""
    area = campaign.committee.place
    field = "current_province" if area.level == Level.PROVINCE else "current_commune"
    qs: QuerySet[Agency] = Agency.objects.active().filter(**{f"place__{field}": area})
    if not awards_access.manages(user, campaign):
        qs = qs.filter(awards_access.proposer_area_q(user, "place"))
    return qs.order_by("name")


def _proposal_form(
    request: AuthedRequest,
    campaign: Campaign,
    form_class: type[f.ProposalForm] = f.ProposalForm,
    **kw: Any,
) -> f.ProposalForm:
    user = request.user
    units = awards_access.proposing_units(user, campaign).order_by("name")
    if "initial" not in kw and units.count() == 1:
        kw["initial"] = {"proposer": units.first()}
    return form_class(
        request.POST or None,
        request.FILES or None,
        forms_qs=AwardForm.objects.filter(is_active=True).select_related("grantor"),
        proposers=units,
        agencies=_area_agencies(user, campaign),
        places=_area_places(user, campaign),
        **kw,
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_new(request: AuthedRequest) -> HttpResponse:
    awards_access.require_awards_role(request.user)
    chosen = request.GET.get("campaign") or request.POST.get("campaign")
    if not chosen:
        campaigns = _open_campaigns(request.user)
        return render(
            request, "awards/proposal_choose_campaign.html", {"campaigns": campaigns}
        )
    campaign = awards_access.campaign_get_for(user=request.user, pk=chosen)
    awards_access.require(awards_access.may_propose_in(request.user, campaign))
    form = _proposal_form(request, campaign, f.NewProposalForm)
    if request.method == "POST" and form.is_valid():
        try:
            files = clean_staff_uploads(form.cleaned_data.get("attachments") or [])
            proposal = proposals.proposal_create(
                by=request.user, campaign=campaign, data=form.to_input()
            )
            if files:
                evidence.proposal_files_add(proposal, by=request.user, files=files)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The proposal is saved as a draft."))
            return redirect("awards:detail", pk=proposal.pk)
    context = {"form": form, "campaign": campaign, "proposal": None}
    return render(request, "awards/proposal_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    proposal = awards_access.proposal_get_for(user=request.user, pk=pk)
    awards_access.require(awards_access.may_edit(request.user, proposal))
    if proposal.state not in EDITABLE:
        messages.error(request, _("Only a draft or a returned proposal can be edited."))
        return redirect("awards:detail", pk=proposal.pk)
    form = _proposal_form(
        request, proposal.campaign, initial=f.ProposalForm.initial_from(proposal)
    )
    if request.method == "POST" and form.is_valid():
        try:
            proposals.proposal_update(proposal, by=request.user, data=form.to_input())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("awards:detail", pk=proposal.pk)
    context = {"form": form, "campaign": proposal.campaign, "proposal": proposal}
    return render(request, "awards/proposal_form.html", context)


# ---- a proposal and its steps --------------------------------------------------------


@login_required
@require_GET
def proposal_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    proposal = awards_access.proposal_get_for(user=request.user, pk=pk)
    return _proposal_page(request, proposal)


def _proposal_page(
    request: AuthedRequest, proposal: Proposal, step: str = "", form: Any = None
) -> HttpResponse:
    """The proposal's page. After a refused step (a step of the proposal,
    "evidence" or "files"): the stored proposal, that step's form as it was sent
    with its error in it, answered 400; nothing was saved."""
    if step:
        proposal.refresh_from_db()
    user = request.user
    may_evidence = awards_access.may_edit(user, proposal) and evidence.may_add_evidence(
        user, proposal
    )
    kinds = evidence.evidence_kinds().values()
    decision_id = (
        Recipient.objects.filter(proposal=proposal)
        .values_list("decision_id", flat=True)
        .first()
    )
    context = {
        "proposal": proposal,
        "events": proposal.events.select_related("actor"),
        "evidence": evidence.evidence_rows(proposal, user),
        "files": proposal.files.all(),
        "steps": awards_access.allowed_steps(user, proposal),
        "may_evidence": may_evidence,
        "evidence_form": f.EvidenceForm(kinds=kinds),
        "files_form": f.FilesForm(),
        "step_form": f.StepForm(),
        "reason_form": f.ReasonForm(),
        "withdraw_form": f.WithdrawForm(),
        "decision_id": decision_id,
        "refused": step,
        "refused_form": form,
    }
    if step in ("evidence", "files"):
        context[f"{step}_form"] = form
    status = REFUSED if step else 200
    return render(request, "awards/proposal_detail.html", context, status=status)


def _on(data: dict[str, Any]) -> Any:
    return data.get("on")


ACTIONS: dict[str, tuple[type[Any], Callable[[Proposal, Any, dict[str, Any]], Any]]] = {
    "submit": (
        f.StepForm,
        lambda p, u, d: proposals.proposal_submit(p, by=u, on=_on(d)),
    ),
    "accept": (
        f.StepForm,
        lambda p, u, d: proposals.proposal_accept(
            p, by=u, on=_on(d), note=d.get("note", "")
        ),
    ),
    "return": (
        f.ReasonForm,
        lambda p, u, d: proposals.proposal_return(
            p, by=u, reason=d["reason"], on=_on(d)
        ),
    ),
    "approve": (
        f.StepForm,
        lambda p, u, d: proposals.proposal_approve(
            p, by=u, on=_on(d), note=d.get("note", "")
        ),
    ),
    "withdraw": (
        f.WithdrawForm,
        lambda p, u, d: proposals.proposal_withdraw(
            p, by=u, reason=d.get("reason", "")
        ),
    ),
}


@login_required
@require_POST
def proposal_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    proposal = awards_access.proposal_get_for(user=request.user, pk=pk)
    if action not in ACTIONS:
        raise Http404
    form_class, perform = ACTIONS[action]
    form = form_class(request.POST)
    if not form.is_valid():
        return _proposal_page(request, proposal, action, form)
    try:
        perform(proposal, request.user, form.cleaned_data)
    except PermissionDenied:
        audit.record(
            "award_proposal.act_refused",
            actor=request.user,
            obj=proposal,
            changes={"action": action},
        )
        raise
    except DomainError as exc:
        form.add_error(None, exc.message)
        return _proposal_page(request, proposal, action, form)
    messages.success(request, _("Saved."))
    return redirect("awards:detail", pk=proposal.pk)


@login_required
@require_POST
def proposal_evidence(request: AuthedRequest, pk: int) -> HttpResponse:
    proposal = awards_access.proposal_get_for(user=request.user, pk=pk)
    form = f.EvidenceForm(request.POST, kinds=evidence.evidence_kinds().values())
    if not form.is_valid():
        return _proposal_page(request, proposal, "evidence", form)
    d = form.cleaned_data
    try:
        evidence.proposal_evidence_link(
            proposal,
            by=request.user,
            kind=d["kind"],
            reference=d["reference"],
            note=d.get("note", ""),
        )
    except DomainError as exc:
        form.add_error(None, exc.message)
        return _proposal_page(request, proposal, "evidence", form)
    messages.success(request, _("Evidence linked."))
    return redirect("awards:detail", pk=proposal.pk)


@login_required
@require_POST
def proposal_evidence_remove(
    request: AuthedRequest, pk: int, link_pk: int
) -> HttpResponse:
    proposal = awards_access.proposal_get_for(user=request.user, pk=pk)
    link = proposal.evidence.filter(pk=link_pk).first()
    if link is None:
        raise Http404
    try:
        evidence.proposal_evidence_unlink(link, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("awards:detail", pk=proposal.pk)


@login_required
@require_POST
def proposal_files(request: AuthedRequest, pk: int) -> HttpResponse:
    proposal = awards_access.proposal_get_for(user=request.user, pk=pk)
    form = f.FilesForm(request.POST, request.FILES)
    if not form.is_valid():
        return _proposal_page(request, proposal, "files", form)
    try:
        files = clean_staff_uploads(form.cleaned_data["attachments"])
        evidence.proposal_files_add(proposal, by=request.user, files=files)
    except DomainError as exc:
        form.add_error(None, exc.message)
        return _proposal_page(request, proposal, "files", form)
    messages.success(request, _("Saved."))
    return redirect("awards:detail", pk=proposal.pk)


@login_required
@require_GET
def proposal_file(request: AuthedRequest, pk: int, file_pk: int) -> HttpResponseBase:
    proposal = awards_access.proposal_get_for(user=request.user, pk=pk)
    item = awards_access.proposal_file_get_for(
        user=request.user, proposal=proposal, pk=file_pk
    )
    audit.record(
        "award_proposal.file_view",
        actor=request.user,
        obj=proposal,
        place=proposal.place,
        changes={"file": item.pk},
    )
    response = FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        as_attachment=not item.content_type.startswith("image/"),
        filename=item.original_name,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response

"""Pages for decisions (quyết định khen thưởng), their certificates, and the
counts by form and grantor per year."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bcd138.awards import access as awards_access
from bcd138.awards import documents
from bcd138.awards import forms as f
from bcd138.awards.models import Grantor, ProposalState, Recipient
from bcd138.awards.services.decisions import decision_record, default_issuer
from bcd138.awards.services.queries import (
    award_counts,
    count_years,
    counts_sheet,
    decisions_list,
)
from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest
from bcd138.core.xlsx import xlsx_response

PER_PAGE = 50
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
@require_GET
def decision_list(request: AuthedRequest) -> HttpResponse:
    awards_access.require_awards_role(request.user)
    form = f.CountsForm(request.GET or None, years=count_years(user=request.user))
    year = form.cleaned_data.get("year") if form.is_valid() else None
    qs = decisions_list(user=request.user, year=year)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "awards/decision_list.html", {"form": form, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def decision_new(request: AuthedRequest) -> HttpResponse:
    chosen = request.GET.get("campaign") or request.POST.get("campaign")
    if not chosen:
        raise Http404
    campaign = awards_access.campaign_get_for(user=request.user, pk=chosen)
    if not awards_access.manages(request.user, campaign):
        raise PermissionDenied
    approved = (
        campaign.proposals.filter(state=ProposalState.APPROVED)
        .select_related("award_form__grantor", "agency")
        .order_by("award_form__grantor__order", "award_form__order", "id")
    )
    form = f.DecisionForm(
        request.POST or None,
        grantors=Grantor.objects.filter(is_active=True),
        proposals=approved,
    )
    if request.method == "POST" and form.is_valid():
        try:
            decision = decision_record(
                by=request.user, campaign=campaign, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("awards:decision", pk=decision.pk)
    issuers = [
        (g.name, *default_issuer(g, campaign.committee))
        for g in Grantor.objects.filter(is_active=True)
    ]
    context = {"form": form, "campaign": campaign, "issuers": issuers}
    return render(request, "awards/decision_form.html", context)


@login_required
@require_GET
def decision_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    decision = awards_access.decision_get_for(user=request.user, pk=pk)
    visible = set(
        awards_access.proposals_visible_to(request.user)
        .filter(recipient__decision=decision)
        .values_list("pk", flat=True)
    )
    recipients = decision.recipients.select_related(
        "proposal__award_form", "proposal__agency", "proposal__place"
    )
    context = {
        "decision": decision,
        "recipients": recipients,
        "visible": visible,
        "authority": documents.authority(decision),
    }
    return render(request, "awards/decision_detail.html", context)


@login_required
@require_GET
def certificate(request: AuthedRequest, pk: int, recipient_pk: int) -> HttpResponse:
    decision = awards_access.decision_get_for(user=request.user, pk=pk)
    recipient = (
        Recipient.objects.filter(decision=decision, pk=recipient_pk)
        .select_related("proposal__award_form", "proposal__agency", "proposal__place")
        .first()
    )
    if recipient is None:
        raise Http404
    awards_access.proposal_get_for(user=request.user, pk=recipient.proposal_id)
    recipient.decision = decision
    content = documents.certificate_docx(recipient, by=request.user)
    response = HttpResponse(content, content_type=DOCX_TYPE)
    filename = f"chung-nhan-{decision.pk}-{recipient.line:03d}.docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _counts_context(request: AuthedRequest) -> tuple[f.CountsForm, int | None]:
    awards_access.require_awards_role(request.user)
    form = f.CountsForm(request.GET or None, years=count_years(user=request.user))
    year = form.cleaned_data.get("year") if form.is_valid() else None
    return form, year


@login_required
@require_GET
def counts(request: AuthedRequest) -> HttpResponse:
    form, year = _counts_context(request)
    rows = award_counts(user=request.user, year=year)
    totals = {
        "collectives": sum(r.collectives for r in rows),
        "individuals": sum(r.individuals for r in rows),
    }
    context = {"form": form, "rows": rows, "totals": totals, "year": year}
    return render(request, "awards/counts.html", context)


@login_required
@require_GET
def counts_export(request: AuthedRequest) -> HttpResponse:
    _form, year = _counts_context(request)
    rows = award_counts(user=request.user, year=year)
    name = f"khen-thuong-{year}" if year else "khen-thuong"
    try:
        return xlsx_response(name, [counts_sheet(rows)])
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("awards:counts")

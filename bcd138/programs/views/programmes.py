"""Coordination programme pages: the list, one programme, signing and its steps."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bcd138.agencies.models import Agency
from bcd138.core import audit
from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest
from bcd138.programs import access
from bcd138.programs import forms as f
from bcd138.programs.models import Programme
from bcd138.programs.services import programmes as svc
from bcd138.programs.services.common import committee_agencies, today
from bcd138.programs.services.queries import programmes_list
from bcd138.programs.views.common import (
    REFUSED,
    cleaned_files,
    file_response,
    page_of,
    run_step,
    visible_agencies,
)


@login_required
@require_GET
def programme_list(request: AuthedRequest) -> HttpResponse:
    access.require_programs_role(request.user)
    form = f.ProgrammeFilterForm(request.GET or None)
    form.fields["agency"].queryset = visible_agencies(request.user)  # type: ignore[attr-defined]
    qs = programmes_list(user=request.user, filters=form.to_filters(), today=today())
    context = {
        "form": form,
        "page": page_of(request, qs),
        "today": today(),
        "can_create": access.committees_managed_by(request.user).exists(),
    }
    template = "programs/programme_list.html"
    return render(request, f"{template}#results" if request.htmx else template, context)


def _agencies_for_form(user: Any, data: Any) -> Any:
    committees = access.committees_managed_by(user)
    chosen = committees.filter(pk=data.get("committee")).first() if data else None
    committee = chosen or committees.first()
    if committee is None:
        return Agency.objects.none()
    return committee_agencies(committee)


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request: AuthedRequest) -> HttpResponse:
    committees = access.committees_managed_by(request.user)
    if not committees.exists():
        raise PermissionDenied
    form = f.ProgrammeForm(
        request.POST or None,
        request.FILES or None,
        agencies=_agencies_for_form(request.user, request.POST),
    )
    form.set_committees(committees)
    if request.method == "POST" and form.is_valid():
        try:
            programme = svc.programme_create(
                by=request.user,
                committee=form.cleaned_data["committee"],
                data=form.to_input(),
                files=cleaned_files(form.cleaned_data, "documents"),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("programs:programme", pk=programme.pk)
    return render(request, "programs/programme_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = access.programme_get_for(user=request.user, pk=pk)
    access.require_manage(request.user, programme.committee)
    form = f.ProgrammeForm(
        request.POST or None,
        initial=f.ProgrammeForm.initial_for(programme),
        agencies=Agency.objects.none(),
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            svc.programme_update(programme, by=request.user, data=form.to_input())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("programs:programme", pk=programme.pk)
    context = {"form": form, "programme": programme}
    return render(request, "programs/programme_form.html", context)


@login_required
@require_GET
def programme_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = access.programme_get_for(user=request.user, pk=pk)
    return _programme_page(request, programme)


def _programme_page(
    request: AuthedRequest, programme: Programme, step: str = "", form: Any = None
) -> HttpResponse:
    """The programme's page; after a refused step, with that step's form as it
    was sent and its panel open (400)."""
    parties = list(programme.parties.select_related("agency"))
    commitments = list(programme.commitments.select_related("party__agency"))
    reviews = list(programme.reviews.prefetch_related("results__commitment"))
    last = reviews[0].held_on if reviews else None
    manages = access.may_manage(request.user, programme.committee)
    party_agencies = Agency.objects.filter(pk__in=[p.agency_id for p in parties])
    forms: dict[str, Any] = (
        {
            "party": f.PartyForm(
                agencies=committee_agencies(programme.committee), prefix="party"
            ),
            "commitment": f.CommitmentForm(parties=party_agencies, prefix="commitment"),
            "review": f.ReviewForm(commitments=commitments, prefix="review"),
            "end": f.EndForm(prefix="end"),
            "documents": f.DocumentsForm(prefix="documents"),
        }
        if manages
        else {}
    )
    if step:
        forms[step] = form
    context = {
        "programme": programme,
        "status": programme.status_on(today()),
        "parties": parties,
        "commitments": commitments,
        "reviews": reviews,
        "review_due": programme.review_due_on(last),
        "today": today(),
        "files": programme.files.all(),
        "manages": manages,
        "open_step": step,
        "forms": forms,
    }
    status = REFUSED if step else 200
    return render(request, "programs/programme_detail.html", context, status=status)


def _party(p: Programme, user: Any, d: dict[str, Any]) -> None:
    party = svc.PartyInput(
        agency=d["agency"],
        name_as_signed=d.get("name_as_signed", ""),
        signatory=d.get("signatory", ""),
    )
    svc.programme_party_add(p, by=user, party=party)


def _review(p: Programme, user: Any, d: dict[str, Any], form: Any) -> None:
    data = svc.ReviewInput(
        held_on=d["held_on"],
        period_from=d["period_from"],
        period_to=d["period_to"],
        assessment=d["assessment"],
        results=form.results(),
    )
    svc.programme_review_record(p, by=user, data=data)


@login_required
@require_POST
def programme_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    programme = access.programme_get_for(user=request.user, pk=pk)
    access.require_manage(request.user, programme.committee)
    user, post = request.user, request.POST
    form: Any

    def page(form: Any) -> HttpResponse:
        programme.refresh_from_db()
        return _programme_page(request, programme, action, form)

    if action == "party":
        form = f.PartyForm(
            post, agencies=committee_agencies(programme.committee), prefix=action
        )
        return run_step(
            request,
            form,
            lambda d: _party(programme, user, d),
            "programs:programme",
            pk,
            page=page,
        )
    if action == "commitment":
        parties = Agency.objects.filter(pk__in=programme.parties.values("agency"))
        form = f.CommitmentForm(post, parties=parties, prefix=action)
        return run_step(
            request,
            form,
            lambda d: svc.programme_commitment_add(
                programme, by=user, agency=d["agency"], text=d["text"]
            ),
            "programs:programme",
            pk,
            page=page,
        )
    if action == "review":
        form = f.ReviewForm(
            post, commitments=list(programme.commitments.all()), prefix=action
        )
        return run_step(
            request,
            form,
            lambda d: _review(programme, user, d, form),
            "programs:programme",
            pk,
            page=page,
        )
    if action == "end":
        form = f.EndForm(post, prefix=action)
        return run_step(
            request,
            form,
            lambda d: svc.programme_end(
                programme, by=user, on=d["on"], reason=d["reason"]
            ),
            "programs:programme",
            pk,
            page=page,
        )
    if action == "documents":
        form = f.DocumentsForm(post, request.FILES, prefix=action)
        return run_step(
            request,
            form,
            lambda d: svc.programme_files_add(
                programme, by=user, files=cleaned_files(d, "documents")
            ),
            "programs:programme",
            pk,
            page=page,
        )
    raise Http404


@login_required
@require_GET
def programme_file(request: AuthedRequest, pk: int, file_pk: int) -> HttpResponseBase:
    programme = access.programme_get_for(user=request.user, pk=pk)
    row = programme.files.filter(pk=file_pk).first()
    if row is None:
        raise Http404
    audit.record(
        "programme.file_view",
        actor=request.user,
        obj=programme,
        place=programme.committee.place,
        changes={"file": row.pk},
    )
    return file_response(row)

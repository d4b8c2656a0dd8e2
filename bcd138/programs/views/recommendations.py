"""Recommendation pages: the list (oldest first), aging, one recommendation, steps."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest
from bcd138.core.xlsx import xlsx_response
from bcd138.places.models import Place
from bcd138.programs import access
from bcd138.programs import forms as f
from bcd138.programs.models import Recommendation, RecommendationState
from bcd138.programs.services import recommendations as svc
from bcd138.programs.services.common import committee_agencies, today
from bcd138.programs.services.exports import recommendations_sheet
from bcd138.programs.services.queries import (
    recommendations_aging,
    recommendations_list,
)
from bcd138.programs.views.common import (
    REFUSED,
    communes_for,
    page_of,
    raisers_for,
    run_step,
    visible_agencies,
)

DETAIL = "programs:recommendation"


def _filter_form(request: AuthedRequest) -> f.RecommendationFilterForm:
    form = f.RecommendationFilterForm(request.GET or None)
    form.fields["agency"].queryset = visible_agencies(request.user)  # type: ignore[attr-defined]
    communes = Place.objects.current().communes()
    provinces = access.committees_read_by(request.user).values("place")
    form.fields["commune"].queryset = communes.filter(  # type: ignore[attr-defined]
        parent__in=provinces
    ).order_by("name")
    return form


@login_required
@require_GET
def recommendation_list(request: AuthedRequest) -> HttpResponse:
    access.require_programs_role(request.user)
    form = _filter_form(request)
    qs = recommendations_list(
        user=request.user, filters=form.to_filters(), today=today()
    )
    context = {
        "form": form,
        "page": page_of(request, qs),
        "today": today(),
        "can_raise": access.committees_for_raising(request.user).exists(),
        "query": request.GET.urlencode(),
    }
    template = "programs/recommendation_list.html"
    return render(request, f"{template}#results" if request.htmx else template, context)


@login_required
@require_GET
def recommendation_export(request: AuthedRequest) -> HttpResponse:
    access.require_programs_role(request.user)
    form = _filter_form(request)
    qs = recommendations_list(
        user=request.user, filters=form.to_filters(), today=today()
    )
    return xlsx_response(
        f"kien-nghi-{today():%Y%m%d}", [recommendations_sheet(qs, today=today())]
    )


@login_required
@require_GET
def recommendation_aging(request: AuthedRequest) -> HttpResponse:
    access.require_programs_role(request.user)
    aging = recommendations_aging(user=request.user, today=today())
    return render(
        request,
        "programs/recommendation_aging.html",
        {"aging": aging, "today": today()},
    )


def _form(
    request: AuthedRequest, committee: Any, editing: bool = False, **kw: Any
) -> f.RecommendationForm:
    return f.RecommendationForm(
        request.POST or None,
        raisers=raisers_for(request.user, committee),
        agencies=committee_agencies(committee) if committee else [],
        communes=communes_for(committee),
        editing=editing,
        **kw,
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_create(request: AuthedRequest) -> HttpResponse:
    committees = access.committees_for_raising(request.user)
    if not committees.exists():
        raise PermissionDenied
    chosen = request.POST.get("committee") or request.GET.get("committee")
    committee = committees.filter(pk=chosen).first() if chosen else None
    committee = committee or committees.first()
    form = _form(request, committee)
    form.set_committees(committees)
    if request.method == "POST" and form.is_valid():
        try:
            rec = svc.recommendation_raise(
                by=request.user,
                committee=form.cleaned_data["committee"],
                data=form.to_input(),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect(DETAIL, pk=rec.pk)
    return render(request, "programs/recommendation_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    rec = access.recommendation_get_for(user=request.user, pk=pk)
    if not access.may_edit_recommendation(request.user, rec):
        raise PermissionDenied
    initial = {name: getattr(rec, name) for name in svc.EDIT_FIELDS}
    form = _form(request, rec.committee, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            svc.recommendation_update(rec, by=request.user, data=form.to_input())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect(DETAIL, pk=rec.pk)
    context = {"form": form, "rec": rec}
    return render(request, "programs/recommendation_form.html", context)


@login_required
@require_GET
def recommendation_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    rec = access.recommendation_get_for(user=request.user, pk=pk)
    return _recommendation_page(request, rec)


def _recommendation_page(
    request: AuthedRequest, rec: Recommendation, step: str = "", form: Any = None
) -> HttpResponse:
    """The recommendation's page; after a refused step, with that step's form
    as it was sent and its panel open (400)."""
    user = request.user
    manages = access.may_manage(user, rec.committee)
    is_open = rec.state == RecommendationState.OPEN
    context = {
        "rec": rec,
        "today": today(),
        "notes": rec.notes.select_related("agency", "author"),
        "manages": manages,
        "may_edit": is_open and access.may_edit_recommendation(user, rec),
        "may_note": rec.is_open and access.may_note_recommendation(user, rec),
        "respond_form": f.RespondForm(
            agencies=committee_agencies(rec.committee), prefix="respond"
        )
        if manages and is_open
        else None,
        "note_form": f.NoteForm(prefix="note"),
        "close_form": f.CloseForm(prefix="close")
        if manages and rec.state == RecommendationState.FOLLOW_UP
        else None,
        "open_step": step,
    }
    if step:
        context[f"{step}_form"] = form
    status = REFUSED if step else 200
    return render(
        request, "programs/recommendation_detail.html", context, status=status
    )


def _respond(rec: Recommendation, user: Any, d: dict[str, Any]) -> None:
    svc.recommendation_respond(
        rec,
        by=user,
        response=d["response"],
        text=d["text"],
        on=d["on"],
        follow_up_agency=d.get("follow_up_agency"),
        follow_up_by=d.get("follow_up_by"),
    )


@login_required
@require_POST
def recommendation_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    rec = access.recommendation_get_for(user=request.user, pk=pk)
    user, post = request.user, request.POST

    def page(form: Any) -> HttpResponse:
        rec.refresh_from_db()
        return _recommendation_page(request, rec, action, form)

    if action == "respond":
        access.require_manage(user, rec.committee)
        form: Any = f.RespondForm(
            post, agencies=committee_agencies(rec.committee), prefix=action
        )
        return run_step(
            request, form, lambda d: _respond(rec, user, d), DETAIL, pk, page=page
        )
    if action == "note":
        if not access.may_note_recommendation(user, rec):
            raise PermissionDenied
        return run_step(
            request,
            f.NoteForm(post, prefix=action),
            lambda d: svc.recommendation_note(rec, by=user, text=d["text"], on=d["on"]),
            DETAIL,
            pk,
            page=page,
        )
    if action == "close":
        access.require_manage(user, rec.committee)
        return run_step(
            request,
            f.CloseForm(post, prefix=action),
            lambda d: svc.recommendation_close(
                rec, by=user, outcome=d["outcome"], on=d["on"], reason=d["reason"]
            ),
            DETAIL,
            pk,
            page=page,
        )
    raise Http404

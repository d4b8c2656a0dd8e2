"""Pages of the grassroots security teams (Law 30/2023/QH15)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bcd138.core.http import AuthedRequest
from bcd138.core.xlsx import Sheet
from bcd138.movement import access as mv
from bcd138.movement import forms as f
from bcd138.movement.models import SecurityTeam
from bcd138.movement.services import teams as svc
from bcd138.movement.views import base


def _rows(qs: QuerySet[SecurityTeam]) -> Any:
    for t in svc.with_member_counts(qs.select_related("commune")):
        yield [
            t.pk,
            t.name,
            t.commune.name,
            t.decision_ref,
            t.decided_on,
            "; ".join(t.areas),
            t.member_count,  # type: ignore[attr-defined]
            t.dissolved_on,
        ]


def _export(qs: QuerySet[SecurityTeam]) -> tuple[str, Sheet]:
    headers = [
        _("No."),
        _("Name"),
        _("Commune"),
        _("Decision"),
        _("Decided on"),
        _("Areas covered"),
        _("Members"),
        _("Dissolved on"),
    ]
    return "to-bao-ve-antt", base.sheet(_("Teams"), headers, _rows(qs))


@login_required
def team_list(request: AuthedRequest) -> HttpResponse:
    mv.require_section(request.user, mv.TEAMS)
    form = f.TeamFilterForm(
        request.GET or None, communes=base.communes_of(request.user)
    )
    qs = svc.teams_filter(svc.teams_visible_to(request.user), **base.filters(form))
    qs = svc.with_member_counts(qs.select_related("commune"))
    context = {"form": form, "may_record": mv.may_record(request.user, mv.TEAMS)}
    return base.listing(
        request,
        template="movement/team_list.html",
        qs=qs,
        context=context,
        export=_export,
    )


def _form(request: AuthedRequest, **kwargs: Any) -> f.TeamForm:
    return f.TeamForm(
        request.POST or None, places=mv.writable_places(request.user), **kwargs
    )


def _input(form: f.TeamForm) -> svc.TeamInput:
    d = form.cleaned_data
    return svc.TeamInput(
        commune=d["commune"],
        name=d["name"],
        decision_ref=d["decision_ref"],
        decided_on=d["decided_on"],
        areas=d["areas"],
        dissolved_on=d["dissolved_on"],
        notes=d["notes"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_create(request: AuthedRequest) -> HttpResponse:
    base.require_record(request.user, mv.TEAMS)
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        team = base.run(
            form, lambda: svc.team_create(by=request.user, data=_input(form))
        )
        if team is not None:
            base.saved(request)
            return redirect("movement:team", pk=team.pk)
    return base.form_page(
        request, form, title=_("New security team"), cancel=reverse("movement:teams")
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    team = svc.team_get_for(user=request.user, pk=pk)
    mv.require_edit(request.user, team)
    initial = {name: getattr(team, name) for name in svc.FIELDS}
    initial["areas"] = "\n".join(team.areas)
    form = _form(request, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = base.run(
            form, lambda: svc.team_update(team, by=request.user, data=_input(form))
        )
        if done is not None:
            base.saved(request)
            return redirect("movement:team", pk=team.pk)
    return base.form_page(
        request,
        form,
        title=_("Change the team"),
        cancel=reverse("movement:team", args=[team.pk]),
    )


@login_required
def team_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    team = svc.team_get_for(user=request.user, pk=pk)
    return _team_page(request, team)


def _team_page(
    request: AuthedRequest,
    team: SecurityTeam,
    *,
    member_form: f.MemberForm | None = None,
    leave_form: f.LeaveForm | None = None,
    leaving: int | None = None,
) -> HttpResponse:
    """The team's page; with a refused step's form as it was sent (400), and
    for a refused departure the member it was for."""
    team.refresh_from_db()
    context = {
        "team": team,
        "members": team.members.all(),
        "may_edit": mv.may_edit(request.user, team),
        "member_form": member_form or f.MemberForm(),
        "leave_form": leave_form or f.LeaveForm(),
        "leaving": leaving,
    }
    refused = member_form is not None or leave_form is not None
    status = base.REFUSED if refused else 200
    return render(request, "movement/team_detail.html", context, status=status)


@login_required
@require_POST
def team_member_add(request: AuthedRequest, pk: int) -> HttpResponse:
    team = svc.team_get_for(user=request.user, pk=pk)
    mv.require_edit(request.user, team)
    form = f.MemberForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        data = svc.MemberInput(
            full_name=d["full_name"],
            birth_year=d["birth_year"],
            position=d["position"],
            decided_on=d["decided_on"],
            over_age_exception=d["over_age_exception"],
            exception_reason=d["exception_reason"],
        )
        done = base.run(
            form, lambda: svc.team_member_add(team, by=request.user, data=data)
        )
        if done is not None:
            base.saved(request)
            return redirect("movement:team", pk=team.pk)
    return _team_page(request, team, member_form=form)


@login_required
@require_POST
def team_member_leave(request: AuthedRequest, pk: int, member_pk: int) -> HttpResponse:
    team = svc.team_get_for(user=request.user, pk=pk)
    member = team.members.filter(pk=member_pk).first()
    if member is None:
        raise Http404
    form = f.LeaveForm(request.POST)
    if form.is_valid():
        on = form.cleaned_data["on"]
        done = base.run(
            form, lambda: svc.team_member_leave(member, by=request.user, on=on)
        )
        if done is not None:
            base.saved(request)
            return redirect("movement:team", pk=team.pk)
    return _team_page(request, team, leave_form=form, leaving=member.pk)

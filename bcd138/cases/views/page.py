"""The case page: its steps, victims and property, and the identities."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bcd138.cases import forms as f
from bcd138.cases.models import Case, CaseEvent, EventKind, Holder
from bcd138.cases.services import access as case_access
from bcd138.cases.services import steps
from bcd138.cases.services.clock import case_clock
from bcd138.cases.services.people import (
    case_identities_reveal,
    case_seized_add,
    case_victim_add,
)
from bcd138.cases.views.common import _refused
from bcd138.core import audit
from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest
from bcd138.intake.services import access as report_access

K = EventKind


# ---------------------------------------------------------------------------
# The case page


def _perform(case: Case, user: Any, kind: str, form: Any) -> None:
    if kind == K.CORRECTION:
        d = form.cleaned_data
        steps.case_correct(case, by=user, corrects=d["corrects"], reason=d["reason"])
        return
    step = form.step_input()
    if kind == K.ACCUSED_CHARGED:
        steps.case_charge_accused(
            case,
            by=user,
            identity=form.identity(),
            charges=form.cleaned_data["charges"],
            step=step,
        )
    elif kind == K.CHARGES_CHANGED:
        steps.case_change_charges(
            case,
            by=user,
            accused=form.chosen_accused(),
            charges=form.cleaned_data["charges"],
            step=step,
        )
    elif kind == K.JUDGMENT:
        steps.case_judgment(case, by=user, outcomes=form.outcomes(), step=step)
    elif kind == K.APPEALED:
        steps.case_appeal(case, by=user, step=step)
    else:
        steps.case_step(case, by=user, step=step)


# What the investigating body adds to the victims-and-property card: form, title.
RECORDS: dict[str, tuple[type[f.VictimForm] | type[f.SeizedForm], Any]] = {
    "victim": (f.VictimForm, gettext_lazy("Add a victim")),
    "seized": (f.SeizedForm, gettext_lazy("Add a seized item")),
}


def _add(case: Case, user: Any, what: str, form: Any) -> None:
    d = form.cleaned_data
    if what == "victim":
        case_victim_add(
            case,
            by=user,
            kind=d["kind"],
            harm=d.get("harm") or "",
            identity=form.identity(),
        )
    else:
        case_seized_add(
            case,
            by=user,
            description=d["description"],
            quantity=d.get("quantity") or "",
            value_vnd=d.get("value_vnd"),
            seized_on=d["seized_on"],
        )


def _records(
    case: Case, sides: set[str], *, bound: Any, open_kind: str
) -> list[dict[str, Any]]:
    """The add forms, for the investigating body while the case is open."""
    if Holder.POLICE not in sides or case.closed_on is not None:
        return []
    rows = []
    for what, (form_class, label) in RECORDS.items():
        is_open = what == open_kind and bound is not None
        form = bound if is_open else form_class()
        url = reverse(f"cases:{what}_add", args=[case.pk])
        rows.append(
            {"what": what, "form": form, "label": label, "open": is_open, "url": url}
        )
    return rows


def _timeline(
    events: list[CaseEvent], ordinals: dict[int, int]
) -> list[dict[str, Any]]:
    rows = []
    for event in events:
        outcomes = [
            {
                "ordinal": ordinals.get(int(o.get("accused", 0)), "?"),
                "outcome": steps.OUTCOMES.get(str(o.get("outcome")), o.get("outcome")),
                "sentence": o.get("sentence", ""),
            }
            for o in (event.details or {}).get("outcomes", [])
        ]
        rows.append({"event": event, "outcomes": outcomes})
    return rows


def _case_context(
    request: AuthedRequest,
    case: Case,
    *,
    bound: Any = None,
    open_kind: str = "",
    error: str = "",
) -> dict[str, Any]:
    user = request.user
    events = list(
        case.events.select_related("agency", "to_agency", "actor", "accused").order_by(
            "on", "id"
        )
    )
    accused = list(case.accused.order_by("ordinal"))
    ordinals = {a.pk: a.ordinal for a in accused}
    charges = list(case.charges.select_related("accused").order_by("accused", "id"))
    sides = case_access.sides_of(user, case)
    kinds = steps.allowed_steps(case, user) if sides else []
    if sides:
        kinds.append(K.CORRECTION)
    actions = []
    for kind in kinds:
        is_open = kind == open_kind and bound is not None
        form = bound if is_open else f.step_form(case, kind, accused=accused)
        label = EventKind(kind).label
        actions.append({"kind": kind, "form": form, "label": label, "open": is_open})
    records = _records(case, sides, bound=bound, open_kind=open_kind)
    report_visible = bool(
        case.report_id
        and report_access.reports_visible_to(user).filter(pk=case.report_id).exists()
    )
    return {
        "case": case,
        "clock": case_clock(case, events),
        "timeline": _timeline(events, ordinals),
        "accused": accused,
        "case_charges": [c for c in charges if c.accused_id is None],
        "accused_charges": [c for c in charges if c.accused_id is not None],
        "charges_ended": any(c.ended_by_id for c in charges),
        "victims": list(case.victims.all()),
        "seized": list(case.seized.all()),
        "actions": actions,
        "records": records,
        "action_error": error,
        "error_in_form": any(a["open"] for a in actions + records),
        "overdue": bool(case.deadline and case.deadline < timezone.localdate()),
        "may_reveal": case_access.may_see_protected(user, case),
        "report_visible": report_visible,
        "in_transit": case.phase == "in_transit",
        "today_place": case.place.current_commune,
    }


@login_required
@require_GET
def case_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    case = case_access.case_get_for(user=request.user, pk=pk)
    return render(request, "cases/case_detail.html", _case_context(request, case))


@login_required
@require_POST
def case_act(request: AuthedRequest, pk: int, kind: str) -> HttpResponse:
    case = case_access.case_get_for(user=request.user, pk=pk)
    if kind not in K.values or kind == K.INSTITUTED:
        return _refused(request, _("Choose a step."), status=404)
    if not case_access.sides_of(request.user, case):
        audit.record("case.act_refused", actor=request.user, obj=case, with_repr=False)
        raise PermissionDenied
    form = f.step_form(case, kind, request.POST)
    status, error = 400, ""
    if form.is_valid():
        try:
            _perform(case, request.user, kind, form)
        except DomainError as exc:
            status, error = exc.status, exc.message
        else:
            return _saved(request, pk)
    else:
        error = _("Check the fields marked below.")
    context = _case_context(request, case, bound=form, open_kind=kind, error=error)
    return _unsaved(request, context, status)


def _saved(request: AuthedRequest, pk: int) -> HttpResponse:
    if not request.htmx:
        messages.success(request, _("Saved."))
        return redirect("cases:detail", pk=pk)
    case = case_access.case_get_for(user=request.user, pk=pk)
    context = _case_context(request, case)
    context["saved"] = True
    return render(request, "cases/case_detail.html#body", context)


def _unsaved(
    request: AuthedRequest, context: dict[str, Any], status: int
) -> HttpResponse:
    if request.htmx:
        # htmx swaps only 2xx answers; the refusal is in the page part itself.
        return render(request, "cases/case_detail.html#body", context)
    return render(request, "cases/case_detail.html", context, status=status)


@login_required
@require_POST
def case_record(request: AuthedRequest, pk: int, what: str) -> HttpResponse:
    """Add a victim or a seized item; the service decides who may (the
    investigating body, while the case is open)."""
    case = case_access.case_get_for(user=request.user, pk=pk)
    form = RECORDS[what][0](request.POST)
    status, error = 400, _("Check the fields marked below.")
    if form.is_valid():
        try:
            _add(case, request.user, what, form)
        except DomainError as exc:
            status = exc.status
            if exc.code in form.fields:  # shown beside the field it is about
                form.add_error(exc.code, exc.message)
            else:
                error = exc.message
        else:
            return _saved(request, pk)
    context = _case_context(request, case, bound=form, open_kind=what, error=error)
    return _unsaved(request, context, status)


@login_required
@require_http_methods(["GET", "POST"])
def case_identities(request: AuthedRequest, pk: int) -> HttpResponse:
    case = case_access.case_get_for(user=request.user, pk=pk)
    form = f.RevealForm(request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {"case": case, "form": form}
    if request.method == "POST":
        try:
            revealed = case_identities_reveal(
                case, by=request.user, reason=str(form.data.get("reason", ""))
            )
        except DomainError as exc:
            if exc.status == 403:
                return _refused(request, exc.message, case=case)
            form.is_valid()
            form.add_error("reason", exc.message)
        else:
            context |= _revealed(case, revealed)
    elif not case_access.may_see_protected(request.user, case):
        return _refused(
            request,
            _("Your role does not allow you to see the identities in this case."),
            case=case,
        )
    response = render(request, "cases/case_identities.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _revealed(case: Case, revealed: dict[str, Any]) -> dict[str, Any]:
    charges = list(case.charges.filter(ended_by__isnull=True, accused__isnull=False))
    people = [
        {
            "accused": a,
            "identity": revealed["accused"].get(a.pk, {}),
            "charges": [c for c in charges if c.accused_id == a.pk],
        }
        for a in case.accused.order_by("ordinal")
    ]
    victims = [
        {"victim": v, "identity": revealed["victims"].get(v.pk, {})}
        for v in case.victims.all()
    ]
    return {"people": people, "victim_rows": victims, "revealed": True}

"""Alert pages: the list (newest signal first), one alert with its evidence and
history, and the follow-up steps (acknowledge, assign, note, close) through the
services. Acting is for `access.may_act_on_alert` only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bcd138.cases.services.access import cases_visible_to
from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest
from bcd138.hotspots import access
from bcd138.hotspots.models import Alert, AlertStatus, Pattern
from bcd138.hotspots.services import alerts as svc
from bcd138.hotspots.services import mapdata
from bcd138.hotspots.views import forms as f
from bcd138.hotspots.views.common import (
    assignees_for,
    bars_for,
    communes_with_alerts,
    crime_type_label,
    reason_labels,
    trend_word,
)
from bcd138.intake.services.access import reports_visible_to

PER_PAGE = 50


def alerts_filtered(qs: QuerySet[Alert], filters: dict[str, Any]) -> QuerySet[Alert]:
    status = filters["status"]
    if status == f.OPEN:
        qs = qs.exclude(status=AlertStatus.CLOSED)
    elif status != f.ALL:
        qs = qs.filter(status=status)
    if filters["commune"] is not None:
        qs = qs.filter(commune=filters["commune"])
    if filters["reason"]:
        # JSON containment is not on SQLite; reasons are few, so match the text.
        qs = qs.filter(reasons__icontains=f'"{filters["reason"]}"')
    return qs


@login_required
@require_GET
def alert_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    access.require_hotspots_role(user)
    form = f.AlertFilterForm(request.GET or None, communes=communes_with_alerts(user))
    qs = alerts_filtered(access.alerts_visible_to(user), form.filters())
    qs = qs.select_related("commune", "assignee").order_by("-updated_at", "-pk")
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "rows": [_list_row(a) for a in page.object_list],
        "now": timezone.now(),
        "any_alert": access.alerts_visible_to(user).exists(),
    }
    template = "hotspots/alert_list.html"
    return render(request, f"{template}#results" if request.htmx else template, context)


def _list_row(alert: Alert) -> dict[str, Any]:
    return {
        "alert": alert,
        "reasons": reason_labels(alert.reasons),
        "kind": crime_type_label(alert.crime_type),
    }


@login_required
@require_GET
def alert_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    access.require_hotspots_role(user)
    alert = access.alert_get_for(user=user, pk=pk)
    may_act = access.may_act_on_alert(user, alert)
    is_open = alert.status != AlertStatus.CLOSED
    acting = may_act and is_open
    context = {
        "alert": alert,
        "kind": crime_type_label(alert.crime_type),
        "reasons": reason_labels(alert.reasons),
        "evidence": evidence_view(user, alert),
        "notes": alert.notes.select_related("author", "run"),
        "may_act": acting,
        "may_acknowledge": acting and alert.status == AlertStatus.OPEN,
        "assign_form": f.AssignForm(officers=assignees_for(alert), prefix="assign")
        if acting
        else None,
        "note_form": f.NoteForm(prefix="note") if acting else None,
        "close_form": f.CloseForm(prefix="close") if acting else None,
        "map_url": _map_url(alert),
    }
    return render(request, "hotspots/alert_detail.html", context)


def _map_url(alert: Alert) -> str:
    query: dict[str, str] = {
        "province": alert.province.code,
        "kind": alert.crime_type,
        "run": str(alert.last_run_id),
        "place": str(alert.commune_id),
    }
    return f"{reverse('hotspots:map')}?{urlencode(query)}"


def evidence_view(user: Any, alert: Alert) -> dict[str, Any]:
    """The alert's latest evidence for the page: the series as bars, the trend,
    the top cells, and the events' codes, linked where the user may open them."""
    ev = alert.evidence or {}
    run = alert.last_run
    steps = mapdata.evidence_steps(run, ev)
    tau, trend_p = mapdata.finite(ev.get("tau")), mapdata.finite(ev.get("trend_p"))
    gi = [s.gi for s in steps]
    pattern = str(ev.get("pattern") or "")
    refs = refs_linked(user, mapdata.evidence_refs(ev))
    return {
        "pattern": pattern,
        "pattern_label": Pattern(pattern).label if pattern in Pattern.values else "",
        "colour": mapdata.pattern_colour(pattern) if pattern else None,
        "forming": mapdata.is_warning(pattern),
        "steps": steps,
        "bars": bars_for(steps),
        "last_gi": gi[-1] if gi else None,
        "last_p": steps[-1].p if steps else None,
        "tau": tau,
        "trend_p": trend_p,
        "trend_word": trend_word(tau, trend_p),
        "cells": mapdata.evidence_cells(ev),
        "refs": refs,
        "refs_total": max(int(ev.get("refs_total") or 0), len(refs)),
        "refs_since": mapdata.day_of(ev.get("refs_since") or ""),
        "total": ev.get("total"),
        "at_centroid": ev.get("at_centroid") or 0,
    }


def refs_linked(user: Any, refs: list[str]) -> list[tuple[str, str | None]]:
    """Each code with the page of its report or case when the user may see it."""
    if not refs:
        return []
    reports = dict(
        reports_visible_to(user)
        .filter(tracking_code__in=refs)
        .values_list("tracking_code", "pk")
    )
    cases = dict(
        cases_visible_to(user).filter(number__in=refs).values_list("number", "pk")
    )
    linked: list[tuple[str, str | None]] = []
    for ref in refs:
        if ref in reports:
            linked.append((ref, reverse("intake:detail", args=[reports[ref]])))
        elif ref in cases:
            linked.append((ref, reverse("cases:detail", args=[cases[ref]])))
        else:
            linked.append((ref, None))
    return linked


def _acknowledge(user: Any, alert: Alert, data: dict[str, Any]) -> None:
    svc.alert_acknowledge(user=user, alert=alert)


def _assign(user: Any, alert: Alert, data: dict[str, Any]) -> None:
    svc.alert_assign(user=user, alert=alert, assignee=data["assignee"])


def _note(user: Any, alert: Alert, data: dict[str, Any]) -> None:
    svc.alert_note_add(user=user, alert=alert, kind=data["kind"], text=data["text"])


def _close(user: Any, alert: Alert, data: dict[str, Any]) -> None:
    svc.alert_close(user=user, alert=alert, text=data["text"])


STEPS: dict[str, Callable[[Any, Alert, dict[str, Any]], None]] = {
    "acknowledge": _acknowledge,
    "assign": _assign,
    "note": _note,
    "close": _close,
}


def _step_form(action: str, alert: Alert, data: Any) -> forms.Form:
    if action == "assign":
        return f.AssignForm(data, officers=assignees_for(alert), prefix=action)
    if action == "note":
        return f.NoteForm(data, prefix=action)
    if action == "close":
        return f.CloseForm(data, prefix=action)
    return forms.Form(data)


@login_required
@require_POST
def alert_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    user = request.user
    access.require_hotspots_role(user)
    if action not in STEPS:
        raise Http404
    alert = access.alert_get_for(user=user, pk=pk)
    if not access.may_act_on_alert(user, alert):
        raise PermissionDenied
    perform = STEPS[action]
    form = _step_form(action, alert, request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
    else:
        try:
            perform(user, alert, form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _done_message(action))
    return redirect("hotspots:alert", pk=alert.pk)


def _done_message(action: str) -> str:
    return {
        "acknowledge": _("The alert is acknowledged."),
        "assign": _("The alert is assigned."),
        "note": _("The note is added."),
        "close": _("The alert is closed."),
    }[action]


def _form_errors(form: forms.Form) -> str:
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = " ".join(str(e) for e in errors)
        parts.append(f"{label}: {text}" if label else text)
    return "; ".join(parts)

"""Opening a case, directly or from a report, and its htmx helpers."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bcd138.agencies.models import Agency, AgencyKind
from bcd138.cases import forms as f
from bcd138.cases.services.charges import ChargeInput, charge_resolve
from bcd138.cases.services.clock import law_error
from bcd138.cases.services.opening import (
    case_open,
    case_open_from_report,
    input_from_report,
    report_can_open_case,
)
from bcd138.cases.views.common import _bodies_of, _refused
from bcd138.core import access
from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest
from bcd138.intake.models import CrimeReport
from bcd138.intake.services import access as report_access
from bcd138.law import penal_code
from bcd138.law.errors import LawError
from bcd138.places.models import Level, Place
from bcd138.places.services.lookup import places_search

# ---------------------------------------------------------------------------
# Opening a case


def _provinces_of(bodies: QuerySet[Agency]) -> QuerySet[Place]:
    return Place.objects.filter(pk__in=bodies.values("place__current_province"))


def _place_options(provinces: QuerySet[Place], chosen: Place | None) -> list[Place]:
    """Today's communes of the province(s), plus a legacy unit already chosen."""
    options = list(
        Place.objects.current()
        .communes()
        .filter(current_province__in=provinces)
        .order_by("name")
    )
    if chosen is not None and chosen not in options:
        options.insert(0, chosen)
    return options


def _open_form(
    request: AuthedRequest, report: CrimeReport | None
) -> tuple[f.CaseOpenForm, QuerySet[Place]]:
    bodies = _bodies_of(request.user)
    if report is not None:
        bodies = bodies.filter(pk=report.handling_agency_id)
    provinces = _provinces_of(bodies)
    procuracies = Agency.objects.active().filter(
        kind=AgencyKind.PROCURACY, place__current_province__in=provinces
    )
    initial: dict[str, Any] = {"procuracy": procuracies.order_by("pk").first()}
    if report is not None:
        initial |= input_from_report(report)
    elif bodies.count() == 1:
        initial["investigating_body"] = bodies.first()
    form = f.CaseOpenForm(
        request.POST or None,
        bodies=bodies,
        procuracies=procuracies.order_by("name"),
        places=Place.objects.filter(
            level=Level.COMMUNE, current_province__in=provinces
        ),
        initial=initial,
    )
    return form, provinces


def _chosen_place(form: f.CaseOpenForm) -> Place | None:
    value = str(form["place"].value() or "")
    return Place.objects.filter(pk=value).first() if value.isdigit() else None


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request: AuthedRequest) -> HttpResponse:
    if not _bodies_of(request.user).exists():
        raise PermissionDenied
    report = None
    if request.GET.get("report"):
        report = report_access.report_get_for(
            user=request.user, pk=request.GET["report"]
        )
        if not report_can_open_case(report):
            return _refused(
                request,
                _(
                    "This report cannot open a case: it was decided otherwise "
                    "or already has one."
                ),
                status=400,
            )
    if report is not None and not (
        _bodies_of(request.user).filter(pk=report.handling_agency_id).exists()
    ):
        return _refused(
            request, _("The case is opened by the unit that handles the report.")
        )
    form, provinces = _open_form(request, report)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.to_input()
            if report is not None:
                case = case_open_from_report(report, by=request.user, data=data)
            else:
                case = case_open(by=request.user, data=data)
        except LawError as exc:  # e.g. an offence before the first catalogue
            form.add_error(None, law_error(exc).message)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The case was opened."))
            return redirect("cases:detail", pk=case.pk)
    context = {
        "form": form,
        "report": report,
        "places": _place_options(provinces, _chosen_place(form)),
        "chosen_place": str(form["place"].value() or ""),
    }
    return render(request, "cases/case_open.html", context)


@login_required
@require_GET
def place_options(request: AuthedRequest) -> HttpResponse:
    """The commune choice of the opening form, searched (either era)."""
    bodies = _bodies_of(request.user)
    if not bodies.exists():
        raise PermissionDenied
    provinces = _provinces_of(bodies)
    query = request.GET.get("q", "").strip()
    if query:
        found = places_search(q=query, level=Level.COMMUNE).filter(
            current_province__in=provinces
        )[:40]
        places = list(found)
    else:
        places = _place_options(provinces, None)
    return render(
        request, "cases/_place_options.html", {"places": places, "query": query}
    )


def _law_date(raw: str | None) -> datetime.date:
    try:
        return datetime.date.fromisoformat(str(raw or ""))
    except ValueError:
        return timezone.localdate()


@login_required
@require_GET
def law_clause(request: AuthedRequest) -> HttpResponse:
    """The htmx helper beside a charge: the article's title, the derived category."""
    if not access.has_role(request.user):
        raise PermissionDenied
    article = request.GET.get("article", "").strip()
    clause = request.GET.get("clause", "").strip()
    on = _law_date(request.GET.get("on") or request.GET.get("occurred_on"))
    context: dict[str, Any] = {"article": article}
    if article and clause.isdigit():
        try:
            context["resolved"] = charge_resolve(
                ChargeInput(article, int(clause)), on=on
            )
        except LawError as exc:
            context["error"] = law_error(exc).message
        except DomainError as exc:
            context["error"] = exc.message
    elif article:
        try:
            context["found"] = penal_code.catalogue(on).article(article)
        except LawError:
            context["error"] = _("No article %(article)s in the Penal Code.") % {
                "article": article
            }
    return render(request, "cases/_clause_info.html", context)


@login_required
@require_GET
def charge_row(request: AuthedRequest) -> HttpResponse:
    if not access.has_role(request.user):
        raise PermissionDenied
    on = request.GET.get("on", "")
    law_on = _law_date(on).isoformat() if on else ""
    context = {"article": "", "clause": "", "law_on": law_on}
    return render(request, "cases/_charge_row.html", context)

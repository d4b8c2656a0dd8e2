"""The case list, timeliness per category and the Penal Code search."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from bcd138.cases import forms as f
from bcd138.cases.models import Case
from bcd138.cases.services import access as case_access
from bcd138.cases.services.queries import (
    cases_list,
    cases_timeliness,
    holding_agency_choices,
)
from bcd138.cases.views.common import _bodies_of, _require_case_role
from bcd138.core import access
from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest
from bcd138.law import penal_code
from bcd138.law.errors import LawError
from bcd138.places.models import Place

PER_PAGE = 50


# ---------------------------------------------------------------------------
# The list


def _filter_form(request: AuthedRequest) -> f.CaseFilterForm:
    user = request.user
    holders = holding_agency_choices(user)
    communes = access.visible(Place.objects.current().communes(), user, field="")
    return f.CaseFilterForm(
        request.GET or None,
        agencies=holders,
        communes=communes.order_by("name"),
        name_search=case_access.may_name_search(user),
    )


@login_required
@require_GET
def case_list(request: AuthedRequest) -> HttpResponse:
    _require_case_role(request.user)
    form = _filter_form(request)
    try:
        cases = cases_list(user=request.user, filters=form.to_filters())
    except DomainError as exc:
        form.add_error(None, exc.message)
        cases = Case.objects.none()
    page = Paginator(cases, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "can_open": bool(_bodies_of(request.user).exists()),
    }
    template = (
        "cases/case_list.html#results" if request.htmx else "cases/case_list.html"
    )
    return render(request, template, context)


# ---------------------------------------------------------------------------
# Timeliness and the Penal Code


@login_required
@require_GET
def case_timeliness(request: AuthedRequest) -> HttpResponse:
    _require_case_role(request.user)
    visible = case_access.cases_visible_to(request.user)
    years = [d.year for d in visible.dates("instituted_on", "year", order="DESC")]
    raw_year = request.GET.get("year", "")
    year = int(raw_year) if raw_year.isdigit() else None
    qs = visible.filter(instituted_on__year=year) if year else visible
    context = {"timeliness": cases_timeliness(qs), "years": years, "year": year}
    return render(request, "cases/case_timeliness.html", context)


@login_required
@require_GET
def law_search(request: AuthedRequest) -> HttpResponse:
    if not access.has_role(request.user):
        raise PermissionDenied
    form = f.LawSearchForm(request.GET)
    form.is_valid()
    on = form.cleaned_data.get("on") or timezone.localdate()
    query = (form.cleaned_data.get("q") or "").strip()
    context: dict[str, Any] = {"form": form, "on": on, "query": query, "results": []}
    try:
        code = penal_code.catalogue(on)
    except LawError:
        context["error"] = _(
            "The catalogue starts with the Penal Code in force from 01/01/2018."
        )
        return render(request, "cases/law_search.html", context)
    context["code"] = code
    context["results"] = [
        {"article": a, "chapter": code.chapter_of(a.number)} for a in code.search(query)
    ]
    return render(request, "cases/law_search.html", context)

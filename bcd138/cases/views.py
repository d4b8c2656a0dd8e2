"""Officers' pages for criminal cases: the list, opening, the case and its steps,
its victims and seized property."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bcd138.agencies.models import Agency, AgencyKind
from bcd138.cases import forms as f
from bcd138.cases.models import Case, CaseEvent, EventKind, Holder
from bcd138.cases.services import access as case_access
from bcd138.cases.services import steps
from bcd138.cases.services.charges import ChargeInput, charge_resolve
from bcd138.cases.services.clock import case_clock, law_error
from bcd138.cases.services.opening import (
    POLICE_KINDS,
    case_open,
    case_open_from_report,
    input_from_report,
    report_can_open_case,
)
from bcd138.cases.services.people import (
    case_identities_reveal,
    case_seized_add,
    case_victim_add,
)
from bcd138.cases.services.queries import (
    cases_list,
    cases_timeliness,
    holding_agency_choices,
)
from bcd138.core import access, audit
from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest
from bcd138.intake.models import CrimeReport
from bcd138.intake.services import access as report_access
from bcd138.law import penal_code
from bcd138.law.errors import LawError
from bcd138.places.models import Level, Place
from bcd138.places.services.lookup import places_search

K = EventKind
PER_PAGE = 50


def _require_case_role(user: Any) -> None:
    if not case_access.has_case_role(user):
        raise PermissionDenied


def _refused(
    request: AuthedRequest,
    message: str,
    status: int = 403,
    case: Case | None = None,
) -> HttpResponse:
    context = {"message": message, "case": case}
    return render(request, "cases/case_refused.html", context, status=status)


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
# Opening a case


def _bodies_of(user: Any) -> QuerySet[Agency]:
    bodies = Agency.objects.active().filter(kind__in=POLICE_KINDS)
    if not access.is_superuser(user):
        bodies = bodies.filter(pk__in=case_access.police_agency_ids(user))
    return bodies.select_related("place").order_by("name")


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

"""Officers' pages: the triage queue, the duty desk, a report and its steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bcd138.agencies.models import Agency
from bcd138.cases.services import access as case_access
from bcd138.cases.services.opening import report_can_open_case
from bcd138.core import access, audit
from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest
from bcd138.core.uploads import clean_uploads_configured
from bcd138.intake import forms as f
from bcd138.intake.models import CrimeReport, State
from bcd138.intake.services import access as report_access
from bcd138.intake.services import handling, identity, queue
from bcd138.intake.services.duplicates import possible_duplicates
from bcd138.intake.services.reports import report_clock, report_record
from bcd138.places.models import Place


def _require_handler(user: Any) -> None:
    allowed = (
        access.is_superuser(user)
        or report_access.handling_agency_ids(user)
        or access.has_role(user, *report_access.SUPERVISOR_ROLES)
    )
    if not allowed:
        raise PermissionDenied


def _communes_of(user: Any) -> QuerySet[Place]:
    return access.visible(Place.objects.current().communes(), user, field="").order_by(
        "name"
    )


def _communes_of_province(user: Any) -> QuerySet[Place]:
    """The duty desk's choice: every commune of the user's province(s). Information
    about another unit's area is still received (Điều 145.1), then transferred."""
    provinces = access.jurisdictions(user).values("current_province")
    return (
        Place.objects.current().communes().filter(parent__in=provinces).order_by("name")
    )


@login_required
def report_queue(request: AuthedRequest) -> HttpResponse:
    _require_handler(request.user)
    form = f.QueueFilterForm(request.GET or None, communes=_communes_of(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    reports = queue.reports_queue(user=request.user, **filters)
    page = Paginator(reports, 25).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "counts": queue.reports_state_counts(user=request.user),
        "states": State.choices,
        "can_record": bool(report_access.handling_agency_ids(request.user)),
    }
    template = (
        "intake/report_queue.html#results"
        if request.htmx
        else "intake/report_queue.html"
    )
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def report_record_view(request: AuthedRequest) -> HttpResponse:
    unit_ids = report_access.handling_agency_ids(request.user)
    if not unit_ids:
        raise PermissionDenied
    units = Agency.objects.filter(pk__in=unit_ids).order_by("name")
    form = f.RecordForm(
        request.POST or None,
        request.FILES or None,
        units=units,
        communes=_communes_of_province(request.user),
        initial={"unit": units.first()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            receipt = report_record(
                form.to_input(
                    clean_uploads_configured(form.cleaned_data["attachments"])
                ),
                by=request.user,
                unit=form.cleaned_data["unit"],
                channel=form.cleaned_data["channel"],
                received_at=form.cleaned_data["received_at"],
                external_ref=form.cleaned_data.get("external_ref", ""),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return render(request, "intake/report_recorded.html", {"receipt": receipt})
    return render(request, "intake/report_record.html", {"form": form})


def _action_forms(report: CrimeReport) -> dict[str, Any]:
    return {
        "assign": f.AssignForm(officers=handling.officers_of(report.handling_agency)),
        "notify_procuracy": f.ReferenceForm(),
        "note": f.NoteForm(),
        "extend": f.ExtendForm(),
        "request_extension": f.ReasonForm(),
        "procuracy_extend": f.ProcuracyExtendForm(),
        "suspend": f.SuspendForm(),
        "annul": f.ReferenceForm(),
        "resume": f.ReasonForm(),
        "decide": f.DecideForm(),
        "transfer": f.TransferForm(agencies=handling.transfer_targets(report)),
        "link": f.LinkForm(),
        "message": f.MessageForm(),
        "notify_reporter": f.NotifyReporterForm(),
    }


def _case_links(user: Any, report: CrimeReport) -> dict[str, Any]:
    """The case the report led to (if the user may see it), and whether the user
    may open one from it: police of the handling unit, its head while the decision
    to institute (the head's) is still to be taken."""
    deciders = (
        case_access.police_agency_ids(user)
        if report.state == State.INSTITUTED
        else report_access.head_of_agency_ids(user)
    )
    police = access.is_superuser(user) or report.handling_agency_id in deciders
    return {
        "case": case_access.cases_visible_to(user).filter(report=report).first(),
        "can_open_case": police and report_can_open_case(report),
    }


@login_required
def report_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    report = report_access.report_get_for(user=request.user, pk=pk)
    events = list(
        report.events.select_related(
            "actor", "agency", "to_agency", "to_user"
        ).order_by("on", "id")
    )
    may_act = report_access.may_act(request.user, report)
    context = {
        **_case_links(request.user, report),
        "report": report,
        "events": events,
        "clock": report_clock(report, events),
        "due": handling.report_due_today(report),
        "attachments": report.attachments.all(),
        "report_messages": report.messages.all(),
        "may_act": may_act,
        "may_reveal": report_access.may_reveal_identity(request.user, report),
        "forms": _action_forms(report) if may_act else {},
        "reveal_form": f.RevealForm(),
        "linked": report.linked.all(),
        "duplicates": [
            d for d in possible_duplicates(report) if d.duplicate_of_id != report.pk
        ]
        if may_act
        else [],
    }
    return render(request, "intake/report_detail.html", context)


def _do_assign(report: CrimeReport, user: Any, data: dict[str, Any]) -> None:
    handling.report_assign(report, by=user, officer=data["officer"], on=data.get("on"))


def _do_link(report: CrimeReport, user: Any, data: dict[str, Any]) -> None:
    from bcd138.intake.services.reports import normalise_code

    other = (
        report_access.reports_visible_to(user)
        .filter(tracking_code=normalise_code(data["other_code"]))
        .first()
    )
    if other is None:
        raise DomainError(_("No report with that code in your queue."), code="link")
    handling.report_link(report, by=user, other=other, reason=data["reason"])


ACTIONS: dict[
    str, tuple[Any, Callable[[CrimeReport, Any, dict[str, Any]], Any], str]
] = {
    "assign": (f.AssignForm, _do_assign, "assigned"),
    "notify_procuracy": (
        f.ReferenceForm,
        lambda r, u, d: handling.report_notify_procuracy(
            r, by=u, reference=d["reference"], on=d.get("on")
        ),
        "procuracy notified",
    ),
    "note": (
        f.NoteForm,
        lambda r, u, d: handling.report_note(
            r, by=u, text=d["text"], preliminary=d.get("preliminary", False)
        ),
        "note",
    ),
    "extend": (
        f.ExtendForm,
        lambda r, u, d: handling.report_extend(
            r,
            by=u,
            until=d["until"],
            reason=d["reason"],
            reference=d.get("reference", ""),
        ),
        "extended",
    ),
    "request_extension": (
        f.ReasonForm,
        lambda r, u, d: handling.report_request_procuracy_extension(
            r, by=u, reason=d["reason"], reference=d.get("reference", "")
        ),
        "requested",
    ),
    "procuracy_extend": (
        f.ProcuracyExtendForm,
        lambda r, u, d: handling.report_procuracy_extend(
            r, by=u, until=d["until"], reference=d["reference"]
        ),
        "extended",
    ),
    "suspend": (
        f.SuspendForm,
        lambda r, u, d: handling.report_suspend(
            r,
            by=u,
            ground=d["ground"],
            reason=d["reason"],
            reference=d.get("reference", ""),
        ),
        "suspended",
    ),
    "annul": (
        f.ReferenceForm,
        lambda r, u, d: handling.report_annul_suspension(
            r, by=u, reference=d["reference"], on=d.get("on")
        ),
        "annulled",
    ),
    "resume": (
        f.ReasonForm,
        lambda r, u, d: handling.report_resume(
            r, by=u, reason=d["reason"], reference=d.get("reference", "")
        ),
        "resumed",
    ),
    "decide": (
        f.DecideForm,
        lambda r, u, d: handling.report_decide(
            r,
            by=u,
            decision=d["decision"],
            reason=d["reason"],
            reference=d["reference"],
            on=d.get("on"),
        ),
        "decided",
    ),
    "transfer": (
        f.TransferForm,
        lambda r, u, d: handling.report_transfer(
            r,
            by=u,
            reason=d["reason"],
            to_agency=d.get("to_agency"),
            outside_body=d.get("outside_body", ""),
        ),
        "transferred",
    ),
    "link": (f.LinkForm, _do_link, "linked"),
    "notify_reporter": (
        f.NotifyReporterForm,
        lambda r, u, d: handling.report_notify_reporter(
            r, by=u, notice=d["notice"], reference=d.get("reference", "")
        ),
        "notified",
    ),
    "message": (
        f.MessageForm,
        lambda r, u, d: handling.report_message_to_reporter(r, by=u, body=d["body"]),
        "sent",
    ),
}


@login_required
@require_POST
def report_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    report = report_access.report_get_for(user=request.user, pk=pk)
    if action not in ACTIONS:
        raise Http404
    if not report_access.may_act(request.user, report):
        audit.record(
            "report.act_refused", actor=request.user, obj=report, with_repr=False
        )
        raise PermissionDenied
    form_class, perform, _label = ACTIONS[action]
    kwargs: dict[str, Any] = {}
    if action == "assign":
        kwargs["officers"] = handling.officers_of(report.handling_agency)
    if action == "transfer":
        kwargs["agencies"] = handling.transfer_targets(report)
    form = form_class(request.POST, **kwargs)
    if not form.is_valid():
        errors = "; ".join(
            f"{form.fields[k].label if k in form.fields else ''}: {' '.join(v)}".lstrip(
                ": "
            )
            for k, v in form.errors.items()
        )
        messages.error(request, errors)
        return redirect("intake:detail", pk=report.pk)
    try:
        perform(report, request.user, form.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("intake:detail", pk=report.pk)


@login_required
@require_POST
def report_identity(request: AuthedRequest, pk: int) -> HttpResponse:
    report = report_access.report_get_for(user=request.user, pk=pk)
    form = f.RevealForm(request.POST)
    reason = form.data.get("reason", "")
    try:
        person = identity.report_identity_reveal(
            report, by=request.user, reason=str(reason)
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("intake:detail", pk=report.pk)
    response = render(
        request, "intake/report_identity.html", {"report": report, "person": person}
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def report_attachment(
    request: AuthedRequest, pk: int, attachment_pk: int
) -> HttpResponseBase:
    report = report_access.report_get_for(user=request.user, pk=pk)
    attachment = report.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    audit.record(
        "report.attachment_view",
        actor=request.user,
        obj=report,
        place=report.place,
        changes={"attachment": attachment.pk},
    )
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=not attachment.content_type.startswith("image/"),
        filename=attachment.original_name,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response

"""Pages of the "safe on security and order" recognition (TT 124/2021/TT-BCA)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest
from bcd138.core.uploads import clean_staff_uploads
from bcd138.core.xlsx import Sheet
from bcd138.movement import access as mv
from bcd138.movement import forms as f
from bcd138.movement.documents import recognition_certificate
from bcd138.movement.models import AuthorityLevel, SafetyRecognition
from bcd138.movement.services import safety as svc
from bcd138.movement.services.safety_corrections import (
    recognition_correct as recognition_correct_service,
)
from bcd138.movement.views import base

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _rows(qs: QuerySet[SafetyRecognition]) -> Any:
    for r in qs.select_related("commune"):
        yield [
            r.pk,
            r.year,
            r.get_kind_display(),
            r.unit_name,
            r.commune.name,
            r.registered_on,
            r.get_result_display() if r.result else "",
            r.decision_ref,
            r.decided_on,
            r.decided_by_name,
        ]


def _export(qs: QuerySet[SafetyRecognition]) -> tuple[str, Sheet]:
    headers = [
        _("No."),
        _("Year"),
        _("Kind of unit"),
        _("Unit"),
        _("Commune"),
        _("Registered on"),
        _("Result"),
        _("Decision"),
        _("Decided on"),
        _("Deciding body"),
    ]
    return "an-toan-antt", base.sheet(_("Recognition"), headers, _rows(qs))


@login_required
def recognition_list(request: AuthedRequest) -> HttpResponse:
    mv.require_section(request.user, mv.SAFETY)
    form = f.SafetyFilterForm(
        request.GET or None, communes=base.communes_of(request.user)
    )
    visible = svc.recognitions_visible_to(request.user)
    qs = svc.recognitions_filter(visible, **base.filters(form))
    context = {
        "form": form,
        "may_record": mv.may_record(request.user, mv.SAFETY),
        "totals": svc.recognition_totals(qs),
    }
    return base.listing(
        request,
        template="movement/recognition_list.html",
        qs=qs.select_related("commune"),
        context=context,
        export=_export,
    )


@login_required
@require_http_methods(["GET", "POST"])
def recognition_register(request: AuthedRequest) -> HttpResponse:
    base.require_record(request.user, mv.SAFETY)
    form = f.RegistrationForm(
        request.POST or None,
        places=mv.writable_places(request.user),
        initial={"year": base.this_year()},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = svc.RegistrationInput(
            kind=d["kind"],
            unit_name=d["unit_name"],
            commune=d["commune"],
            year=d["year"],
            registered_on=d["registered_on"],
            registration_ref=d["registration_ref"],
            managed_by=d["managed_by"],
        )
        rec = base.run(
            form, lambda: svc.recognition_register(by=request.user, data=data)
        )
        if rec is not None:
            base.saved(request)
            return redirect("movement:recognition", pk=rec.pk)
    return base.form_page(
        request,
        form,
        title=_("Register a unit for the year"),
        cancel=reverse("movement:safety"),
    )


def _decide_form(rec: SafetyRecognition, data: Any = None) -> f.DecideForm:
    level = svc.authority_of(rec)
    initial = {"level": level, "body": svc.body_name(rec, level)}
    return f.DecideForm(data, initial=initial)


def _detail(
    request: AuthedRequest,
    rec: SafetyRecognition,
    *,
    checklist: f.ChecklistForm | None = None,
    decide: f.DecideForm | None = None,
    correct: f.CorrectForm | None = None,
) -> HttpResponse:
    """The recognition's page; with a refused step's form as it was sent (400)."""
    edition = svc.edition_of(rec)
    rows = svc.recognition_checklist(rec)
    editor = mv.may_edit(request.user, rec)
    may_edit = editor and not rec.is_decided
    context = {
        "rec": rec,
        "edition": edition,
        "period": svc.period_of(rec),
        "window": edition.decision_window(rec.kind, rec.year),
        "authority": AuthorityLevel(svc.authority_of(rec)).label
        if svc.authority_of(rec)
        else "",
        "authority_unconfirmed": edition.authority_unconfirmed(rec.kind),
        "rows": rows,
        "may_edit": may_edit,
        "checklist": checklist or f.ChecklistForm(rows=rows),
        "decide_form": decide or _decide_form(rec),
        "may_correct": editor and rec.is_decided,
        "correct_form": correct or f.CorrectForm(initial={"body": rec.decided_by_name}),
        "corrections": rec.corrections.select_related("corrected_by"),
    }
    refused = checklist is not None or decide is not None or correct is not None
    status = base.REFUSED if refused else 200
    return render(request, "movement/recognition_detail.html", context, status=status)


@login_required
def recognition_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    rec = svc.recognition_get_for(user=request.user, pk=pk)
    return _detail(request, rec)


def _answers(form: f.ChecklistForm) -> list[svc.AnswerInput]:
    out = []
    for row in form.rows:
        code = row.criterion.code
        met = form.cleaned_data.get(f"met_{code}")
        if met in ("0", "1"):
            files = clean_staff_uploads(form.cleaned_data.get(f"files_{code}") or [])
            note = form.cleaned_data.get(f"note_{code}", "")
            out.append(svc.AnswerInput(code, met == "1", note, files))
    return out


@login_required
@require_POST
def recognition_checklist(request: AuthedRequest, pk: int) -> HttpResponse:
    rec = svc.recognition_get_for(user=request.user, pk=pk)
    mv.require_edit(request.user, rec)
    rows = svc.recognition_checklist(rec)
    form = f.ChecklistForm(request.POST, request.FILES, rows=rows)
    if form.is_valid():
        done = base.run(
            form,
            lambda: svc.recognition_answer(
                rec, by=request.user, answers=_answers(form)
            ),
        )
        if done is not None:
            base.saved(request)
            return redirect("movement:recognition", pk=rec.pk)
    return _detail(request, rec, checklist=form)


@login_required
@require_POST
def recognition_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    rec = svc.recognition_get_for(user=request.user, pk=pk)
    mv.require_edit(request.user, rec)
    form = _decide_form(rec, request.POST)
    if form.is_valid():
        d = form.cleaned_data
        done = base.run(
            form,
            lambda: svc.recognition_decide(
                rec,
                by=request.user,
                result=d["result"],
                decision_ref=d["decision_ref"],
                decided_on=d["decided_on"],
                level=d["level"],
                body=d["body"],
            ),
        )
        if done is not None:
            base.saved(request)
            return redirect("movement:recognition", pk=rec.pk)
    rec.refresh_from_db()
    return _detail(request, rec, decide=form)


@login_required
@require_POST
def recognition_correct(request: AuthedRequest, pk: int) -> HttpResponse:
    """The same competent body's correction of the recorded decision."""
    rec = svc.recognition_get_for(user=request.user, pk=pk)
    mv.require_edit(request.user, rec)
    form = f.CorrectForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        done = base.run(
            form,
            lambda: recognition_correct_service(
                rec,
                by=request.user,
                result=d["result"],
                decision_ref=d["decision_ref"],
                decided_on=d["decided_on"],
                reason=d["reason"],
                body=d["body"],
            ),
        )
        if done is not None:
            base.saved(request)
            return redirect("movement:recognition", pk=rec.pk)
    rec.refresh_from_db()
    return _detail(request, rec, correct=form)


@login_required
def recognition_certificate_view(request: AuthedRequest, pk: int) -> HttpResponse:
    rec = svc.recognition_get_for(user=request.user, pk=pk)
    try:
        data = recognition_certificate(rec, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("movement:recognition", pk=rec.pk)
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = (
        f'attachment; filename="giay-cong-nhan-{rec.year}-{rec.pk}.docx"'
    )
    response["Cache-Control"] = "private, no-store"
    return response

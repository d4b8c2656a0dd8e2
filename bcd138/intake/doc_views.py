"""Downloading the official documents of a report as DOCX.

A GET that writes an audit entry: producing a document is logged, and one that
carries the reporter's identity is logged as a reveal (`intake.documents`).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from bcd138.core import audit
from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest
from bcd138.intake import documents
from bcd138.intake.services import access as report_access

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
@require_GET
def report_document(request: AuthedRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in documents.DOCUMENTS:
        raise Http404
    report = report_access.report_get_for(user=request.user, pk=pk)
    if not documents.may_produce(request.user, report, kind):
        audit.record(
            "report.document_refused",
            actor=request.user,
            obj=report,
            with_repr=False,
            changes={"document": kind},
        )
        raise PermissionDenied
    try:
        content = documents.document_for(kind, report, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("intake:detail", pk=report.pk)
    response = HttpResponse(content, content_type=DOCX_TYPE)
    filename = f"{report.tracking_code}-{kind}.docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # The record may carry the reporter's identity: no cache may keep a copy.
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response

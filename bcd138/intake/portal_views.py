"""The public portal (no login): file a report, then follow it by code and secret.

Rules: the secret is shown once, in a response that is never cached and never in
a URL (so never in a server log or the browser history); a wrong code and a wrong
secret look the same; every public POST is rate-limited per client; a refused
submission stores nothing.
"""

from __future__ import annotations

import re
import secrets
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    QueryDict,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bcd138.core.challenge import challenge_issue, challenge_verify
from bcd138.core.errors import DomainError
from bcd138.core.http import Request
from bcd138.core.middleware import client_ip
from bcd138.core.uploads import MAX_FILES, clean_uploads_configured
from bcd138.intake.models import CrimeReport
from bcd138.intake.portal_forms import (
    HONEYPOT,
    PortalMessageForm,
    PortalReportForm,
    PortalStatusForm,
    communes_of,
)
from bcd138.intake.services.portal import (
    portal_rate_check,
    public_messages,
    public_state,
    report_find,
    report_message_from_reporter,
)
from bcd138.intake.services.reports import report_submit
from bcd138.places.models import Place

SESSION_REPORT = "portal_report"
SESSION_SEEN = "portal_report_at"
IDLE_SECONDS = 30 * 60
MB = 1024 * 1024
_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")
_ID = re.compile(r"[0-9]{1,10}")

# Where the service's refusals belong on the form, so that the message is shown
# next to (and announced with) the field it is about.
FIELD_FOR_CODE = {
    "kind": "kind",
    "crime_type": "crime_type",
    "description": "description",
    "date": "occurred_on",
    "place": "commune",
    "no_unit": "commune",
}


def _client(request: Request) -> str:
    # Without an address (a misconfigured proxy) every such client shares one
    # bucket: stricter, never looser.
    return client_ip(request) or "unknown"


def _see_other(url: str) -> HttpResponseRedirect:
    """After a POST, a 303 makes the browser GET the next page (no resubmission)."""
    return HttpResponseRedirect(url, status=303)


def _no_store(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    return response


def _limits() -> dict[str, int]:
    return {
        "files": MAX_FILES,
        "file_mb": settings.BCD138_UPLOAD_MAX_FILE_MB,
        "total_mb": settings.BCD138_UPLOAD_MAX_TOTAL_MB,
    }


# ---- filing -----------------------------------------------------------------


def _new_form() -> PortalReportForm:
    key = secrets.token_urlsafe(24)
    return PortalReportForm(
        initial={"idempotency_key": key, "challenge": challenge_issue(bound_to=key)}
    )


def _rearm(form: PortalReportForm) -> None:
    """A form shown again keeps its idempotency key (a report it already filed is
    found again) and gets a fresh challenge, so "Send" works without a reload."""
    # The view binds the form to a mutable copy of request.POST.
    data = cast(QueryDict, form.data)
    key = str(data.get("idempotency_key", ""))
    if not _KEY.fullmatch(key):
        key = secrets.token_urlsafe(24)
    data["idempotency_key"] = key
    data["challenge"] = challenge_issue(bound_to=key)
    data["nonce"] = ""
    data[HONEYPOT] = ""


def _submit_page(
    request: Request, form: PortalReportForm, *, error: str = "", status: int = 200
) -> HttpResponse:
    province = None
    if form.is_bound:
        _rearm(form)
        province = form["province"].value()
    communes: list[Place] = []
    if province and _ID.fullmatch(str(province)):
        communes = communes_of(int(str(province)))
    context = {
        "form": form,
        "communes": communes,
        "commune_value": str(form["commune"].value() or ""),
        "page_error": error,
        # Browsers never send a file back: say so, rather than let it vanish.
        "files_dropped": bool(request.FILES),
        "bits": settings.BCD138_CHALLENGE_BITS,
        "limits": _limits(),
    }
    return render(request, "intake/portal_submit.html", context, status=status)


def _challenge_passed(form: PortalReportForm) -> bool:
    return challenge_verify(
        str(form.data.get("challenge", "")),
        str(form.data.get("nonce", "")),
        bound_to=str(form.data.get("idempotency_key", "")),
    )


@require_http_methods(["GET", "POST"])
def portal_submit(request: Request) -> HttpResponse:
    if request.method != "POST":
        return _submit_page(request, _new_form())
    # A mutable copy, so that a form shown again can carry a fresh challenge.
    form = PortalReportForm(request.POST.copy(), request.FILES)
    refusal = _submit_refusal(request, form)
    if refusal is not None:
        return refusal
    data = form.cleaned_data
    try:
        files = clean_uploads_configured(data["attachments"] or [])
    except DomainError as exc:
        form.add_error("attachments", exc.message)
        return _submit_page(request, form, status=400)
    try:
        receipt, _is_new = report_submit(
            form.to_input(files), idempotency_key=data["idempotency_key"]
        )
    except DomainError as exc:
        form.add_error(FIELD_FOR_CODE.get(exc.code), exc.message)
        return _submit_page(request, form, status=400)
    # Rendered, not redirected: the secret exists only in this one response.
    response = render(request, "intake/portal_receipt.html", {"receipt": receipt})
    return _no_store(response)


def _submit_refusal(request: Request, form: PortalReportForm) -> HttpResponse | None:
    """The page that refuses this submission, or None when it may go ahead."""
    if form.data.get(HONEYPOT):
        return _submit_page(
            request,
            form,
            error=_("The form could not be sent. Check it and try again."),
            status=400,
        )
    try:
        portal_rate_check("submit", _client(request))
    except DomainError as exc:
        return _submit_page(request, form, error=exc.message, status=exc.status)
    valid = form.is_valid()
    if not _challenge_passed(form):
        return _submit_page(
            request,
            form,
            error=_(
                "The form has expired or could not be checked. "
                "Check your entries and press “Send the report” again."
            ),
            status=400,
        )
    return None if valid else _submit_page(request, form, status=400)


@require_GET
def portal_communes(request: Request) -> HttpResponse:
    """The commune <option>s of a province, for the form's second <select>."""
    raw = request.GET.get("province", "")
    communes: list[Place] = []
    if raw:
        if not _ID.fullmatch(raw):
            return HttpResponseBadRequest()
        province = Place.objects.current().provinces().filter(pk=int(raw)).first()
        if province is None:
            return HttpResponseBadRequest()
        communes = communes_of(province.pk)
    return render(request, "intake/portal_communes.html", {"communes": communes})


# ---- following --------------------------------------------------------------


def _forget(request: Request) -> None:
    request.session.pop(SESSION_REPORT, None)
    request.session.pop(SESSION_SEEN, None)


def _session_report(request: Request) -> CrimeReport | None:
    """The report this browser unlocked, if it was used in the last 30 minutes.

    An unlocked report stays open in the session, not in a URL; idling ends it so
    that a shared or lost phone does not keep it open.
    """
    pk, seen = request.session.get(SESSION_REPORT), request.session.get(SESSION_SEEN)
    if pk is None:
        return None
    now = timezone.now().timestamp()
    if not isinstance(seen, int | float) or now - seen > IDLE_SECONDS:
        _forget(request)
        messages.info(
            request, _("For your safety the report was closed after 30 minutes.")
        )
        return None
    request.session[SESSION_SEEN] = now
    return CrimeReport.objects.filter(pk=pk).first()


@require_http_methods(["GET", "POST"])
def portal_status(request: Request) -> HttpResponse:
    form = PortalStatusForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                report = report_find(
                    code=form.cleaned_data["code"],
                    secret=form.cleaned_data["secret"],
                    client=_client(request),
                )
            except DomainError as exc:
                _refuse(form, exc.message)
                status = exc.status if exc.status == 429 else 400
            else:
                # A new session key: one set before the look-up (by someone who
                # planted it) must not gain access to the report.
                request.session.cycle_key()
                request.session[SESSION_REPORT] = report.pk
                request.session[SESSION_SEEN] = timezone.now().timestamp()
                return _see_other(reverse("portal:case"))
    response = render(
        request, "intake/portal_status.html", {"form": form}, status=status
    )
    return _no_store(response)


def _refuse(form: PortalStatusForm, message: str) -> None:
    """One error for both fields: which of the two was wrong is not told."""
    form.add_error(None, message)
    for name in ("code", "secret"):
        form.fields[name].widget.attrs.update(
            {
                "aria-invalid": "true",
                "aria-describedby": f"status-error id_{name}_helptext",
            }
        )


def _case_page(
    request: Request,
    report: CrimeReport,
    form: PortalMessageForm,
    *,
    status: int = 200,
) -> HttpResponse:
    context = {
        "report": report,
        "state": public_state(report),
        "thread": public_messages(report),
        "form": form,
        "files_dropped": bool(request.FILES),
        "limits": _limits(),
    }
    return _no_store(render(request, "intake/portal_case.html", context, status=status))


@require_GET
def portal_case(request: Request) -> HttpResponse:
    report = _session_report(request)
    if report is None:
        return HttpResponseRedirect(reverse("portal:status"))
    return _case_page(request, report, PortalMessageForm())


@require_POST
def portal_message(request: Request) -> HttpResponse:
    report = _session_report(request)
    if report is None:
        return _see_other(reverse("portal:status"))
    form = PortalMessageForm(request.POST, request.FILES)
    try:
        portal_rate_check("message", _client(request))
    except DomainError as exc:
        form.add_error(None, exc.message)
        return _case_page(request, report, form, status=exc.status)
    if form.is_valid():
        try:
            files = clean_uploads_configured(form.cleaned_data["attachments"] or [])
            report_message_from_reporter(
                report, body=form.cleaned_data["body"], files=files
            )
        except DomainError as exc:
            field = "attachments" if exc.code.startswith("upload") else "body"
            form.add_error(field, exc.message)
        else:
            messages.success(request, _("Your message was sent to the police unit."))
            return _see_other(reverse("portal:case") + "#messages")
    return _case_page(request, report, form, status=400)


@require_POST
def portal_leave(request: Request) -> HttpResponse:
    _forget(request)
    messages.info(request, _("The report is closed on this device."))
    return _see_other(reverse("portal:status"))

"""Pages of the shell: overview, account, API tokens, audit log, error pages."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bcd138.agencies import services as agency_services
from bcd138.core import services
from bcd138.core.errors import DomainError
from bcd138.core.forms import AuditSearchForm, PasswordChangeForm, TokenCreateForm
from bcd138.core.http import AuthedRequest


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    overview = services.overview_for(request.user)
    return render(request, "core/home.html", {"overview": overview})


@login_required
@require_http_methods(["GET", "POST"])
def account(request: AuthedRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agency_services.user_password_change(
                request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password was changed."))
            return redirect("core:account")
    return render(request, "core/account.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: AuthedRequest) -> HttpResponse:
    form = TokenCreateForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = agency_services.api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            form = TokenCreateForm()
    token_list = agency_services.api_tokens_of(request.user)
    context = {"form": form, "tokens": token_list, "new_token": new_token}
    return render(request, "core/tokens.html", context)


@login_required
@require_POST
def token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        agency_services.api_token_revoke(user=request.user, pk=pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The token was revoked."))
    return redirect("core:tokens")


@login_required
def audit_log(request: AuthedRequest) -> HttpResponse:
    form = AuditSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = services.audit_search(user=request.user, **filters)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    template = "core/audit_log.html#results" if request.htmx else "core/audit_log.html"
    return render(request, template, {"form": form, "page": page})


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # No context processors: the database may be what failed.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)

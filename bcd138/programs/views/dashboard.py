"""The committee's dashboard: what is open, late, or due for review."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from bcd138.core.http import AuthedRequest
from bcd138.programs import access
from bcd138.programs.services.common import today
from bcd138.programs.services.queries import dashboard_for


@login_required
@require_GET
def dashboard(request: AuthedRequest) -> HttpResponse:
    access.require_programs_role(request.user)
    board = dashboard_for(user=request.user, today=today())
    context = {
        "board": board,
        "manages": access.committees_managed_by(request.user).exists(),
    }
    return render(request, "programs/dashboard.html", context)

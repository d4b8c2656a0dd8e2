"""The movement's overview page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from bcd138.core.http import AuthedRequest
from bcd138.movement import access as mv
from bcd138.movement import forms as f
from bcd138.movement.services.overview import movement_overview
from bcd138.movement.views import base


@login_required
def overview(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not mv.may_use_overview(user):
        raise PermissionDenied
    form = f.OverviewFilterForm(request.GET or None, communes=base.communes_of(user))
    chosen = base.filters(form)
    data = movement_overview(
        user=user,
        commune=chosen.get("commune"),
        period=chosen.get("period") or "quarter",
    )
    sections = {s: mv.may_use(user, s) for s in mv.SECTIONS}
    context = {"form": form, "data": data, "sections": sections}
    return render(request, "movement/overview.html", context)

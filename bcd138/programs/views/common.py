"""What the pages of this app share: lists, choices and the step runner."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from bcd138.agencies.models import Agency, SteeringCommittee
from bcd138.core import access as core_access
from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest
from bcd138.core.uploads import clean_staff_uploads
from bcd138.places.models import Place
from bcd138.programs import access
from bcd138.programs.services.common import committee_agencies

PER_PAGE = 50


def page_of(request: AuthedRequest, qs: QuerySet[Any]) -> Page[Any]:
    return Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))


REFUSED = 400


def run_step(
    request: AuthedRequest,
    form: forms.Form,
    perform: Callable[[dict[str, Any]], Any],
    back: str,
    pk: int,
    *,
    page: Callable[[forms.Form], HttpResponse],
) -> HttpResponse:
    """Validate the step's form and run the service. Done: say so and go back to
    the page. Refused (the form, or the service, says no): `page(form)`, the
    page again with the form as it was sent, its error in it and its panel open,
    answered 400; the service's transaction means nothing was saved."""
    if form.is_valid():
        try:
            perform(form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect(back, pk=pk)
    return page(form)


def cleaned_files(data: dict[str, Any], name: str) -> list[Any]:
    """The uploads of field `name` checked by core.uploads, office documents
    accepted (DomainError if not)."""
    return clean_staff_uploads(data.get(name) or [])


def visible_agencies(user: Any) -> QuerySet[Agency]:
    """Agencies to filter by: those of the user's committees, else their own."""
    committees = access.committees_read_by(user)
    if core_access.is_superuser(user) or committees.exists():
        provinces = committees.values("place__current_province")
        qs = Agency.objects.active()
        if not core_access.is_superuser(user):
            qs = qs.filter(place__current_province__in=provinces)
        return qs.order_by("name")
    return access.own_agencies(user)


def raisers_for(user: Any, committee: SteeringCommittee | None) -> QuerySet[Agency]:
    """Who the user may raise a recommendation for."""
    if committee is not None and access.may_manage(user, committee):
        return committee_agencies(committee)
    return access.own_agencies(user)


def communes_for(committee: SteeringCommittee | None) -> QuerySet[Place]:
    qs = Place.objects.current().communes()
    if committee is None:
        return qs.none()
    return qs.filter(parent_id=committee.place.current_province_id).order_by("name")


def file_response(row: Any) -> FileResponse:
    """A stored file, inline for images, as a download otherwise."""
    response = FileResponse(
        row.file.open("rb"),
        content_type=row.content_type,
        as_attachment=not row.content_type.startswith("image/"),
        filename=row.original_name,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response

"""Pages of exemplary people and collectives (điển hình tiên tiến)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest
from bcd138.core.xlsx import Sheet
from bcd138.movement import access as mv
from bcd138.movement import forms as f
from bcd138.movement.models import Exemplary
from bcd138.movement.services import exemplary as svc
from bcd138.movement.views import base


def _rows(qs: QuerySet[Exemplary]) -> Any:
    for e in qs.select_related("place", "proposed_by"):
        yield [
            e.pk,
            e.name,
            e.get_kind_display(),
            e.place.name,
            e.year,
            e.achievement,
            e.proposed_by.name,
        ]


def _export(qs: QuerySet[Exemplary]) -> tuple[str, Sheet]:
    headers = [
        _("No."),
        _("Name"),
        _("Kind"),
        _("Place"),
        _("Year"),
        _("For what"),
        _("Proposed by"),
    ]
    return "dien-hinh", base.sheet(_("Exemplary"), headers, _rows(qs))


@login_required
def person_list(request: AuthedRequest) -> HttpResponse:
    mv.require_section(request.user, mv.PEOPLE)
    form = f.PeopleFilterForm(
        request.GET or None, communes=base.communes_of(request.user)
    )
    qs = svc.exemplary_filter(
        svc.exemplary_visible_to(request.user), **base.filters(form)
    )
    qs = qs.select_related("place", "proposed_by").annotate(link_count=Count("links"))
    context = {"form": form, "may_record": mv.may_record(request.user, mv.PEOPLE)}
    return base.listing(
        request,
        template="movement/person_list.html",
        qs=qs,
        context=context,
        export=_export,
    )


def _form(request: AuthedRequest, **kwargs: Any) -> f.ExemplaryForm:
    return f.ExemplaryForm(
        request.POST or None,
        request.FILES or None,
        places=mv.writable_places(request.user),
        agencies=mv.writable_agencies(request.user),
        **kwargs,
    )


def _input(
    form: f.ExemplaryForm, files: Any, proposed_by: Any = None
) -> svc.ExemplaryInput:
    d = form.cleaned_data
    return svc.ExemplaryInput(
        kind=d["kind"],
        name=d["name"],
        agency=d["agency"],
        place=d["place"],
        year=d["year"],
        achievement=d["achievement"],
        proposed_by=proposed_by,
        files=files,
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: AuthedRequest) -> HttpResponse:
    base.require_record(request.user, mv.PEOPLE)
    form = _form(request, initial={"year": base.this_year()})
    if request.method == "POST" and form.is_valid():
        item = base.run(
            form,
            lambda: svc.exemplary_create(
                by=request.user, data=_input(form, base.uploaded(form))
            ),
        )
        if item is not None:
            base.saved(request)
            return redirect("movement:person", pk=item.pk)
    return base.form_page(
        request,
        form,
        title=_("New exemplary person or collective"),
        cancel=reverse("movement:people"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    item = svc.exemplary_get_for(user=request.user, pk=pk)
    mv.require_edit(request.user, item)
    initial = {
        "kind": item.kind,
        "name": item.name,
        "agency": item.agency,
        "place": item.place,
        "year": item.year,
        "achievement": item.achievement,
    }
    form = _form(request, initial=initial)
    del form.fields["attachments"]
    if request.method == "POST" and form.is_valid():
        done = base.run(
            form,
            lambda: svc.exemplary_update(
                item, by=request.user, data=_input(form, [], item.proposed_by)
            ),
        )
        if done is not None:
            base.saved(request)
            return redirect("movement:person", pk=item.pk)
    return base.form_page(
        request,
        form,
        title=_("Change “%(name)s”") % {"name": item.name},
        cancel=reverse("movement:person", args=[item.pk]),
    )


@login_required
def person_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    item = svc.exemplary_get_for(user=request.user, pk=pk)
    return person_page(request, item)


def person_page(
    request: AuthedRequest,
    item: Exemplary,
    *,
    link_form: f.LinkForm | None = None,
    files_form: f.FilesForm | None = None,
) -> HttpResponse:
    """The entry's page; with a refused step's form as it was sent (400)."""
    context = {
        "item": item,
        "links": svc.links_for(item, user=request.user),
        "files": item.files.all(),
        "may_edit": mv.may_edit(request.user, item),
        "link_form": link_form or f.LinkForm(),
        "files_form": files_form or f.FilesForm(),
    }
    refused = link_form is not None or files_form is not None
    status = base.REFUSED if refused else 200
    return render(request, "movement/person_detail.html", context, status=status)


@login_required
@require_POST
def person_link(request: AuthedRequest, pk: int) -> HttpResponse:
    item = svc.exemplary_get_for(user=request.user, pk=pk)
    form = f.LinkForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        done = base.run(
            form,
            lambda: svc.exemplary_link(
                item, by=request.user, kind=d["kind"], ref=d["ref"], note=d["note"]
            ),
        )
        if done is not None:
            base.saved(request)
            return redirect("movement:person", pk=item.pk)
    return person_page(request, item, link_form=form)


@login_required
@require_POST
def person_unlink(request: AuthedRequest, pk: int, link_pk: int) -> HttpResponse:
    item = svc.exemplary_get_for(user=request.user, pk=pk)
    try:
        svc.exemplary_unlink(item, by=request.user, link_id=link_pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        base.saved(request)
    return redirect("movement:person", pk=item.pk)

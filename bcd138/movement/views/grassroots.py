"""Pages of the movement's models (mô hình)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bcd138.core.http import AuthedRequest
from bcd138.core.xlsx import Sheet
from bcd138.movement import access as mv
from bcd138.movement import forms as f
from bcd138.movement.models import MovementModel
from bcd138.movement.services import grassroots as svc
from bcd138.movement.views import base
from bcd138.places.models import Place


def _rows(qs: QuerySet[MovementModel]) -> Any:
    for m in qs.prefetch_related("communes").select_related(
        "running_agency", "replicated_from"
    ):
        yield [
            m.pk,
            m.name,
            m.type_label,
            ", ".join(c.name for c in m.communes.all()),
            m.organisation_name,
            m.started_on,
            m.ended_on,
            m.members_count,
            m.replicated_from.name if m.replicated_from else "",
        ]


def _export(qs: QuerySet[MovementModel]) -> tuple[str, Sheet]:
    headers = [
        _("No."),
        _("Name"),
        _("Type"),
        _("Communes"),
        _("Running organisation"),
        _("Started on"),
        _("Ended on"),
        _("Members"),
        _("Replicated from"),
    ]
    return "mo-hinh", base.sheet(_("Models"), headers, _rows(qs))


@login_required
def model_list(request: AuthedRequest) -> HttpResponse:
    mv.require_section(request.user, mv.MODELS)
    form = f.ModelFilterForm(
        request.GET or None, communes=base.communes_of(request.user)
    )
    qs = svc.models_filter(svc.models_visible_to(request.user), **base.filters(form))
    qs = (
        qs.select_related("running_agency", "replicated_from")
        .prefetch_related(Prefetch("communes", queryset=Place.objects.only("name")))
        .annotate(replica_count=Count("replications"))
    )
    context = {
        "form": form,
        "may_record": mv.may_record(request.user, mv.MODELS),
    }
    return base.listing(
        request,
        template="movement/model_list.html",
        qs=qs,
        context=context,
        export=_export,
    )


def _input(form: f.MovementModelForm, files: Any) -> svc.ModelInput:
    d = form.cleaned_data
    return svc.ModelInput(
        name=d["name"],
        model_type=d["model_type"],
        type_other=d["type_other"],
        communes=list(d["communes"]),
        running_agency=d["running_agency"],
        running_organisation=d["running_organisation"],
        started_on=d["started_on"],
        ended_on=d["ended_on"],
        members_count=d["members_count"],
        activities=d["activities"],
        files=files,
    )


def _form(request: AuthedRequest, **kwargs: Any) -> f.MovementModelForm:
    return f.MovementModelForm(
        request.POST or None,
        request.FILES or None,
        places=mv.writable_places(request.user),
        agencies=mv.writable_agencies(request.user),
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def model_create(request: AuthedRequest) -> HttpResponse:
    base.require_record(request.user, mv.MODELS)
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        model = base.run(
            form,
            lambda: svc.model_create(
                by=request.user, data=_input(form, base.uploaded(form))
            ),
        )
        if model is not None:
            base.saved(request)
            return redirect("movement:model", pk=model.pk)
    return base.form_page(
        request, form, title=_("New model"), cancel=reverse("movement:models")
    )


def _initial(model: MovementModel) -> dict[str, Any]:
    return {
        "name": model.name,
        "model_type": model.model_type,
        "type_other": model.type_other,
        "communes": list(model.communes.all()),
        "running_agency": model.running_agency,
        "running_organisation": model.running_organisation,
        "started_on": model.started_on,
        "ended_on": model.ended_on,
        "members_count": model.members_count,
        "activities": model.activities,
    }


@login_required
@require_http_methods(["GET", "POST"])
def model_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    model = svc.model_get_for(user=request.user, pk=pk)
    mv.require_edit(request.user, model)
    form = _form(request, initial=_initial(model))
    del form.fields["attachments"]
    if request.method == "POST" and form.is_valid():
        done = base.run(
            form,
            lambda: svc.model_update(model, by=request.user, data=_input(form, [])),
        )
        if done is not None:
            base.saved(request)
            return redirect("movement:model", pk=model.pk)
    return base.form_page(
        request,
        form,
        title=_("Change the model"),
        cancel=reverse("movement:model", args=[model.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def model_replicate(request: AuthedRequest, pk: int) -> HttpResponse:
    origin = svc.model_get_for(user=request.user, pk=pk)
    base.require_record(request.user, mv.MODELS)
    initial = {**_initial(origin), "communes": [], "started_on": None}
    initial.pop("ended_on")
    form = _form(request, initial=initial)
    if request.method == "POST" and form.is_valid():
        model = base.run(
            form,
            lambda: svc.model_replicate(
                origin, by=request.user, data=_input(form, base.uploaded(form))
            ),
        )
        if model is not None:
            base.saved(request)
            return redirect("movement:model", pk=model.pk)
    return base.form_page(
        request,
        form,
        title=_("Replicate “%(name)s” in other communes") % {"name": origin.name},
        cancel=reverse("movement:model", args=[origin.pk]),
    )


@login_required
def model_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    model = svc.model_get_for(user=request.user, pk=pk)
    return model_page(request, model)


def model_page(
    request: AuthedRequest,
    model: MovementModel,
    *,
    assess_form: f.AssessForm | None = None,
    files_form: f.FilesForm | None = None,
) -> HttpResponse:
    """The model's page; with a refused step's form as it was sent (400)."""
    may_edit = mv.may_edit(request.user, model)
    replications = mv.visible(model.replications.all(), request.user)
    origin = model.replicated_from
    if (
        origin is not None
        and not mv.visible(
            MovementModel.objects.filter(pk=origin.pk), request.user
        ).exists()
    ):
        origin = None
    context = {
        "model": model,
        "communes": model.communes.select_related("parent").all(),
        "origin": origin,
        "has_origin": model.replicated_from_id is not None,
        "replications": replications.prefetch_related("communes"),
        "assessments": model.assessments.all(),
        "files": model.files.all(),
        "may_edit": may_edit,
        "may_record": mv.may_record(request.user, mv.MODELS),
        "assess_form": assess_form or f.AssessForm(),
        "files_form": files_form or f.FilesForm(),
    }
    refused = assess_form is not None or files_form is not None
    status = base.REFUSED if refused else 200
    return render(request, "movement/model_detail.html", context, status=status)


@login_required
@require_POST
def model_assess(request: AuthedRequest, pk: int) -> HttpResponse:
    model = svc.model_get_for(user=request.user, pk=pk)
    mv.require_edit(request.user, model)
    form = f.AssessForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        done = base.run(
            form,
            lambda: svc.model_assess(
                model,
                by=request.user,
                year=d["year"],
                rating=d["rating"],
                notes=d["notes"],
            ),
        )
        if done is not None:
            base.saved(request)
            return redirect("movement:model", pk=model.pk)
    return model_page(request, model, assess_form=form)

"""Adding files to a record, and serving a file to those who may see its record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from bcd138.core import audit
from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest
from bcd138.movement import access as mv
from bcd138.movement import forms as f
from bcd138.movement.models import (
    CriterionAnswer,
    Exemplary,
    MovementFile,
    MovementModel,
    OutreachSession,
)
from bcd138.movement.services.exemplary import exemplary_get_for
from bcd138.movement.services.files import files_add
from bcd138.movement.services.grassroots import model_get_for
from bcd138.movement.services.outreach import outreach_get_for
from bcd138.movement.services.safety import recognition_get_for
from bcd138.movement.views import base, grassroots, outreach, people

# section → (getter, detail URL name, the page with a refused upload's form)
OWNERS: dict[str, tuple[Callable[..., Model], str, Callable[..., HttpResponse]]] = {
    "models": (model_get_for, "movement:model", grassroots.model_page),
    "people": (exemplary_get_for, "movement:person", people.person_page),
    "outreach": (outreach_get_for, "movement:session", outreach.session_page),
}


def _place_of(obj: Any) -> Any:
    if isinstance(obj, MovementModel):
        return obj.communes.first()
    return getattr(obj, "place", None)


@login_required
@require_POST
def record_files_add(request: AuthedRequest, section: str, pk: int) -> HttpResponse:
    if section not in OWNERS:
        raise Http404
    getter, url, page = OWNERS[section]
    obj = getter(user=request.user, pk=pk)
    mv.require_edit(request.user, obj)
    form = f.FilesForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            files_add(obj, base.uploaded(form), by=request.user, place=_place_of(obj))
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            base.saved(request)
            return redirect(url, pk=obj.pk)
    return page(request, obj, files_form=form)


def _owner_for(user: Any, item: MovementFile) -> Model:
    """The record the file belongs to, if `user` may see it (else 404)."""
    model = item.content_type.model_class()
    if model is MovementModel:
        return model_get_for(user=user, pk=item.object_id)
    if model is Exemplary:
        return exemplary_get_for(user=user, pk=item.object_id)
    if model is OutreachSession:
        return outreach_get_for(user=user, pk=item.object_id)
    if model is CriterionAnswer:
        answer = CriterionAnswer.objects.filter(pk=item.object_id).first()
        if answer is not None:
            return recognition_get_for(user=user, pk=answer.recognition_id)
    raise Http404


@login_required
def file_download(request: AuthedRequest, pk: int) -> HttpResponseBase:
    item = MovementFile.objects.select_related("content_type").filter(pk=pk).first()
    if item is None:
        raise Http404
    owner = _owner_for(request.user, item)
    audit.record(
        "movement.file_view",
        actor=request.user,
        obj=owner,
        changes={"file": item.pk},
    )
    response = FileResponse(
        item.file.open("rb"),
        content_type=item.mime_type,
        as_attachment=not item.mime_type.startswith("image/"),
        filename=item.original_name,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response

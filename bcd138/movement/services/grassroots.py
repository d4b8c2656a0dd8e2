"""Models of the movement (mô hình): recording, replication, yearly assessment.

Rules: a model is in one or more communes, each existing on its start date or
today; it ends on or after it starts; a replication is a new model in at least
one commune its origin is not in, started on or after the origin, keeping the
link to it; one effectiveness assessment per model and year, for a year the
model ran.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet, prefetch_related_objects
from django.utils.translation import gettext as _

from bcd138.agencies.models import Agency
from bcd138.core import audit
from bcd138.core.errors import DomainError
from bcd138.core.uploads import CleanFile
from bcd138.movement import access as mv
from bcd138.movement.models import (
    ModelAssessment,
    ModelType,
    MovementModel,
    Rating,
)
from bcd138.movement.services import common
from bcd138.movement.services.files import files_attach, storing
from bcd138.places.models import Place

FIELDS = [
    "name",
    "model_type",
    "type_other",
    "running_agency",
    "running_organisation",
    "started_on",
    "ended_on",
    "members_count",
    "activities",
]


@dataclass
class ModelInput:
    name: str
    model_type: str
    communes: Sequence[Place]
    started_on: datetime.date
    type_other: str = ""
    running_agency: Agency | None = None
    running_organisation: str = ""
    ended_on: datetime.date | None = None
    members_count: int = 0
    activities: str = ""
    files: Sequence[CleanFile] = field(default_factory=list)


def models_visible_to(user: Any) -> QuerySet[MovementModel]:
    return mv.visible(MovementModel.objects.all(), user)


def model_get_for(*, user: Any, pk: Any) -> MovementModel:
    qs = MovementModel.objects.select_related("running_agency", "replicated_from")
    return mv.get_for(qs, user, pk)


def _validate(data: ModelInput, *, by: Any, editing: bool = False) -> None:
    """`editing`: a running model may since have spread to a unit of today's map,
    so a unit existing today is accepted too; a new one starts where it starts."""
    data.name = common.require_text(data.name, _("Name"))
    if data.model_type not in ModelType.values:
        raise DomainError(_("Unknown type of model."), code="model_type")
    if data.model_type == ModelType.OTHER:
        data.type_other = common.require_text(
            data.type_other, _("Other type"), max_length=120
        )
    else:
        data.type_other = ""
    if not data.communes:
        raise DomainError(_("Choose at least one commune."), code="communes")
    common.require_past(data.started_on, _("The start date"))
    common.require_order(
        data.started_on,
        data.ended_on,
        _("The model cannot end before it started."),
    )
    if data.ended_on is not None:
        common.require_past(data.ended_on, _("The end date"))
    if data.members_count < 0:
        raise DomainError(
            _("The number of members cannot be negative."), code="members"
        )
    if data.running_agency is None and not data.running_organisation.strip():
        raise DomainError(
            _("Name the organisation that runs the model."), code="organisation"
        )
    for commune in data.communes:
        common.require_commune(commune)
        days = [data.started_on, common.today()] if editing else [data.started_on]
        common.require_valid_on(commune, *days)
        mv.require_place(by, commune, agency=data.running_agency)


def _values(data: ModelInput) -> dict[str, Any]:
    return {name: getattr(data, name) for name in FIELDS}


def _save_new(
    data: ModelInput, *, by: Any, origin: MovementModel | None, action: str
) -> MovementModel:
    with storing() as written, transaction.atomic():
        model = MovementModel(
            **_values(data),
            replicated_from=origin,
            created_by=by if by.is_authenticated else None,
        )
        model.save()
        model.communes.set(data.communes)
        files_attach(model, data.files, by=by, written=written)
        audit.record(
            action,
            actor=by,
            obj=model,
            place=data.communes[0],
            changes={
                **{k: common.plain(v) for k, v in _values(data).items()},
                "communes": [c.name for c in data.communes],
                "origin": origin.pk if origin else None,
            },
        )
    return model


def model_create(*, by: Any, data: ModelInput) -> MovementModel:
    """Record a model (mô hình) of the movement."""
    mv.require_section(by, mv.MODELS)
    _validate(data, by=by)
    return _save_new(data, by=by, origin=None, action="movement.model_create")


def model_update(model: MovementModel, *, by: Any, data: ModelInput) -> MovementModel:
    mv.require_edit(by, model)
    _validate(data, by=by, editing=True)
    if model.replicated_from is not None:
        _check_replica(model.replicated_from, data)
    before = {**{k: getattr(model, k) for k in FIELDS}}
    old_communes = [c.name for c in model.communes.all()]
    with transaction.atomic():
        for name, value in _values(data).items():
            setattr(model, name, value)
        model.save()
        model.communes.set(data.communes)
        diff = common.changes(before, _values(data))
        new_communes = [c.name for c in data.communes]
        if new_communes != old_communes:
            diff["communes"] = [old_communes, new_communes]
        audit.record(
            "movement.model_update",
            actor=by,
            obj=model,
            place=data.communes[0],
            changes=diff,
        )
    return model


def _check_replica(origin: MovementModel, data: ModelInput) -> None:
    # Units as entered: a copy between two former communes that later merged
    # was still a copy to another commune.
    origin_communes = {c.pk for c in origin.communes.all()}
    if all(c.pk in origin_communes for c in data.communes):
        raise DomainError(
            _("A replication is in at least one commune its origin is not in."),
            code="replica_communes",
        )
    if data.started_on < origin.started_on:
        raise DomainError(
            _("A replication cannot start before its origin (%(date)s).")
            % {"date": common.dmy(origin.started_on)},
            code="date_order",
        )


def model_replicate(
    origin: MovementModel, *, by: Any, data: ModelInput
) -> MovementModel:
    """Copy `origin` to other communes: a new model that keeps the link to it."""
    mv.require_section(by, mv.MODELS)
    _validate(data, by=by)
    _check_replica(origin, data)
    return _save_new(data, by=by, origin=origin, action="movement.model_replicate")


def model_assess(
    model: MovementModel, *, by: Any, year: int, rating: str, notes: str = ""
) -> ModelAssessment:
    """The yearly effectiveness assessment; one per year."""
    prefetch_related_objects([model], "communes")  # read once, for access and audit
    mv.require_edit(by, model)
    common.require_year(year)
    if rating not in Rating.values:
        raise DomainError(_("Unknown rating."), code="rating")
    if year < model.started_on.year or (
        model.ended_on is not None and year > model.ended_on.year
    ):
        raise DomainError(
            _("The model did not run in %(year)d.") % {"year": year},
            code="assessment_year",
        )
    if model.assessments.filter(year=year).exists():
        raise DomainError(
            _("The model has already been assessed for %(year)d.") % {"year": year},
            code="assessment_duplicate",
        )
    with transaction.atomic():
        assessment = ModelAssessment.objects.create(
            model=model,
            year=year,
            rating=rating,
            notes=notes.strip(),
            created_by=by if by.is_authenticated else None,
        )
        audit.record(
            "movement.model_assess",
            actor=by,
            obj=model,
            place=next(iter(model.communes.all()), None),
            changes={"year": year, "rating": rating},
        )
    return assessment


def models_filter(
    qs: QuerySet[MovementModel],
    *,
    commune: Place | None = None,
    year: int | None = None,
    model_type: str = "",
    status: str = "",
    origin: str = "",
    q: str = "",
) -> QuerySet[MovementModel]:
    """Filters of the list: the commune is today's unit (legacy ones included)."""
    if commune is not None:
        ids = MovementModel.objects.filter(communes__current_commune=commune)
        qs = qs.filter(pk__in=ids.values("pk"))
    if year is not None:
        qs = qs.filter(started_on__year=year)
    if model_type:
        qs = qs.filter(model_type=model_type)
    if status == "active":
        qs = qs.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=common.today()))
    elif status == "ended":
        qs = qs.filter(ended_on__lt=common.today())
    if origin == "built":
        qs = qs.filter(replicated_from__isnull=True)
    elif origin == "replicated":
        qs = qs.filter(replicated_from__isnull=False)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(activities__icontains=q))
    return qs

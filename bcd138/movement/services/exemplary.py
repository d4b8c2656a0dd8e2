"""Exemplary people and collectives (điển hình tiên tiến, cá nhân tiêu biểu).

Rules: a person is kept by name only (no identity number, address or birth
date); a collective by name or as an agency of the platform; the year is one
that has begun; the links to what they contributed to (crime reports, cases,
models, outreach sessions) name only objects the person linking may see, and are
shown to others only where they may see them too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bcd138.agencies.models import Agency
from bcd138.cases.models import Case
from bcd138.cases.services import access as case_access
from bcd138.core import audit
from bcd138.core.errors import DomainError
from bcd138.core.uploads import CleanFile
from bcd138.intake.models import CrimeReport
from bcd138.intake.services import access as report_access
from bcd138.movement import access as mv
from bcd138.movement.models import (
    ContributionLink,
    Exemplary,
    ExemplaryKind,
    MovementModel,
    OutreachSession,
)
from bcd138.movement.services import common
from bcd138.movement.services.files import files_attach, storing
from bcd138.places.models import Level, Place

FIELDS = ["kind", "name", "agency", "place", "year", "achievement", "proposed_by"]


@dataclass(frozen=True)
class LinkKind:
    label: Any
    model: type[Model]
    visible_to: Callable[[Any], QuerySet[Any]]


def _movement(model: type[Model]) -> Callable[[Any], QuerySet[Any]]:
    return lambda user: mv.visible(model._default_manager.all(), user)


LINK_KINDS: dict[str, LinkKind] = {
    "report": LinkKind(
        gettext_lazy("Crime report"), CrimeReport, report_access.reports_visible_to
    ),
    "case": LinkKind(gettext_lazy("Criminal case"), Case, case_access.cases_visible_to),
    "model": LinkKind(
        gettext_lazy("Movement model"), MovementModel, _movement(MovementModel)
    ),
    "outreach": LinkKind(
        gettext_lazy("Outreach session"), OutreachSession, _movement(OutreachSession)
    ),
}


@dataclass
class ExemplaryInput:
    kind: str
    name: str
    place: Place
    year: int
    achievement: str
    proposed_by: Agency | None = None
    agency: Agency | None = None
    files: Sequence[CleanFile] = field(default_factory=list)


def exemplary_visible_to(user: Any) -> QuerySet[Exemplary]:
    return mv.visible(Exemplary.objects.all(), user)


def exemplary_get_for(*, user: Any, pk: Any) -> Exemplary:
    qs = Exemplary.objects.select_related("place", "agency", "proposed_by")
    return mv.get_for(qs, user, pk)


def _validate(data: ExemplaryInput, *, by: Any) -> None:
    if data.kind not in ExemplaryKind.values:
        raise DomainError(_("Unknown kind."), code="kind")
    if data.kind == ExemplaryKind.INDIVIDUAL:
        data.agency = None
    elif data.agency is not None and not data.name.strip():
        data.name = data.agency.name
    data.name = common.require_text(data.name, _("Name"), max_length=200)
    data.achievement = common.require_text(
        data.achievement, _("What for"), max_length=5000
    )
    common.require_year(data.year)
    if data.place.level not in (Level.COMMUNE, Level.PROVINCE):
        raise DomainError(_("Choose a commune or a province."), code="place_level")
    if data.proposed_by is None:
        data.proposed_by = mv.own_agency(by)
    if data.proposed_by is None:
        raise DomainError(_("Name the proposing agency."), code="proposed_by")
    mv.require_place(by, data.place, agency=data.proposed_by)


def _values(data: ExemplaryInput) -> dict[str, Any]:
    return {name: getattr(data, name) for name in FIELDS}


def exemplary_create(*, by: Any, data: ExemplaryInput) -> Exemplary:
    mv.require_section(by, mv.PEOPLE)
    _validate(data, by=by)
    with storing() as written, transaction.atomic():
        item = Exemplary(
            **_values(data), created_by=by if by.is_authenticated else None
        )
        item.save()
        files_attach(item, data.files, by=by, written=written)
        audit.record(
            "movement.exemplary_create",
            actor=by,
            obj=item,
            place=data.place,
            changes={k: common.plain(v) for k, v in _values(data).items()},
        )
    return item


def exemplary_update(item: Exemplary, *, by: Any, data: ExemplaryInput) -> Exemplary:
    mv.require_edit(by, item)
    _validate(data, by=by)
    before = {k: getattr(item, k) for k in FIELDS}
    with transaction.atomic():
        for name, value in _values(data).items():
            setattr(item, name, value)
        item.save()
        audit.record(
            "movement.exemplary_update",
            actor=by,
            obj=item,
            place=data.place,
            changes=common.changes(before, _values(data)),
        )
    return item


def link_target(kind: str, ref: str, *, user: Any) -> Model:
    """The object of `kind` named by `ref` (its id; a report's tracking code or a
    case's number also do) among those `user` may see; else a refusal that does
    not say whether it exists."""
    if kind not in LINK_KINDS:
        raise DomainError(_("Unknown kind of link."), code="link_kind")
    qs = LINK_KINDS[kind].visible_to(user)
    ref = (ref or "").strip()
    found = None
    if ref.isdigit():
        found = qs.filter(pk=int(ref)).first()
    if found is None and kind == "report":
        found = qs.filter(tracking_code=ref.upper()).first()
    if found is None and kind == "case":
        found = qs.filter(number=ref).first()
    if found is None:
        raise DomainError(
            _("Nothing of that kind with that number is in your reach."),
            code="link_target",
        )
    return found  # type: ignore[no-any-return]


def exemplary_link(
    item: Exemplary, *, by: Any, kind: str, ref: str, note: str = ""
) -> ContributionLink:
    """Link what the person or collective contributed to (visible to `by`)."""
    mv.require_edit(by, item)
    target = link_target(kind, ref, user=by)
    content_type = ContentType.objects.get_for_model(target)
    if item.links.filter(content_type=content_type, object_id=target.pk).exists():
        raise DomainError(_("This is already linked."), code="link_duplicate")
    with transaction.atomic():
        link = ContributionLink.objects.create(
            exemplary=item,
            content_type=content_type,
            object_id=target.pk,
            note=note.strip()[:250],
        )
        audit.record(
            "movement.exemplary_link",
            actor=by,
            obj=item,
            place=item.place,
            changes={"kind": kind, "id": target.pk},
        )
    return link


def exemplary_unlink(item: Exemplary, *, by: Any, link_id: int) -> None:
    mv.require_edit(by, item)
    link = item.links.filter(pk=link_id).first()
    if link is None:
        raise DomainError(_("No such link."), code="link_missing", status=404)
    with transaction.atomic():
        audit.record(
            "movement.exemplary_unlink",
            actor=by,
            obj=item,
            place=item.place,
            changes={"type": link.content_type.model, "id": link.object_id},
        )
        link.delete()


@dataclass(frozen=True)
class ShownLink:
    """A link as one viewer sees it: the object only when they may see it."""

    id: int
    kind: str
    label: str
    target: Model | None
    note: str


def _kind_of(content_type: ContentType) -> str:
    for key, kind in LINK_KINDS.items():
        if (
            kind.model._meta.label_lower
            == f"{content_type.app_label}.{content_type.model}"
        ):
            return key
    return ""


def links_for(item: Exemplary, *, user: Any) -> list[ShownLink]:
    """The contributions of `item`, each resolved only if `user` may see it."""
    links = list(item.links.select_related("content_type"))
    wanted: dict[str, set[int]] = {}
    for link in links:
        wanted.setdefault(_kind_of(link.content_type), set()).add(link.object_id)
    seen: dict[tuple[str, int], Model] = {}
    for key, ids in wanted.items():
        if key in LINK_KINDS:
            for obj in LINK_KINDS[key].visible_to(user).filter(pk__in=ids):
                seen[(key, obj.pk)] = obj
    out = []
    for link in links:
        key = _kind_of(link.content_type)
        label = str(LINK_KINDS[key].label) if key in LINK_KINDS else ""
        target = seen.get((key, link.object_id))
        out.append(ShownLink(link.pk, key, label, target, link.note))
    return out


def exemplary_filter(
    qs: QuerySet[Exemplary],
    *,
    commune: Place | None = None,
    year: int | None = None,
    kind: str = "",
    q: str = "",
) -> QuerySet[Exemplary]:
    if commune is not None:
        qs = qs.filter(place__current_commune=commune)
    if year is not None:
        qs = qs.filter(year=year)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(achievement__icontains=q))
    return qs

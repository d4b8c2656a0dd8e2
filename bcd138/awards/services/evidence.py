"""Evidence of a proposal's achievements: records of the platform, and files.

A record is linked only by someone who may see it (the same access helpers as
its own pages), so a proposer cannot cite, or learn the existence of, a report
or a case outside their reach; the attempt on an existing one is audited as
`access.denied`. Crime reports count only once they led to a case. Who sees the
proposal later sees the link's label, and a link to the record when they may
see it too. Files are checked like every upload (core.uploads).
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bcd138.awards import access as awards_access
from bcd138.awards.models import (
    EDITABLE,
    EventKind,
    EvidenceLink,
    Proposal,
    ProposalFile,
    ProposalState,
)
from bcd138.awards.services.common import day, step
from bcd138.core import audit
from bcd138.core.errors import DomainError
from bcd138.core.uploads import CleanFile


@dataclass(frozen=True)
class EvidenceKind:
    """A kind of record that may be cited: how to find it among those a user
    sees, how to name it, and where its page is."""

    key: str
    label: Any
    model: str  # "app_label.ModelName"
    visible: Callable[[Any], QuerySet[Any]]
    code_field: str | None = None  # looked up by this field, else by id
    url_name: str | None = None
    refuse: Callable[[Any], str | None] | None = None  # why it cannot be cited

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def url_for(self, pk: int) -> str | None:
        if not self.url_name:
            return None
        try:
            return reverse(self.url_name, args=[pk])
        except NoReverseMatch:
            return None

    def describe(self, obj: Any) -> str:
        title = getattr(obj, "title", "") or getattr(obj, "name", "")
        code = getattr(obj, self.code_field, "") if self.code_field else ""
        parts = [str(p) for p in (code, title) if p] or [str(obj)]
        return " — ".join(parts)[:250]


def _report_refusal(report: Any) -> str | None:
    from bcd138.intake.models import State

    if report.state != State.INSTITUTED:
        return _("Only a crime report that led to a case can be cited.")
    return None


def _reports(user: Any) -> QuerySet[Any]:
    from bcd138.intake.services.access import reports_visible_to

    return reports_visible_to(user)


def _cases(user: Any) -> QuerySet[Any]:
    from bcd138.cases.services.access import cases_visible_to

    return cases_visible_to(user)


def evidence_kinds() -> dict[str, EvidenceKind]:
    """The kinds of record a proposal may cite; the movement's records join when
    that module provides its access helpers (`movement.access.*_visible_to`)."""
    kinds = [
        EvidenceKind(
            "report",
            gettext_lazy("Crime report that led to a case"),
            "intake.CrimeReport",
            _reports,
            code_field="tracking_code",
            url_name="intake:detail",
            refuse=_report_refusal,
        ),
        EvidenceKind(
            "case",
            gettext_lazy("Criminal case"),
            "cases.Case",
            _cases,
            code_field="number",
            url_name="cases:detail",
        ),
        *_movement_kinds(),
    ]
    return {k.key: k for k in kinds}


# The movement's records, when that module is installed: (key, label, model,
# its detail page's URL name, whether a recognition must have been "đạt").
MOVEMENT_KINDS = [
    ("model", gettext_lazy("Movement model"), "movement.MovementModel", "model"),
    (
        "exemplary",
        gettext_lazy("Exemplary person or collective"),
        "movement.Exemplary",
        "person",
    ),
    (
        "outreach",
        gettext_lazy("Outreach session"),
        "movement.OutreachSession",
        "session",
    ),
    (
        "recognition",
        gettext_lazy("“Safe on security and order” recognition"),
        "movement.SafetyRecognition",
        "recognition",
    ),
]


def _recognition_refusal(recognition: Any) -> str | None:
    if getattr(recognition, "result", "") != "met":
        return _("Only a recognition decided “đạt” can be cited.")
    return None


def _movement_kinds() -> list[EvidenceKind]:
    """The movement's records, seen through its own access layer
    (`movement.access.visible`)."""
    if not apps.is_installed("bcd138.movement"):
        return []
    try:
        movement_access = importlib.import_module("bcd138.movement.access")
    except ImportError:
        return []
    visible = getattr(movement_access, "visible", None)
    if not callable(visible):
        return []
    found = []
    for key, label, model, page in MOVEMENT_KINDS:
        try:
            manager = apps.get_model(model)._default_manager
        except LookupError:
            continue
        found.append(
            EvidenceKind(
                key,
                label,
                model,
                functools.partial(_movement_visible, visible, manager),
                url_name=f"movement:{page}",
                refuse=_recognition_refusal if key == "recognition" else None,
            )
        )
    return found


def _movement_visible(visible: Any, manager: Any, user: Any) -> QuerySet[Any]:
    result: QuerySet[Any] = visible(manager.all(), user)
    return result


def kind_of(link: EvidenceLink) -> EvidenceKind | None:
    model = link.content_type.model_class()
    for kind in evidence_kinds().values():
        if kind.model_class() is model:
            return kind
    return None


# ---- linking -----------------------------------------------------------------------


def may_add_evidence(user: Any, proposal: Proposal) -> bool:
    """The proposer while the proposal can be edited; the standing office until
    it is decided."""
    if awards_access.manages(user, proposal.campaign):
        return proposal.state not in (ProposalState.DECIDED, ProposalState.WITHDRAWN)
    return awards_access.is_proposer_of(user, proposal) and proposal.state in EDITABLE


def _find(kind: EvidenceKind, user: Any, reference: str) -> Any:
    ref = reference.strip()
    if not ref:
        raise DomainError(_("Give the record's code, number or id."), code="reference")
    everything = kind.model_class()._default_manager.all()
    lookups: list[dict[str, Any]] = []
    if kind.code_field:
        lookups.append({f"{kind.code_field}__iexact": ref})
    if ref.isdigit():
        lookups.append({"pk": int(ref)})
    for lookup in lookups:
        seen = list(kind.visible(user).filter(**lookup)[:2])
        if len(seen) > 1:
            raise DomainError(
                _("Several records have that number; give the id."), code="ambiguous"
            )
        if seen:
            return seen[0]
        hidden = everything.filter(**lookup).first()
        if hidden is not None:
            audit.record("access.denied", actor=user, obj=hidden, with_repr=False)
    raise DomainError(
        _("No %(kind)s with that reference among the records you can see.")
        % {"kind": str(kind.label).lower()},
        code="evidence_not_found",
    )


def proposal_evidence_link(
    proposal: Proposal,
    *,
    by: Any,
    kind: str,
    reference: str,
    note: str = "",
    on: datetime.date | None = None,
) -> EvidenceLink:
    """Cite the record of `kind` found by `reference` among those `by` sees.

    The lookup runs before the transaction: asking for an existing record out of
    reach leaves its `access.denied` entry even though the link is refused."""
    awards_access.require(awards_access.may_edit(by, proposal))
    if not may_add_evidence(by, proposal):
        raise DomainError(
            _("Evidence can no longer be added to this proposal."), code="state"
        )
    found = evidence_kinds().get(kind)
    if found is None:
        raise DomainError(_("Unknown kind of record."), code="evidence_kind")
    obj = _find(found, by, reference)
    refusal = found.refuse(obj) if found.refuse else None
    if refusal:
        raise DomainError(refusal, code="evidence_refused")
    return _link(proposal, by=by, kind=found, obj=obj, note=note, on=day(on))


@transaction.atomic
def _link(
    proposal: Proposal,
    *,
    by: Any,
    kind: EvidenceKind,
    obj: Any,
    note: str,
    on: datetime.date,
) -> EvidenceLink:
    content_type = ContentType.objects.get_for_model(obj)
    if EvidenceLink.objects.filter(
        proposal=proposal, content_type=content_type, object_id=obj.pk
    ).exists():
        raise DomainError(_("This record is already cited."), code="evidence_twice")
    link = EvidenceLink.objects.create(
        proposal=proposal,
        content_type=content_type,
        object_id=obj.pk,
        label=kind.describe(obj),
        note=note.strip()[:300],
        added_by=by if getattr(by, "is_authenticated", False) else None,
    )
    step(
        proposal,
        kind=EventKind.EVIDENCE,
        on=on,
        by=by,
        changes={"evidence": f"{content_type.app_label}.{content_type.model}:{obj.pk}"},
    )
    return link


@transaction.atomic
def proposal_evidence_unlink(link: EvidenceLink, *, by: Any) -> None:
    proposal = link.proposal
    awards_access.require(awards_access.may_edit(by, proposal))
    if not may_add_evidence(by, proposal):
        raise DomainError(
            _("Evidence can no longer be changed on this proposal."), code="state"
        )
    audit.record(
        "award_proposal.evidence_removed",
        actor=by,
        obj=proposal,
        place=proposal.place,
        changes={"evidence": link.label},
    )
    link.delete()


@dataclass(frozen=True)
class EvidenceRow:
    link: EvidenceLink
    kind_label: str
    url: str | None


def evidence_rows(proposal: Proposal, user: Any) -> list[EvidenceRow]:
    """The links, each with its page when the viewer may see the record too."""
    links = list(proposal.evidence.select_related("content_type"))
    kinds = evidence_kinds()
    by_model = {k.model_class(): k for k in kinds.values()}
    seen: dict[type[models.Model], set[int]] = {}
    for cls, kind in by_model.items():
        ids = [
            link.object_id for link in links if link.content_type.model_class() is cls
        ]
        if ids:
            seen[cls] = set(
                kind.visible(user).filter(pk__in=ids).values_list("pk", flat=True)
            )
    rows = []
    for link in links:
        model = link.content_type.model_class()
        found = by_model.get(model) if model is not None else None
        url: str | None = None
        if found and model is not None and link.object_id in seen.get(model, set()):
            url = found.url_for(link.object_id)
        label = str(found.label) if found else str(link.content_type)
        rows.append(EvidenceRow(link, label, url))
    return rows


# ---- files -------------------------------------------------------------------------


@contextlib.contextmanager
def _removed_on_error(written: list[str]) -> Iterator[None]:
    """Files written before the transaction fails would stay on disk with no row
    pointing at them; remove them."""
    try:
        yield
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise


def proposal_files_add(
    proposal: Proposal, *, by: Any, files: list[CleanFile]
) -> list[ProposalFile]:
    """Attach checked files (core.uploads.clean_uploads_configured)."""
    awards_access.require(awards_access.may_edit(by, proposal))
    if not may_add_evidence(by, proposal):
        raise DomainError(
            _("Files can no longer be added to this proposal."), code="state"
        )
    if not files:
        raise DomainError(_("Choose a file."), code="file")
    written: list[str] = []
    with _removed_on_error(written), transaction.atomic():
        stored = []
        for clean in files:
            item = ProposalFile(
                proposal=proposal,
                original_name=clean.original_name[:200],
                content_type=clean.content_type,
                size=clean.size,
                sha256=clean.sha256,
                metadata_stripped=clean.metadata_stripped,
                added_by=by if getattr(by, "is_authenticated", False) else None,
            )
            item.file.save(
                f"{clean.sha256[:24]}.{clean.extension}",
                ContentFile(clean.content),
                save=False,
            )
            written.append(item.file.name)
            item.save()
            stored.append(item)
        when = max(day(None), proposal.last_step_on)
        step(
            proposal,
            kind=EventKind.FILE,
            on=when,
            by=by,
            changes={"files": [f.original_name for f in stored]},
        )
    return stored

"""Alerts raised by a run, and their follow-up (issue 5, part 3).

A run raises an alert for a commune of its province when
- the commune's Emerging Hot Spot pattern is new, consecutive or intensifying hot
  (`WARNING_PATTERNS`), or
- the commune holds one of the run's top-ranked forecast cells (the top 1% of the
  study area's cells, at least the top 10) and held none in the previous
  successful run of the same province and kind of crime (the first run of a
  province has nothing to compare with and raises none for this reason).
A commune that already has an open alert of the same kind gets it folded in:
one more repeat, the union of the reasons, the latest evidence, a REPEATED note.

The evidence holds counts, statistics, places and the tracking codes / case
numbers of the events behind the signal: never a name or a description.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bcd138.core import audit
from bcd138.core.errors import DomainError
from bcd138.hotspots import access
from bcd138.hotspots.models import (
    WARNING_PATTERNS,
    Alert,
    AlertNote,
    AlertReason,
    AlertStatus,
    NoteKind,
    PlaceTrend,
    RiskCell,
    Run,
)

FOLLOW_UP_KINDS = (
    NoteKind.PATROL,
    NoteKind.OUTREACH,
    NoteKind.CASE_OPENED,
    NoteKind.NOTE,
)
NOTE_MAX = 4000
EVIDENCE_CELLS = 20

_REASON_ORDER = {reason.value: i for i, reason in enumerate(AlertReason)}
# A commune whose pattern is forming only because its neighbours' events make its
# neighbourhood hot (Gi* counts the neighbours) raises no alert: it needs this
# many events of its own in its trailing run of significant hot steps.
MIN_OWN_EVENTS = 3
ALPHA = 0.05  # the EHSA's significance level (FDR-adjusted p)


def hot_run_events(
    counts: Sequence[float], gi: Sequence[float], p: Sequence[float]
) -> int:
    """The commune's own events in its trailing run of significant hot steps."""
    total = 0.0
    for count, z, q in zip(reversed(counts), reversed(gi), reversed(p), strict=True):
        if not (z > 0 and q <= ALPHA):
            break
        total += count
    return int(total)


def is_forming(
    pattern: str, counts: Sequence[float], gi: Sequence[float], p: Sequence[float]
) -> bool:
    """A warning pattern backed by the commune's own events: raises an alert."""
    warning = {str(w) for w in WARNING_PATTERNS}
    return pattern in warning and hot_run_events(counts, gi, p) >= MIN_OWN_EVENTS


def _top_ranks(run: Run) -> int:
    from bcd138.hotspots.services.runs import alert_top_count

    stored = run.parameters.get("alert_top_ranks") if run.parameters else None
    return int(stored) if stored else alert_top_count(run.active_cells)


def _top_communes(run: Run) -> dict[int, list[RiskCell]]:
    ranks = _top_ranks(run)
    result: dict[int, list[RiskCell]] = {}
    for cell in run.cells.filter(rank__lte=ranks, commune__isnull=False):
        if cell.commune_id is not None:
            result.setdefault(cell.commune_id, []).append(cell)
    return result


def alerts_from_run(
    run: Run, *, evidence: dict[int, dict[str, Any]] | None = None
) -> list[Alert]:
    """Raise or fold the alerts of a successful run (called inside its
    transaction). `evidence` adds, per commune id, the refs of its events."""
    from bcd138.hotspots.services.runs import previous_run

    trends = {t.place_id: t for t in PlaceTrend.objects.filter(run=run)}
    reasons: dict[int, set[str]] = {}
    for commune, trend in trends.items():
        if is_forming(trend.pattern, trend.counts, trend.gi, trend.p):
            reasons.setdefault(commune, set()).add(trend.pattern)
    top_now = _top_communes(run)
    before = previous_run(run)
    if before is not None:
        held = set(_top_communes(before))
        for commune in set(top_now) - held:
            reasons.setdefault(commune, set()).add(AlertReason.TOP_CELLS.value)
    extra = evidence or {}
    alerts = []
    for commune in sorted(reasons):
        data = _evidence(
            run, trends.get(commune), top_now.get(commune, []), extra.get(commune)
        )
        alerts.append(_raise_or_fold(run, commune, reasons[commune], data))
    return alerts


def _evidence(
    run: Run,
    trend: PlaceTrend | None,
    cells: list[RiskCell],
    extra: dict[str, Any] | None,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "run": run.pk,
        "data_cutoff": run.data_cutoff.isoformat(),
        "crime_type": run.crime_type,
        "step": run.step,
        "step_starts": list((run.parameters or {}).get("step_starts", [])),
        "pattern": trend.pattern if trend else "",
        "counts": list(trend.counts) if trend else [],
        "gi": list(trend.gi) if trend else [],
        "p": list(trend.p) if trend else [],
        "tau": trend.tau if trend else None,
        "trend_p": trend.trend_p if trend else None,
        "total": trend.total if trend else 0,
        "at_centroid": trend.at_centroid if trend else 0,
        "trend_rank": trend.rank if trend else None,
        "top_cells": [
            {
                "rank": c.rank,
                "share": round(c.share, 6),
                "risk": round(c.risk, 4),
                "lat": c.latitude,
                "lon": c.longitude,
                "recent_events": c.recent_events,
            }
            for c in sorted(cells, key=lambda c: c.rank)[:EVIDENCE_CELLS]
        ],
        "refs": [],
        "refs_total": 0,
        "refs_since": "",
    }
    if extra:
        data.update(
            refs=list(extra.get("refs", [])),
            refs_total=int(extra.get("refs_total", 0)),
            refs_since=str(extra.get("refs_since", "")),
        )
    return data


def _ordered(reasons: set[str]) -> list[str]:
    return sorted(reasons, key=lambda r: _REASON_ORDER.get(r, 99))


def _raise_or_fold(
    run: Run, commune_id: int, reasons: set[str], evidence: dict[str, Any]
) -> Alert:
    now = timezone.now()
    alert = (
        Alert.objects.select_for_update()
        .filter(commune_id=commune_id, crime_type=run.crime_type)
        .exclude(status=AlertStatus.CLOSED)
        .first()
    )
    if alert is not None:
        alert.repeats += 1
        alert.last_run = run
        alert.updated_at = now
        alert.reasons = _ordered(set(alert.reasons) | reasons)
        alert.evidence = evidence
        alert.save()
        AlertNote.objects.create(alert=alert, kind=NoteKind.REPEATED, run=run)
        audit.record(
            "hotspots.alert_repeat",
            obj=alert,
            place=alert.commune,
            changes={"run": run.pk, "reasons": sorted(reasons)},
        )
        return alert
    alert = Alert.objects.create(
        province_id=run.province_id,
        commune_id=commune_id,
        crime_type=run.crime_type,
        reasons=_ordered(reasons),
        first_run=run,
        last_run=run,
        raised_at=now,
        updated_at=now,
        evidence=evidence,
    )
    AlertNote.objects.create(alert=alert, kind=NoteKind.RAISED, run=run)
    audit.record(
        "hotspots.alert_raise",
        obj=alert,
        place=alert.commune,
        changes={"run": run.pk, "reasons": alert.reasons},
    )
    return alert


# ---- follow-up ---------------------------------------------------------------


def _author(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def _locked(user: Any, alert: Alert) -> Alert:
    """The alert, locked and re-read; refused to outsiders and when closed."""
    if not access.may_act_on_alert(user, alert):
        raise DomainError(
            _(
                "Only the standing office of the province or the police of the "
                "commune may act on this alert."
            ),
            code="forbidden",
            status=403,
        )
    fresh = Alert.objects.select_for_update().get(pk=alert.pk)
    if fresh.status == AlertStatus.CLOSED:
        raise DomainError(
            _("This alert is closed; a new signal will raise a new alert."),
            code="alert_closed",
            status=409,
        )
    return fresh


def _sync(alert: Alert, fresh: Alert) -> None:
    for name in ("status", "assignee_id", "closed_at", "updated_at"):
        setattr(alert, name, getattr(fresh, name))
    if "assignee" in alert._state.fields_cache:
        alert._state.fields_cache.pop("assignee")


@transaction.atomic
def alert_acknowledge(*, user: Any, alert: Alert) -> Alert:
    fresh = _locked(user, alert)
    if fresh.status != AlertStatus.OPEN:
        raise DomainError(
            _("This alert has already been acknowledged."),
            code="alert_acknowledged",
            status=409,
        )
    fresh.status = AlertStatus.ACKNOWLEDGED
    fresh.save(update_fields=["status"])
    AlertNote.objects.create(
        alert=fresh, kind=NoteKind.ACKNOWLEDGED, author=_author(user)
    )
    audit.record(
        "hotspots.alert_acknowledge",
        actor=user,
        obj=fresh,
        place=fresh.commune,
        changes={"status": [AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED]},
    )
    _sync(alert, fresh)
    return alert


def may_be_assigned(assignee: Any, alert: Alert) -> bool:
    """The police of the alert's commune or the standing office of its province."""
    return bool(
        getattr(assignee, "is_active", False)
        and getattr(assignee, "pk", None) is not None
        and access.may_act_on_alert_by_grants(assignee, alert)
    )


@transaction.atomic
def alert_assign(*, user: Any, alert: Alert, assignee: Any) -> Alert:
    fresh = _locked(user, alert)
    if not may_be_assigned(assignee, fresh):
        raise DomainError(
            _(
                "The alert can be assigned only to an active officer of the "
                "commune's police or of the province's standing office."
            ),
            code="assignee_outside",
        )
    before = fresh.assignee_id
    fresh.assignee = assignee
    fresh.save(update_fields=["assignee"])
    AlertNote.objects.create(
        alert=fresh,
        kind=NoteKind.ASSIGNED,
        text=assignee.get_full_name() or assignee.get_username(),
        author=_author(user),
    )
    audit.record(
        "hotspots.alert_assign",
        actor=user,
        obj=fresh,
        place=fresh.commune,
        changes={"assignee": [before, assignee.pk]},
    )
    _sync(alert, fresh)
    return alert


def _text(text: str, *, required: bool) -> str:
    cleaned = (text or "").strip()
    if required and not cleaned:
        raise DomainError(_("Write what was done."), code="note_empty")
    if len(cleaned) > NOTE_MAX:
        raise DomainError(
            _("A note is at most %(n)d characters.") % {"n": NOTE_MAX},
            code="note_too_long",
        )
    return cleaned


@transaction.atomic
def alert_note_add(*, user: Any, alert: Alert, kind: str, text: str) -> AlertNote:
    fresh = _locked(user, alert)
    if kind not in {k.value for k in FOLLOW_UP_KINDS}:
        raise DomainError(
            _("Choose a patrol, outreach, a case opened or a note."),
            code="note_kind",
        )
    note = AlertNote.objects.create(
        alert=fresh, kind=kind, text=_text(text, required=True), author=_author(user)
    )
    audit.record(
        "hotspots.alert_note",
        actor=user,
        obj=fresh,
        place=fresh.commune,
        changes={"kind": kind},
    )
    _sync(alert, fresh)
    return note


@transaction.atomic
def alert_close(*, user: Any, alert: Alert, text: str) -> Alert:
    fresh = _locked(user, alert)
    cleaned = _text(text, required=True)
    before = fresh.status
    fresh.status = AlertStatus.CLOSED
    fresh.closed_at = timezone.now()
    fresh.save(update_fields=["status", "closed_at"])
    AlertNote.objects.create(
        alert=fresh, kind=NoteKind.CLOSED, text=cleaned, author=_author(user)
    )
    audit.record(
        "hotspots.alert_close",
        actor=user,
        obj=fresh,
        place=fresh.commune,
        changes={"status": [before, AlertStatus.CLOSED]},
    )
    _sync(alert, fresh)
    return alert

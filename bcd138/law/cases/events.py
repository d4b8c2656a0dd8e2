"""What happens to a case: the events, the steps of the limits and their literals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal

from bcd138.law.cases.rules import CaseCategory

__all__ = [
    "CaseEvent",
    "CaseEventKind",
    "CaseLimitChange",
    "Holder",
    "LimitKind",
    "Phase",
    "Stage",
]

Stage = Literal["investigation", "prosecution", "trial_preparation", "trial", "closed"]
Phase = Literal["running", "suspended", "concluded", "in_transit", "closed"]
Holder = Literal["police", "procuracy", "court", "closed"]
LimitKind = Literal["base", "supplementary", "resumed", "after_return", "none"]


class CaseEventKind(StrEnum):
    """What happened to the case; the values are stored by the Django layer."""

    INSTITUTED = "instituted"  # khởi tố vụ án: the investigation clock starts
    ACCUSED_CHARGED = "accused_charged"  # khởi tố bị can
    CHARGES_CHANGED = "charges_changed"  # carries the new category
    INVESTIGATION_EXTENDED = "investigation_extended"  # until; supreme flag
    INVESTIGATION_SUSPENDED = "investigation_suspended"
    INVESTIGATION_RESUMED = "investigation_resumed"
    INVESTIGATION_CONCLUDED = "investigation_concluded"  # kết luận điều tra
    FILE_SENT_TO_PROCURACY = "file_sent_to_procuracy"
    FILE_RECEIVED_BY_PROCURACY = "file_received_by_procuracy"  # Điều 240 starts
    PROSECUTION_EXTENDED = "prosecution_extended"  # until
    INDICTED = "indicted"  # truy tố
    RETURNED_FOR_SUPPLEMENTARY_INVESTIGATION = (
        "returned_for_supplementary_investigation"
    )
    FILE_SENT_TO_COURT = "file_sent_to_court"
    FILE_RECEIVED_BY_COURT = "file_received_by_court"  # thụ lý: Điều 277 starts
    TRIAL_PREPARATION_EXTENDED = "trial_preparation_extended"  # until
    BROUGHT_TO_TRIAL = "brought_to_trial"
    JUDGMENT = "judgment"  # first instance
    SUSPENDED = "suspended"  # tạm đình chỉ vụ án, by the procuracy or the court
    TERMINATED = "terminated"  # đình chỉ
    CORRECTION = "correction"  # no effect on the clock


K = CaseEventKind


@dataclass(frozen=True)
class CaseEvent:
    kind: CaseEventKind
    on: date
    until: date | None = None  # the new last day, for the three extensions only
    category: CaseCategory | None = None  # the new category, CHARGES_CHANGED only
    supreme: bool = False  # INVESTIGATION_EXTENDED by the VKSNDTC (Điều 172.3)


@dataclass(frozen=True)
class CaseLimitChange:
    """One step in the life of the limits, for the history shown to officers."""

    on: date
    kind: CaseEventKind
    stage: Stage
    deadline_before: date | None
    deadline_after: date | None
    note: str

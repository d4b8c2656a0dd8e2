"""Schemas of the hot-spot API. Evidence and notes carry codes, counts and
places only, never a citizen's name."""

import datetime
from typing import Any, Literal

from ninja import Field, Schema

from bcd138.hotspots.models import Alert, AlertNote, PlaceTrend, Run
from bcd138.hotspots.services import mapdata


class HotspotPlaceRef(Schema):
    id: int
    code: str
    name: str


def place_ref(place: Any) -> dict[str, Any] | None:
    if place is None:
        return None
    return {"id": place.pk, "code": place.code, "name": place.name}


class UserRef(Schema):
    id: int
    name: str


def user_ref(user: Any) -> dict[str, Any] | None:
    return None if user is None else {"id": user.pk, "name": user.display_name}


class RunOut(Schema):
    id: int
    province: HotspotPlaceRef
    crime_type: str = Field(description="Empty: every kind of crime.")
    trigger: str
    status: str
    started_at: datetime.datetime
    finished_at: datetime.datetime | None
    data_cutoff: datetime.datetime = Field(
        description="Only events recorded before this moment were used."
    )
    method: str
    horizon_days: int
    cell_metres: int
    step: str
    steps: int
    active_cells: int
    events_used: int
    events_at_centroid: int = Field(
        description="Events placed at their commune's centroid (no coordinates)."
    )
    events_without_place: int
    error: str

    @staticmethod
    def resolve_province(obj: Run) -> dict[str, Any] | None:
        return place_ref(obj.province)


class RunDetailOut(RunOut):
    epsg: int | None
    grid_x0: float | None
    grid_y0: float | None
    grid_nx: int | None
    grid_ny: int | None
    step_starts: list[datetime.date]
    parameters: dict[str, Any]

    @staticmethod
    def resolve_step_starts(obj: Run) -> list[datetime.date]:
        return mapdata.step_starts(obj)


class RunFiltersIn(Schema):
    province: str | None = Field(None, description="2025 code of the province.")
    crime_type: str | None = Field(
        None, description="A kind of crime; empty string for all kinds together."
    )
    status: Literal["running", "succeeded", "failed"] | None = None


class RunStartIn(Schema):
    province: str = Field(description="2025 code of the province.")
    crime_type: str = Field("", description="Empty: every kind of crime.")


class TrendOut(Schema):
    place: HotspotPlaceRef
    rank: int
    pattern: str
    counts: list[int]
    gi: list[float | None] = Field(description="Gi* z-score per step, oldest first.")
    p: list[float | None] = Field(description="FDR-adjusted p-value per step.")
    tau: float | None = Field(description="Mann-Kendall tau of the Gi* series.")
    trend_p: float | None
    total: int
    at_centroid: int

    @staticmethod
    def resolve_place(obj: PlaceTrend) -> dict[str, Any] | None:
        return place_ref(obj.place)

    @staticmethod
    def resolve_gi(obj: PlaceTrend) -> list[float | None]:
        return mapdata.finite_list(obj.gi or [])

    @staticmethod
    def resolve_p(obj: PlaceTrend) -> list[float | None]:
        return mapdata.finite_list(obj.p or [])

    @staticmethod
    def resolve_tau(obj: PlaceTrend) -> float | None:
        return mapdata.finite(obj.tau)

    @staticmethod
    def resolve_trend_p(obj: PlaceTrend) -> float | None:
        return mapdata.finite(obj.trend_p)


class AlertOut(Schema):
    id: int
    province: HotspotPlaceRef
    commune: HotspotPlaceRef
    crime_type: str
    status: str
    reasons: list[str]
    raised_at: datetime.datetime
    updated_at: datetime.datetime = Field(description="The latest signal.")
    repeats: int
    assignee: UserRef | None
    closed_at: datetime.datetime | None
    first_run: int = Field(alias="first_run_id")
    last_run: int = Field(alias="last_run_id")

    @staticmethod
    def resolve_province(obj: Alert) -> dict[str, Any] | None:
        return place_ref(obj.province)

    @staticmethod
    def resolve_commune(obj: Alert) -> dict[str, Any] | None:
        return place_ref(obj.commune)

    @staticmethod
    def resolve_assignee(obj: Alert) -> dict[str, Any] | None:
        return user_ref(obj.assignee)


class AlertNoteOut(Schema):
    id: int
    kind: str
    text: str
    run: int | None = Field(alias="run_id")
    author: UserRef | None
    at: datetime.datetime

    @staticmethod
    def resolve_author(obj: AlertNote) -> dict[str, Any] | None:
        return user_ref(obj.author)


class AlertDetailOut(AlertOut):
    evidence: dict[str, Any] = Field(
        description="Counts, Gi*, p and trend per step, the top cells, and the "
        "tracking codes / case numbers of the events behind the signal."
    )
    notes: list[AlertNoteOut]

    @staticmethod
    def resolve_notes(obj: Alert) -> list[Any]:
        return list(obj.notes.select_related("author"))


class AlertFiltersIn(Schema):
    status: Literal["open", "acknowledged", "closed", "all"] | None = Field(
        None, description="Default: every alert not closed."
    )
    commune: str | None = Field(None, description="2025 code of the commune.")
    reason: str | None = Field(
        None, description="new_hot, consecutive_hot, intensifying_hot or top_cells."
    )
    crime_type: str | None = None


class AlertAssignIn(Schema):
    assignee: int = Field(
        description="Id of an officer of the commune's police "
        "or of the province's standing office."
    )


class AlertNoteIn(Schema):
    kind: Literal["patrol", "outreach", "case_opened", "note"]
    text: str = Field(max_length=4000)


class AlertCloseIn(Schema):
    text: str = Field(max_length=4000, description="Why the alert is closed.")

"""Stored results of the hot-spot analysis in the platform (issue 5, part 3).

A `Run` is one analysis of one current province (optionally one kind of crime)
with the data cut-off it used. A successful run stores the top forecast cells
(`RiskCell`) and the Emerging Hot Spot Analysis of every commune with events
(`PlaceTrend`); a failed run stores only its error, and the province keeps
showing its previous successful run. An `Alert` is raised for a commune whose
pattern is a forming hot spot or that enters the top forecast cells; repeats
for the same commune are folded into the open alert. Its follow-up is an
append-only list of `AlertNote`s.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bcd138.core.models import AppendOnlyModel
from bcd138.places.models import Place


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class RunTrigger(models.TextChoices):
    SCHEDULE = "schedule", _("Scheduled")
    MANUAL = "manual", _("Started by an officer")
    DEMO = "demo", _("Demo data")


class Step(models.TextChoices):
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")


class Pattern(models.TextChoices):
    """The categories of Emerging Hot Spot Analysis (engine names)."""

    NEW_HOT = "new_hot", _("New hot spot")
    CONSECUTIVE_HOT = "consecutive_hot", _("Consecutive hot spot")
    INTENSIFYING_HOT = "intensifying_hot", _("Intensifying hot spot")
    PERSISTENT_HOT = "persistent_hot", _("Persistent hot spot")
    DIMINISHING_HOT = "diminishing_hot", _("Diminishing hot spot")
    SPORADIC_HOT = "sporadic_hot", _("Sporadic hot spot")
    OSCILLATING_HOT = "oscillating_hot", _("Oscillating hot spot")
    HISTORICAL_HOT = "historical_hot", _("Historical hot spot")
    NEW_COLD = "new_cold", _("New cold spot")
    CONSECUTIVE_COLD = "consecutive_cold", _("Consecutive cold spot")
    INTENSIFYING_COLD = "intensifying_cold", _("Intensifying cold spot")
    PERSISTENT_COLD = "persistent_cold", _("Persistent cold spot")
    DIMINISHING_COLD = "diminishing_cold", _("Diminishing cold spot")
    SPORADIC_COLD = "sporadic_cold", _("Sporadic cold spot")
    OSCILLATING_COLD = "oscillating_cold", _("Oscillating cold spot")
    HISTORICAL_COLD = "historical_cold", _("Historical cold spot")
    NO_PATTERN = "no_pattern", _("No pattern")


# A hot spot forming: these raise alerts.
WARNING_PATTERNS = (Pattern.NEW_HOT, Pattern.CONSECUTIVE_HOT, Pattern.INTENSIFYING_HOT)


class Run(models.Model):
    province = models.ForeignKey(
        Place,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Blank: every kind of crime. Otherwise an intake.CrimeType value.
    crime_type = models.CharField(_("kind of crime"), max_length=20, blank=True)
    trigger = models.CharField(
        _("started by"), max_length=10, choices=RunTrigger.choices
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING
    )
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Only events recorded before this moment were used; the forecast covers
    # [cutoff day, cutoff day + horizon).
    data_cutoff = models.DateTimeField(_("data cut-off"))
    # The analysis settings it used.
    method = models.CharField(_("forecast method"), max_length=20, default="auto")
    horizon_days = models.PositiveSmallIntegerField(_("forecast horizon (days)"))
    cell_metres = models.PositiveIntegerField(_("cell size (metres)"))
    step = models.CharField(_("time step"), max_length=6, choices=Step.choices)
    steps = models.PositiveSmallIntegerField(_("number of time steps"))
    # The grid: projection (EPSG code) and raster geometry, enough to draw any cell.
    epsg = models.PositiveIntegerField(null=True, blank=True)
    grid_x0 = models.FloatField(null=True, blank=True)
    grid_y0 = models.FloatField(null=True, blank=True)
    grid_nx = models.PositiveIntegerField(null=True, blank=True)
    grid_ny = models.PositiveIntegerField(null=True, blank=True)
    active_cells = models.PositiveIntegerField(_("cells in the study area"), default=0)
    # What went in.
    events_used = models.PositiveIntegerField(_("events used"), default=0)
    events_at_centroid = models.PositiveIntegerField(
        _("events placed at the commune centroid"), default=0
    )
    events_without_place = models.PositiveIntegerField(
        _("events without a usable place"), default=0
    )
    parameters = models.JSONField(_("fitted parameters"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("hot-spot analysis run")
        verbose_name_plural = _("hot-spot analysis runs")
        ordering = ["-started_at", "-pk"]
        indexes = [
            models.Index(
                fields=["province", "crime_type", "status", "-data_cutoff"],
                name="hotspots_run_latest",
            )
        ]

    def __str__(self) -> str:
        return f"{self.province} {self.crime_type or '*'} {self.data_cutoff:%Y-%m-%d}"


class RiskCell(models.Model):
    """One of the run's top forecast cells (ranked; only the top few per cent
    are stored)."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="cells")
    cell = models.PositiveIntegerField()  # raster index: row * grid_nx + col
    rank = models.PositiveIntegerField()  # 1 = highest risk
    risk = models.FloatField()
    share = models.FloatField()  # this cell's share of the province's forecast risk
    latitude = models.FloatField()  # centre
    longitude = models.FloatField()
    commune = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recent_events = models.PositiveIntegerField(default=0)  # in the last step

    class Meta:
        ordering = ["run", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["run", "cell"], name="hotspots_cell_once"),
            models.UniqueConstraint(fields=["run", "rank"], name="hotspots_rank_once"),
        ]

    def __str__(self) -> str:
        return f"{self.run_id} #{self.rank}"


class PlaceTrend(models.Model):
    """Emerging Hot Spot Analysis of one current commune in a run; every
    intermediate statistic is kept."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="trends")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+")
    pattern = models.CharField(max_length=20, choices=Pattern.choices)
    counts = models.JSONField(default=list)  # events per step, oldest first
    gi = models.JSONField(default=list)  # Gi* z-score per step
    p = models.JSONField(default=list)  # FDR-adjusted p-value per step
    tau = models.FloatField(null=True, blank=True)  # Mann-Kendall of the Gi* series
    trend_p = models.FloatField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    at_centroid = models.PositiveIntegerField(default=0)  # of `total`
    rank = models.PositiveIntegerField()  # 1 = most worrying (see services)

    class Meta:
        ordering = ["run", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["run", "place"], name="hotspots_trend_once")
        ]

    def __str__(self) -> str:
        return f"{self.run_id} {self.place_id} {self.pattern}"


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    CLOSED = "closed", _("Closed")


class AlertReason(models.TextChoices):
    NEW_HOT = "new_hot", _("New hot spot")
    CONSECUTIVE_HOT = "consecutive_hot", _("Consecutive hot spot")
    INTENSIFYING_HOT = "intensifying_hot", _("Intensifying hot spot")
    TOP_CELLS = "top_cells", _("Entered the top forecast cells")


class AlertQuerySet(models.QuerySet["Alert"]):
    def open(self) -> AlertQuerySet:
        return self.exclude(status=AlertStatus.CLOSED)


class Alert(models.Model):
    province = models.ForeignKey(
        Place, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    commune = models.ForeignKey(
        Place, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    crime_type = models.CharField(_("kind of crime"), max_length=20, blank=True)
    status = models.CharField(
        _("status"),
        max_length=14,
        choices=AlertStatus.choices,
        default=AlertStatus.OPEN,
    )
    reasons = models.JSONField(_("reasons"), default=list)  # AlertReason values
    first_run = models.ForeignKey(Run, on_delete=models.PROTECT, related_name="+")
    last_run = models.ForeignKey(Run, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(_("raised at"))
    updated_at = models.DateTimeField(_("last signal at"))
    repeats = models.PositiveIntegerField(_("runs that repeated it"), default=0)
    # The latest evidence: counts per step, Gi*, p, trend, the top cells, and
    # the events behind it (report tracking codes and case numbers only).
    evidence = models.JSONField(_("evidence"), default=dict)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("hot-spot alert")
        verbose_name_plural = _("hot-spot alerts")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            # Folding: at most one open alert per commune and kind of crime.
            models.UniqueConstraint(
                fields=["commune", "crime_type"],
                condition=~models.Q(status="closed"),
                name="hotspots_one_open_alert",
            )
        ]
        indexes = [
            models.Index(
                fields=["province", "status", "-updated_at"],
                name="hotspots_alert_queue",
            )
        ]

    def __str__(self) -> str:
        return f"{self.commune} {self.crime_type or '*'}"


class NoteKind(models.TextChoices):
    RAISED = "raised", _("Alert raised")
    REPEATED = "repeated", _("Signal repeated")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ASSIGNED = "assigned", _("Assigned")
    PATROL = "patrol", _("Patrol")
    OUTREACH = "outreach", _("Outreach")
    CASE_OPENED = "case_opened", _("Case opened")
    NOTE = "note", _("Note")
    CLOSED = "closed", _("Closed")


class AlertNote(AppendOnlyModel):
    """The alert's history and follow-up, never changed."""

    alert = models.ForeignKey(Alert, on_delete=models.PROTECT, related_name="notes")
    kind = models.CharField(_("kind"), max_length=14, choices=NoteKind.choices)
    text = models.TextField(_("note"), blank=True)
    run = models.ForeignKey(
        Run, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["alert", "at", "pk"]

"""The audit log: an append-only record of every write and every reveal.

Rows are never updated or deleted: the model refuses it, the admin offers no way
to, and database triggers (migration 0002) refuse it even to raw SQL.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyModel(models.Model):
    """A row written once and never changed or deleted: a mistake is mended by a
    new row (a correction), so the history stays as it was recorded."""

    append_only_message = "This record is append-only; add a correction."

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError(self.append_only_message)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise RuntimeError(self.append_only_message)


class AuditEntry(AppendOnlyModel):
    """Who did what to which object, when, from where and why."""

    append_only_message = "Audit entries are append-only."

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Kept as text too, so the entry reads the same if the account is renamed.
    actor_label = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(
        _("source"), max_length=20, help_text=_("web, api, cli, task or admin")
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    changes = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"


class CalendarDay(models.Model):
    """A day the government declared off (nghỉ bù) or a make-up working day.

    Public holidays, lunar Tết included, come from the `holidays` package; this
    table holds the yearly exceptions that the package cannot know.
    """

    day = models.DateField(_("day"), unique=True)
    is_day_off = models.BooleanField(
        _("day off"),
        default=True,
        help_text=_("Unticked: a working day that replaces a day off."),
    )
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.name}"


class RateCounter(models.Model):
    """Requests counted per key and fixed window, shared by every app server.

    The key is a keyed hash of the client (never the raw address); rows of past
    windows are deleted as new windows start.
    """

    key = models.CharField(max_length=64)
    window = models.PositiveIntegerField(help_text="seconds")
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["key", "window_start"], name="core_unique_rate_window"
            )
        ]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.key[:8]}… {self.count}"

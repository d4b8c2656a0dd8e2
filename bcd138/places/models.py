"""Administrative units (đơn vị hành chính), legacy and current, in one table.

Until 2025-06-30 Vietnam had three tiers (province, district, commune); from
2025-07-01 two (province, commune). Each unit row carries its era, and every unit
points at the current (2025) province and default current commune that cover it,
so a record kept with the unit as entered can be counted under today's units with
a join, not a conversion at write time.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

CUTOVER = datetime.date(2025, 7, 1)
LEGACY_VALID_TO = datetime.date(2025, 6, 30)


class Era(models.TextChoices):
    CURRENT = "2025", _("Since 1 July 2025")
    LEGACY = "legacy", _("Until 30 June 2025")


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class PlaceQuerySet(models.QuerySet["Place"]):
    def current(self) -> PlaceQuerySet:
        return self.filter(era=Era.CURRENT)

    def legacy(self) -> PlaceQuerySet:
        return self.filter(era=Era.LEGACY)

    def provinces(self) -> PlaceQuerySet:
        return self.filter(level=Level.PROVINCE)

    def communes(self) -> PlaceQuerySet:
        return self.filter(level=Level.COMMUNE)

    def valid_on(self, day: datetime.date) -> PlaceQuerySet:
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def within(self, place: Place) -> PlaceQuerySet:
        """Units (of any era) that lie in a current province or commune."""
        if place.level == Level.PROVINCE:
            return self.filter(current_province=place)
        return self.filter(current_commune=place)


class Place(models.Model):
    """An administrative unit. Codes are the General Statistics Office's numbers."""

    era = models.CharField(_("era"), max_length=8, choices=Era.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    code = models.CharField(_("code"), max_length=5)
    name = models.CharField(_("name"), max_length=120)
    short_name = models.CharField(_("short name"), max_length=100)
    kind = models.CharField(
        _("type"), max_length=30, help_text=_("Tỉnh, Thành phố, Huyện, Phường, Xã…")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    area_km2 = models.FloatField(_("area (km²)"), null=True, blank=True)
    # ASCII, lower-case, no spaces: "phuonganmy". Used for matching typed addresses.
    search_key = models.CharField(max_length=120, db_index=True)
    aliases = models.JSONField(default=list, blank=True)
    current_province = models.ForeignKey(
        "self",
        verbose_name=_("current province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    current_commune = models.ForeignKey(
        "self",
        verbose_name=_("current commune (default successor)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["era", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["era", "level", "code"], name="places_unique_code_per_era"
            )
        ]
        indexes = [models.Index(fields=["level", "era", "search_key"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_current(self) -> bool:
        return self.era == Era.CURRENT

    def full_name(self) -> str:
        """'Phường Tam Kỳ, Thành phố Đà Nẵng'; legacy units include their district."""
        parts = [self.name]
        node = self.parent
        while node is not None:
            parts.append(node.name)
            node = node.parent
        return ", ".join(parts)


class Succession(models.Model):
    """A legacy unit absorbed (wholly or in part) into a current one."""

    legacy = models.ForeignKey(
        Place, on_delete=models.CASCADE, related_name="successions"
    )
    successor = models.ForeignKey(
        Place, on_delete=models.CASCADE, related_name="predecessions"
    )
    is_default = models.BooleanField(_("default successor"), default=True)
    is_split = models.BooleanField(
        _("split"), default=False, help_text=_("The legacy unit was divided.")
    )

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        constraints = [
            models.UniqueConstraint(
                fields=["legacy", "successor"], name="places_unique_succession"
            )
        ]

    def __str__(self) -> str:
        return f"{self.legacy} → {self.successor}"

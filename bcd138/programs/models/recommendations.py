"""Recommendations and proposals (kiến nghị, đề xuất) and their progress notes."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bcd138.agencies.models import Agency, SteeringCommittee
from bcd138.places.models import Place


class RecommendationState(models.TextChoices):
    OPEN = "open", _("Awaiting the committee's response")
    FOLLOW_UP = "follow_up", _("Being followed up")
    CLOSED = "closed", _("Closed")


OPEN_RECOMMENDATION_STATES = (RecommendationState.OPEN, RecommendationState.FOLLOW_UP)


class Response(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    ACCEPTED_IN_PART = "accepted_in_part", _("Accepted in part")
    EXPLAINED = "explained", _("Explained (not taken up)")


class Outcome(models.TextChoices):
    DONE = "done", _("Done")
    NOT_DONE = "not_done", _("Not done")
    EXPLAINED = "explained", _("Answered with an explanation")


class AgeBand(models.TextChoices):
    UNDER_30 = "lt30", _("Under 30 days")
    FROM_30_TO_90 = "30to90", _("30 to 90 days")
    OVER_90 = "gt90", _("Over 90 days")


class RecommendationQuerySet(models.QuerySet["Recommendation"]):
    def open(self) -> RecommendationQuerySet:
        return self.filter(state__in=OPEN_RECOMMENDATION_STATES)

    def aged(self, band: str, today: datetime.date) -> RecommendationQuerySet:
        """Open or not, those raised in the age band (days since raised, today)."""
        days = datetime.timedelta
        if band == AgeBand.UNDER_30:
            return self.filter(raised_on__gt=today - days(30))
        if band == AgeBand.FROM_30_TO_90:
            return self.filter(
                raised_on__lte=today - days(30), raised_on__gte=today - days(90)
            )
        if band == AgeBand.OVER_90:
            return self.filter(raised_on__lt=today - days(90))
        return self


class Recommendation(models.Model):
    """Kiến nghị, đề xuất: raised by an agency, answered by the committee."""

    committee = models.ForeignKey(
        SteeringCommittee,
        verbose_name=_("steering committee"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("content"))
    raised_by = models.ForeignKey(
        Agency,
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    raised_by_person = models.CharField(
        _("raised by (member)"), max_length=200, blank=True
    )
    raised_on = models.DateField(_("raised on"))
    conference = models.CharField(_("conference"), max_length=250, blank=True)
    addressed_to = models.ForeignKey(
        Agency,
        verbose_name=_("addressed to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: addressed to the committee."),
    )
    place = models.ForeignKey(
        Place,
        verbose_name=_("unit concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=RecommendationState.choices,
        default=RecommendationState.OPEN,
    )
    response = models.CharField(
        _("response"), max_length=20, choices=Response.choices, blank=True
    )
    response_text = models.TextField(_("the committee's response"), blank=True)
    responded_on = models.DateField(_("answered on"), null=True, blank=True)
    follow_up_agency = models.ForeignKey(
        Agency,
        verbose_name=_("followed up by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    follow_up_by = models.DateField(_("follow up by"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, blank=True
    )
    outcome_reason = models.TextField(_("outcome note"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        # Nothing raised is forgotten: the oldest first.
        ordering = ["raised_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(follow_up_by__isnull=True)
                | Q(follow_up_by__gte=F("raised_on")),
                name="programs_recommendation_follow_up_after_raise",
            )
        ]
        indexes = [models.Index(fields=["state", "raised_on"])]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_RECOMMENDATION_STATES

    def days_open(self, today: datetime.date) -> int:
        end = self.closed_on if self.closed_on else today
        return (end - self.raised_on).days

    def days_past_follow_up(self, today: datetime.date) -> int:
        if not self.is_open or self.follow_up_by is None:
            return 0
        return max((today - self.follow_up_by).days, 0)

    def age_band(self, today: datetime.date) -> str:
        days = self.days_open(today)
        if days < 30:
            return AgeBand.UNDER_30
        return AgeBand.FROM_30_TO_90 if days <= 90 else AgeBand.OVER_90


class RecommendationNote(models.Model):
    """A progress note on a recommendation's follow-up."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="notes"
    )
    on = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y}: {self.text[:60]}"

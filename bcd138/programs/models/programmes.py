"""Coordination programmes (chương trình phối hợp), their parties, commitments,
reviews and signed documents."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bcd138.agencies.models import Agency, SteeringCommittee
from bcd138.programs.models.common import StoredFile, add_months, stored_file_path


class ProgrammeStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    ENDED_EARLY = "ended_early", _("Ended early")


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    def with_status(self, status: str, today: datetime.date) -> ProgrammeQuerySet:
        if status == ProgrammeStatus.ENDED_EARLY:
            return self.filter(ended_on__isnull=False)
        if status == ProgrammeStatus.EXPIRED:
            return self.filter(ended_on__isnull=True, valid_to__lt=today)
        if status == ProgrammeStatus.ACTIVE:
            return self.filter(ended_on__isnull=True, valid_to__gte=today)
        return self


class Programme(models.Model):
    """Chương trình phối hợp: a coordination programme signed by several agencies."""

    committee = models.ForeignKey(
        SteeringCommittee,
        verbose_name=_("steering committee"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    title = models.CharField(_("title"), max_length=300)
    number = models.CharField(_("document number"), max_length=60, blank=True)
    summary = models.TextField(_("purpose and content"), blank=True)
    signed_on = models.DateField(_("signed on"))
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until"))
    review_every_months = models.PositiveSmallIntegerField(
        _("review every (months)"), default=6
    )
    ended_on = models.DateField(_("ended early on"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending early"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("coordination programme")
        verbose_name_plural = _("coordination programmes")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gt=F("valid_from")),
                name="programs_programme_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(review_every_months__gte=1)
                & Q(review_every_months__lte=24),
                name="programs_programme_review_period",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def status_on(self, today: datetime.date) -> str:
        if self.ended_on is not None:
            return ProgrammeStatus.ENDED_EARLY
        if self.valid_to < today:
            return ProgrammeStatus.EXPIRED
        return ProgrammeStatus.ACTIVE

    def review_due_on(self, last_review: datetime.date | None) -> datetime.date:
        """When the next periodic review falls, counted from the last one held (or
        from the start of the programme)."""
        start = last_review or self.valid_from
        return add_months(start, self.review_every_months)


class ProgrammeParty(models.Model):
    """A party to a programme: today's agency, and the name it signed under (a unit
    of before 1 July 2025 keeps its old name on the signed document)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="parties"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    name_as_signed = models.CharField(_("name as signed"), max_length=250, blank=True)
    signatory = models.CharField(_("signed by"), max_length=200, blank=True)
    is_lead = models.BooleanField(_("lead party"), default=False)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["-is_lead", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "agency"], name="programs_party_unique_agency"
            )
        ]

    def __str__(self) -> str:
        return self.name_as_signed or self.agency.name


class Commitment(models.Model):
    """What one party undertakes in the programme (trách nhiệm của các bên)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="commitments"
    )
    party = models.ForeignKey(
        ProgrammeParty,
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    ordinal = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("commitment"))

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["ordinal", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "ordinal"], name="programs_commitment_ordinal"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ordinal}. {self.text[:60]}"


class ProgrammeReview(models.Model):
    """A periodic review of the programme (sơ kết, tổng kết) and its assessment."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="reviews"
    )
    held_on = models.DateField(_("held on"))
    period_from = models.DateField(_("period from"))
    period_to = models.DateField(_("period to"))
    assessment = models.TextField(_("overall assessment"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("programme review")
        verbose_name_plural = _("programme reviews")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_to__gte=F("period_from")),
                name="programs_review_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.held_on:%d/%m/%Y}"


class Rating(models.TextChoices):
    MET = "met", _("Carried out")
    PARTLY = "partly", _("Partly carried out")
    NOT_MET = "not_met", _("Not carried out")


class CommitmentResult(models.Model):
    """The result of one commitment at a review."""

    review = models.ForeignKey(
        ProgrammeReview, on_delete=models.CASCADE, related_name="results"
    )
    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="results"
    )
    rating = models.CharField(_("result"), max_length=10, choices=Rating.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("commitment result")
        verbose_name_plural = _("commitment results")
        ordering = ["commitment__ordinal"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "commitment"], name="programs_result_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commitment.ordinal}: {self.get_rating_display()}"


class ProgrammeFile(StoredFile):
    """The signed programme (PDF or a photo of it) and its annexes."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="files"
    )
    file = models.FileField(upload_to=stored_file_path)

    class Meta(StoredFile.Meta):
        verbose_name = _("programme document")
        verbose_name_plural = _("programme documents")

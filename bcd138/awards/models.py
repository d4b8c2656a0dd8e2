"""Commendations (thi đua, khen thưởng) in the movement "All people protect national
security": the catalogue of award forms and who grants them, campaigns, proposals
with their evidence, and the decisions that grant them.

A proposal moves draft → submitted → accepted (or returned with a reason) →
approved by the committee → decided; every step is a service in
`awards.services` that writes a `ProposalEvent` and an audit entry. A decision's
recipients are approved proposals, each decided once only (`Recipient.proposal`
is one-to-one, a unique index in the database). The counts by form and grantor
are a query over `Recipient` (`services.queries.award_counts`), never a typed
number.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bcd138.agencies.models import Agency, SteeringCommittee
from bcd138.core.models import AppendOnlyModel
from bcd138.places.models import Place

# ---- the catalogue ---------------------------------------------------------------


class GrantorLevel(models.TextChoices):
    STATE = "state", _("State President (Chủ tịch nước)")
    GOVERNMENT = "government", _("Prime Minister (Thủ tướng Chính phủ)")
    MINISTRY = "ministry", _("Minister (Bộ trưởng)")
    PROVINCE_CHAIR = (
        "province_chair",
        _("Chairman of the provincial People's Committee (Chủ tịch UBND tỉnh)"),
    )
    PROVINCIAL_POLICE_DIRECTOR = (
        "provincial_police_director",
        _("Director of the provincial police (Giám đốc Công an tỉnh)"),
    )
    DEPARTMENT_HEAD = (
        "department_head",
        _("Head of a provincial department or sector (Thủ trưởng sở, ngành)"),
    )
    DISTRICT_CHAIR = (
        "district_chair",
        _("Chairman of the district People's Committee (Chủ tịch UBND huyện)"),
    )
    COMMUNE_CHAIR = (
        "commune_chair",
        _("Chairman of the commune People's Committee (Chủ tịch UBND xã)"),
    )
    OTHER = "other", _("Other")


class Grantor(models.Model):
    """A granting authority (cấp có thẩm quyền quyết định khen thưởng), e.g. the
    Minister of Public Security or the Chairman of the provincial People's
    Committee. Reference data, edited by an administrator."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=32, choices=GrantorLevel.choices)
    # The body whose documents these are, as printed ("Bộ Công an"); blank: the
    # People's Committee or police of the committee's own province or commune.
    body_name = models.CharField(_("issuing body"), max_length=200, blank=True)
    # The place name on its documents ("Hà Nội"); blank: the committee's place.
    body_place = models.CharField(
        _("place name on documents"), max_length=100, blank=True
    )
    signer_position = models.CharField(
        _("position of the signer"), max_length=100, help_text=_("e.g. Bộ trưởng")
    )
    parent_body = models.CharField(_("parent body"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("granting authority")
        verbose_name_plural = _("granting authorities")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class AwardKind(models.TextChoices):
    MERIT = "bang_khen", _("Certificate of merit (Bằng khen)")
    CERTIFICATE = "giay_khen", _("Certificate (Giấy khen)")
    MEDAL = "ky_niem_chuong", _("Commemorative medal (Kỷ niệm chương)")
    FLAG = "co_thi_dua", _("Emulation flag (Cờ thi đua)")
    TITLE = "danh_hieu", _("Emulation title (Danh hiệu thi đua)")


class Eligibility(models.TextChoices):
    COLLECTIVES = "collectives", _("Collectives")
    INDIVIDUALS = "individuals", _("Individuals")
    BOTH = "both", _("Collectives and individuals")


class RecipientKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective (tập thể)")
    INDIVIDUAL = "individual", _("Individual (cá nhân)")


class AwardForm(models.Model):
    """A form of award (hình thức khen thưởng) with the authority that grants it,
    whom it may go to, and the dates it is valid (the law changes)."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=250)
    kind = models.CharField(_("kind"), max_length=20, choices=AwardKind.choices)
    grantor = models.ForeignKey(
        Grantor,
        verbose_name=_("granting authority"),
        on_delete=models.PROTECT,
        related_name="forms",
    )
    eligibility = models.CharField(
        _("for"), max_length=12, choices=Eligibility.choices, default=Eligibility.BOTH
    )
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("award form")
        verbose_name_plural = _("award forms")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="awards_form_validity_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def allows(self, recipient_kind: str) -> bool:
        if self.eligibility == Eligibility.BOTH:
            return True
        if recipient_kind == RecipientKind.COLLECTIVE:
            return self.eligibility == Eligibility.COLLECTIVES
        return self.eligibility == Eligibility.INDIVIDUALS


# ---- campaigns and proposals -----------------------------------------------------


class Occasion(models.TextChoices):
    ANNUAL_REVIEW = "annual_review", _("The year's review of the movement")
    FESTIVAL_DAY = "festival_day", _("The 19 August festival day")
    THEMATIC = "thematic", _("A thematic campaign")
    SUDDEN = "sudden", _("A sudden achievement")
    OTHER = "other", _("Other")


class Campaign(models.Model):
    """A commendation campaign (đợt khen thưởng) of a steering committee."""

    committee = models.ForeignKey(
        SteeringCommittee,
        verbose_name=_("steering committee"),
        on_delete=models.PROTECT,
        related_name="award_campaigns",
    )
    name = models.CharField(_("name"), max_length=250)
    year = models.PositiveSmallIntegerField(_("year"))
    occasion = models.CharField(_("occasion"), max_length=20, choices=Occasion.choices)
    opens_on = models.DateField(_("proposals open on"))
    closes_on = models.DateField(_("proposals close on"))
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("commendation campaign")
        verbose_name_plural = _("commendation campaigns")
        ordering = ["-year", "-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")),
                name="awards_campaign_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, awaiting review")
    RETURNED = "returned", _("Returned to the proposer")
    ACCEPTED = "accepted", _("Reviewed, awaiting the committee")
    APPROVED = "approved", _("Approved by the committee")
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", _("Withdrawn")


IN_REVIEW = [ProposalState.SUBMITTED, ProposalState.ACCEPTED]
EDITABLE = [ProposalState.DRAFT, ProposalState.RETURNED]


class Proposal(models.Model):
    """A proposal for commendation (đề nghị khen thưởng) of a collective or an
    individual. Only the personal data a certificate needs is kept: name,
    position, unit."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    proposer = models.ForeignKey(
        Agency,
        verbose_name=_("proposing unit"),
        on_delete=models.PROTECT,
        related_name="award_proposals",
    )
    recipient_kind = models.CharField(
        _("recipient"), max_length=12, choices=RecipientKind.choices
    )
    # A collective is a registered agency, or a named collective (a residential
    # group, a newspaper's staff) with its commune in `place`.
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_proposals_received",
    )
    collective_name = models.CharField(_("collective"), max_length=250, blank=True)
    person_name = models.CharField(_("full name"), max_length=150, blank=True)
    person_position = models.CharField(_("position"), max_length=150, blank=True)
    person_unit = models.CharField(_("unit"), max_length=250, blank=True)
    place = models.ForeignKey(
        Place,
        verbose_name=_("commune or province"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    award_form = models.ForeignKey(
        AwardForm,
        verbose_name=_("award form"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    achievements = models.TextField(_("achievements"))
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=ProposalState.choices,
        default=ProposalState.DRAFT,
    )
    return_reason = models.TextField(_("reason returned"), blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    last_step_on = models.DateField(_("last step on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("commendation proposal")
        verbose_name_plural = _("commendation proposals")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["campaign", "state"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(recipient_kind="collective")
                    & (Q(agency__isnull=False) | ~Q(collective_name=""))
                )
                | (Q(recipient_kind="individual") & ~Q(person_name="")),
                name="awards_proposal_names_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient_name} — {self.award_form}"

    @property
    def recipient_name(self) -> str:
        if self.recipient_kind == RecipientKind.INDIVIDUAL:
            return self.person_name
        if self.collective_name:
            return self.collective_name
        return self.agency.name if self.agency is not None else ""

    @property
    def recipient_detail(self) -> str:
        """Position and unit of an individual; empty for a collective."""
        if self.recipient_kind != RecipientKind.INDIVIDUAL:
            return ""
        return ", ".join(p for p in (self.person_position, self.person_unit) if p)


class EventKind(models.TextChoices):
    CREATED = "created", _("Drafted")
    UPDATED = "updated", _("Edited")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted by the standing office")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved by the committee")
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EVIDENCE = "evidence", _("Evidence linked")
    FILE = "file", _("File added")


class ProposalEvent(AppendOnlyModel):
    """One step in a proposal's history, shown on its page; never changed."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("step"), max_length=12, choices=EventKind.choices)
    on = models.DateField(_("date"))
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("proposal step")
        verbose_name_plural = _("proposal steps")
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.kind} {self.on}"


class EvidenceLink(models.Model):
    """A record of the platform cited as evidence of the achievements: a crime
    report that led to a case, a case, a movement model, an outreach session, a
    recognition result. Linked only by someone who may see it."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="evidence"
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    label = models.CharField(_("record"), max_length=250)
    note = models.CharField(_("what it shows"), max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "content_type", "object_id"],
                name="awards_evidence_linked_once",
            )
        ]

    def __str__(self) -> str:
        return self.label


def proposal_file_path(instance: ProposalFile, filename: str) -> str:
    return f"awards/{instance.proposal.campaign.year}/{filename}"


class ProposalFile(models.Model):
    """A document given with a proposal (report of achievements, minutes); its
    type checked from the content (core.uploads)."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.PROTECT, related_name="files"
    )
    file = models.FileField(upload_to=proposal_file_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=80)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    metadata_stripped = models.BooleanField(default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("proposal file")
        verbose_name_plural = _("proposal files")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name


# ---- decisions -------------------------------------------------------------------


class Decision(models.Model):
    """A commendation decision (quyết định khen thưởng): number, date, signer, the
    granting authority, and its recipients."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    grantor = models.ForeignKey(
        Grantor,
        verbose_name=_("granting authority"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    number = models.CharField(_("number"), max_length=60)
    signed_on = models.DateField(_("signed on"))
    signer_name = models.CharField(_("signed by"), max_length=150)
    signer_title = models.CharField(_("title of the signer"), max_length=150)
    issuing_body = models.CharField(_("issuing body"), max_length=200)
    place_name = models.CharField(_("place name"), max_length=100)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("commendation decision")
        verbose_name_plural = _("commendation decisions")
        ordering = ["-signed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.number} ({self.signed_on:%d/%m/%Y})"


class Recipient(models.Model):
    """A line of a decision: one approved proposal. One-to-one, so the database
    itself refuses a second decision for the same proposal."""

    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="recipients"
    )
    proposal = models.OneToOneField(
        Proposal, on_delete=models.PROTECT, related_name="recipient"
    )
    line = models.PositiveSmallIntegerField(_("no."))

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["decision", "line"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "line"], name="awards_recipient_line_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.decision.number} #{self.line}"

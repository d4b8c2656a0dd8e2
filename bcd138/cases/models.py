"""Criminal cases (vụ án hình sự) from institution to first-instance judgment.

A case's procedural history is an append-only list of `CaseEvent`s. The stage,
the body holding the file, the category and the deadline on `Case` are a cache of
what `law.cases.case_clock` derives from those events, rewritten only by
`services.case_recompute`. The accused's and the victims' identities are
encrypted (core.crypto); only a keyed digest of the accused's folded full name is
kept in clear, so that the roles that may can find a case by name.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bcd138.agencies.models import Agency
from bcd138.core.models import AppendOnlyModel
from bcd138.intake.models import CrimeReport
from bcd138.places.models import Place


class Category(models.TextChoices):
    """BLHS Điều 9; the values of ``law.penal_code.Category``."""

    LESS_SERIOUS = "less_serious", _("Less serious (ít nghiêm trọng)")
    SERIOUS = "serious", _("Serious (nghiêm trọng)")
    VERY_SERIOUS = "very_serious", _("Very serious (rất nghiêm trọng)")
    PARTICULARLY_SERIOUS = (
        "particularly_serious",
        _("Particularly serious (đặc biệt nghiêm trọng)"),
    )


class Stage(models.TextChoices):
    INVESTIGATION = "investigation", _("Investigation")
    PROSECUTION = "prosecution", _("Prosecution")
    TRIAL_PREPARATION = "trial_preparation", _("Trial preparation")
    TRIAL = "trial", _("Trial")
    CLOSED = "closed", _("Closed")


class Phase(models.TextChoices):
    RUNNING = "running", _("Running")
    SUSPENDED = "suspended", _("Suspended")
    CONCLUDED = "concluded", _("Decided, file to be sent")
    IN_TRANSIT = "in_transit", _("File in transit")
    CLOSED = "closed", _("Closed")


class Holder(models.TextChoices):
    POLICE = "police", _("Investigating body")
    PROCURACY = "procuracy", _("Procuracy")
    COURT = "court", _("Court")
    CLOSED = "closed", _("Nobody (closed)")


class CaseQuerySet(models.QuerySet["Case"]):
    def open(self) -> CaseQuerySet:
        return self.filter(closed_on__isnull=True)


class Case(models.Model):
    """A criminal case (vụ án), instituted by an investigating body."""

    number = models.CharField(_("case number"), max_length=60)
    title = models.CharField(_("short description"), max_length=250)
    investigating_body = models.ForeignKey(
        Agency,
        verbose_name=_("investigating body"),
        on_delete=models.PROTECT,
        related_name="investigated_cases",
    )
    report = models.OneToOneField(
        CrimeReport,
        verbose_name=_("originating report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case",
    )
    occurred_on = models.DateField(_("date of the offence"))
    # The unit as entered (legacy or current); today's unit via its current_* columns.
    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    address_line = models.CharField(_("address"), max_length=250, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    # The edition of the Penal Code that applies (the one in force on the offence date).
    code_version = models.DateField(_("Penal Code in force from"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Derived from the events by services.case_recompute; never set elsewhere.
    instituted_on = models.DateField(_("instituted on"))
    initial_category = models.CharField(max_length=24, choices=Category.choices)
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    social_order = models.BooleanField(_("social-order crime"), default=False)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    phase = models.CharField(_("phase"), max_length=12, choices=Phase.choices)
    holder = models.CharField(_("file held by"), max_length=12, choices=Holder.choices)
    # These three are the first column of a composite index (Meta), which serves
    # their lookups too: no index of their own.
    holding_agency = models.ForeignKey(
        Agency,
        verbose_name=_("holding agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="held_cases",
        db_index=False,
    )
    procuracy = models.ForeignKey(
        Agency,
        verbose_name=_("supervising procuracy"),
        on_delete=models.PROTECT,
        related_name="supervised_cases",
        db_index=False,
    )
    court = models.ForeignKey(
        Agency,
        verbose_name=_("court"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="court_cases",
        db_index=False,
    )
    stage_started_on = models.DateField(_("in this stage since"))
    deadline = models.DateField(_("time limit"), null=True, blank=True)
    solved = models.BooleanField(_("solved"), default=False)
    solved_on = models.DateField(_("solved on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    last_event_on = models.DateField(_("last step on"))
    # Days spent in each stage so far ("handled promptly" made measurable).
    investigation_days = models.PositiveIntegerField(default=0)
    prosecution_days = models.PositiveIntegerField(default=0)
    court_days = models.PositiveIntegerField(default=0)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("criminal case")
        verbose_name_plural = _("criminal cases")
        ordering = ["-instituted_on", "-id"]
        indexes = [
            models.Index(
                fields=["holding_agency", "deadline"], name="cases_holder_deadline"
            ),
            models.Index(fields=["instituted_on"], name="cases_instituted"),
            models.Index(fields=["procuracy", "deadline"], name="cases_vks_deadline"),
            models.Index(fields=["court", "deadline"], name="cases_court_deadline"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["investigating_body", "number"], name="cases_unique_number"
            )
        ]

    def __str__(self) -> str:
        return self.number


class Accused(models.Model):
    """A person charged in the case (bị can); identity encrypted at rest."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="accused")
    ordinal = models.PositiveSmallIntegerField(_("number in the case"))
    token = models.TextField()
    key_id = models.CharField(max_length=16)
    # HMAC of the folded full name under the identity key (core.crypto.blind_index);
    # looked up by equality only (Meta index: no LIKE copy on PostgreSQL).
    name_index = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("accused person")
        verbose_name_plural = _("accused persons")
        ordering = ["case_id", "ordinal"]
        indexes = [models.Index(fields=["name_index"], name="cases_accused_name")]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "ordinal"], name="cases_unique_accused_ordinal"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} #{self.ordinal}"


class Charge(models.Model):
    """An article and clause charged, to the case (no accused) or to one accused.

    Written by the event that added it; ``ended_by`` is set once, by the change of
    charges that replaced it. The category follows from the clause (BLHS Điều 9).
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="charges")
    accused = models.ForeignKey(
        Accused,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="charges",
    )
    article = models.CharField(_("article"), max_length=8)
    clause = models.PositiveSmallIntegerField(_("clause"))
    title = models.CharField(_("offence"), max_length=250)
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    chapter = models.CharField(_("chapter"), max_length=8)
    social_order = models.BooleanField(default=False)
    added_by = models.ForeignKey(
        "CaseEvent", on_delete=models.PROTECT, related_name="charges_added"
    )
    ended_by = models.ForeignKey(
        "CaseEvent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="charges_ended",
    )

    class Meta:
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        ordering = ["case_id", "accused_id", "id"]
        indexes = [models.Index(fields=["article"], name="cases_charge_article")]

    def __str__(self) -> str:
        return f"Điều {self.article} khoản {self.clause}"


class VictimKind(models.TextChoices):
    PERSON = "person", pgettext_lazy("victim", "Person")
    ORGANISATION = "organisation", pgettext_lazy("victim", "Organisation")


class Victim(models.Model):
    """A victim (bị hại); the name and contact encrypted, the harm in brief."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="victims")
    kind = models.CharField(_("kind"), max_length=12, choices=VictimKind.choices)
    harm = models.CharField(_("harm or loss"), max_length=250, blank=True)
    token = models.TextField()
    key_id = models.CharField(max_length=16)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("victim")
        verbose_name_plural = _("victims")
        ordering = ["case_id", "id"]

    def __str__(self) -> str:
        return f"{self.case} victim {self.pk}"


class SeizedItem(models.Model):
    """Property seized (vật chứng, tài sản thu giữ), in brief."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="seized")
    description = models.CharField(_("item"), max_length=250)
    quantity = models.CharField(_("quantity"), max_length=60, blank=True)
    value_vnd = models.PositiveBigIntegerField(_("estimated value (VND)"), null=True)
    seized_on = models.DateField(_("seized on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("seized item")
        verbose_name_plural = _("seized items")
        ordering = ["case_id", "seized_on", "id"]

    def __str__(self) -> str:
        return self.description


class EventKind(models.TextChoices):
    """The values of ``law.cases.CaseEventKind`` plus three with no clock effect."""

    INSTITUTED = "instituted", _("Case instituted (khởi tố vụ án)")
    ACCUSED_CHARGED = "accused_charged", _("Accused charged (khởi tố bị can)")
    CHARGES_CHANGED = "charges_changed", _("Charges changed")
    INVESTIGATION_EXTENDED = "investigation_extended", _("Investigation extended")
    INVESTIGATION_SUSPENDED = "investigation_suspended", _("Investigation suspended")
    INVESTIGATION_RESUMED = "investigation_resumed", _("Investigation resumed")
    INVESTIGATION_CONCLUDED = (
        "investigation_concluded",
        _("Investigation concluded, prosecution proposed"),
    )
    FILE_SENT_TO_PROCURACY = "file_sent_to_procuracy", _("File sent to the procuracy")
    FILE_RECEIVED_BY_PROCURACY = (
        "file_received_by_procuracy",
        _("File received by the procuracy"),
    )
    PROSECUTION_EXTENDED = "prosecution_extended", _("Prosecution time extended")
    INDICTED = "indicted", _("Indicted (truy tố)")
    RETURN_SENT = "return_sent", _("File returned for supplementary investigation")
    RETURNED_FOR_SUPPLEMENTARY_INVESTIGATION = (
        "returned_for_supplementary_investigation",
        _("Returned file received by the investigating body"),
    )
    FILE_SENT_TO_COURT = "file_sent_to_court", _("File sent to the court")
    FILE_RECEIVED_BY_COURT = (
        "file_received_by_court",
        _("Accepted by the court (thụ lý)"),
    )
    TRIAL_PREPARATION_EXTENDED = (
        "trial_preparation_extended",
        _("Trial preparation extended"),
    )
    BROUGHT_TO_TRIAL = "brought_to_trial", _("Brought to trial")
    JUDGMENT = "judgment", _("First-instance judgment")
    APPEALED = "appealed", _("Appeal lodged")
    SUSPENDED = "suspended", _("Case suspended (tạm đình chỉ)")
    TERMINATED = "terminated", _("Case terminated (đình chỉ)")
    CORRECTION = "correction", _("Correction")


class CaseEvent(AppendOnlyModel):
    """One step in a case's procedural history. Never updated or deleted."""

    append_only_message = "Case events are append-only; add a correction."

    # Served by the composite index cases_event_order, which starts with it.
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="events", db_index=False
    )
    kind = models.CharField(_("step"), max_length=48, choices=EventKind.choices)
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    on = models.DateField(_("legal date"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_agency = models.ForeignKey(
        Agency,
        verbose_name=_("to agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    until = models.DateField(_("until"), null=True, blank=True)
    requested_on = models.DateField(_("requested on"), null=True, blank=True)
    supreme = models.BooleanField(default=False)
    # The case's category after a charging step (the clock's input).
    category = models.CharField(max_length=24, choices=Category.choices, blank=True)
    accused = models.ForeignKey(
        Accused,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    reference = models.CharField(_("document number"), max_length=60, blank=True)
    reason = models.TextField(_("reason or content"), blank=True)
    # Kind-specific data: the outcome per accused of a judgment.
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["case_id", "on", "id"]
        indexes = [models.Index(fields=["case", "on", "id"], name="cases_event_order")]

    def __str__(self) -> str:
        return f"{self.case} {self.kind} {self.on}"

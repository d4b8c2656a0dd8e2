"""Crime information and its history.

A report's legal history is an append-only list of `ReportEvent`s; `state` and
`deadline` on `CrimeReport` are a cache of what `law.reports.report_clock` derives
from those events, rewritten only by `services.report_recompute`. The reporter's
identity lives encrypted in `ReporterIdentity`, never in clear in the database.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bcd138.agencies.models import Agency
from bcd138.core.models import AppendOnlyModel
from bcd138.places.models import Place


class ReportKind(models.TextChoices):
    DENUNCIATION = "denunciation", _("Denunciation (tố giác)")
    REPORT = "report", _("Crime report (tin báo)")
    RECOMMENDATION = (
        "recommendation",
        _("Recommendation to prosecute (kiến nghị khởi tố)"),
    )


class Channel(models.TextChoices):
    PORTAL = "portal", _("Online portal")
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Telephone")
    MAIL = "mail", _("Mail")
    PRESS = "press", _("Press or media")
    AGENCY = "agency", _("Another agency")
    IMPORT = "import", _("Imported from another system")


class CrimeType(models.TextChoices):
    """Everyday words for the citizen, not Penal Code articles."""

    THEFT = "theft", _("Theft")
    ROBBERY = "robbery", _("Robbery or snatching")
    FRAUD = "fraud", _("Fraud, including online")
    ASSAULT = "assault", _("Assault or injury")
    DRUGS = "drugs", _("Drugs")
    GAMBLING = "gambling", _("Gambling")
    PUBLIC_ORDER = "public_order", _("Disturbing public order")
    SEXUAL = "sexual", _("Sexual abuse")
    TRAFFICKING = "trafficking", _("Human trafficking")
    PROPERTY_DAMAGE = "property_damage", _("Damage to property")
    OTHER = "other", _("Something else")
    UNKNOWN = "unknown", _("I don't know")


class State(models.TextChoices):
    RECEIVED = "received", _("Received, awaiting assignment")
    IN_PROGRESS = "in_progress", _("Being verified")
    SUSPENDED = "suspended", _("Suspended")
    INSTITUTED = "instituted", _("Case instituted")
    NOT_INSTITUTED = "not_instituted", _("Not instituted")
    TRANSFERRED_OUT = "transferred_out", _("Transferred to another body")


OPEN_STATES = [State.RECEIVED, State.IN_PROGRESS, State.SUSPENDED]


class CrimeReportQuerySet(models.QuerySet["CrimeReport"]):
    def open(self) -> CrimeReportQuerySet:
        return self.filter(state__in=OPEN_STATES)


class CrimeReport(models.Model):
    """A piece of crime information (nguồn tin về tội phạm)."""

    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True)
    # SHA-256 of the secret the reporter was given; the secret itself is never kept.
    secret_digest = models.CharField(max_length=64)
    # SHA-256 of the portal form's idempotency key, so a resubmission finds it.
    idempotency_digest = models.CharField(
        max_length=64, unique=True, null=True, blank=True
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ReportKind.choices)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    external_ref = models.CharField(
        _("reference in the source system"), max_length=100, blank=True
    )
    received_at = models.DateTimeField(_("received at"))
    occurred_on = models.DateField(_("date of the events"), null=True, blank=True)
    occurred_time = models.CharField(_("approximate time"), max_length=60, blank=True)
    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    address_line = models.CharField(_("address"), max_length=250, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    description = models.TextField(_("what happened"))
    people_involved = models.TextField(_("people involved"), blank=True)
    crime_type = models.CharField(
        _("kind of crime"), max_length=20, choices=CrimeType.choices
    )
    sender_agency_name = models.CharField(
        _("sending agency"),
        max_length=200,
        blank=True,
        help_text=_("For a recommendation to prosecute or a report from an agency."),
    )
    anonymous = models.BooleanField(_("anonymous"), default=False)
    confidential = models.BooleanField(
        _("confidentiality requested"),
        default=False,
        help_text=_("The reporter asked that their identity be kept secret (Điều 56)."),
    )
    very_serious = models.BooleanField(
        _("very or particularly serious, or urgent"), default=False
    )
    handling_agency = models.ForeignKey(
        Agency,
        verbose_name=_("handling unit"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned officer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_reports",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("linked to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="linked",
    )
    # How many earlier reports looked like this one when it arrived (close in place,
    # time and words); the report page lists them live. Nothing is merged.
    possible_duplicates = models.PositiveSmallIntegerField(default=0)
    # Derived from the events by services.report_recompute; never set elsewhere.
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.RECEIVED
    )
    deadline = models.DateField(_("time limit"), null=True, blank=True)

    objects = CrimeReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("crime report")
        verbose_name_plural = _("crime reports")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["handling_agency", "state", "deadline"]),
            models.Index(fields=["received_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_ref"],
                condition=~models.Q(external_ref=""),
                name="intake_unique_external_ref",
            )
        ]

    def __str__(self) -> str:
        return self.tracking_code


class EventKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    PRELIMINARY_CHECKED = "preliminary_checked", _("Preliminary check done")
    TRANSFERRED = "transferred", _("Transferred")
    ASSIGNED = "assigned", _("Officer assigned")
    PROCURACY_NOTIFIED = "procuracy_notified", _("Procuracy notified")
    NOTE = "note", _("Verification note")
    HEAD_EXTENDED = "head_extended", _("Extended by the head of unit")
    PROCURACY_EXTENSION_REQUESTED = (
        "procuracy_extension_requested",
        _("Extension requested from the procuracy"),
    )
    PROCURACY_EXTENDED = "procuracy_extended", _("Extended by the procuracy")
    SUSPENDED = "suspended", _("Suspended")
    SUSPENSION_ANNULLED = "suspension_annulled", _("Suspension annulled")
    RESUMED = "resumed", _("Resumed")
    DECIDED = "decided", _("Decided")
    REPORTER_NOTIFIED = "reporter_notified", _("Reporter notified")
    LINKED = "linked", _("Linked to another report")
    CORRECTION = "correction", _("Correction")


class Decision(models.TextChoices):
    INSTITUTE = "institute", _("Institute a criminal case (khởi tố)")
    NOT_INSTITUTE = "not_institute", _("Not institute (không khởi tố)")


class SuspensionGround(models.TextChoices):
    """BLTTHS Điều 148.1."""

    EXPERT = "expert", _("Awaiting expert assessment, valuation or foreign assistance")
    DOCUMENTS = "documents", _("Awaiting requested decisive documents or items")
    FORCE_MAJEURE = "force_majeure", _("Force majeure: natural disaster or epidemic")


class ReportEvent(AppendOnlyModel):
    """One step in a report's legal history. Never updated or deleted."""

    append_only_message = "Report events are append-only; add a correction."

    report = models.ForeignKey(
        CrimeReport, on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("step"), max_length=32, choices=EventKind.choices)
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
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    until = models.DateField(_("until"), null=True, blank=True)
    to_agency = models.ForeignKey(
        Agency,
        verbose_name=_("to unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("to officer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision = models.CharField(
        _("decision"), max_length=16, choices=Decision.choices, blank=True
    )
    ground = models.CharField(
        _("ground"), max_length=16, choices=SuspensionGround.choices, blank=True
    )
    reference = models.CharField(_("document number"), max_length=60, blank=True)
    reason = models.TextField(_("reason or content"), blank=True)

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["report", "on", "id"]

    def __str__(self) -> str:
        return f"{self.report} {self.kind} {self.on}"


class ReporterIdentity(models.Model):
    """The identified reporter's personal data, encrypted (core.crypto)."""

    report = models.OneToOneField(
        CrimeReport, on_delete=models.PROTECT, related_name="identity"
    )
    token = models.TextField()
    key_id = models.CharField(max_length=16)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reporter identity")
        verbose_name_plural = _("reporter identities")

    def __str__(self) -> str:
        return f"identity of {self.report_id}"


class Sender(models.TextChoices):
    REPORTER = "reporter", _("Reporter")
    OFFICER = "officer", _("Handling officer")


class ReportMessage(models.Model):
    """A message between the reporter (by tracking code) and the handling unit."""

    report = models.ForeignKey(
        CrimeReport, on_delete=models.PROTECT, related_name="messages"
    )
    sender = models.CharField(_("from"), max_length=10, choices=Sender.choices)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.report} {self.sender} {self.created_at:%Y-%m-%d}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"reports/{instance.report.received_at:%Y/%m}/{filename}"


class Attachment(models.Model):
    """A file given with a report or a message; its type checked from the content."""

    report = models.ForeignKey(
        CrimeReport, on_delete=models.PROTECT, related_name="attachments"
    )
    message = models.ForeignKey(
        ReportMessage,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=80)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    metadata_stripped = models.BooleanField(default=False)
    from_reporter = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name

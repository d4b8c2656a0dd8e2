"""The movement "Toàn dân bảo vệ an ninh Tổ quốc": models, exemplary people,
outreach, grassroots security teams and the "safe on security and order" recognition.

Every record keeps its unit as entered (a legacy commune before 1 July 2025, a
2025 commune after) and is counted under today's unit through the place's
`current_commune` / `current_province`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bcd138.agencies.models import Agency
from bcd138.places.models import Place

# ---- evidence files ---------------------------------------------------------


def movement_file_path(instance: MovementFile, filename: str) -> str:
    return f"movement/{instance.content_type.model}/{filename}"


class MovementFile(models.Model):
    """A file (evidence, material) attached to a movement record; its type checked
    from the content by `core.uploads`, like a report's attachment."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("content_type", "object_id")
    file = models.FileField(upload_to=movement_file_path)
    original_name = models.CharField(_("file name"), max_length=200)
    mime_type = models.CharField(_("type"), max_length=80)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    metadata_stripped = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.original_name


class Recorded(models.Model):
    """Who recorded a movement record, and when."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True


# ---- models (mô hình) -------------------------------------------------------


class ModelType(models.TextChoices):
    SECURITY_CAMERA = "security_camera", _("Security cameras (camera an ninh)")
    SELF_MANAGEMENT = "self_management", _("Self-management team (tổ tự quản)")
    DRUG_FREE = "drug_free", _("Drug-free residential area (khu dân cư không ma túy)")
    INTER_FAMILY = "inter_family", _("Inter-family security group (tổ liên gia)")
    SAFE_SCHOOL = "safe_school", _("Safe school (trường học an toàn)")
    FIRE_SAFETY = "fire_safety", _("Fire-safety group (tổ an toàn PCCC)")
    ONLINE_GROUP = "online_group", _("Online security group (Zalo/Facebook)")
    RELIGIOUS = "religious", _("Religious community (cộng đồng tôn giáo)")
    OTHER = "other", _("Other")


class MovementModel(Recorded):
    """Mô hình tự phòng, tự quản, tự bảo vệ: a grassroots model of the movement.

    A model copied to other communes keeps `replicated_from` (the model it was
    copied from), so building and replicating models can be counted."""

    name = models.CharField(_("name"), max_length=250)
    model_type = models.CharField(_("type"), max_length=24, choices=ModelType.choices)
    type_other = models.CharField(_("other type"), max_length=120, blank=True)
    communes = models.ManyToManyField(
        Place, verbose_name=_("communes"), related_name="+"
    )
    running_agency = models.ForeignKey(
        Agency,
        verbose_name=_("running organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    running_organisation = models.CharField(
        _("running organisation (other)"), max_length=250, blank=True
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    members_count = models.PositiveIntegerField(_("members"), default=0)
    activities = models.TextField(_("activities"), blank=True)
    replicated_from = models.ForeignKey(
        "self",
        verbose_name=_("replicated from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replications",
    )
    files = GenericRelation(MovementFile)

    class Meta:
        verbose_name = _("movement model")
        verbose_name_plural = _("movement models")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="movement_model_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def organisation_name(self) -> str:
        if self.running_agency is not None:
            return self.running_agency.name
        return self.running_organisation

    @property
    def type_label(self) -> str:
        if self.model_type == ModelType.OTHER and self.type_other:
            return self.type_other
        return str(self.get_model_type_display())


class Rating(models.TextChoices):
    EFFECTIVE = "effective", _("Effective")
    PARTLY = "partly", _("Partly effective")
    NOT_EFFECTIVE = "not_effective", _("Not effective")


class ModelAssessment(Recorded):
    """The yearly assessment of a model's effectiveness (đánh giá hiệu quả)."""

    model = models.ForeignKey(
        MovementModel, on_delete=models.CASCADE, related_name="assessments"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    rating = models.CharField(_("rating"), max_length=16, choices=Rating.choices)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("model assessment")
        verbose_name_plural = _("model assessments")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "year"], name="movement_one_assessment_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.model} — {self.year}"


# ---- exemplary people and collectives (điển hình tiên tiến) -----------------


class ExemplaryKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    COLLECTIVE = "collective", _("Collective")


class Exemplary(Recorded):
    """Điển hình tiên tiến, cá nhân tiêu biểu. Personal data kept to the name:
    no identity number, address or date of birth."""

    kind = models.CharField(_("kind"), max_length=12, choices=ExemplaryKind.choices)
    name = models.CharField(_("name"), max_length=200)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency (collective)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    achievement = models.TextField(_("for what"))
    proposed_by = models.ForeignKey(
        Agency,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    files = GenericRelation(MovementFile)

    class Meta:
        verbose_name = _("exemplary person or collective")
        verbose_name_plural = _("exemplary people and collectives")
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return self.name


class ContributionLink(models.Model):
    """A platform object (report, case, model, outreach session) an exemplary
    person or collective contributed to."""

    exemplary = models.ForeignKey(
        Exemplary, on_delete=models.CASCADE, related_name="links"
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    note = models.CharField(_("note"), max_length=250, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["exemplary", "content_type", "object_id"],
                name="movement_unique_contribution",
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model} #{self.object_id}"


# ---- outreach (tuyên truyền) ------------------------------------------------


class OutreachChannel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class Platform(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    ZALO = "zalo", "Zalo"
    TIKTOK = "tiktok", "TikTok"
    YOUTUBE = "youtube", "YouTube"
    WEBSITE = "website", _("Website")
    OTHER = "other", _("Other")


class Topic(models.TextChoices):
    ONLINE_FRAUD = "online_fraud", _("Online fraud")
    DRUGS = "drugs", _("Drugs")
    TRAFFIC = "traffic", _("Traffic safety")
    CYBERCRIME = "cybercrime", _("Cybercrime and high-tech crime")
    TRAFFICKING = "trafficking", _("Human trafficking")
    DOMESTIC_VIOLENCE = "domestic_violence", _("Domestic violence")
    WEAPONS = "weapons", _("Weapons, explosives and fireworks")
    DENUNCIATION = "denunciation", _("Denouncing crimes (VNeID, hotlines)")
    MOVEMENT = "movement", _("The movement and its models")
    LAW = "law", _("Law in general")
    OTHER = "other", _("Other")


class OutreachSession(Recorded):
    """Buổi tuyên truyền: in person at a place, or online on a platform's page."""

    channel = models.CharField(
        _("channel"), max_length=10, choices=OutreachChannel.choices
    )
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=250)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    # The commune (in person) or the unit whose audience it served (online).
    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    venue = models.CharField(_("venue"), max_length=250, blank=True)
    platform = models.CharField(
        _("platform"), max_length=10, choices=Platform.choices, blank=True
    )
    page_name = models.CharField(_("page or channel"), max_length=200, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    organiser = models.ForeignKey(
        Agency, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    attendees = models.PositiveIntegerField(_("attendees"), null=True, blank=True)
    views = models.PositiveIntegerField(_("views"), null=True, blank=True)
    shares = models.PositiveIntegerField(_("shares"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    files = GenericRelation(MovementFile)

    class Meta:
        verbose_name = _("outreach session")
        verbose_name_plural = _("outreach sessions")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["held_on"], name="movement_outreach_held")]

    def __str__(self) -> str:
        return self.title

    @property
    def reach(self) -> int:
        """People reached: attendees in person, views online."""
        if self.channel == OutreachChannel.ONLINE:
            return self.views or 0
        return self.attendees or 0


# ---- grassroots security teams (tổ bảo vệ an ninh, trật tự) -----------------


class SecurityTeam(Recorded):
    """Tổ bảo vệ an ninh, trật tự ở cơ sở (Luật 30/2023/QH15), decided by the
    commune People's Committee chair; covers one or more thôn / tổ dân phố."""

    commune = models.ForeignKey(
        Place, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    decision_ref = models.CharField(_("decision"), max_length=120)
    decided_on = models.DateField(_("decided on"))
    areas = models.JSONField(_("areas covered"), default=list, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("grassroots security team")
        verbose_name_plural = _("grassroots security teams")
        ordering = ["commune__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(dissolved_on__gte=models.F("decided_on")),
                name="movement_team_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    """A member of a team (tổ viên): name and birth year only. 18 to 70 years old
    on the decision date; over 70 only by the commune chair's explicit decision."""

    team = models.ForeignKey(
        SecurityTeam, on_delete=models.CASCADE, related_name="members"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"))
    position = models.CharField(_("position"), max_length=100, blank=True)
    decided_on = models.DateField(_("decided on"))
    over_age_exception = models.BooleanField(
        _("over 70, by the commune chair's decision"), default=False
    )
    exception_reason = models.CharField(
        _("reason for the exception"), max_length=250, blank=True
    )
    left_on = models.DateField(_("left on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def age_on_decision(self) -> int:
        return self.decided_on.year - self.birth_year


# ---- "safe on security and order" recognition (TT 124/2021/TT-BCA) ----------


class UnitKind(models.TextChoices):
    RESIDENTIAL_AREA = "residential_area", _("Residential area (khu dân cư)")
    COMMUNE = "commune", _("Commune (xã, phường)")
    AGENCY = "agency", _("Agency (cơ quan)")
    ENTERPRISE = "enterprise", _("Enterprise (doanh nghiệp)")
    SCHOOL = "school", _("School (cơ sở giáo dục)")


class AuthorityLevel(models.TextChoices):
    COMMUNE = "commune", _("Commune People's Committee")
    DISTRICT = "district", _("District People's Committee")
    PROVINCE = "province", _("Provincial People's Committee")
    MINISTRY = "ministry", _("Ministry of Public Security")


class Result(models.TextChoices):
    MET = "met", _("Recognised (đạt)")
    NOT_MET = "not_met", _("Not recognised (chưa đạt)")


class SafetyRecognition(Recorded):
    """A unit's yearly striving for "An toàn về an ninh, trật tự" (TT 124/2021):
    the registration (Quarter I), the checklist of criteria answered with
    evidence, and the decision đạt / chưa đạt by the competent body (Điều 10)."""

    kind = models.CharField(_("kind of unit"), max_length=20, choices=UnitKind.choices)
    unit_name = models.CharField(_("unit"), max_length=250)
    # The commune the unit lies in (for a commune: itself), as entered.
    commune = models.ForeignKey(
        Place, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency in the platform"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Agencies, enterprises and schools: who manages them decides (Điều 10).
    managed_by = models.CharField(
        _("managed by"), max_length=10, choices=AuthorityLevel.choices, blank=True
    )
    year = models.PositiveSmallIntegerField(_("year"))
    registered_on = models.DateField(_("registered on"))
    registration_ref = models.CharField(_("registration"), max_length=120, blank=True)
    result = models.CharField(
        _("result"), max_length=10, choices=Result.choices, blank=True
    )
    decision_ref = models.CharField(_("decision"), max_length=120, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by_level = models.CharField(
        _("decided by"), max_length=10, choices=AuthorityLevel.choices, blank=True
    )
    decided_by_name = models.CharField(_("deciding body"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("safety recognition")
        verbose_name_plural = _("safety recognitions")
        ordering = ["-year", "kind", "unit_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "commune", "unit_name", "year"],
                name="movement_one_registration_per_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_name} — {self.year}"

    @property
    def is_decided(self) -> bool:
        return bool(self.result)


class CriterionAnswer(models.Model):
    """One criterion of the checklist, answered met / not met with its evidence.
    `suggested` is what the platform's data suggested when the officer answered."""

    recognition = models.ForeignKey(
        SafetyRecognition, on_delete=models.CASCADE, related_name="answers"
    )
    code = models.CharField(_("criterion"), max_length=20)
    met = models.BooleanField(_("met"))
    note = models.TextField(_("evidence and notes"), blank=True)
    suggested = models.BooleanField(_("suggested"), null=True, blank=True)
    answered_at = models.DateTimeField(auto_now=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    files = GenericRelation(MovementFile)

    class Meta:
        verbose_name = _("criterion answer")
        verbose_name_plural = _("criterion answers")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recognition", "code"], name="movement_one_answer_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recognition} — {self.code}"


class RecognitionCorrection(models.Model):
    """A correction of a recognition's decision đạt / chưa đạt by the same
    competent body (a correcting decision): the decision as it was recorded
    before, the correcting one, and why. Never changed or deleted, so the
    history of what was recorded stays (`services.safety.recognition_correct`)."""

    recognition = models.ForeignKey(
        SafetyRecognition, on_delete=models.PROTECT, related_name="corrections"
    )
    previous_result = models.CharField(
        _("earlier result"), max_length=10, choices=Result.choices
    )
    previous_decision_ref = models.CharField(_("earlier decision"), max_length=120)
    previous_decided_on = models.DateField(_("earlier decision date"))
    previous_decided_by_name = models.CharField(
        _("earlier deciding body"), max_length=250, blank=True
    )
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    decision_ref = models.CharField(_("correcting decision"), max_length=120)
    decided_on = models.DateField(_("decided on"))
    decided_by_level = models.CharField(
        _("decided by"), max_length=10, choices=AuthorityLevel.choices
    )
    decided_by_name = models.CharField(_("deciding body"), max_length=250)
    reason = models.TextField(_("reason for the correction"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    corrected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("correction of a recognition decision")
        verbose_name_plural = _("corrections of recognition decisions")
        ordering = ["corrected_at", "id"]

    def __str__(self) -> str:
        return f"{self.recognition} — {self.decision_ref}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("A correction of a recognition decision is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("A correction of a recognition decision is never deleted.")

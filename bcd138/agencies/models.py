"""Users, agencies, steering committees, roles and API tokens.

A user's rights come from role assignments: each names a role, an agency and a
jurisdiction (a current province or commune and everything under it). The access
helpers in `bcd138.core.access` read them; nothing else decides who sees what.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bcd138.places.models import Place


class User(AbstractUser):
    """A person who signs in: an officer, a liaison, a member-agency officer."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username


class AgencyKind(models.TextChoices):
    PROVINCIAL_POLICE = "provincial_police", _("Provincial police")
    COMMUNE_POLICE = "commune_police", _("Commune police")
    PROCURACY = "procuracy", _("Procuracy")
    COURT = "court", _("Court")
    PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
    DEPARTMENT = "department", _("Department or sector")
    FATHERLAND_FRONT = "fatherland_front", _("Fatherland Front")
    MASS_ORGANISATION = "mass_organisation", _("Mass organisation")
    OTHER = "other", _("Other")


class AgencyQuerySet(models.QuerySet["Agency"]):
    def active(self) -> AgencyQuerySet:
        return self.filter(is_active=True)

    def of_kind(self, *kinds: str) -> AgencyQuerySet:
        return self.filter(kind__in=kinds)


class Agency(models.Model):
    """An agency or organisation (cơ quan, đơn vị, tổ chức) located at a place."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=AgencyKind.choices)
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    address = models.CharField(_("address"), max_length=250, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "place"], name="agencies_unique_name_per_place"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CommitteeLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    COMMUNE = "commune", _("Commune")


class SteeringCommittee(models.Model):
    """Ban Chỉ đạo 138 of a province or commune; the police are its standing agency."""

    name = models.CharField(_("name"), max_length=250)
    level = models.CharField(_("level"), max_length=10, choices=CommitteeLevel.choices)
    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    standing_agency = models.ForeignKey(
        Agency,
        verbose_name=_("standing agency"),
        on_delete=models.PROTECT,
        related_name="standing_for",
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    decision_ref = models.CharField(
        _("establishing decision"), max_length=120, blank=True
    )

    class Meta:
        verbose_name = _("steering committee")
        verbose_name_plural = _("steering committees")
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return self.name


class MemberPosition(models.TextChoices):
    HEAD = "head", _("Head (Trưởng ban)")
    STANDING_DEPUTY = (
        "standing_deputy",
        _("Standing deputy head (Phó Trưởng ban thường trực)"),
    )
    DEPUTY = "deputy", _("Deputy head (Phó Trưởng ban)")
    MEMBER = "member", _("Member (Ủy viên)")


POSITION_ORDER = [
    MemberPosition.HEAD,
    MemberPosition.STANDING_DEPUTY,
    MemberPosition.DEPUTY,
    MemberPosition.MEMBER,
]


class CommitteeMemberQuerySet(models.QuerySet["CommitteeMember"]):
    def serving_on(self, day: object) -> CommitteeMemberQuerySet:
        return self.filter(
            Q(term_start__isnull=True) | Q(term_start__lte=day),
            Q(term_end__isnull=True) | Q(term_end__gte=day),
        )


class CommitteeMember(models.Model):
    """A seat on a committee: person, agency represented, position and term."""

    committee = models.ForeignKey(
        SteeringCommittee, on_delete=models.CASCADE, related_name="members"
    )
    person_name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("title in their agency"), max_length=200, blank=True)
    position = models.CharField(
        _("position on the committee"), max_length=20, choices=MemberPosition.choices
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency represented"),
        on_delete=models.PROTECT,
        related_name="committee_seats",
    )
    user = models.ForeignKey(
        User,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_seats",
    )
    term_start = models.DateField(_("term start"), null=True, blank=True)
    term_end = models.DateField(_("term end"), null=True, blank=True)

    objects = CommitteeMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["committee", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True)
                | Q(term_start__isnull=True)
                | Q(term_end__gte=models.F("term_start")),
                name="agencies_member_term_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_name} ({self.get_position_display()})"


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    COMMITTEE_LEADER = "committee_leader", _("Committee leader")
    STANDING_OFFICE = "standing_office", _("Standing-office officer")
    PROVINCIAL_POLICE = "provincial_police", _("Provincial police officer")
    COMMUNE_POLICE = "commune_police", _("Commune police officer")
    UNIT_HEAD = "unit_head", _("Unit head")
    PROCURACY_LIAISON = "procuracy_liaison", _("Procuracy liaison")
    COURT_LIAISON = "court_liaison", _("Court liaison")
    MEMBER_AGENCY = "member_agency", _("Member-agency officer")
    AUDITOR = "auditor", _("Auditor")


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def active(self) -> RoleAssignmentQuerySet:
        today = timezone.localdate()
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=today),
            Q(valid_to__isnull=True) | Q(valid_to__gte=today),
        )


class RoleAssignment(models.Model):
    """A role held by a user in an agency over a jurisdiction (a place and below)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    jurisdiction = models.ForeignKey(
        Place,
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"era": "2025"},
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "agency", "jurisdiction"],
                name="agencies_unique_role_assignment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.jurisdiction}"


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
        )


class ApiToken(models.Model):
    """A personal API token: only its SHA-256 digest is stored; shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

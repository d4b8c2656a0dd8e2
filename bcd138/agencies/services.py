"""Services for users, agencies, steering committees, roles and API tokens.

Rules: only a system administrator whose jurisdiction covers a place manages the
agencies, committees and accounts there; jurisdictions are current (2025) provinces
or communes; a committee has at most one serving head and one serving standing
deputy; API tokens are shown once and stored as SHA-256 digests.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from bcd138.agencies.models import (
    Agency,
    AgencyKind,
    ApiToken,
    CommitteeLevel,
    CommitteeMember,
    MemberPosition,
    Role,
    RoleAssignment,
    SteeringCommittee,
    User,
)
from bcd138.core import access, audit
from bcd138.core.errors import DomainError
from bcd138.places.models import Era, Level, Place

AGENCY_FIELDS = [
    "name",
    "short_name",
    "kind",
    "place",
    "parent",
    "address",
    "phone",
    "email",
    "is_active",
]
MEMBER_FIELDS = [
    "person_name",
    "title",
    "position",
    "agency",
    "user",
    "term_start",
    "term_end",
]
TOKEN_PREFIX = "bcd_"  # noqa: S105  (a public marker, not a secret)


def _assign(instance: Any, fields: dict[str, Any], allowed: list[str]) -> None:
    for name, value in fields.items():
        if name not in allowed:
            raise DomainError(
                _("Unknown field: %(name)s") % {"name": name}, code="field"
            )
        setattr(instance, name, value)


# ---- access -----------------------------------------------------------------


def require_admin_over(user: Any, place: Place) -> None:
    """A system administrator whose jurisdiction covers `place`, or a superuser."""
    access.require_place(user, place, roles=[Role.SYSTEM_ADMIN])


def agencies_visible_to(user: Any) -> QuerySet[Agency]:
    return access.visible(Agency.objects.all(), user, field="place")


def agency_get_for(*, user: Any, pk: Any) -> Agency:
    return access.get_visible_or_404(
        Agency.objects.select_related("place", "parent"), user, pk=pk, field="place"
    )


def committees_visible_to(user: Any) -> QuerySet[SteeringCommittee]:
    return access.visible(SteeringCommittee.objects.all(), user, field="place")


def committee_get_for(*, user: Any, pk: Any) -> SteeringCommittee:
    return access.get_visible_or_404(
        SteeringCommittee.objects.select_related("place", "standing_agency"),
        user,
        pk=pk,
        field="place",
    )


def users_visible_to(user: Any) -> QuerySet[User]:
    """Accounts an administrator manages: those holding a role in a place the
    administrator covers, and accounts with no role yet (just created, not yet
    placed). Superuser accounts are managed by superusers only."""
    if access.is_superuser(user):
        return User.objects.all()
    if not access.has_role(user, Role.SYSTEM_ADMIN):
        return User.objects.none()
    q = access.jurisdiction_q(
        user, field="roles__jurisdiction", roles=[Role.SYSTEM_ADMIN]
    )
    ids = User.objects.filter(q).values("pk")
    return User.objects.filter(
        Q(pk__in=ids) | Q(roles__isnull=True), is_superuser=False
    ).distinct()


# ---- agencies ---------------------------------------------------------------


def agency_validate(agency: Agency) -> None:
    if agency.kind not in AgencyKind.values:
        raise DomainError(_("Unknown agency kind."), code="agency_kind")
    if not agency.name.strip():
        raise DomainError(_("An agency needs a name."), code="agency_name")
    if agency.place.era != Era.CURRENT:
        raise DomainError(
            _("An agency is placed in a current (2025) unit."), code="agency_place"
        )
    if agency.kind == AgencyKind.COMMUNE_POLICE and agency.place.level != Level.COMMUNE:
        raise DomainError(
            _("A commune police unit must be placed in a commune."), code="agency_place"
        )
    if agency.parent_id is not None and agency.parent_id == agency.pk:
        raise DomainError(
            _("An agency cannot be its own parent."), code="agency_parent"
        )
    duplicate = Agency.objects.filter(name=agency.name, place=agency.place).exclude(
        pk=agency.pk
    )
    if duplicate.exists():
        raise DomainError(
            _("An agency with this name already exists in this unit."),
            code="agency_duplicate",
        )


@transaction.atomic
def agency_create(
    *, by: Any, name: str, kind: str, place: Place, **fields: Any
) -> Agency:
    require_admin_over(by, place)
    agency = Agency(name=name.strip(), kind=kind, place=place, **fields)
    agency_validate(agency)
    agency.save()
    audit.record("agency.create", actor=by, obj=agency, place=place)
    return agency


@transaction.atomic
def agency_update(agency: Agency, *, by: Any, **fields: Any) -> Agency:
    require_admin_over(by, agency.place)
    before = audit.snapshot(agency, AGENCY_FIELDS)
    _assign(agency, fields, AGENCY_FIELDS)
    require_admin_over(by, agency.place)
    agency_validate(agency)
    agency.save()
    changes = audit.model_changes(before, agency, AGENCY_FIELDS)
    if changes:
        audit.record(
            "agency.update", actor=by, obj=agency, place=agency.place, changes=changes
        )
    return agency


# ---- steering committees ----------------------------------------------------


@transaction.atomic
def committee_create(
    *,
    by: Any,
    name: str,
    level: str,
    place: Place,
    standing_agency: Agency,
    **fields: Any,
) -> SteeringCommittee:
    require_admin_over(by, place)
    expected = Level.PROVINCE if level == CommitteeLevel.PROVINCE else Level.COMMUNE
    if place.era != Era.CURRENT or place.level != expected:
        raise DomainError(
            _(
                "A committee of level “%(level)s” is placed "
                "in a current unit of that level."
            )
            % {"level": CommitteeLevel(level).label},
            code="committee_place",
        )
    committee = SteeringCommittee(
        name=name.strip(),
        level=level,
        place=place,
        standing_agency=standing_agency,
        **fields,
    )
    committee.save()
    audit.record("committee.create", actor=by, obj=committee, place=place)
    return committee


_SINGLE_SEATS = {MemberPosition.HEAD, MemberPosition.STANDING_DEPUTY}


def committee_member_validate(member: CommitteeMember) -> None:
    if member.position not in MemberPosition.values:
        raise DomainError(_("Unknown committee position."), code="member_position")
    if not member.person_name.strip():
        raise DomainError(_("A member needs a name."), code="member_name")
    if member.term_start and member.term_end and member.term_end < member.term_start:
        raise DomainError(_("The term ends before it starts."), code="member_term")
    if member.position in _SINGLE_SEATS and member.term_end is None:
        taken = CommitteeMember.objects.filter(
            committee=member.committee, position=member.position, term_end__isnull=True
        ).exclude(pk=member.pk)
        if taken.exists():
            raise DomainError(
                _(
                    "The committee already has a serving %(position)s; "
                    "end that term first."
                )
                % {"position": member.get_position_display()},
                code="member_seat_taken",
            )


@transaction.atomic
def committee_member_add(
    *,
    by: Any,
    committee: SteeringCommittee,
    person_name: str,
    position: str,
    agency: Agency,
    **fields: Any,
) -> CommitteeMember:
    require_admin_over(by, committee.place)
    member = CommitteeMember(
        committee=committee,
        person_name=person_name.strip(),
        position=position,
        agency=agency,
        **fields,
    )
    committee_member_validate(member)
    member.save()
    audit.record("committee.member_add", actor=by, obj=member, place=committee.place)
    return member


@transaction.atomic
def committee_member_update(
    member: CommitteeMember, *, by: Any, reason: str = "", **fields: Any
) -> CommitteeMember:
    require_admin_over(by, member.committee.place)
    before = audit.snapshot(member, MEMBER_FIELDS)
    _assign(member, fields, MEMBER_FIELDS)
    committee_member_validate(member)
    member.save()
    changes = audit.model_changes(before, member, MEMBER_FIELDS)
    if changes:
        audit.record(
            "committee.member_update",
            actor=by,
            obj=member,
            place=member.committee.place,
            changes=changes,
            reason=reason,
        )
    return member


# ---- users and roles --------------------------------------------------------


def _validated_password(password: str, user: User) -> str:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), code="password") from None
    return password


@transaction.atomic
def user_create(
    *, by: Any, username: str, password: str, full_name: str = "", **fields: Any
) -> User:
    if not (access.is_superuser(by) or access.has_role(by, Role.SYSTEM_ADMIN)):
        raise DomainError(
            _("Only a system administrator creates accounts."),
            code="forbidden",
            status=403,
        )
    username = username.strip()
    if not username:
        raise DomainError(_("A username is required."), code="username")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("This username is taken."), code="username_taken")
    user = User(username=username, full_name=full_name.strip(), **fields)
    user.set_password(_validated_password(password, user))
    user.save()
    audit.record("user.create", actor=by, obj=user)
    return user


@transaction.atomic
def user_password_change(user: User, *, old_password: str, new_password: str) -> None:
    if not user.check_password(old_password):
        raise DomainError(_("The current password is wrong."), code="password_wrong")
    user.set_password(_validated_password(new_password, user))
    user.save(update_fields=["password"])
    audit.record("user.password_change", actor=user, obj=user)


def role_validate(*, role: str, agency: Agency, jurisdiction: Place) -> None:
    if role not in Role.values:
        raise DomainError(_("Unknown role."), code="role")
    if jurisdiction.era != Era.CURRENT or jurisdiction.level == Level.DISTRICT:
        raise DomainError(
            _("A jurisdiction is a current province or commune."), code="jurisdiction"
        )
    if role == Role.COMMUNE_POLICE and jurisdiction.level != Level.COMMUNE:
        raise DomainError(
            _("A commune police officer's jurisdiction is a commune."),
            code="jurisdiction",
        )
    if not access.place_in_jurisdiction_of_place(agency.place, jurisdiction):
        raise DomainError(
            _("The agency lies outside the jurisdiction."), code="jurisdiction_agency"
        )


@transaction.atomic
def role_grant(
    *,
    by: Any,
    user: User,
    role: str,
    agency: Agency,
    jurisdiction: Place,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> RoleAssignment:
    role_validate(role=role, agency=agency, jurisdiction=jurisdiction)
    require_admin_over(by, jurisdiction)
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user,
        role=role,
        agency=agency,
        jurisdiction=jurisdiction,
        defaults={"valid_from": valid_from, "valid_to": valid_to},
    )
    if not created:
        raise DomainError(
            _("The user already holds this role here."), code="role_duplicate"
        )
    access.forget_grants(user)
    audit.record(
        "role.grant",
        actor=by,
        obj=user,
        place=jurisdiction,
        changes={
            "role": role,
            "agency": str(agency),
            "jurisdiction": str(jurisdiction),
        },
    )
    return assignment


@transaction.atomic
def role_revoke(assignment: RoleAssignment, *, by: Any, reason: str) -> None:
    require_admin_over(by, assignment.jurisdiction)
    if not reason.strip():
        raise DomainError(
            _("Give a reason for revoking a role."), code="reason_required"
        )
    audit.record(
        "role.revoke",
        actor=by,
        obj=assignment.user,
        place=assignment.jurisdiction,
        reason=reason,
        changes={
            "role": assignment.role,
            "agency": str(assignment.agency),
            "jurisdiction": str(assignment.jurisdiction),
        },
    )
    assignment.delete()
    access.forget_grants(assignment.user)


# ---- API tokens ---------------------------------------------------------------


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, user: User, name: str, days: int | None = None
) -> tuple[ApiToken, str]:
    """Create a token; return it with the raw secret, which is never stored."""
    name = name.strip()
    if not name:
        raise DomainError(_("Give the token a name."), code="token_name")
    days = settings.API_TOKEN_DEFAULT_DAYS if days is None else days
    if not 1 <= days <= 366:
        raise DomainError(_("A token lasts between 1 and 366 days."), code="token_days")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        digest=_digest(raw),
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    audit.record("api_token.create", actor=user, obj=token)
    return token, raw


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


@transaction.atomic
def api_token_revoke(*, user: User, pk: Any) -> ApiToken:
    token = ApiToken.objects.filter(user=user, pk=pk).first()
    if token is None:
        raise DomainError(_("No such token."), code="not_found", status=404)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record("api_token.revoke", actor=user, obj=token)
    return token


def api_token_authenticate(raw: str) -> User | None:
    """The active user owning a usable token, or None (expired, revoked, unknown)."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.usable()
        .select_related("user")
        .filter(digest=_digest(raw))
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    # Recording every use would write on every request; once a minute is enough.
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(
        minutes=1
    ):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user

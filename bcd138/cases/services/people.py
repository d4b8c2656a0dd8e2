"""The accused, the victims and the property seized: identities encrypted,
revealed with a reason.

Only a keyed digest of the accused's folded full name is stored in clear
(``core.crypto.blind_index``), so a case can be found by the exact name without
decrypting anything; the search itself is audited, never the name searched.
Victims (bị hại) and seized property (vật chứng, tài sản thu giữ) are recorded by
the investigating body while the case is open, whoever holds the file; their
audit entries carry no personal data.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from bcd138.cases.models import Accused, Case, Holder, SeizedItem, Victim, VictimKind
from bcd138.cases.services import access as case_access
from bcd138.core import audit, crypto
from bcd138.core.errors import DomainError
from bcd138.places.text import fold

IDENTITY_FIELDS = ("full_name", "birth_date", "id_number", "address", "gender")
VICTIM_FIELDS = ("full_name", "contact")


def name_key(name: str) -> str:
    """The folded form a name is indexed and searched under: "Nguyễn  Văn A" →
    "nguyen van a"."""
    return " ".join(fold(name).split())


def clean_identity(data: dict[str, Any], fields: tuple[str, ...]) -> dict[str, str]:
    cleaned = {k: str(data.get(k) or "").strip()[:250] for k in fields}
    unknown = set(data) - set(fields)
    if unknown:
        raise DomainError(
            _("Unknown identity field: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))},
            code="identity",
        )
    if len(cleaned["full_name"]) < 2:
        raise DomainError(_("Give the person's full name."), code="full_name")
    return {k: v for k, v in cleaned.items() if v}


def accused_create(case: Case, *, identity: dict[str, Any]) -> Accused:
    cleaned = clean_identity(identity, IDENTITY_FIELDS)
    ordinal = case.accused.count() + 1
    return Accused.objects.create(
        case=case,
        ordinal=ordinal,
        token=crypto.encrypt_json(cleaned),
        key_id=crypto.primary_key_id(),
        name_index=crypto.blind_index(name_key(cleaned["full_name"])),
    )


def victim_create(
    case: Case, *, kind: str, harm: str, identity: dict[str, Any]
) -> Victim:
    cleaned = clean_identity(identity, VICTIM_FIELDS)
    return Victim.objects.create(
        case=case,
        kind=kind,
        harm=harm.strip()[:250],
        token=crypto.encrypt_json(cleaned),
        key_id=crypto.primary_key_id(),
    )


# Far above any real seizure, well inside the column (PositiveBigIntegerField):
# a typing slip gets a message rather than a database error.
MAX_VALUE_VND = 10**15


def _locked_for_police(case: Case, by: Any) -> Case:
    """The case, row-locked, if ``by`` acts for its investigating body and it is
    still open. Caller holds the transaction."""
    case = (
        Case.objects.select_for_update()
        .select_related("place", "investigating_body")
        .get(pk=case.pk)
    )
    if Holder.POLICE not in case_access.sides_of(by, case):
        raise DomainError(
            _("Only the investigating body records victims and seized property."),
            code="not_investigating_body",
            status=403,
        )
    if case.closed_on is not None:
        raise DomainError(
            _("The case was closed on %(on)s; nothing more can be recorded.")
            % {"on": case.closed_on.strftime("%d/%m/%Y")},
            code="case_closed",
        )
    return case


@transaction.atomic
def case_victim_add(
    case: Case, *, by: Any, kind: str, harm: str, identity: dict[str, Any]
) -> Victim:
    """A victim (bị hại): the identity encrypted, the harm in brief; audited
    without the name."""
    case = _locked_for_police(case, by)
    if kind not in VictimKind.values:
        raise DomainError(_("Choose a person or an organisation."), code="kind")
    if len(harm.strip()) > 250:
        raise DomainError(
            _("Describe the harm or loss in 250 characters at most."), code="harm"
        )
    victim = victim_create(case, kind=kind, harm=harm, identity=identity)
    audit.record(
        "case.victim_added",
        actor=by,
        obj=case,
        place=case.place,
        changes={"victim": victim.pk, "kind": kind},
    )
    return victim


def _check_seized(
    case: Case,
    *,
    description: str,
    quantity: str,
    value_vnd: int | None,
    seized_on: datetime.date | None,
) -> datetime.date:
    if not description.strip():
        raise DomainError(_("Describe the item seized."), code="description")
    if len(description.strip()) > 250:
        raise DomainError(
            _("Describe the item in 250 characters at most."), code="description"
        )
    if len(quantity.strip()) > 60:
        raise DomainError(
            _("Give the quantity in 60 characters at most."), code="quantity"
        )
    if value_vnd is not None and value_vnd < 0:
        raise DomainError(_("The value cannot be negative."), code="value_vnd")
    if value_vnd is not None and value_vnd > MAX_VALUE_VND:
        raise DomainError(_("The value is too large."), code="value_vnd")
    if seized_on is None:
        raise DomainError(_("Give the date it was seized."), code="seized_on")
    if seized_on > timezone.localdate():
        raise DomainError(_("The date is in the future."), code="seized_on")
    if seized_on < case.occurred_on:
        raise DomainError(
            _("Property cannot be seized before the offence (%(on)s).")
            % {"on": case.occurred_on.strftime("%d/%m/%Y")},
            code="seized_on",
        )
    return seized_on


@transaction.atomic
def case_seized_add(
    case: Case,
    *,
    by: Any,
    description: str,
    quantity: str,
    value_vnd: int | None,
    seized_on: datetime.date | None,
) -> SeizedItem:
    """Property seized (vật chứng, tài sản thu giữ), dated between the offence
    and today; audited."""
    case = _locked_for_police(case, by)
    on = _check_seized(
        case,
        description=description,
        quantity=quantity,
        value_vnd=value_vnd,
        seized_on=seized_on,
    )
    item = SeizedItem.objects.create(
        case=case,
        description=description.strip(),
        quantity=quantity.strip(),
        value_vnd=value_vnd,
        seized_on=on,
    )
    audit.record(
        "case.seized_added",
        actor=by,
        obj=case,
        place=case.place,
        changes={"seized_item": item.pk},
    )
    return item


def _require_reveal(case: Case, by: Any, reason: str) -> str:
    if not case_access.may_see_protected(by, case):
        audit.record("case.identity_refused", actor=by, obj=case, place=case.place)
        raise DomainError(
            _("Your role does not allow you to see the identities in this case."),
            code="identity_forbidden",
            status=403,
        )
    if len(reason.strip()) < 5:
        raise DomainError(_("State why you need to see the identities."), code="reason")
    return reason.strip()


def case_identities_reveal(case: Case, *, by: Any, reason: str) -> dict[str, Any]:
    """The decrypted identities of the accused and the victims, for this request
    only. Not one transaction: a refused attempt keeps its audit entry."""
    why = _require_reveal(case, by, reason)
    accused = {
        a.pk: crypto.decrypt_json(a.token) for a in case.accused.order_by("ordinal")
    }
    victims = {v.pk: crypto.decrypt_json(v.token) for v in case.victims.all()}
    audit.record(
        "case.identity_reveal",
        actor=by,
        obj=case,
        place=case.place,
        reason=why,
        changes={"accused": len(accused), "victims": len(victims)},
    )
    return {"accused": accused, "victims": victims}


def cases_by_accused_name(qs: QuerySet[Case], *, by: Any, name: str) -> QuerySet[Case]:
    """Cases among ``qs`` with an accused of exactly this name (diacritics and
    case ignored); only for the roles that may see identities; audited without
    the name."""
    if not case_access.may_name_search(by):
        raise DomainError(
            _("Your role does not allow searching by name."),
            code="name_search_forbidden",
            status=403,
        )
    key = name_key(name)
    if len(key) < 2:
        return qs.none()
    audit.record("case.name_search", actor=by)
    # Only among the cases whose identities the user may see: a commune's restricted
    # view must not tell which case a named person is accused in.
    qs = qs.filter(case_access.protected_q(by))
    return qs.filter(accused__name_index__in=crypto.blind_indexes(key)).distinct()


@transaction.atomic
def accused_reindex() -> int:
    """Re-encrypt and re-index every accused and victim under the primary key."""
    primary = crypto.primary_key_id()
    count = 0
    for accused in Accused.objects.select_for_update().exclude(key_id=primary):
        data = crypto.decrypt_json(accused.token)
        accused.token = crypto.encrypt_json(data)
        accused.name_index = crypto.blind_index(name_key(str(data["full_name"])))
        accused.key_id = primary
        accused.save(update_fields=["token", "name_index", "key_id"])
        count += 1
    for victim in Victim.objects.select_for_update().exclude(key_id=primary):
        victim.token = crypto.rotate(victim.token)
        victim.key_id = primary
        victim.save(update_fields=["token", "key_id"])
        count += 1
    return count

"""The accused and the victims: identities encrypted, revealed with a reason.

Only a keyed digest of the accused's folded full name is stored in clear
(``core.crypto.blind_index``), so a case can be found by the exact name without
decrypting anything; the search itself is audited, never the name searched.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from bcd138.cases.models import Accused, Case, Victim
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

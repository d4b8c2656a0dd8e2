"""Writing the audit log.

Services call `audit.record(...)` inside their transaction, so an entry exists if
and only if the write happened. Where the request came from is read from a
context variable that the middleware (web, api, admin) or the CLI sets; it is
per request, never shared between requests.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models

from bcd138.core import access
from bcd138.core.models import AuditEntry


@dataclass(frozen=True)
class AuditContext:
    source: str = "cli"
    ip_address: str | None = None


_DEFAULT = AuditContext()
_context: contextvars.ContextVar[AuditContext | None] = contextvars.ContextVar(
    "audit_context", default=None
)


@contextlib.contextmanager
def context(*, source: str, ip_address: str | None = None) -> Iterator[None]:
    token = _context.set(AuditContext(source=source, ip_address=ip_address))
    try:
        yield
    finally:
        _context.reset(token)


def record(
    action: str,
    *,
    actor: Any = None,
    obj: models.Model | None = None,
    place: Any = None,
    reason: str = "",
    changes: dict[str, Any] | None = None,
    with_repr: bool = True,
    with_address: bool = True,
) -> AuditEntry:
    """Append an entry. `actor` is a User or None (the system).

    `with_repr=False` keeps only the object's type and id, for entries that may be
    read by people who must not learn what the object is. `with_address=False`
    leaves out the client's address: a citizen's anonymous report must not be
    linkable to where it came from.
    """
    ctx = _context.get() or _DEFAULT
    actor_user = actor if actor is not None and actor.is_authenticated else None
    entry = AuditEntry(
        actor=actor_user,
        actor_label=(actor_user.get_username() if actor_user else "system"),
        action=action,
        source=ctx.source,
        ip_address=ctx.ip_address if with_address else None,
        reason=reason,
        changes=changes or {},
        place=place,
    )
    if place is None and actor_user is not None:
        # An entry with no place of its own is filed under the actor's first
        # jurisdiction, so the auditors of that place see it.
        grants = access.grants_for(actor_user)
        if grants:
            entry.place_id = grants[0].place_id
    if obj is not None:
        entry.object_type = obj._meta.label_lower
        entry.object_id = str(obj.pk)
        entry.object_repr = str(obj)[:200] if with_repr else ""
    entry.save()
    return entry


def model_changes(
    before: dict[str, Any], instance: models.Model, fields: list[str]
) -> dict[str, Any]:
    """The fields whose value changed, as {"field": [old, new]}, JSON-safe."""
    out: dict[str, Any] = {}
    for name in fields:
        new = getattr(instance, name)
        if before.get(name) != new:
            out[name] = [_plain(before.get(name)), _plain(new)]
    return out


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in fields}


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)

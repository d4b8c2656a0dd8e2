"""The catalogue of award forms and granting authorities: reference data, seeded
from `awards/data/catalogue.json` by a data migration, then edited by a system
administrator. A form's validity ends no earlier than it starts (the law
changes: a form is ended, not deleted, so past decisions keep their meaning);
every change is audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from bcd138.agencies.models import Role
from bcd138.awards.models import AwardForm, Grantor
from bcd138.core import access, audit
from bcd138.core.errors import DomainError


def award_form_validate(form: AwardForm) -> None:
    if not form.name.strip():
        raise DomainError(_("An award form needs a name."), code="name")
    if form.valid_from and form.valid_to and form.valid_to < form.valid_from:
        raise DomainError(
            _("The form stops being valid before it starts."), code="dates_out_of_order"
        )


def grantor_validate(grantor: Grantor) -> None:
    if not grantor.name.strip():
        raise DomainError(_("A granting authority needs a name."), code="name")
    if not grantor.signer_position.strip():
        raise DomainError(
            _("Give the position the authority signs as."), code="signer_position"
        )


@transaction.atomic
def catalogue_save(
    obj: AwardForm | Grantor, *, by: Any, changes: dict[str, Any], created: bool
) -> None:
    """Save a catalogue row edited in the administration screens."""
    if not (access.is_superuser(by) or access.has_role(by, Role.SYSTEM_ADMIN)):
        raise DomainError(
            _("Only an administrator edits the catalogue."),
            code="forbidden",
            status=403,
        )
    if isinstance(obj, AwardForm):
        award_form_validate(obj)
    else:
        grantor_validate(obj)
    obj.save()
    kind = "award_form" if isinstance(obj, AwardForm) else "award_grantor"
    audit.record(
        f"{kind}.{'create' if created else 'update'}",
        actor=by,
        obj=obj,
        changes={k: str(v) for k, v in changes.items()},
    )

"""Template context shared by every page: the navigation for the user's roles."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bcd138.agencies.models import Role
from bcd138.core import access
from bcd138.intake.services import access as report_access


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {"nav_items": []}
    items: list[tuple[str, Any, str]] = [
        ("home", _("Overview"), reverse("home")),
    ]
    if report_access.handling_agency_ids(user) or access.has_role(
        user, *report_access.SUPERVISOR_ROLES
    ):
        items.append(("reports", _("Crime reports"), reverse("intake:queue")))
    items += [
        ("agencies", _("Agencies"), reverse("agencies:list")),
        ("committees", _("Steering committees"), reverse("agencies:committees")),
        ("places", _("Place lookup"), reverse("places:search")),
    ]
    if access.has_role(user, Role.AUDITOR, Role.SYSTEM_ADMIN):
        items.append(("audit", _("Audit log"), reverse("core:audit")))
    if access.has_role(user, Role.SYSTEM_ADMIN):
        items.append(("admin", _("Administration"), reverse("admin:index")))
    return {"nav_items": items}

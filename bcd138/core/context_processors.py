"""Template context shared by every page: the navigation for the user's roles.

The bar holds the day-to-day sections (reports, cases, the committee's work, the
movement, commendations); the reference pages (agencies, committees, places, the
audit log, administration) sit in a "More" menu so the bar fits a laptop screen.
Each section is shown by its app's own access rule, the one its pages enforce.
"""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bcd138.agencies.models import Role
from bcd138.awards.access import has_awards_role
from bcd138.cases.services.access import has_case_role
from bcd138.core import access
from bcd138.hotspots.access import has_hotspots_role
from bcd138.intake.services import access as report_access
from bcd138.movement.access import may_use_overview
from bcd138.programs.access import has_programs_role

# The URL namespaces each nav key covers (for the active item).
NAV_APPS = {
    "reports": {"intake"},
    "cases": {"cases"},
    "programs": {"programs"},
    "movement": {"movement"},
    "hotspots": {"hotspots"},
    "awards": {"awards"},
    "places": {"places"},
    "admin": {"admin"},
}


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {"nav_items": [], "nav_more": []}
    items: list[tuple[str, Any, str]] = [("home", _("Overview"), reverse("home"))]
    if report_access.handling_agency_ids(user) or access.has_role(
        user, *report_access.SUPERVISOR_ROLES
    ):
        items.append(("reports", _("Crime reports"), reverse("intake:queue")))
    if has_case_role(user):
        items.append(("cases", _("Criminal cases"), reverse("cases:list")))
    if has_programs_role(user):
        items.append(("programs", _("Committee work"), reverse("programs:dashboard")))
    if has_hotspots_role(user):
        items.append(("hotspots", _("Hot spots"), reverse("hotspots:map")))
    if may_use_overview(user):
        items.append(("movement", _("Movement"), reverse("movement:overview")))
    if has_awards_role(user):
        items.append(("awards", _("Commendations"), reverse("awards:list")))
    more: list[tuple[str, Any, str]] = [
        ("agencies", _("Agencies"), reverse("agencies:list")),
        ("committees", _("Steering committees"), reverse("agencies:committees")),
        ("places", _("Place lookup"), reverse("places:search")),
    ]
    if access.has_role(user, Role.AUDITOR, Role.SYSTEM_ADMIN):
        more.append(("audit", _("Audit log"), reverse("core:audit")))
    if access.has_role(user, Role.SYSTEM_ADMIN):
        more.append(("admin", _("Administration"), reverse("admin:index")))
    return {
        "nav_items": items,
        "nav_more": more,
        "nav_current": _current(request),
    }


def _current(request: HttpRequest) -> str:
    """The nav key of the page being shown (a view may pass ``nav_active``)."""
    match = request.resolver_match
    if match is None:
        return ""
    if match.url_name == "home":
        return "home"
    if match.view_name == "core:audit":
        return "audit"
    if match.app_name == "agencies":
        return "committees" if "committee" in (match.url_name or "") else "agencies"
    for key, apps in NAV_APPS.items():
        if match.app_name in apps:
            return key
    return ""

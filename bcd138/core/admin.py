"""Administration screens: shared scoping for every ModelAdmin, and the audit log.

Admin access follows the project's roles, not Django's model permissions: a
system administrator manages what lies in their jurisdiction; nobody edits or
deletes an audit entry.
"""

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from bcd138.agencies.models import Role
from bcd138.core import access, audit
from bcd138.core.models import AuditEntry, CalendarDay

admin.site.site_header = "bcd138"
admin.site.site_title = "bcd138"


class SystemAdminPermissions:
    """System administrators may view, add and change; nobody deletes (records are
    deactivated or ended instead, so history stays whole)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return access.has_role(request.user, Role.SYSTEM_ADMIN)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(SystemAdminPermissions, admin.ModelAdmin):  # type: ignore[type-arg]
    """Seen by system administrators, changed by nobody here: the records are
    written by the services (validated, audited) on the apps' own pages."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ScopedAdmin(SystemAdminPermissions, admin.ModelAdmin):  # type: ignore[type-arg]
    """Visible and editable by system administrators, within their jurisdiction."""

    #: Path from the model to its Place, for `access.jurisdiction_q`.
    place_field = "place"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Model]:
        return access.visible(
            super().get_queryset(request),
            request.user,
            field=self.place_field,
            roles=[Role.SYSTEM_ADMIN],
        )


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["at", "actor_label", "action", "object_repr", "place", "source"]
    list_filter = ["source"]
    search_fields = ["action", "object_repr", "actor_label", "reason"]
    date_hierarchy = "at"

    def has_module_permission(self, request: HttpRequest) -> bool:
        return access.has_role(request.user, Role.AUDITOR, Role.SYSTEM_ADMIN)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEntry]:
        from bcd138.core.services import audit_entries_visible_to

        return audit_entries_visible_to(request.user)


@admin.register(CalendarDay)
class CalendarDayAdmin(SystemAdminPermissions, admin.ModelAdmin):  # type: ignore[type-arg]
    """The government's yearly swaps: extra days off and make-up working days.

    Changing them moves legal deadlines, so every change is audited.
    """

    list_display = ["day", "name", "is_day_off"]
    date_hierarchy = "day"

    def save_model(
        self, request: HttpRequest, obj: CalendarDay, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        audit.record(
            "calendar.change" if change else "calendar.add",
            actor=request.user,
            obj=obj,
            changes={f: str(form.cleaned_data.get(f)) for f in form.changed_data},
        )

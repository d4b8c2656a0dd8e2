"""Read-only admin views of the movement: every write goes through the services
(validated, audited) on the app's own pages; a system administrator looks at
the records of their jurisdiction only."""

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from bcd138.agencies.models import Role
from bcd138.core import access
from bcd138.movement.models import (
    Exemplary,
    MovementModel,
    OutreachSession,
    SafetyRecognition,
    SecurityTeam,
)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Seen by system administrators (the project's roles, not Django's model
    permissions), within their jurisdiction; changed by nobody here."""

    place_field = "place"

    def has_module_permission(self, request: HttpRequest) -> bool:
        return access.has_role(request.user, Role.SYSTEM_ADMIN)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Model]:
        qs = super().get_queryset(request)
        q = access.jurisdiction_q(
            request.user, field=self.place_field, roles=[Role.SYSTEM_ADMIN]
        )
        return qs.filter(pk__in=qs.model._default_manager.filter(q).values("pk"))


@admin.register(MovementModel)
class MovementModelAdmin(ReadOnlyAdmin):
    place_field = "communes"
    list_display = ["name", "model_type", "started_on", "ended_on", "replicated_from"]
    list_filter = ["model_type"]
    search_fields = ["name"]


@admin.register(Exemplary)
class ExemplaryAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "year", "place"]
    list_filter = ["kind", "year"]
    search_fields = ["name"]


@admin.register(OutreachSession)
class OutreachSessionAdmin(ReadOnlyAdmin):
    list_display = ["title", "held_on", "channel", "topic", "place", "organiser"]
    list_filter = ["channel", "topic", "platform"]
    search_fields = ["title"]


@admin.register(SecurityTeam)
class SecurityTeamAdmin(ReadOnlyAdmin):
    place_field = "commune"
    list_display = ["name", "commune", "decision_ref", "decided_on", "dissolved_on"]
    search_fields = ["name", "decision_ref"]


@admin.register(SafetyRecognition)
class SafetyRecognitionAdmin(ReadOnlyAdmin):
    place_field = "commune"
    list_display = ["unit_name", "kind", "year", "commune", "result", "decided_on"]
    list_filter = ["kind", "year", "result"]
    search_fields = ["unit_name"]

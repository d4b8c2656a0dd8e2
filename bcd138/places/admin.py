"""Administrative units in the admin: read-only reference data.

Units come from the committed data files through `bcd138 places load`; editing
them by hand would make codes disagree with the statistics office's, so nobody
may add, change or delete one here. System administrators may look them up, and
other admins use the search for their `autocomplete_fields`.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from bcd138.core.admin import ReadOnlyAdmin
from bcd138.places.models import Place, Succession


class SuccessionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Succession
    fk_name = "legacy"
    fields = ["successor", "is_default", "is_split"]
    readonly_fields = ["successor", "is_default", "is_split"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Place)
class PlaceAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "level", "era", "parent", "current_province"]
    list_filter = ["era", "level", "kind"]
    search_fields = ["name", "code", "search_key"]
    list_select_related = ["parent", "current_province"]
    inlines = [SuccessionInline]
    show_full_result_count = False


@admin.register(Succession)
class SuccessionAdmin(ReadOnlyAdmin):
    list_display = ["legacy", "successor", "is_default", "is_split"]
    list_filter = ["is_default", "is_split"]
    search_fields = [
        "legacy__name",
        "legacy__code",
        "successor__name",
        "successor__code",
    ]
    list_select_related = ["legacy", "successor"]
    show_full_result_count = False

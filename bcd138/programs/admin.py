"""Read-only admin views: every write goes through the services (validated,
audited) on the app's own pages, so the admin only lets a system administrator
look."""

from django.contrib import admin

from bcd138.core.admin import ReadOnlyAdmin
from bcd138.programs.models import Plan, Programme, Recommendation, Task


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "number",
        "signed_on",
        "valid_from",
        "valid_to",
        "ended_on",
    ]
    search_fields = ["title", "number"]


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ["subject", "raised_by", "raised_on", "state", "follow_up_by"]
    list_filter = ["state", "response", "outcome"]
    search_fields = ["subject"]


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "year", "status", "approved_on"]
    list_filter = ["status", "year"]


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ["plan", "ordinal", "title", "assignee", "due_on", "state"]
    list_filter = ["state"]
    search_fields = ["title"]

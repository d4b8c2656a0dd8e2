"""Read-only admin views of the hot-spot runs and alerts: runs are written by the
analysis and alerts are followed up on the app's own pages (validated, audited),
so the admin only lets a system administrator look."""

from django.contrib import admin

from bcd138.core.admin import ReadOnlyAdmin
from bcd138.hotspots.models import Alert, Run


@admin.register(Run)
class RunAdmin(ReadOnlyAdmin):
    list_display = [
        "province",
        "crime_type",
        "data_cutoff",
        "status",
        "trigger",
        "events_used",
        "active_cells",
        "started_at",
        "finished_at",
    ]
    list_filter = ["status", "trigger", "crime_type"]
    date_hierarchy = "data_cutoff"


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = [
        "commune",
        "crime_type",
        "status",
        "raised_at",
        "updated_at",
        "repeats",
    ]
    list_filter = ["status", "crime_type"]
    # The evidence names only tracking codes and case numbers, but the admin
    # shows lists and statuses: the evidence is read on the alert's page.
    exclude = ["evidence"]

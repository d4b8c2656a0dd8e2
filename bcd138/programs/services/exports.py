"""XLSX exports of the task and recommendation lists, as filtered on the page."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from bcd138.core.xlsx import Sheet
from bcd138.programs.models import Recommendation, Task


def tasks_sheet(tasks: QuerySet[Task], *, today: datetime.date) -> Sheet:
    headers = [
        _("Plan"),
        _("Item"),
        _("Task"),
        _("Assigned to"),
        _("Indicator"),
        _("Target"),
        _("Unit"),
        _("Achieved"),
        _("Due on"),
        _("State"),
        _("Marked done on"),
        _("Accepted on"),
        _("On time"),
        _("Days overdue"),
        _("Escalated on"),
        _("Evidence expected"),
    ]

    def rows() -> Iterator[Sequence[Any]]:
        for t in tasks.select_related("plan", "assignee"):
            yield [
                t.plan.number,
                t.ordinal,
                t.title,
                t.assignee.name,
                t.indicator,
                float(t.target) if t.target is not None else None,
                t.unit,
                float(t.achieved) if t.target is not None else None,
                t.due_on,
                t.get_state_display(),
                t.submitted_on or t.completed_on,
                t.accepted_on,
                t.on_time,
                t.days_overdue(today) or None,
                t.escalated_on,
                t.evidence_expected,
            ]

    return Sheet(_("Tasks"), headers, rows())


def recommendations_sheet(
    recs: QuerySet[Recommendation], *, today: datetime.date
) -> Sheet:
    headers = [
        _("Raised on"),
        _("Subject"),
        _("Content"),
        _("Raised by"),
        _("Member"),
        _("Conference"),
        _("Addressed to"),
        _("Unit concerned"),
        _("State"),
        _("Response"),
        _("The committee's response"),
        _("Followed up by"),
        _("Follow up by"),
        _("Days open"),
        _("Days past the follow-up date"),
        _("Outcome"),
        _("Outcome note"),
        _("Closed on"),
    ]

    def rows() -> Iterator[Sequence[Any]]:
        related = ("raised_by", "addressed_to", "follow_up_agency", "place")
        for r in recs.select_related(*related):
            yield [
                r.raised_on,
                r.subject,
                r.text,
                r.raised_by.name,
                r.raised_by_person,
                r.conference,
                r.addressed_to.name if r.addressed_to else _("The committee"),
                r.place.full_name if r.place else "",
                r.get_state_display(),
                r.get_response_display(),
                r.response_text,
                r.follow_up_agency.name if r.follow_up_agency else "",
                r.follow_up_by,
                r.days_open(today),
                r.days_past_follow_up(today) or None,
                r.get_outcome_display(),
                r.outcome_reason,
                r.closed_on,
            ]

    return Sheet(_("Recommendations"), headers, rows())

"""Forms of the hot-spot pages: the alert filters and the follow-up steps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from bcd138.agencies.models import User
from bcd138.hotspots.models import AlertReason, AlertStatus
from bcd138.hotspots.services.alerts import FOLLOW_UP_KINDS
from bcd138.places.models import Place

OPEN = ""  # the default filter: every alert not closed
ALL = "all"


class AlertFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (OPEN, _("Not closed")),
            (AlertStatus.OPEN, _("Open")),
            (AlertStatus.ACKNOWLEDGED, _("Acknowledged")),
            (AlertStatus.CLOSED, _("Closed")),
            (ALL, _("All")),
        ],
    )
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        required=False,
        queryset=Place.objects.none(),
        empty_label=_("All communes"),
    )
    reason = forms.ChoiceField(
        label=_("Reason"),
        required=False,
        choices=[("", _("Any reason")), *AlertReason.choices],
    )

    def __init__(self, *args: Any, communes: QuerySet[Place], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["commune"].queryset = communes  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {"status": OPEN, "commune": None, "reason": ""}
        return {
            "status": self.cleaned_data["status"] or OPEN,
            "commune": self.cleaned_data["commune"],
            "reason": self.cleaned_data["reason"] or "",
        }


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Officer"), queryset=User.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, officers: QuerySet[User], **kw: Any) -> None:
        super().__init__(*args, **kw)
        field = self.fields["assignee"]
        field.queryset = officers  # type: ignore[attr-defined]
        field.label_from_instance = lambda u: u.display_name  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What was done"),
        choices=[(k.value, k.label) for k in FOLLOW_UP_KINDS],
    )
    text = forms.CharField(
        label=_("Note"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("No names or personal details of citizens: places, times, codes."),
    )


class CloseForm(forms.Form):
    text = forms.CharField(
        label=_("Why it is closed"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

"""Forms of the officers' pages (the public portal has its own in portal_forms.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bcd138.agencies.models import Agency, User
from bcd138.core.forms import MultipleFileField
from bcd138.core.uploads import CleanFile
from bcd138.intake.models import (
    OPEN_STATES,
    Channel,
    CrimeType,
    Decision,
    ReportKind,
    State,
    SuspensionGround,
)
from bcd138.intake.services.reports import IDENTITY_FIELDS, ReportInput
from bcd138.places.models import Place

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Open")), ("all", _("All")), *State.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *ReportKind.choices]
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All")), *Channel.choices]
    )
    crime_type = forms.ChoiceField(
        label=_("Kind of crime"),
        required=False,
        choices=[("", _("All")), *CrimeType.choices],
    )
    commune = forms.ModelChoiceField(
        label=_("Commune"), required=False, queryset=Place.objects.none()
    )
    due = forms.ChoiceField(
        label=_("Time limit"),
        required=False,
        choices=[
            ("", _("Any")),
            ("overdue", _("Overdue")),
            ("week", _("Ends within 7 days")),
        ],
    )
    assignee = forms.ChoiceField(
        label=_("Officer"),
        required=False,
        choices=[("", _("Anyone")), ("me", _("Me")), ("none", _("Unassigned"))],
    )
    q = forms.CharField(label=_("Code or words"), required=False, max_length=100)
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[("deadline", _("Time left")), ("received", _("Newest first"))],
    )

    def __init__(self, *args: Any, communes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if communes is not None:
            self.fields["commune"].queryset = communes  # type: ignore[attr-defined]


OPEN = [str(s) for s in OPEN_STATES]


class ReportFieldsForm(forms.Form):
    """What a report says; shared by the duty desk and the portal."""

    kind = forms.ChoiceField(label=_("This is"), choices=ReportKind.choices)
    crime_type = forms.ChoiceField(
        label=_("Kind of crime"), choices=CrimeType.choices, initial=CrimeType.UNKNOWN
    )
    description = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
    )
    occurred_on = forms.DateField(
        label=_("Date of the events"), required=False, widget=DATE
    )
    occurred_time = forms.CharField(
        label=_("Approximate time"), required=False, max_length=60
    )
    commune = forms.ModelChoiceField(
        label=_("Commune, ward or special zone"), queryset=Place.objects.none()
    )
    address_line = forms.CharField(
        label=_("Address or landmark"), required=False, max_length=250
    )
    latitude = forms.FloatField(
        label=_("Latitude"), required=False, min_value=-90, max_value=90
    )
    longitude = forms.FloatField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180
    )
    people_involved = forms.CharField(
        label=_("People involved, if known"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    anonymous = forms.TypedChoiceField(
        label=_("Who is reporting"),
        choices=[("1", _("Anonymous")), ("0", _("Identified"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    full_name = forms.CharField(label=_("Full name"), required=False, max_length=150)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=20)
    id_number = forms.CharField(
        label=_("Citizen ID number"), required=False, max_length=12
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=250)
    email = forms.EmailField(label=_("Email"), required=False)
    confidential = forms.BooleanField(
        label=_("Keep my identity confidential (BLTTHS Điều 56)"), required=False
    )
    attachments = MultipleFileField(
        label=_("Photos, video, audio or PDF"), required=False
    )

    def __init__(self, *args: Any, communes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if communes is not None:
            self.fields["commune"].queryset = communes  # type: ignore[attr-defined]

    def to_input(self, files: list[CleanFile]) -> ReportInput:
        """What the (valid) form says, for the intake services."""
        data = self.cleaned_data
        return ReportInput(
            kind=data["kind"],
            place=data["commune"],
            description=data["description"],
            crime_type=data["crime_type"],
            occurred_on=data.get("occurred_on"),
            occurred_time=data.get("occurred_time", ""),
            address_line=data.get("address_line", ""),
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            people_involved=data.get("people_involved", ""),
            sender_agency_name=data.get("sender_agency_name", ""),
            anonymous=data["anonymous"],
            confidential=data.get("confidential", False),
            very_serious=data.get("very_serious", False),
            identity={k: data.get(k) or "" for k in IDENTITY_FIELDS},
            files=files,
        )

    def clean_occurred_on(self) -> Any:
        value = self.cleaned_data.get("occurred_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date of the events is in the future."))
        return value


class RecordForm(ReportFieldsForm):
    """The duty desk: information received in person, by phone, mail, press…"""

    unit = forms.ModelChoiceField(
        label=_("Receiving unit"), queryset=Agency.objects.none()
    )
    channel = forms.ChoiceField(
        label=_("Received"),
        choices=[c for c in Channel.choices if c[0] != Channel.PORTAL],
    )
    received_at = forms.DateTimeField(
        label=_("Received at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        initial=timezone.localtime,
    )
    sender_agency_name = forms.CharField(
        label=_("Sending agency or newspaper"), required=False, max_length=200
    )
    very_serious = forms.BooleanField(
        label=_("Very or particularly serious, or urgent (transfer at once)"),
        required=False,
    )
    external_ref = forms.CharField(
        label=_("Their reference"), required=False, max_length=100
    )

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class AssignForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("Officer"), queryset=User.objects.none())
    on = forms.DateField(label=_("Date"), required=False, widget=DATE)

    def __init__(self, *args: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers  # type: ignore[attr-defined]


class ReferenceForm(forms.Form):
    reference = forms.CharField(label=_("Document number"), max_length=60)
    on = forms.DateField(label=_("Date"), required=False, widget=DATE)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))
    preliminary = forms.BooleanField(
        label=_("Preliminary check (commune police)"), required=False
    )


class ExtendForm(forms.Form):
    until = forms.DateField(label=_("New time limit"), widget=DATE)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2})
    )
    reference = forms.CharField(
        label=_("Document number"), required=False, max_length=60
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2})
    )
    reference = forms.CharField(
        label=_("Document number"), required=False, max_length=60
    )


class ProcuracyExtendForm(forms.Form):
    until = forms.DateField(label=_("New time limit"), widget=DATE)
    reference = forms.CharField(label=_("Procuracy's decision number"), max_length=60)


class SuspendForm(ReasonForm):
    ground = forms.ChoiceField(
        label=_("Ground (Điều 148)"), choices=SuspensionGround.choices
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    reference = forms.CharField(label=_("Decision number"), max_length=60)
    reason = forms.CharField(
        label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 2})
    )
    on = forms.DateField(label=_("Date"), required=False, widget=DATE)


class TransferForm(forms.Form):
    to_agency = forms.ModelChoiceField(
        label=_("To a unit on the platform"),
        required=False,
        queryset=Agency.objects.none(),
    )
    outside_body = forms.CharField(
        label=_("Or to a body outside the platform"), required=False, max_length=60
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].queryset = agencies  # type: ignore[attr-defined]


class LinkForm(forms.Form):
    other_code = forms.CharField(
        label=_("Tracking code of the other report"), max_length=16
    )
    reason = forms.CharField(label=_("Why they are linked"), max_length=500)


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message to the reporter"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you need to see who reported"), max_length=500
    )


class NotifyReporterForm(forms.Form):
    notice = forms.ChoiceField(
        label=_("Notice"),
        choices=[
            ("receipt", _("Receipt of the information")),
            ("result", _("Result of the handling")),
            ("suspension", _("Suspension")),
        ],
    )
    reference = forms.CharField(label=_("Letter number"), required=False, max_length=60)

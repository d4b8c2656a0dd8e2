"""Forms of the movement's pages: filters, records, and the recognition steps."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from bcd138.agencies.models import Agency
from bcd138.core.forms import StaffFileField
from bcd138.movement.models import (
    AuthorityLevel,
    ExemplaryKind,
    ModelType,
    OutreachChannel,
    Platform,
    Rating,
    Result,
    Topic,
    UnitKind,
)
from bcd138.movement.services.exemplary import LINK_KINDS
from bcd138.places.models import Era, Place

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ALL = [("", _("All"))]


def _year_choices() -> list[tuple[str, str]]:
    this = datetime.date.today().year  # noqa: DTZ011  (a list of years, not a time)
    return [("", str(_("All")))] + [(str(y), str(y)) for y in range(this, 2019, -1)]


class PlaceChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Units with the era shown: "Phường An Mỹ (Thành phố Tam Kỳ, until 2025)"."""

    def label_from_instance(self, obj: Any) -> str:
        if obj.era == Era.LEGACY and obj.parent is not None:
            return str(
                _("%(name)s (%(district)s, until 30/06/2025)")
                % {"name": obj.name, "district": obj.parent.name}
            )
        return str(obj.name)


class PlaceMultipleField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return PlaceChoiceField.label_from_instance(self, obj)  # type: ignore[arg-type]


class Styled:
    """Bootstrap classes on every widget, so templates render `{{ field }}`."""

    fields: dict[str, forms.Field]

    def _style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            if css:
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class StyledForm(Styled, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


def _communes(qs: QuerySet[Place]) -> QuerySet[Place]:
    return qs.filter(level="commune").select_related("parent").order_by("era", "name")


# ---- filters ----------------------------------------------------------------


class FilterForm(StyledForm):
    commune = forms.ModelChoiceField(
        label=_("Commune (today)"), required=False, queryset=Place.objects.none()
    )
    q = forms.CharField(label=_("Words"), required=False, max_length=100)

    def __init__(self, *args: Any, communes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if communes is not None:
            self.fields["commune"].queryset = communes  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.widget.attrs["class"] += (
                " form-control-sm"
                if isinstance(field.widget, forms.TextInput | forms.DateInput)
                else " form-select-sm"
            )


class ModelFilterForm(FilterForm):
    year = forms.TypedChoiceField(
        label=_("Year started"), required=False, coerce=int, empty_value=None
    )
    model_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=ALL + ModelType.choices
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[*ALL, ("active", _("Active")), ("ended", _("Ended"))],
    )
    origin = forms.ChoiceField(
        label=_("Origin"),
        required=False,
        choices=[*ALL, ("built", _("Built here")), ("replicated", _("Replicated"))],
    )
    field_order = ["commune", "year", "model_type", "status", "origin", "q"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()  # type: ignore[attr-defined]


class PeopleFilterForm(FilterForm):
    year = forms.TypedChoiceField(
        label=_("Year"), required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=ALL + ExemplaryKind.choices
    )
    field_order = ["commune", "year", "kind", "q"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()  # type: ignore[attr-defined]


class OutreachFilterForm(FilterForm):
    year = forms.TypedChoiceField(
        label=_("Year"), required=False, coerce=int, empty_value=None
    )
    since = forms.DateField(label=_("From"), required=False, widget=DATE)
    until = forms.DateField(label=_("To"), required=False, widget=DATE)
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=ALL + OutreachChannel.choices
    )
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=ALL + Topic.choices
    )
    platform = forms.ChoiceField(
        label=_("Platform"), required=False, choices=[*ALL, *Platform.choices]
    )
    field_order = [
        "commune",
        "year",
        "since",
        "until",
        "channel",
        "topic",
        "platform",
        "q",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data


class TeamFilterForm(FilterForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[*ALL, ("active", _("Active")), ("dissolved", _("Dissolved"))],
    )
    field_order = ["commune", "status", "q"]


class SafetyFilterForm(FilterForm):
    year = forms.TypedChoiceField(
        label=_("Year"), required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(
        label=_("Kind of unit"), required=False, choices=ALL + UnitKind.choices
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[*ALL, ("pending", _("Not decided yet")), *Result.choices],
    )
    field_order = ["commune", "year", "kind", "status", "q"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()  # type: ignore[attr-defined]


class OverviewFilterForm(FilterForm):
    period = forms.ChoiceField(
        label=_("Outreach by"),
        required=False,
        choices=[
            ("quarter", _("Quarter")),
            ("month", _("Month")),
            ("year", _("Year")),
        ],
    )
    field_order = ["commune", "period"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["q"]


# ---- records ----------------------------------------------------------------


class RecordForm(StyledForm):
    """A form whose unit and agency choices are those the user may record for."""

    def __init__(
        self,
        *args: Any,
        places: QuerySet[Place] | None = None,
        agencies: QuerySet[Agency] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if (
                isinstance(field, PlaceChoiceField | PlaceMultipleField)
                and places is not None
            ):
                field.queryset = (
                    _communes(places)
                    if name != "place"
                    else (
                        places.select_related("parent").order_by("level", "era", "name")
                    )
                )
            elif isinstance(field, forms.ModelChoiceField) and agencies is not None:
                field.queryset = agencies.order_by("name")


class MovementModelForm(RecordForm):
    name = forms.CharField(label=_("Name"), max_length=250)
    model_type = forms.ChoiceField(label=_("Type"), choices=ModelType.choices)
    type_other = forms.CharField(label=_("Other type"), required=False, max_length=120)
    communes = PlaceMultipleField(
        label=_("Communes"),
        queryset=Place.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    running_agency = forms.ModelChoiceField(
        label=_("Running organisation"),
        required=False,
        queryset=Agency.objects.none(),
        help_text=_("An agency of the platform, or name it below."),
    )
    running_organisation = forms.CharField(
        label=_("Running organisation (other)"), required=False, max_length=250
    )
    started_on = forms.DateField(label=_("Started on"), widget=DATE)
    ended_on = forms.DateField(label=_("Ended on"), required=False, widget=DATE)
    members_count = forms.IntegerField(label=_("Members"), min_value=0, initial=0)
    activities = forms.CharField(
        label=_("Activities"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
    )
    attachments = StaffFileField(label=_("Evidence files"), required=False)


class AssessForm(StyledForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    rating = forms.ChoiceField(label=_("Rating"), choices=Rating.choices)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )


class ExemplaryForm(RecordForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ExemplaryKind.choices)
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("A person's name only: no identity number, address or birth date."),
    )
    agency = forms.ModelChoiceField(
        label=_("Agency (for a collective)"),
        required=False,
        queryset=Agency.objects.none(),
    )
    place = PlaceChoiceField(label=_("Place"), queryset=Place.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    achievement = forms.CharField(
        label=_("For what"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    attachments = StaffFileField(label=_("Evidence files"), required=False)


class LinkForm(StyledForm):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[(k, v.label) for k, v in LINK_KINDS.items()]
    )
    ref = forms.CharField(
        label=_("Number or code"),
        max_length=60,
        help_text=_(
            "The number in the address of its page; a report's code; a case's number."
        ),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=250)


class OutreachForm(RecordForm):
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=OutreachChannel.choices,
        widget=forms.RadioSelect,
        initial=OutreachChannel.IN_PERSON,
    )
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    title = forms.CharField(label=_("Title"), max_length=250)
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    organiser = forms.ModelChoiceField(
        label=_("Organiser"), queryset=Agency.objects.none()
    )
    place = PlaceChoiceField(
        label=_("Place"),
        queryset=Place.objects.none(),
        help_text=_("The commune where it was held, or whose people it addressed."),
    )
    venue = forms.CharField(label=_("Venue"), required=False, max_length=250)
    attendees = forms.IntegerField(label=_("Attendees"), required=False, min_value=0)
    platform = forms.ChoiceField(
        label=_("Platform"), required=False, choices=[("", "—"), *Platform.choices]
    )
    page_name = forms.CharField(
        label=_("Page or channel"), required=False, max_length=200
    )
    link = forms.URLField(
        label=_("Link"), required=False, max_length=500, assume_scheme="https"
    )
    views = forms.IntegerField(label=_("Views"), required=False, min_value=0)
    shares = forms.IntegerField(label=_("Shares"), required=False, min_value=0)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    attachments = StaffFileField(label=_("Materials"), required=False)


class TeamForm(RecordForm):
    commune = PlaceChoiceField(label=_("Commune"), queryset=Place.objects.none())
    name = forms.CharField(label=_("Name"), max_length=200)
    decision_ref = forms.CharField(label=_("Decision number"), max_length=120)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    areas = forms.CharField(
        label=_("Areas covered"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One thôn or tổ dân phố per line."),
        max_length=5000,
    )
    dissolved_on = forms.DateField(label=_("Dissolved on"), required=False, widget=DATE)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )

    def clean_areas(self) -> list[str]:
        return [
            line for line in self.cleaned_data["areas"].splitlines() if line.strip()
        ]


class MemberForm(StyledForm):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    birth_year = forms.IntegerField(
        label=_("Year of birth"), min_value=1900, max_value=2100
    )
    position = forms.CharField(label=_("Position"), required=False, max_length=100)
    decided_on = forms.DateField(
        label=_("Decided on"),
        required=False,
        widget=DATE,
        help_text=_("Empty: the team's decision date."),
    )
    over_age_exception = forms.BooleanField(
        label=_("Over 70, by the commune chair's explicit decision"), required=False
    )
    exception_reason = forms.CharField(
        label=_("Reason for the exception"), required=False, max_length=250
    )


class LeaveForm(StyledForm):
    on = forms.DateField(label=_("Left on"), widget=DATE)


class RegistrationForm(RecordForm):
    kind = forms.ChoiceField(label=_("Kind of unit"), choices=UnitKind.choices)
    commune = PlaceChoiceField(label=_("Commune"), queryset=Place.objects.none())
    unit_name = forms.CharField(
        label=_("Unit"),
        required=False,
        max_length=250,
        help_text=_(
            "The thôn, tổ dân phố, agency, enterprise or school; empty for a commune."
        ),
    )
    managed_by = forms.ChoiceField(
        label=_("Managed by"),
        required=False,
        choices=[("", "—"), *AuthorityLevel.choices],
        help_text=_("For an agency, enterprise or school: the level that manages it."),
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    registered_on = forms.DateField(label=_("Registered on"), widget=DATE)
    registration_ref = forms.CharField(
        label=_("Registration document"), required=False, max_length=120
    )


class DecideForm(StyledForm):
    result = forms.ChoiceField(label=_("Result"), choices=Result.choices)
    level = forms.ChoiceField(label=_("Decided by"), choices=AuthorityLevel.choices)
    body = forms.CharField(label=_("Deciding body"), required=False, max_length=250)
    decision_ref = forms.CharField(label=_("Decision number"), max_length=120)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)


class CorrectForm(StyledForm):
    """A correction of the recorded decision by the same competent body."""

    result = forms.ChoiceField(label=_("Result"), choices=Result.choices)
    decision_ref = forms.CharField(
        label=_("Correcting decision number"), max_length=120
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    body = forms.CharField(label=_("Deciding body"), required=False, max_length=250)
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FilesForm(StyledForm):
    attachments = StaffFileField(label=_("Files"))


class ChecklistForm(StyledForm):
    """One answer (met / not met / not yet), note and files per criterion."""

    ANSWERS = [("", _("Not answered")), ("1", _("Met")), ("0", _("Not met"))]

    def __init__(self, *args: Any, rows: list[Any], **kwargs: Any) -> None:
        self.rows = rows
        super().__init__(*args, **kwargs)
        for row in rows:
            code = row.criterion.code
            answer, suggestion = row.answer, row.suggestion
            if answer is not None:
                initial = "1" if answer.met else "0"
            elif suggestion is not None:
                initial = "1" if suggestion.met else "0"
            else:
                initial = ""
            self.fields[f"met_{code}"] = forms.ChoiceField(
                label=row.text, choices=self.ANSWERS, required=False, initial=initial
            )
            self.fields[f"note_{code}"] = forms.CharField(
                label=_("Evidence and notes"),
                required=False,
                max_length=5000,
                initial=answer.note if answer else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"files_{code}"] = StaffFileField(
                label=_("Evidence files"), required=False
            )
        self._style()

    def bound_rows(self) -> list[tuple[Any, Any, Any, Any]]:
        return [
            (
                row,
                self[f"met_{row.criterion.code}"],
                self[f"note_{row.criterion.code}"],
                self[f"files_{row.criterion.code}"],
            )
            for row in self.rows
        ]

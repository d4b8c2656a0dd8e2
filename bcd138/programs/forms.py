"""Forms of the committee's work pages: filters, records and the steps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bcd138.agencies.models import Agency, SteeringCommittee
from bcd138.core.forms import StaffFileField
from bcd138.places.models import Place
from bcd138.programs.models import (
    AgeBand,
    Commitment,
    Outcome,
    Plan,
    PlanStatus,
    Programme,
    ProgrammeStatus,
    Rating,
    RecommendationState,
    Response,
    TaskState,
)
from bcd138.programs.services.plans import TaskInput
from bcd138.programs.services.programmes import ProgrammeInput, ResultInput
from bcd138.programs.services.queries import (
    PlanFilters,
    ProgrammeFilters,
    RecommendationFilters,
    TaskFilters,
)
from bcd138.programs.services.recommendations import RecommendationInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


def _today() -> Any:
    return timezone.localdate()


def _queryset(form: forms.Form, name: str, queryset: Any) -> None:
    form.fields[name].queryset = queryset  # type: ignore[attr-defined]


def _date(label: Any, required: bool = True, **kw: Any) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE, **kw)


class CommitteeChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class _CommitteeMixin(forms.Form):
    """A committee field, hidden from the form when the user has only one."""

    committee = CommitteeChoice(
        label=_("Steering committee"), queryset=SteeringCommittee.objects.none()
    )

    def set_committees(self, committees: Any) -> None:
        """Offer `committees`, the province's own first by default."""
        _queryset(self, "committee", committees)
        if not self.is_bound:
            rows = list(committees)
            default = next((c for c in rows if c.level == "province"), None)
            if default or rows:
                self.initial.setdefault("committee", default or rows[0])


# ---- filters -------------------------------------------------------------------


class _FilterForm(forms.Form):
    def values(self) -> dict[str, Any]:
        """The valid fields (invalid ones are ignored)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class ProgrammeFilterForm(_FilterForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *ProgrammeStatus.choices],
    )
    agency = forms.ModelChoiceField(
        label=_("Party"),
        required=False,
        queryset=Agency.objects.none(),
        empty_label=_("Any"),
    )
    q = forms.CharField(label=_("Title or number"), required=False, max_length=100)

    def to_filters(self) -> ProgrammeFilters:
        return ProgrammeFilters(**self.values())


class RecommendationFilterForm(_FilterForm):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Open")), ("all", _("All")), *RecommendationState.choices],
    )
    band = forms.ChoiceField(
        label=_("Age"), required=False, choices=[("", _("Any")), *AgeBand.choices]
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        required=False,
        queryset=Agency.objects.none(),
        empty_label=_("Any"),
    )
    commune = forms.ModelChoiceField(
        label=_("Commune concerned"),
        required=False,
        queryset=Place.objects.none(),
        empty_label=_("Any"),
    )
    past_follow_up = forms.BooleanField(
        label=_("Past the follow-up date"), required=False
    )
    q = forms.CharField(label=_("Words"), required=False, max_length=100)

    def to_filters(self) -> RecommendationFilters:
        return RecommendationFilters(**self.values())


class PlanFilterForm(_FilterForm):
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=2000, max_value=2100
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *PlanStatus.choices]
    )

    def to_filters(self) -> PlanFilters:
        return PlanFilters(**self.values())


class TaskFilterForm(_FilterForm):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", _("Not done")),
            ("all", _("All")),
            ("overdue", _("Overdue")),
            ("escalated", _("Escalated")),
            *TaskState.choices,
        ],
    )
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=2000, max_value=2100
    )
    plan = forms.ModelChoiceField(
        label=_("Plan"),
        required=False,
        queryset=Plan.objects.none(),
        empty_label=_("Any"),
    )
    agency = forms.ModelChoiceField(
        label=_("Assigned to"),
        required=False,
        queryset=Agency.objects.none(),
        empty_label=_("Any"),
    )
    q = forms.CharField(label=_("Words"), required=False, max_length=100)

    def to_filters(self) -> TaskFilters:
        return TaskFilters(**self.values())


# ---- programmes ------------------------------------------------------------------


class ProgrammeForm(_CommitteeMixin):
    title = forms.CharField(label=_("Title"), max_length=300)
    number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    summary = forms.CharField(
        label=_("Purpose and content"), required=False, widget=TEXT
    )
    signed_on = _date(_("Signed on"))
    valid_from = _date(_("In force from"))
    valid_to = _date(_("In force until"))
    review_every_months = forms.IntegerField(
        label=_("Review every (months)"), min_value=1, max_value=24, initial=6
    )
    parties = forms.ModelMultipleChoiceField(
        label=_("Parties"),
        queryset=Agency.objects.none(),
        help_text=_("At least two agencies. Hold Ctrl to choose several."),
    )
    lead = forms.ModelChoiceField(
        label=_("Lead party"),
        required=False,
        queryset=Agency.objects.none(),
        empty_label=_("None"),
    )
    documents = StaffFileField(
        label=_("Signed document (PDF, image, DOCX…)"), required=False
    )

    def __init__(self, *args: Any, agencies: Any, editing: bool = False, **kw: Any):
        super().__init__(*args, **kw)
        _queryset(self, "parties", agencies)
        _queryset(self, "lead", agencies)
        if editing:
            for name in ("committee", "parties", "lead", "documents"):
                del self.fields[name]

    @classmethod
    def initial_for(cls, programme: Programme) -> dict[str, Any]:
        return {
            name: getattr(programme, name)
            for name in (
                "title",
                "number",
                "summary",
                "signed_on",
                "valid_from",
                "valid_to",
                "review_every_months",
            )
        }

    def to_input(self) -> ProgrammeInput:
        from bcd138.programs.services.programmes import PartyInput

        d = self.cleaned_data
        lead = d.get("lead")
        parties = [
            PartyInput(agency=a, is_lead=lead is not None and a.pk == lead.pk)
            for a in d.get("parties", [])
        ]
        return ProgrammeInput(
            title=d["title"],
            number=d.get("number", ""),
            summary=d.get("summary", ""),
            signed_on=d["signed_on"],
            valid_from=d["valid_from"],
            valid_to=d["valid_to"],
            review_every_months=d["review_every_months"],
            parties=parties,
        )


class PartyForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    name_as_signed = forms.CharField(
        label=_("Name as signed"),
        required=False,
        max_length=250,
        help_text=_("If the agency signed under another name (before 1 July 2025)."),
    )
    signatory = forms.CharField(label=_("Signed by"), required=False, max_length=200)

    def __init__(self, *args: Any, agencies: Any = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        if agencies is not None:
            _queryset(self, "agency", agencies)


class CommitmentForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Party"), queryset=Agency.objects.none())
    text = forms.CharField(label=_("Commitment"), widget=TEXT)

    def __init__(self, *args: Any, parties: Any = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        if parties is not None:
            _queryset(self, "agency", parties)


class ReviewForm(forms.Form):
    held_on = _date(_("Held on"), initial=_today)
    period_from = _date(_("Period from"))
    period_to = _date(_("Period to"))
    assessment = forms.CharField(label=_("Overall assessment"), widget=TEXT)

    def __init__(
        self, *args: Any, commitments: list[Commitment] | None = None, **kw: Any
    ):
        super().__init__(*args, **kw)
        self.commitments = commitments or []
        for c in self.commitments:
            self.fields[f"rating_{c.pk}"] = forms.ChoiceField(
                label=f"{c.ordinal}. {c.text[:80]}",
                required=False,
                choices=[("", _("Not assessed")), *Rating.choices],
            )
            self.fields[f"note_{c.pk}"] = forms.CharField(
                label=_("Note"), required=False, max_length=1000
            )

    def result_rows(self) -> list[tuple[Commitment, Any, Any]]:
        return [
            (c, self[f"rating_{c.pk}"], self[f"note_{c.pk}"]) for c in self.commitments
        ]

    def results(self) -> list[ResultInput]:
        d = self.cleaned_data
        return [
            ResultInput(c.pk, d[f"rating_{c.pk}"], d.get(f"note_{c.pk}", ""))
            for c in self.commitments
            if d.get(f"rating_{c.pk}")
        ]


class EndForm(forms.Form):
    on = _date(_("Ended on"), initial=_today)
    reason = forms.CharField(label=_("Reason"), widget=TEXT)


class DocumentsForm(forms.Form):
    documents = StaffFileField(label=_("Signed document (PDF, image, DOCX…)"))


# ---- recommendations -------------------------------------------------------------


class RecommendationForm(_CommitteeMixin):
    subject = forms.CharField(label=_("Subject"), max_length=300)
    text = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 5}))
    raised_by = forms.ModelChoiceField(
        label=_("Raised by"), queryset=Agency.objects.none()
    )
    raised_by_person = forms.CharField(
        label=_("Raised by (member)"), required=False, max_length=200
    )
    raised_on = _date(_("Raised on"), initial=_today)
    conference = forms.CharField(
        label=_("At the conference"),
        required=False,
        max_length=250,
        help_text=_("Empty when raised outside a conference."),
    )
    addressed_to = forms.ModelChoiceField(
        label=_("Addressed to"),
        required=False,
        queryset=Agency.objects.none(),
        empty_label=_("The committee"),
    )
    place = forms.ModelChoiceField(
        label=_("Commune concerned"),
        required=False,
        queryset=Place.objects.none(),
        empty_label=_("None in particular"),
    )

    def __init__(
        self,
        *args: Any,
        raisers: Any,
        agencies: Any,
        communes: Any,
        editing: bool = False,
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        _queryset(self, "raised_by", raisers)
        _queryset(self, "addressed_to", agencies)
        _queryset(self, "place", communes)
        if editing:
            del self.fields["committee"]

    def to_input(self) -> RecommendationInput:
        d = self.cleaned_data
        return RecommendationInput(
            subject=d["subject"],
            text=d["text"],
            raised_by=d["raised_by"],
            raised_on=d["raised_on"],
            raised_by_person=d.get("raised_by_person", ""),
            conference=d.get("conference", ""),
            addressed_to=d.get("addressed_to"),
            place=d.get("place"),
        )


class RespondForm(forms.Form):
    response = forms.ChoiceField(label=_("Response"), choices=Response.choices)
    text = forms.CharField(label=_("The committee's response"), widget=TEXT)
    on = _date(_("Answered on"), initial=_today)
    follow_up_agency = forms.ModelChoiceField(
        label=_("Followed up by"),
        required=False,
        queryset=Agency.objects.none(),
        empty_label=_("—"),
    )
    follow_up_by = _date(_("Follow up by"), required=False)

    def __init__(self, *args: Any, agencies: Any = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        if agencies is not None:
            _queryset(self, "follow_up_agency", agencies)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Progress"), widget=TEXT)
    on = _date(_("Date"), initial=_today)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (Outcome.DONE, Outcome.DONE.label),
            (Outcome.NOT_DONE, Outcome.NOT_DONE.label),
        ],
    )
    reason = forms.CharField(
        label=_("Note (the reason, if not done)"), required=False, widget=TEXT
    )
    on = _date(_("Closed on"), initial=_today)


# ---- plans and tasks ---------------------------------------------------------------


class PlanForm(_CommitteeMixin):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    number = forms.CharField(label=_("Document number"), max_length=60)
    title = forms.CharField(label=_("Title"), max_length=300)

    def __init__(self, *args: Any, editing: bool = False, **kw: Any) -> None:
        super().__init__(*args, **kw)
        if editing:
            del self.fields["committee"]


class DateForm(forms.Form):
    on = _date(_("Date"), initial=_today)


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=TEXT)
    assignee = forms.ModelChoiceField(
        label=_("Assigned to"), queryset=Agency.objects.none()
    )
    indicator = forms.CharField(label=_("Indicator"), max_length=300)
    target = forms.DecimalField(
        label=_("Numeric target"),
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=0,
    )
    unit = forms.CharField(
        label=_("Unit"),
        required=False,
        max_length=40,
        help_text=_("Of the numeric target: sessions, models, people…"),
    )
    due_on = _date(_("Due on"))
    evidence_expected = forms.CharField(
        label=_("Evidence expected"), required=False, widget=TEXT
    )

    def __init__(self, *args: Any, agencies: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        _queryset(self, "assignee", agencies)

    def to_input(self) -> TaskInput:
        d = self.cleaned_data
        return TaskInput(
            title=d["title"],
            description=d.get("description", ""),
            assignee=d["assignee"],
            indicator=d["indicator"],
            target=d.get("target"),
            unit=d.get("unit", ""),
            due_on=d["due_on"],
            evidence_expected=d.get("evidence_expected", ""),
        )


class ReportForm(forms.Form):
    text = forms.CharField(label=_("What was done"), widget=TEXT)
    on = _date(_("Date"), initial=_today)
    figure = forms.DecimalField(
        label=_("Figure toward the target"),
        required=False,
        max_digits=14,
        decimal_places=2,
    )
    attachments = StaffFileField(
        label=_("Files (photos, PDF, DOCX, XLSX…)"), required=False
    )


class AcceptForm(forms.Form):
    on = _date(_("Date"), initial=_today)
    note = forms.CharField(label=_("Note"), required=False, widget=TEXT)


class ReturnForm(forms.Form):
    on = _date(_("Date"), initial=_today)
    reason = forms.CharField(label=_("Why it is sent back"), widget=TEXT)

"""Forms of the commendation pages; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from bcd138.agencies.models import Agency, SteeringCommittee
from bcd138.awards.models import (
    AwardForm,
    Campaign,
    Grantor,
    Occasion,
    Proposal,
    ProposalState,
    RecipientKind,
)
from bcd138.awards.services.proposals import ProposalInput
from bcd138.awards.services.queries import ProposalFilters
from bcd138.core.forms import StaffFileField
from bcd138.places.models import Place

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ALL = [("", _("All"))]


def _set_queryset(field: forms.Field, qs: QuerySet[Any]) -> None:
    field.queryset = qs  # type: ignore[attr-defined]


class ProposalFilterForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        required=False,
        queryset=Campaign.objects.none(),
        empty_label=_("All"),
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[*ALL, ("in_review", _("In review")), *ProposalState.choices],
    )
    award_form = forms.ModelChoiceField(
        label=_("Award form"),
        required=False,
        queryset=AwardForm.objects.all(),
        empty_label=_("All"),
    )
    recipient_kind = forms.ChoiceField(
        label=_("Recipient"), required=False, choices=[*ALL, *RecipientKind.choices]
    )
    proposer = forms.ModelChoiceField(
        label=_("Proposing unit"),
        required=False,
        queryset=Agency.objects.none(),
        empty_label=_("All"),
    )
    q = forms.CharField(label=_("Name"), required=False, max_length=100)

    def __init__(
        self, *args: Any, campaigns: Any = None, proposers: Any = None, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        if campaigns is not None:
            _set_queryset(self.fields["campaign"], campaigns)
        if proposers is not None:
            _set_queryset(self.fields["proposer"], proposers)
        # Read each list of choices once (a template's loop would count it first).
        for name in ("campaign", "award_form", "proposer"):
            field = self.fields[name]
            field.choices = list(iter(field.choices))  # type: ignore[attr-defined]

    def to_filters(self) -> ProposalFilters:
        if not self.is_valid():
            return ProposalFilters()
        d = self.cleaned_data
        return ProposalFilters(
            campaign=d["campaign"].pk if d.get("campaign") else None,
            state=d.get("state") or "",
            award_form=d["award_form"].pk if d.get("award_form") else None,
            recipient_kind=d.get("recipient_kind") or "",
            proposer=d["proposer"].pk if d.get("proposer") else None,
            q=d.get("q") or "",
        )


class CampaignForm(forms.Form):
    committee = forms.ModelChoiceField(
        label=_("Steering committee"), queryset=SteeringCommittee.objects.none()
    )
    name = forms.CharField(label=_("Name"), max_length=250)
    year = forms.IntegerField(label=_("Year of the achievements"), min_value=2000)
    occasion = forms.ChoiceField(label=_("Occasion"), choices=Occasion.choices)
    opens_on = forms.DateField(label=_("Proposals open on"), widget=DATE)
    closes_on = forms.DateField(label=_("Proposals close on"), widget=DATE)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, committees: Any = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        if committees is not None:
            _set_queryset(self.fields["committee"], committees)


class CampaignEditForm(CampaignForm):
    """The campaign's own fields; its committee does not change."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        del self.fields["committee"]


class ProposalForm(forms.Form):
    recipient_kind = forms.ChoiceField(
        label=_("Proposed for"),
        choices=RecipientKind.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        initial=RecipientKind.COLLECTIVE,
    )
    award_form = forms.ModelChoiceField(
        label=_("Award form"), queryset=AwardForm.objects.none()
    )
    proposer = forms.ModelChoiceField(
        label=_("Proposing unit"), queryset=Agency.objects.none()
    )
    agency = forms.ModelChoiceField(
        label=_("Agency (if the collective is one)"),
        required=False,
        queryset=Agency.objects.none(),
    )
    collective_name = forms.CharField(
        label=_("Collective"), required=False, max_length=250
    )
    person_name = forms.CharField(label=_("Full name"), required=False, max_length=150)
    person_position = forms.CharField(
        label=_("Position"), required=False, max_length=150
    )
    person_unit = forms.CharField(label=_("Unit"), required=False, max_length=250)
    place = forms.ModelChoiceField(
        label=_("Commune or ward"),
        required=False,
        queryset=Place.objects.none(),
        help_text=_("Leave empty to use the agency's or the proposing unit's."),
    )
    achievements = forms.CharField(
        label=_("Achievements"), widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(
        self,
        *args: Any,
        forms_qs: Any = None,
        proposers: Any = None,
        agencies: Any = None,
        places: Any = None,
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        for name, qs in (
            ("award_form", forms_qs),
            ("proposer", proposers),
            ("agency", agencies),
            ("place", places),
        ):
            if qs is not None:
                _set_queryset(self.fields[name], qs)

    def to_input(self) -> ProposalInput:
        d = self.cleaned_data
        return ProposalInput(
            recipient_kind=d["recipient_kind"],
            award_form=d["award_form"],
            achievements=d["achievements"],
            proposer=d["proposer"],
            agency=d.get("agency"),
            collective_name=d.get("collective_name", ""),
            person_name=d.get("person_name", ""),
            person_position=d.get("person_position", ""),
            person_unit=d.get("person_unit", ""),
            place=d.get("place"),
        )

    @staticmethod
    def initial_from(proposal: Proposal) -> dict[str, Any]:
        return {
            "recipient_kind": proposal.recipient_kind,
            "award_form": proposal.award_form_id,
            "proposer": proposal.proposer_id,
            "agency": proposal.agency_id,
            "collective_name": proposal.collective_name,
            "person_name": proposal.person_name,
            "person_position": proposal.person_position,
            "person_unit": proposal.person_unit,
            "place": proposal.place_id,
            "achievements": proposal.achievements,
        }


class NewProposalForm(ProposalForm):
    attachments = StaffFileField(
        label=_("Files (report of achievements, minutes)"), required=False
    )


class StepForm(forms.Form):
    on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=DATE,
        help_text=_("Today if empty."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class ReasonForm(forms.Form):
    on = forms.DateField(label=_("Date"), required=False, widget=DATE)
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of record"), choices=[])
    reference = forms.CharField(
        label=_("Code, number or id"),
        max_length=60,
        help_text=_("A report's tracking code, a case number, or the record's id."),
    )
    note = forms.CharField(label=_("What it shows"), required=False, max_length=300)

    def __init__(self, *args: Any, kinds: Any = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["kind"].choices = [(k.key, k.label) for k in kinds]  # type: ignore[attr-defined]


class FilesForm(forms.Form):
    attachments = StaffFileField(label=_("Files"))


class DecisionForm(forms.Form):
    grantor = forms.ModelChoiceField(
        label=_("Granting authority"), queryset=Grantor.objects.none()
    )
    number = forms.CharField(
        label=_("Number"), max_length=60, help_text=_("e.g. 1234/QĐ-BCA")
    )
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    signer_name = forms.CharField(label=_("Signed by"), max_length=150)
    signer_title = forms.CharField(
        label=_("Title of the signer"),
        required=False,
        max_length=150,
        help_text=_(
            "e.g. Thứ trưởng, when a deputy signed; the authority's own if empty."
        ),
    )
    issuing_body = forms.CharField(
        label=_("Issuing body"),
        required=False,
        max_length=200,
        help_text=_("Derived from the authority and the committee if empty."),
    )
    place_name = forms.CharField(label=_("Place name"), required=False, max_length=100)
    summary = forms.CharField(label=_("Summary"), required=False, max_length=300)
    proposals = forms.ModelMultipleChoiceField(
        label=_("Recipients (approved proposals)"),
        queryset=Proposal.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(
        self, *args: Any, grantors: Any = None, proposals: Any = None, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        if grantors is not None:
            _set_queryset(self.fields["grantor"], grantors)
        if proposals is not None:
            _set_queryset(self.fields["proposals"], proposals)
            self.fields["proposals"].label_from_instance = _proposal_label  # type: ignore[attr-defined]


def _proposal_label(proposal: Proposal) -> str:
    return f"{proposal.recipient_name} — {proposal.award_form.name}"


class CountsForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Year"), required=False, coerce=int, empty_value=None, choices=[]
    )

    def __init__(self, *args: Any, years: Any = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["year"].choices = [("", _("All")), *((y, str(y)) for y in years)]  # type: ignore[attr-defined]

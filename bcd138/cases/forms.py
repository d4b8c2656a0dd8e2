"""Forms of the criminal case pages: the list filters, opening a case, the steps."""

from __future__ import annotations

from itertools import zip_longest
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bcd138.agencies.models import Agency, AgencyKind
from bcd138.cases.models import (
    Accused,
    Case,
    CaseEvent,
    Category,
    EventKind,
    Stage,
    VictimKind,
)
from bcd138.cases.services.charges import ChargeInput
from bcd138.cases.services.opening import CaseInput
from bcd138.cases.services.queries import CaseFilters
from bcd138.cases.services.steps import NEEDS_REFERENCE, OUTCOMES, StepInput
from bcd138.places.models import Place

K = EventKind
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EXTENSIONS = {
    K.INVESTIGATION_EXTENDED,
    K.PROSECUTION_EXTENDED,
    K.TRIAL_PREPARATION_EXTENDED,
}
HAND_OFFS = {K.FILE_SENT_TO_PROCURACY, K.FILE_SENT_TO_COURT}


def _set_queryset(form: forms.Form, name: str, queryset: Any) -> None:
    form.fields[name].queryset = queryset  # type: ignore[attr-defined]


class CaseFilterForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"),
        required=False,
        choices=[("", _("Open")), ("all", _("All")), *Stage.choices],
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All")), *Category.choices]
    )
    agency = forms.ModelChoiceField(
        label=_("File held by"),
        required=False,
        queryset=Agency.objects.none(),
        empty_label=_("Any"),
    )
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        required=False,
        queryset=Place.objects.none(),
        empty_label=_("Any"),
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
    instituted_from = forms.DateField(
        label=_("Instituted from"), required=False, widget=DATE
    )
    instituted_to = forms.DateField(
        label=_("Instituted to"), required=False, widget=DATE
    )
    q = forms.CharField(
        label=_("Number, words or article"), required=False, max_length=100
    )
    name = forms.CharField(
        label=_("Accused's full name"), required=False, max_length=150
    )

    def __init__(
        self,
        *args: Any,
        agencies: Any,
        communes: Any,
        name_search: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "agency", agencies)
        _set_queryset(self, "commune", communes)
        if not name_search:
            del self.fields["name"]

    def to_filters(self) -> CaseFilters:
        """The valid fields as the service's filters (invalid ones are ignored)."""
        if not self.is_bound:
            return CaseFilters()
        self.is_valid()  # fills cleaned_data with the fields that are valid
        d = self.cleaned_data
        return CaseFilters(
            stage=d.get("stage") or "",
            category=d.get("category") or "",
            agency=d.get("agency"),
            commune=d.get("commune"),
            due=d.get("due") or "",
            instituted_from=d.get("instituted_from"),
            instituted_to=d.get("instituted_to"),
            q=d.get("q") or "",
            name=d.get("name") or "",
        )


class ChargesForm(forms.Form):
    """One or more charges typed as repeated ``article`` / ``clause`` inputs."""

    def charge_rows(self) -> list[tuple[str, str]]:
        """The rows to show: what was typed, else one empty row."""
        if self.is_bound and hasattr(self.data, "getlist"):
            rows = list(
                zip_longest(
                    self.data.getlist("article"),
                    self.data.getlist("clause"),
                    fillvalue="",
                )
            )
            rows = [(str(a).strip(), str(c).strip()) for a, c in rows]
            return [r for r in rows if r[0] or r[1]] or [("", "")]
        return [("", "")]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            cleaned["charges"] = self._charges()
        except forms.ValidationError as exc:
            self.add_error(None, exc)
        return cleaned

    def _charges(self) -> list[ChargeInput]:
        charges = []
        for article, clause in self.charge_rows():
            if not article and not clause:
                continue
            if not article or not clause.isdigit():
                raise forms.ValidationError(
                    gettext("Give each charge as an article and a clause number.")
                )
            charges.append(ChargeInput(article, int(clause)))
        if not charges:
            raise forms.ValidationError(
                gettext("Give at least one article and clause.")
            )
        return charges


class CaseOpenForm(ChargesForm):
    investigating_body = forms.ModelChoiceField(
        label=_("Investigating body"), queryset=Agency.objects.none()
    )
    procuracy = forms.ModelChoiceField(
        label=_("Supervising procuracy"), queryset=Agency.objects.none()
    )
    number = forms.CharField(label=_("Case number"), max_length=60)
    title = forms.CharField(label=_("Short description"), max_length=250)
    reference = forms.CharField(
        label=_("Number of the decision to institute"), max_length=60
    )
    instituted_on = forms.DateField(
        label=_("Instituted on"), widget=DATE, initial=timezone.localdate
    )
    occurred_on = forms.DateField(label=_("Date of the offence"), widget=DATE)
    place = forms.ModelChoiceField(
        label=_("Commune or ward where it happened"), queryset=Place.objects.none()
    )
    address_line = forms.CharField(label=_("Address"), required=False, max_length=250)
    latitude = forms.FloatField(
        label=_("Latitude"), required=False, min_value=-90, max_value=90
    )
    longitude = forms.FloatField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180
    )
    reason = forms.CharField(
        label=_("Grounds of the decision"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self, *args: Any, bodies: Any, procuracies: Any, places: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "investigating_body", bodies)
        _set_queryset(self, "procuracy", procuracies)
        _set_queryset(self, "place", places)

    def to_input(self) -> CaseInput:
        d = self.cleaned_data
        return CaseInput(
            number=d["number"],
            title=d["title"],
            investigating_body=d["investigating_body"],
            procuracy=d["procuracy"],
            occurred_on=d["occurred_on"],
            place=d["place"],
            instituted_on=d["instituted_on"],
            reference=d["reference"],
            charges=d["charges"],
            address_line=d.get("address_line") or "",
            latitude=d.get("latitude"),
            longitude=d.get("longitude"),
            reason=d.get("reason") or "",
        )


class StepForm(forms.Form):
    """A step with its date, document number and reason, plus what its kind needs."""

    on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    reference = forms.CharField(
        label=_("Document number"), required=False, max_length=60
    )
    reason = forms.CharField(
        label=_("Reason or content"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, kind: str, case: Case, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", kind)
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.case = case
        self.fields["reference"].required = kind in NEEDS_REFERENCE
        if kind == K.APPEALED:
            self.fields["reason"].required = True
            self.fields["reason"].label = _("Who appealed, against what")
        if kind in EXTENSIONS:
            self.fields["until"] = forms.DateField(label=_("Until"), widget=DATE)
        if kind == K.INVESTIGATION_EXTENDED:
            self.fields["requested_on"] = forms.DateField(
                label=_("Request reached the procuracy on"), widget=DATE
            )
            self.fields["supreme"] = forms.BooleanField(
                label=_("Extended by the Supreme People's Procuracy (Điều 172.3)"),
                required=False,
            )

    def step_input(self, *, to_agency: Agency | None = None) -> StepInput:
        d = self.cleaned_data
        return StepInput(
            kind=self.kind,
            on=d.get("on"),
            reference=d.get("reference") or "",
            reason=d.get("reason") or "",
            until=d.get("until"),
            requested_on=d.get("requested_on"),
            supreme=bool(d.get("supreme")),
            to_agency=to_agency or d.get("to_agency"),
        )


class HandOffForm(StepForm):
    """Sending the file: to a procuracy (the case's by default) or to a court."""

    to_agency = forms.ModelChoiceField(
        label=_("Receiving agency"), queryset=Agency.objects.none()
    )

    def __init__(self, *args: Any, receivers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "to_agency", receivers)
        if self.kind == K.FILE_SENT_TO_PROCURACY:
            self.fields["to_agency"].initial = self.case.procuracy_id


GENDERS = [("", _("Not given")), ("male", _("Male")), ("female", _("Female"))]


class ChargeAccusedForm(ChargesForm, StepForm):
    """Khởi tố bị can: who, and the articles and clauses."""

    field_order = ["full_name", "birth_date", "gender", "id_number", "address"]

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DATE)
    gender = forms.ChoiceField(label=_("Gender"), required=False, choices=GENDERS)
    id_number = forms.CharField(
        label=_("Citizen ID number"), required=False, max_length=12
    )
    address = forms.CharField(label=_("Residence"), required=False, max_length=250)

    def identity(self) -> dict[str, str]:
        d = self.cleaned_data
        born = d.get("birth_date")
        return {
            "full_name": d["full_name"],
            "birth_date": born.isoformat() if born else "",
            "gender": d.get("gender") or "",
            "id_number": d.get("id_number") or "",
            "address": d.get("address") or "",
        }


def accused_label(accused: Accused) -> str:
    return gettext("Accused %(n)s") % {"n": accused.ordinal}


class ChangeChargesForm(ChargesForm, StepForm):
    """New charges for one accused, or for the case itself."""

    field_order = ["accused"]

    accused = forms.TypedChoiceField(
        label=_("Charges of"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args: Any, accused: list[Accused], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.accused_by_pk = {a.pk: a for a in accused}
        self.fields["accused"].choices = [  # type: ignore[attr-defined]
            ("", gettext("The case itself")),
            *((a.pk, accused_label(a)) for a in accused),
        ]

    def chosen_accused(self) -> Accused | None:
        return self.accused_by_pk.get(self.cleaned_data.get("accused") or 0)


class JudgmentForm(StepForm):
    """The first-instance judgment: the outcome and sentence of every accused."""

    def __init__(self, *args: Any, accused: list[Accused], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.accused = accused
        choices = [("", gettext("Choose")), *OUTCOMES.items()]
        for a in accused:
            label = accused_label(a)
            self.fields[f"outcome_{a.pk}"] = forms.ChoiceField(
                label=gettext("%(who)s: outcome") % {"who": label}, choices=choices
            )
            self.fields[f"sentence_{a.pk}"] = forms.CharField(
                label=gettext("%(who)s: sentence") % {"who": label},
                required=False,
                max_length=250,
            )

    def outcomes(self) -> dict[int, tuple[str, str]]:
        d = self.cleaned_data
        return {
            a.pk: (d[f"outcome_{a.pk}"], d.get(f"sentence_{a.pk}") or "")
            for a in self.accused
        }


def event_choice_label(event: CaseEvent) -> str:
    return f"{event.on:%d/%m/%Y} · {event.get_kind_display()}"


class CorrectionForm(forms.Form):
    corrects = forms.ModelChoiceField(
        label=_("The step to correct"), queryset=CaseEvent.objects.none()
    )
    reason = forms.CharField(
        label=_("What was wrong and what is right"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", K.CORRECTION)
        super().__init__(*args, **kwargs)
        field = self.fields["corrects"]
        field.queryset = case.events.exclude(  # type: ignore[attr-defined]
            kind=K.CORRECTION
        ).order_by("on", "id")
        field.label_from_instance = event_choice_label  # type: ignore[attr-defined]


class VictimForm(forms.Form):
    """A victim (bị hại): the name and contact are encrypted by the service."""

    kind = forms.ChoiceField(
        label=_("Kind"), choices=VictimKind.choices, initial=VictimKind.PERSON
    )
    full_name = forms.CharField(
        label=_("Full name, or the organisation's name"), max_length=150
    )
    contact = forms.CharField(
        label=_("Address or telephone"), required=False, max_length=250
    )
    harm = forms.CharField(label=_("Harm or loss"), required=False, max_length=250)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "victim")
        super().__init__(*args, **kwargs)

    def identity(self) -> dict[str, str]:
        d = self.cleaned_data
        return {"full_name": d["full_name"], "contact": d.get("contact") or ""}


class SeizedForm(forms.Form):
    """Property seized; the rules on the date and the value are the service's."""

    description = forms.CharField(label=_("Item"), max_length=250)
    quantity = forms.CharField(label=_("Quantity"), required=False, max_length=60)
    value_vnd = forms.IntegerField(label=_("Estimated value (VND)"), required=False)
    seized_on = forms.DateField(
        label=_("Seized on"), widget=DATE, initial=timezone.localdate
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "seized")
        super().__init__(*args, **kwargs)


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you need to see the identities"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=500,
    )


class LawSearchForm(forms.Form):
    q = forms.CharField(label=_("Article number or words"), required=False)
    on = forms.DateField(
        label=_("Law in force on"), required=False, widget=DATE, initial=None
    )


def step_form(
    case: Case, kind: str, data: Any = None, *, accused: list[Accused] | None = None
) -> forms.Form:
    """The form of one step; ``data`` binds it (a POST)."""
    if kind == K.CORRECTION:
        return CorrectionForm(data, case=case)
    if kind == K.ACCUSED_CHARGED:
        return ChargeAccusedForm(data, kind=kind, case=case)
    if accused is None:
        accused = list(case.accused.order_by("ordinal"))
    if kind == K.CHARGES_CHANGED:
        return ChangeChargesForm(data, kind=kind, case=case, accused=accused)
    if kind == K.JUDGMENT:
        return JudgmentForm(data, kind=kind, case=case, accused=accused)
    if kind in HAND_OFFS:
        receiver = (
            AgencyKind.COURT if kind == K.FILE_SENT_TO_COURT else AgencyKind.PROCURACY
        )
        receivers = Agency.objects.active().filter(
            kind=receiver, place__current_province=case.place.current_province_id
        )
        return HandOffForm(
            data, kind=kind, case=case, receivers=receivers.order_by("name")
        )
    return StepForm(data, kind=kind, case=case)

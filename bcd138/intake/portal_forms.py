"""Forms of the public portal (no login): filing a report, looking it up, writing.

The report form reuses the duty desk's fields (`ReportFieldsForm`) and adds what
an anonymous public form needs: the province that narrows the communes, the
idempotency key and proof-of-work fields, and a honeypot.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from bcd138.core.forms import MultipleFileField
from bcd138.intake.forms import ReportFieldsForm
from bcd138.intake.models import ReportKind
from bcd138.places.models import Place
from bcd138.places.text import fold

# What a phone's file picker should offer; the server checks the content anyway.
ACCEPT = "image/*,video/*,audio/*,application/pdf"
HONEYPOT = "website"

# A citizen files a denunciation or passes on information; a recommendation to
# prosecute (kiến nghị khởi tố) comes from a State body, never from the portal.
CITIZEN_KINDS = [
    (
        ReportKind.DENUNCIATION,
        _("I am denouncing a crime I know about (tố giác)"),
    ),
    (
        ReportKind.REPORT,
        _("I am passing on information about a possible crime (tin báo)"),
    ),
]


def current_provinces() -> list[Place]:
    """The 34 provinces of today's map, in Vietnamese alphabetical order of their
    short names (SQL would put "Đà Nẵng" after "Yên Bái" and "Thành phố …" first)."""
    provinces = Place.objects.current().provinces()
    return sorted(provinces, key=lambda p: (fold(p.short_name), p.name))


def communes_of(province_id: int) -> list[Place]:
    communes = Place.objects.current().communes().filter(parent_id=province_id)
    return sorted(communes, key=lambda p: (fold(p.name), p.name))


def _style(form: forms.Form) -> None:
    """Bootstrap classes on the widgets; Django itself adds aria-invalid and
    aria-describedby (`<id>_error`, `<id>_helptext`) that the template matches."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = css


class PortalReportForm(ReportFieldsForm):
    """What a citizen reports. Identity fields are ignored for an anonymous
    report (the service drops them), so they need no JavaScript to be safe."""

    province = forms.TypedChoiceField(
        label=_("Province or city"), coerce=int, empty_value=None
    )
    idempotency_key = forms.CharField(
        widget=forms.HiddenInput, min_length=16, max_length=64
    )
    challenge = forms.CharField(widget=forms.HiddenInput, max_length=500)
    nonce = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)
    # The honeypot: hidden from people, filled by naive bots. The view refuses a
    # submission that fills it before this form is even validated.
    website = forms.CharField(
        label=_("Leave this field empty"), required=False, max_length=200
    )

    field_order = [
        "kind",
        "crime_type",
        "description",
        "occurred_on",
        "occurred_time",
        "province",
        "commune",
        "address_line",
        "people_involved",
        "attachments",
        "anonymous",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Any current commune validates; the template lists only the chosen
        # province's, and clean() checks that the two agree.
        super().__init__(*args, communes=Place.objects.current().communes(), **kwargs)
        self.fields["kind"].choices = CITIZEN_KINDS  # type: ignore[attr-defined]
        self.fields["kind"].initial = ReportKind.DENUNCIATION
        self.fields["kind"].label = _("What are you sending?")
        self.fields["kind"].widget = forms.RadioSelect(choices=CITIZEN_KINDS)
        self.fields["description"].label = _("Describe what happened")
        self.fields["anonymous"].label = _("How do you want to report?")
        self.fields["province"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a province or city")),
            *((p.pk, p.name) for p in current_provinces()),
        ]
        self.fields["anonymous"].choices = [  # type: ignore[attr-defined]
            ("1", _("Anonymously: the police will not know who I am")),
            ("0", _("With my name, so that the police can contact me")),
        ]
        self.fields["confidential"].help_text = _(
            "You may ask the police to keep your identity secret and to protect you "
            "and your family (Criminal Procedure Code, Article 56)."
        )
        self.fields["occurred_time"].widget.attrs["placeholder"] = _(
            "for example: around 9 p.m."
        )
        self.fields["description"].help_text = _(
            "Say what happened, in your own words: what you saw or know, and how."
        )
        self.fields["people_involved"].help_text = _(
            "Names, nicknames, descriptions, vehicles or number plates, if you know."
        )
        self.fields["attachments"].widget.attrs["accept"] = ACCEPT
        _style(self)
        # Choosing a province asks the server for its communes (htmx); a newer
        # choice replaces a request still running.
        self.fields["province"].widget.attrs.update(
            {
                "hx-get": reverse_lazy("portal:communes"),
                "hx-target": "#id_commune",
                "hx-trigger": "change",
                "hx-sync": "this:replace",
                "aria-controls": "id_commune",
            }
        )
        self.fields["website"].widget.attrs.update(
            {"tabindex": "-1", "autocomplete": "off", "class": "form-control"}
        )
        self.fields["phone"].widget.attrs.update(
            {"autocomplete": "tel", "inputmode": "tel"}
        )
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["address"].widget.attrs["autocomplete"] = "street-address"
        self.fields["id_number"].widget.attrs["inputmode"] = "numeric"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        commune, province = data.get("commune"), data.get("province")
        if commune is not None and province and commune.parent_id != province:
            self.add_error(
                "commune", _("Choose a commune of the chosen province or city.")
            )
        return data


class SecretInput(forms.TextInput):
    """Shown as typed (it is copied from paper), never sent back in a page."""

    def format_value(self, value: Any) -> str | None:
        return None


class PortalStatusForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=30)
    secret = forms.CharField(label=_("Secret"), max_length=40, widget=SecretInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
        for name in ("code", "secret"):
            # Codes are upper case without look-alike characters; phones should
            # not "correct" or remember them.
            self.fields[name].widget.attrs.update(
                {
                    "autocomplete": "off",
                    "autocapitalize": "characters",
                    "spellcheck": "false",
                    "class": "form-control form-control-lg font-monospace",
                }
            )
        self.fields["code"].help_text = _("As written on your receipt: 10 characters.")
        self.fields["secret"].help_text = _(
            "As written on your receipt: 16 characters."
        )


class PortalMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    attachments = MultipleFileField(
        label=_("Photos, video, audio or PDF"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].widget.attrs["accept"] = ACCEPT
        _style(self)

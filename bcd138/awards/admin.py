"""Administration of the award catalogue (forms and granting authorities).

Saves go through `awards.services.catalogue`, validated and audited; nothing is
deleted (a form the law ended gets its end date). Campaigns, proposals and
decisions are managed in the commendation pages, where each step is checked.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from bcd138.awards.models import AwardForm, Grantor
from bcd138.awards.services import catalogue
from bcd138.core.admin import SystemAdminPermissions
from bcd138.core.errors import DomainError


class AwardFormForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = AwardForm
        fields = [
            "code",
            "name",
            "kind",
            "grantor",
            "eligibility",
            "legal_basis",
            "valid_from",
            "valid_to",
            "order",
            "is_active",
        ]

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        if not self.errors:
            try:
                catalogue.award_form_validate(self.instance)
            except DomainError as exc:
                self.add_error(None, forms.ValidationError(exc.message, code=exc.code))


class CatalogueAdmin(SystemAdminPermissions, admin.ModelAdmin):  # type: ignore[type-arg]
    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        changes = {f: form.cleaned_data.get(f) for f in form.changed_data}
        catalogue.catalogue_save(
            obj, by=request.user, changes=changes, created=not change
        )


@admin.register(Grantor)
class GrantorAdmin(CatalogueAdmin):
    list_display = ["name", "level", "signer_position", "order", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["name", "code"]


@admin.register(AwardForm)
class AwardFormAdmin(CatalogueAdmin):
    form = AwardFormForm
    list_display = [
        "name",
        "kind",
        "grantor",
        "eligibility",
        "valid_from",
        "valid_to",
        "is_active",
    ]
    list_filter = ["kind", "grantor", "eligibility", "is_active"]
    search_fields = ["name", "code", "legal_basis"]

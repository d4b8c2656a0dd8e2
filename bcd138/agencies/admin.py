"""Administration of agencies, steering committees, members and user accounts.

Every save goes through `agencies.services`, so admin writes are validated and
audited exactly like the API's and the CLI's.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from bcd138.agencies import services
from bcd138.agencies.models import (
    Agency,
    CommitteeMember,
    MemberPosition,
    Role,
    RoleAssignment,
    SteeringCommittee,
    User,
)
from bcd138.core import access, audit
from bcd138.core.admin import ScopedAdmin, SystemAdminPermissions
from bcd138.core.errors import DomainError


def _as_validation_error(exc: DomainError) -> forms.ValidationError:
    return forms.ValidationError(exc.message, code=exc.code)


class ScopedForm(forms.ModelForm):  # type: ignore[type-arg]
    """A ModelForm that knows the request's user, to refuse places out of reach."""

    user: Any = None

    def _check_place(self, place: Any) -> None:
        if place is not None and not access.place_in_jurisdiction(
            self.user, place, roles=[Role.SYSTEM_ADMIN]
        ):
            raise forms.ValidationError(_("This unit is outside your jurisdiction."))


class AgencyForm(ScopedForm):
    class Meta:
        model = Agency
        fields = services.AGENCY_FIELDS

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._check_place(data.get("place"))
        return data

    def _post_clean(self) -> None:
        # The instance holds the submitted values only after ModelForm's own
        # _post_clean, so the service's rules run here, not in clean().
        super()._post_clean()  # type: ignore[misc]
        if not self.errors:
            try:
                services.agency_validate(self.instance)
            except DomainError as exc:
                self.add_error(None, _as_validation_error(exc))


def _mark_saved_by_services(formset: Any) -> None:
    # The services save the inline rows (and audit them); Django's admin history
    # message still expects what formset.save() would have recorded.
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


def _form_with_user(
    form_class: type[ScopedForm], request: HttpRequest
) -> type[ScopedForm]:
    return type(form_class.__name__, (form_class,), {"user": request.user})


@admin.register(Agency)
class AgencyAdmin(ScopedAdmin):
    form = AgencyForm
    list_display = ["name", "kind", "place", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "place__name"]
    autocomplete_fields = ["place", "parent"]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        kwargs["form"] = _form_with_user(AgencyForm, request)
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(
        self, request: HttpRequest, obj: Agency, form: Any, change: bool
    ) -> None:
        data = {
            f: form.cleaned_data[f]
            for f in services.AGENCY_FIELDS
            if f in form.cleaned_data
        }
        if change:
            original = Agency.objects.get(pk=obj.pk)
            changed = {f: data[f] for f in form.changed_data if f in data}
            services.agency_update(original, by=request.user, **changed)
        else:
            created = services.agency_create(by=request.user, **data)
            obj.pk = created.pk


class MemberFormSet(BaseInlineFormSet):  # type: ignore[type-arg]
    def clean(self) -> None:
        super().clean()
        serving: dict[str, int] = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            if data.get("term_end") is None and data.get("position") in {
                MemberPosition.HEAD,
                MemberPosition.STANDING_DEPUTY,
            }:
                serving[data["position"]] = serving.get(data["position"], 0) + 1
        for position, count in serving.items():
            if count > 1:
                label = MemberPosition(position).label
                raise forms.ValidationError(
                    _("Only one serving %(position)s at a time.") % {"position": label}
                )


class MemberInline(SystemAdminPermissions, admin.TabularInline):  # type: ignore[type-arg]
    model = CommitteeMember
    formset = MemberFormSet
    extra = 1
    fields = tuple(services.MEMBER_FIELDS)
    autocomplete_fields = ["agency", "user"]


class CommitteeForm(ScopedForm):
    class Meta:
        model = SteeringCommittee
        fields = [
            "name",
            "level",
            "place",
            "standing_agency",
            "established_on",
            "decision_ref",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._check_place(data.get("place"))
        return data


@admin.register(SteeringCommittee)
class SteeringCommitteeAdmin(ScopedAdmin):
    form = CommitteeForm
    list_display = ["name", "level", "place", "standing_agency"]
    autocomplete_fields = ["place", "standing_agency"]
    inlines = [MemberInline]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        kwargs["form"] = _form_with_user(CommitteeForm, request)
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(
        self, request: HttpRequest, obj: SteeringCommittee, form: Any, change: bool
    ) -> None:
        if change:
            changes = {
                f: [str(form.initial.get(f)), str(form.cleaned_data[f])]
                for f in form.changed_data
            }
            obj.save()
            if changes:
                audit.record(
                    "committee.update",
                    actor=request.user,
                    obj=obj,
                    place=obj.place,
                    changes=changes,
                )
        else:
            data = dict(form.cleaned_data)
            created = services.committee_create(by=request.user, **data)
            obj.pk = created.pk
            obj._state.adding = False

    def save_formset(
        self, request: HttpRequest, form: Any, formset: Any, change: bool
    ) -> None:
        _mark_saved_by_services(formset)
        committee = form.instance
        for member_form in formset.forms:
            data = getattr(member_form, "cleaned_data", None)
            if not data or not member_form.has_changed():
                continue
            fields = {f: data.get(f) for f in services.MEMBER_FIELDS if f in data}
            if member_form.instance.pk:
                original = CommitteeMember.objects.get(pk=member_form.instance.pk)
                services.committee_member_update(original, by=request.user, **fields)
            else:
                services.committee_member_add(
                    by=request.user, committee=committee, **fields
                )


class RoleFormSet(BaseInlineFormSet):  # type: ignore[type-arg]
    """Validates each grant with the service's rules before anything is saved."""

    user: Any = None

    def clean(self) -> None:
        super().clean()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not form.has_changed():
                continue
            jurisdiction = data.get("jurisdiction")
            if jurisdiction is None or data.get("agency") is None:
                continue
            try:
                services.role_validate(
                    role=data["role"], agency=data["agency"], jurisdiction=jurisdiction
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
                continue
            if not access.place_in_jurisdiction(
                self.user, jurisdiction, roles=[Role.SYSTEM_ADMIN]
            ):
                form.add_error(
                    "jurisdiction", _("This unit is outside your jurisdiction.")
                )


class RoleInline(SystemAdminPermissions, admin.TabularInline):  # type: ignore[type-arg]
    model = RoleAssignment
    extra = 1
    fields = ["role", "agency", "jurisdiction", "valid_from", "valid_to"]
    autocomplete_fields = ["agency", "jurisdiction"]

    formset = RoleFormSet

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        formset.user = request.user  # type: ignore[attr-defined]
        return formset

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Deleting a grant row revokes the role (through role_revoke, audited).
        return self.has_module_permission(request)


@admin.register(User)
class UserAdmin(SystemAdminPermissions, DjangoUserAdmin[User]):
    list_display = ["username", "full_name", "position", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email"]
    inlines = [RoleInline]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["full_name", "position", "email", "phone"]}),
        (
            _("Access"),
            {"fields": ["is_active", "is_staff", "last_login", "date_joined"]},
        ),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, id)
            audit.record("user.password_set", actor=request.user, obj=user)
        return response

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return services.users_visible_to(request.user)

    def save_model(
        self, request: HttpRequest, obj: User, form: Any, change: bool
    ) -> None:
        if change:
            changes = {
                f: [str(form.initial.get(f)), str(form.cleaned_data.get(f))]
                for f in form.changed_data
                if f != "password"
            }
            obj.save()
            if changes:
                audit.record(
                    "user.update", actor=request.user, obj=obj, changes=changes
                )
        else:
            created = services.user_create(
                by=request.user,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
            )
            obj.pk = created.pk
            obj.password = created.password
            obj._state.adding = False

    def save_formset(
        self, request: HttpRequest, form: Any, formset: Any, change: bool
    ) -> None:
        _mark_saved_by_services(formset)
        user = form.instance
        for role_form in formset.forms:
            data = getattr(role_form, "cleaned_data", None)
            if not data:
                continue
            existing = role_form.instance if role_form.instance.pk else None
            if existing is not None and (data.get("DELETE") or role_form.has_changed()):
                services.role_revoke(
                    existing, by=request.user, reason=_("Changed in administration")
                )
            if data.get("DELETE") or not role_form.has_changed():
                continue
            services.role_grant(
                by=request.user,
                user=user,
                role=data["role"],
                agency=data["agency"],
                jurisdiction=data["jurisdiction"],
                valid_from=data.get("valid_from"),
                valid_to=data.get("valid_to"),
            )

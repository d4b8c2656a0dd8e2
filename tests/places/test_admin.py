"""The places admin is read-only, and only for system administrators."""

from typing import Any

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from bcd138.places.models import Place, Succession

pytestmark = pytest.mark.django_db


def _request(user: Any) -> Any:
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


@pytest.mark.parametrize("model", [Place, Succession])
def test_nobody_may_add_change_or_delete(model: type, personas: Any) -> None:
    admin = site._registry[model]
    request = _request(personas.admin)
    assert admin.has_view_permission(request)
    assert admin.has_module_permission(request)
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request)
    assert not admin.has_delete_permission(request)


@pytest.mark.parametrize("model", [Place, Succession])
def test_other_roles_may_not_view(model: type, personas: Any) -> None:
    admin = site._registry[model]
    for user in (personas.province_officer, personas.no_role):
        assert not admin.has_view_permission(_request(user))
        assert not admin.has_module_permission(_request(user))


def test_place_admin_searches_name_code_and_key() -> None:
    assert set(site._registry[Place].search_fields) >= {"name", "code", "search_key"}

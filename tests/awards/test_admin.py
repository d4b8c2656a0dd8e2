"""The award catalogue in the administration screens: system administrators edit
it, through the service, audited; a validity ending before it starts is refused."""

from __future__ import annotations

from typing import Any

from bcd138.awards.models import AwardForm
from bcd138.core.models import AuditEntry
from tests.conftest import Personas, client_for


def _form_data(form: AwardForm, **change: Any) -> dict[str, Any]:
    data = {
        "code": form.code,
        "name": form.name,
        "kind": form.kind,
        "grantor": form.grantor_id,
        "eligibility": form.eligibility,
        "legal_basis": form.legal_basis,
        "valid_from": "",
        "valid_to": "",
        "order": form.order,
        "is_active": "on",
    }
    data.update(change)
    return data


def test_administrator_ends_a_form_and_the_change_is_audited(
    personas: Personas,
) -> None:
    form = AwardForm.objects.get(code="giay-khen-chu-tich-ubnd-xa")
    url = f"/admin/awards/awardform/{form.pk}/change/"
    admin = client_for(personas.admin)
    assert admin.get("/admin/awards/awardform/").status_code == 200
    refused = admin.post(
        url, _form_data(form, valid_from="2026-01-01", valid_to="2025-01-01")
    )
    assert refused.status_code == 200
    form.refresh_from_db()
    assert form.valid_to is None
    done = admin.post(url, _form_data(form, valid_to="2030-12-31"))
    assert done.status_code == 302
    form.refresh_from_db()
    assert str(form.valid_to) == "2030-12-31"
    assert AuditEntry.objects.filter(action="award_form.update").count() == 1
    assert client_for(personas.department_member).get(
        "/admin/awards/awardform/"
    ).status_code in (302, 403)

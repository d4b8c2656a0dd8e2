"""Seed the catalogue of award forms and granting authorities from
`awards/data/catalogue.json`. Rows an administrator has since edited are left as
they are: only missing codes are added."""

import datetime
import json
from pathlib import Path
from typing import Any

from django.db import migrations

CATALOGUE = Path(__file__).resolve().parents[1] / "data" / "catalogue.json"


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def seed(apps: Any, schema_editor: Any) -> None:
    Grantor = apps.get_model("awards", "Grantor")
    AwardForm = apps.get_model("awards", "AwardForm")
    data = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    grantors = {}
    for row in data["grantors"]:
        code = row["code"]
        fields = {k: v for k, v in row.items() if k != "code"}
        grantors[code], _ = Grantor.objects.get_or_create(code=code, defaults=fields)
    for row in data["forms"]:
        fields = {
            k: v
            for k, v in row.items()
            if k not in {"code", "grantor", "valid_from", "valid_to"}
        }
        fields.update(
            grantor=grantors[row["grantor"]],
            valid_from=_date(row["valid_from"]),
            valid_to=_date(row["valid_to"]),
        )
        AwardForm.objects.get_or_create(code=row["code"], defaults=fields)


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_catalogue_campaigns_proposals_decisions")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

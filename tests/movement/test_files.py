"""Evidence files: checked by content and size; a refused file leaves nothing;
served only to those who see the record, audited."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from bcd138.core.models import AuditEntry
from bcd138.movement.models import MovementFile, MovementModel, OutreachSession
from tests.conftest import Personas, World, client_for
from tests.movement.conftest import Movement, make_model


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def model_form(world: World, **extra: Any) -> dict[str, Any]:
    return {
        "name": "Camera an ninh",
        "model_type": "security_camera",
        "communes": [world.commune_a.pk],
        "running_organisation": "Tổ dân phố 1",
        "started_on": "2025-09-01",
        "members_count": "10",
        **extra,
    }


def stored_files(settings: Any) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_model_with_evidence_and_the_file_served_to_its_commune_only(
    world: World, personas: Personas, settings: Any
) -> None:
    client = client_for(personas.commune_a_officer)
    photo = SimpleUploadedFile("anh.png", png(), content_type="image/png")
    response = client.post(
        reverse("movement:model_create"), model_form(world, attachments=[photo])
    )
    assert response.status_code == 302
    model = MovementModel.objects.get()
    item = model.files.get()
    assert item.mime_type == "image/png"
    assert item.metadata_stripped
    url = reverse("movement:file", args=[item.pk])
    own = client.get(url)
    assert own.status_code == 200
    assert own["Cache-Control"] == "private, no-store"
    assert AuditEntry.objects.filter(action="movement.file_view").count() == 1
    other = client_for(personas.commune_b_officer).get(url)
    assert other.status_code == 404
    assert AuditEntry.objects.filter(action="movement.file_view").count() == 1


def test_a_file_of_the_wrong_type_refuses_the_whole_record(
    world: World, personas: Personas, settings: Any
) -> None:
    client = client_for(personas.commune_a_officer)
    script = SimpleUploadedFile("anh.png", b"#!/bin/sh\nrm -rf /\n")
    response = client.post(
        reverse("movement:model_create"), model_form(world, attachments=[script])
    )
    assert response.status_code == 200
    assert "anh.png" in response.text  # the form says which file
    assert not MovementModel.objects.exists()
    assert not MovementFile.objects.exists()
    assert stored_files(settings) == []


def test_a_file_too_large_is_refused_and_nothing_is_stored(
    world: World, mv: Movement, settings: Any
) -> None:
    settings.BCD138_UPLOAD_MAX_FILE_MB = 1
    big = SimpleUploadedFile("tai-lieu.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10))
    client = client_for(mv.standing)
    response = client.post(
        reverse("movement:session_create"),
        {
            "channel": "in_person",
            "held_on": "2026-02-01",
            "title": "Tuyên truyền",
            "topic": "drugs",
            "organiser": world.police.pk,
            "place": world.commune_a.pk,
            "attendees": "50",
            "attachments": [big],
        },
    )
    assert response.status_code == 200
    assert "tai-lieu.pdf" in response.text
    assert not OutreachSession.objects.exists()
    assert stored_files(settings) == []


def test_files_added_later_need_the_right_to_change(
    world: World, personas: Personas, mv: Movement
) -> None:
    model = make_model(mv.standing, [world.commune_a, world.commune_b])
    url = reverse("movement:files_add", args=["models", model.pk])
    photo = SimpleUploadedFile("anh.png", png())
    refused = client_for(personas.commune_a_officer).post(url, {"attachments": [photo]})
    assert refused.status_code == 403
    photo = SimpleUploadedFile("anh.png", png())
    done = client_for(mv.standing).post(url, {"attachments": [photo]})
    assert done.status_code == 302
    assert model.files.count() == 1
    assert AuditEntry.objects.filter(action="movement.files_add").count() == 1

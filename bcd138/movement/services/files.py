"""Evidence and material files of movement records, checked by `core.uploads`.

Rules: a file's type comes from its content and its size is bounded (the
deployment's upload limits); a record and its files are written in one
transaction, and files written to storage by a transaction that then fails are
deleted, so a refused record leaves nothing behind.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Model

from bcd138.core import audit
from bcd138.core.uploads import CleanFile
from bcd138.movement.models import MovementFile


@contextlib.contextmanager
def storing() -> Iterator[list[str]]:
    """Collects the names of the files written inside; deletes them on failure."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise


def files_attach(
    owner: Model, files: Sequence[CleanFile], *, by: Any, written: list[str]
) -> list[MovementFile]:
    """Store `files` for `owner` (inside the caller's transaction)."""
    content_type = ContentType.objects.get_for_model(owner)
    stored = []
    for clean in files:
        item = MovementFile(
            content_type=content_type,
            object_id=owner.pk,
            original_name=clean.original_name[:200],
            mime_type=clean.content_type,
            size=clean.size,
            sha256=clean.sha256,
            metadata_stripped=clean.metadata_stripped,
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        item.file.save(
            f"{clean.sha256[:24]}.{clean.extension}",
            ContentFile(clean.content),
            save=False,
        )
        written.append(item.file.name)
        item.save()
        stored.append(item)
    return stored


def files_add(
    owner: Model, files: Sequence[CleanFile], *, by: Any, place: Any = None
) -> list[MovementFile]:
    """Add files to an existing record; the caller has checked the right to edit."""
    with storing() as written, transaction.atomic():
        stored = files_attach(owner, files, by=by, written=written)
        audit.record(
            "movement.files_add",
            actor=by,
            obj=owner,
            place=place,
            changes={"files": [f.original_name for f in stored]},
        )
    return stored

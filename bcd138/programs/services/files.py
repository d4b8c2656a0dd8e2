"""Storing checked files (evidence, signed documents) with the rows that name them.

Files are checked by `core.uploads` before any row is written; a file written to
storage inside a transaction that then fails is removed again, so a refused
submission leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from bcd138.core.errors import DomainError
from bcd138.core.uploads import CleanFile
from bcd138.programs.models import StoredFile

F = TypeVar("F", bound=StoredFile)

_written: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "programs_written_files", default=None
)


@contextlib.contextmanager
def files_removed_on_error() -> Iterator[None]:
    token = _written.set([])
    try:
        yield
    except BaseException:
        for name in _written.get() or []:
            default_storage.delete(name)
        raise
    finally:
        _written.reset(token)


def file_store(row: F, clean: CleanFile, *, by: Any) -> F:
    """Fill `row` (a ProgrammeFile or TaskFile with its owner set) and save it."""
    row.original_name = clean.original_name[:200]
    row.content_type = clean.content_type
    row.size = clean.size
    row.sha256 = clean.sha256
    row.metadata_stripped = clean.metadata_stripped
    row.uploaded_by = by if getattr(by, "is_authenticated", False) else None
    field = row.file  # type: ignore[attr-defined]
    filename = f"{clean.sha256[:32]}.{clean.extension}"
    name = field.field.generate_filename(row, filename)
    if default_storage.exists(name):
        # The same content is already stored (names are digests): share it. It
        # is never removed on a rollback, since other rows may point to it.
        field.name = name
    else:
        field.save(filename, ContentFile(clean.content), save=False)
        written = _written.get()
        if written is not None:
            written.append(field.name)
    row.save()
    return row


DOCUMENT_TYPES = (
    "application/pdf",
    "image/",
    "application/vnd.openxmlformats-officedocument.",
    "application/vnd.oasis.opendocument.",
)


def require_documents(files: Sequence[CleanFile]) -> None:
    """A signed document is a PDF, a photo or scan of the paper, or the text as
    an office document; not a recording."""
    for clean in files:
        if not clean.content_type.startswith(DOCUMENT_TYPES):
            raise DomainError(
                _("“%(name)s” is not a PDF, an image or an office document.")
                % {"name": clean.original_name},
                code="upload_type_refused",
                status=415,
            )

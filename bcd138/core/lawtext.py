"""The pure law engine's refusals, in the user's language.

``bcd138/law/errors.py`` marks its messages with ``gettext_noop``; here they are
translated and their parameters written for the reader: ISO dates as 30/01/2026,
and codes (a status, a stage, a kind of step) through the labels the calling app
gives, so that the law package never needs Django.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from bcd138.core.errors import DomainError
from bcd138.law.errors import MESSAGES, LawError


def local_date(value: str) -> str:
    """An ISO date from the engine, written the Vietnamese way; else unchanged."""
    try:
        return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
    except ValueError:
        return value


def law_error(
    exc: LawError, labels: Mapping[str, Mapping[str, Any]] | None = None
) -> DomainError:
    """``exc`` as a DomainError (code ``law_<code>``); ``labels`` maps a parameter
    name to the words for its values."""
    labels = labels or {}
    params = {
        key: str(labels[key].get(value, value)) if key in labels else local_date(value)
        for key, value in exc.params.items()
    }
    template = MESSAGES.get(exc.code)
    message = _(template) % params if template else exc.message
    return DomainError(message, code=f"law_{exc.code}")

"""The one error type of the pure law modules, with its messages.

The messages are English; the Django layer wraps ``MESSAGES[code]`` in gettext and
formats it with ``LawError.params`` (``%(name)s`` placeholders, as gettext expects).
"""

from __future__ import annotations

from collections.abc import Mapping


def gettext_noop(message: str) -> str:
    """Marks a message for translation without importing Django (this package is
    pure); `makemessages` finds the name, the Django layer translates at run time."""
    return message


MESSAGES: dict[str, str] = {
    "no_events": gettext_noop("The history is empty: it must start with the receipt."),
    "first_not_received": gettext_noop(
        "The first event must be the receipt of the information."
    ),
    "already_received": gettext_noop(
        "The information has already been received; record a transfer instead."
    ),
    "before_receipt": gettext_noop(
        "The event is dated before the receipt (%(received_on)s)."
    ),
    "out_of_order": gettext_noop(
        "The event is dated before the previous event (%(previous)s)."
    ),
    "unexpected_until": gettext_noop(
        "Only an extension carries the date it runs until."
    ),
    "until_required": gettext_noop("An extension needs the date it runs until."),
    "after_decision": gettext_noop(
        "A decision was issued on %(decided_on)s; no further handling step is allowed."
    ),
    "not_running": gettext_noop("The handling is not running (it is %(status)s)."),
    "extension_after_resumption": gettext_noop(
        "After a resumption or an annulment the limit is "
        "at most %(months)s month(s) and cannot be extended."
    ),
    "head_after_procuracy": gettext_noop(
        "The head of the investigating body cannot extend "
        "after the procuracy has extended."
    ),
    "past_deadline": gettext_noop(
        "The limit expired on %(deadline)s and can no longer be extended."
    ),
    "extension_not_later": gettext_noop(
        "The extension must end after the current limit (%(deadline)s)."
    ),
    "head_extension_too_long": gettext_noop(
        "The head of the investigating body may extend to "
        "%(limit)s at the latest (%(months)s months from receipt)."
    ),
    "procuracy_request_twice": gettext_noop(
        "The procuracy has already been asked to extend."
    ),
    "procuracy_request_too_late": gettext_noop(
        "The request to extend had to reach the procuracy "
        "by %(limit)s, %(days)s days before the limit expires."
    ),
    "procuracy_extension_not_requested": gettext_noop(
        "The procuracy extends only on a request from the investigating body."
    ),
    "procuracy_extension_twice": gettext_noop("The procuracy may extend only once."),
    "procuracy_extension_too_long": gettext_noop(
        "The procuracy may extend to %(limit)s at the "
        "latest (%(months)s months after the current limit)."
    ),
    "suspension_before_expiry": gettext_noop(
        "Handling may be suspended only once the limit has run, from %(deadline)s."
    ),
    "not_suspended": gettext_noop("The handling is not suspended."),
    "decided_while_suspended": gettext_noop(
        "The handling is suspended; resume it before deciding."
    ),
    "no_result_yet": gettext_noop("There is no decision to notify yet."),
    "no_suspension": gettext_noop("There is no suspension to notify."),
}


class LawError(ValueError):
    """A step the law does not allow; ``code`` is a key of ``MESSAGES``."""

    def __init__(
        self, message: str, code: str, params: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.params: dict[str, str] = dict(params or {})


def refuse(code: str, **params: str) -> LawError:
    """The ``LawError`` for ``code``, its message filled in with ``params``."""
    return LawError(MESSAGES[code] % params, code, params)

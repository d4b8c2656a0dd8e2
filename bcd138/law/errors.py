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
    # Penal Code catalogue (bcd138.law.penal_code).
    "catalogue_before_2018": gettext_noop(
        "The Penal Code catalogue starts on %(first)s; there is none for %(on)s."
    ),
    "article_unknown": gettext_noop(
        "Article %(article)s is not in the Penal Code in force on %(on)s."
    ),
    "clause_unknown": gettext_noop("Article %(article)s has no clause %(khoan)s."),
    "brackets_unknown": gettext_noop(
        "The catalogue has no sentencing brackets for article %(article)s."
    ),
    # The clock of a criminal case (bcd138/law/cases/).
    "case_no_events": gettext_noop(
        "The history is empty: it must start with the institution of the case."
    ),
    "case_first_not_instituted": gettext_noop(
        "The first event must be the decision to institute the case."
    ),
    "case_event_not_allowed": gettext_noop(
        "%(event)s is not allowed at this point (%(stage)s, %(phase)s)."
    ),
    "case_closed": gettext_noop(
        "The case was closed on %(closed_on)s; only a correction may follow."
    ),
    "category_required": gettext_noop("A change of charges needs the new category."),
    "unexpected_category": gettext_noop("Only a change of charges carries a category."),
    "unexpected_supreme": gettext_noop(
        "Only an extension of the investigation can be granted by the "
        "Supreme People's Procuracy."
    ),
    "category_unchanged": gettext_noop(
        "The case is already in the %(category)s category."
    ),
    "limit_not_extensible": gettext_noop("The %(limit)s limit cannot be extended."),
    "investigation_extension_too_many": gettext_noop(
        "A %(category)s case allows %(count)s extension(s) of the investigation; "
        "all are used."
    ),
    "investigation_extension_step_too_long": gettext_noop(
        "This extension may run to %(limit)s at the latest "
        "(%(months)s month(s) after the current limit)."
    ),
    "investigation_total_too_long": gettext_noop(
        "The investigation may run to %(limit)s at the latest "
        "(%(months)s months from the institution of the case)."
    ),
    "supreme_extension_not_allowed": gettext_noop(
        "Only a particularly serious case can get the extra extension "
        "of the Supreme People's Procuracy."
    ),
    "supreme_extension_too_early": gettext_noop(
        "The Supreme People's Procuracy extends only after the "
        "%(count)s ordinary extension(s) are used."
    ),
    "supreme_extension_twice": gettext_noop(
        "The Supreme People's Procuracy has already extended the investigation."
    ),
    "stage_extension_twice": gettext_noop(
        "The %(stage)s limit may be extended only once."
    ),
    "stage_extension_too_long": gettext_noop(
        "The %(stage)s limit may be extended to %(limit)s at the latest."
    ),
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

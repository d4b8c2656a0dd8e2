"""System checks for the criminal-case settings (run at every start)."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from bcd138.cases.services.clock import SOLVED_RULES
from bcd138.law import penal_code


@register()
def check_case_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    if settings.BCD138_CASE_SOLVED_RULE not in SOLVED_RULES:
        messages.append(
            Error(
                f"BCD138_CASE_SOLVED_RULE must be one of {', '.join(SOLVED_RULES)}.",
                id="bcd138.E020",
            )
        )
    known = {c.number for v in penal_code.packaged_versions() for c in v.chapters}
    unknown = set(settings.BCD138_SOCIAL_ORDER_CHAPTERS) - known
    if unknown:
        messages.append(
            Error(
                "BCD138_SOCIAL_ORDER_CHAPTERS names unknown chapters: "
                + ", ".join(sorted(unknown)),
                hint="Use the Roman numerals of the Penal Code's chapters XIII–XXVI.",
                id="bcd138.E021",
            )
        )
    return messages

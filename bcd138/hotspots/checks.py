"""System checks for the hot-spot settings (run at every start)."""

from typing import Any

from django.core.checks import CheckMessage, Error, register

from bcd138.hotspots.models import Step
from bcd138.hotspots.services.runs import hotspot_settings
from bcd138.intake.models import CrimeType

# (setting, value, lowest, highest)
_RANGES = (
    ("BCD138_HOTSPOT_EVERY_DAYS", "every_days", 1, 366),
    ("BCD138_HOTSPOT_CELL_METRES", "cell_metres", 25, 10_000),
    ("BCD138_HOTSPOT_HORIZON_DAYS", "horizon_days", 1, 365),
    ("BCD138_HOTSPOT_STEPS", "steps", 4, 260),
)


@register()
def check_hotspot_settings(
    app_configs: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    config = hotspot_settings()
    for name, attr, low, high in _RANGES:
        value = getattr(config, attr)
        if not low <= value <= high:
            messages.append(
                Error(
                    f"{name} is {value}: it must be between {low} and {high}.",
                    id="bcd138.E030",
                )
            )
    if not 0 < config.top_share <= 0.5:
        messages.append(
            Error(
                "BCD138_HOTSPOT_TOP_SHARE must be a number above 0 and at most 0.5 "
                "(the share of the study area's cells kept as top forecast cells).",
                hint="The default is 0.02 (2%).",
                id="bcd138.E031",
            )
        )
    if config.step not in Step.values:
        messages.append(
            Error(
                f"BCD138_HOTSPOT_STEP is {config.step!r}: use week or month.",
                id="bcd138.E032",
            )
        )
    unknown = sorted(set(config.crime_types) - set(CrimeType.values))
    if unknown:
        messages.append(
            Error(
                "BCD138_HOTSPOT_CRIME_TYPES names unknown kinds of crime: "
                + ", ".join(unknown),
                hint="Use the intake kinds: " + ", ".join(CrimeType.values) + ".",
                id="bcd138.E033",
            )
        )
    return messages

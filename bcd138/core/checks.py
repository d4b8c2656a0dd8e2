"""System checks for unsafe production settings (`check --deploy`, `serve`)."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_production_settings(
    app_configs: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    if not settings.PRODUCTION:
        return []
    messages: list[CheckMessage] = []
    if settings.SECRET_KEY_FROM_FILE:
        messages.append(
            Error(
                "SECRET_KEY is not set in the environment.",
                hint="Set SECRET_KEY to a long random value; the generated key in the "
                "data directory is for the demo only.",
                id="bcd138.E001",
            )
        )
    elif len(settings.SECRET_KEY) < 40:
        messages.append(
            Error("SECRET_KEY is shorter than 40 characters.", id="bcd138.E002")
        )
    if settings.DEBUG:
        messages.append(
            Error("BCD138_DEBUG must be off in production.", id="bcd138.E003")
        )
    if str(settings.DATABASES["default"]["ENGINE"]).endswith("sqlite3"):
        messages.append(
            Warning(
                "Production is running on SQLite.",
                hint="Set DATABASE_URL to a PostgreSQL database for more than one "
                "app server or a national deployment.",
                id="bcd138.W001",
            )
        )
    return messages

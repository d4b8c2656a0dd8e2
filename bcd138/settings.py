"""Django settings for bcd138, read from the environment.

Every setting is listed in `.env.example` and `docs/configuration.md`; a test checks
that the three agree. The defaults give a working demo on SQLite under `./var/`;
production (`BCD138_PRODUCTION=1`, set by `bcd138 serve`) is checked by system checks.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("BCD138_DATA_DIR", "var")).resolve()
PRODUCTION = env_bool("BCD138_PRODUCTION")
DEBUG = env_bool("BCD138_DEBUG")


def _secret_key() -> tuple[str, bool]:
    """Return (key, came_from_file): the environment wins, else a per-data-dir file."""
    key = env_str("SECRET_KEY")
    if key:
        return key, False
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip(), True


SECRET_KEY, SECRET_KEY_FROM_FILE = _secret_key()

ALLOWED_HOSTS = env_list("BCD138_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("BCD138_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "bcd138.core",
    "bcd138.places",
    "bcd138.agencies",
    "bcd138.intake",
    "bcd138.cases",
    "bcd138.programs",
    "bcd138.hotspots",
    "bcd138.awards",
    "bcd138.movement",
    "bcd138.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "bcd138.core.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "bcd138.core.middleware.AuditContextMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bcd138.urls"
WSGI_APPLICATION = "bcd138.wsgi.application"
AUTH_USER_MODEL = "agencies.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bcd138.core.context_processors.navigation",
            ],
        },
    },
]


def _databases() -> dict[str, dict[str, object]]:
    url = env_str("DATABASE_URL")
    if url:
        return {"default": dict(dj_database_url.parse(url, conn_max_age=60))}
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "bcd138.sqlite3",
            "OPTIONS": {
                # WAL lets readers proceed while one writer writes; IMMEDIATE takes
                # the write lock at BEGIN so concurrent writers wait (timeout) instead
                # of failing with "database is locked" half-way through.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_VALIDATORS = "django.contrib.auth.password_validation."
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": _VALIDATORS + "UserAttributeSimilarityValidator"},
    {
        "NAME": _VALIDATORS + "MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": _VALIDATORS + "CommonPasswordValidator"},
    {"NAME": _VALIDATORS + "NumericPasswordValidator"},
]

# Login lockout (django-axes): a username is locked after this many failures
# from one address, for the cool-off time.
AXES_FAILURE_LIMIT = env_int("BCD138_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("BCD138_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Behind a reverse proxy the client address is in X-Forwarded-For; trust it only
# when the deployment says so.
BEHIND_PROXY = env_bool("BCD138_BEHIND_PROXY")
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if BEHIND_PROXY else ["REMOTE_ADDR"]
)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Only production collects static files; elsewhere WhiteNoise serves them from the
# package through the finders.
STATIC_ROOT = DATA_DIR / "static" if PRODUCTION else None
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Serve static files straight from the package (no collectstatic needed) outside
# production; production runs collectstatic at `bcd138 serve`.
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = DATA_DIR / "media"

TASKS = {
    "default": {
        "BACKEND": env_str("BCD138_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("BCD138_SESSION_HOURS", 12) * 3600
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
# HTTPS: redirect and HSTS are for the deployment to switch on once TLS works end
# to end (a wrong HSTS setting locks browsers out for its whole duration).
SECURE_SSL_REDIRECT = env_bool("BCD138_SSL_REDIRECT")
SECURE_HSTS_SECONDS = env_int("BCD138_HSTS_SECONDS", 0)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# API tokens expire after this many days unless the user chooses otherwise.
API_TOKEN_DEFAULT_DAYS = env_int("BCD138_API_TOKEN_DAYS", 90)

# Crime information (intake). Day limits roll over a final day off unless turned
# off (BLTTHS Điều 134 applies it to months; for days it is a reading, so it is
# configurable). Warnings go out this many days before a time limit ends.
BCD138_DEADLINE_ROLL_OVER_DAYS = env_bool("BCD138_DEADLINE_ROLL_OVER_DAYS", True)
BCD138_DEADLINE_WARN_DAYS = [
    int(d) for d in env_list("BCD138_DEADLINE_WARN_DAYS", "5,2") if d.isdigit()
]
# Criminal cases. When a case counts as solved (điều tra khám phá): the national
# formula is not published, so it is a documented choice — "accused_charged" (at
# least one accused charged, the default) or "investigation_concluded". Which
# Penal Code chapters count as social-order crime: Roman numerals, comma-separated;
# empty keeps the catalogue's documented default (law/data/SOURCE.md).
BCD138_CASE_SOLVED_RULE = env_str("BCD138_CASE_SOLVED_RULE", "accused_charged")
BCD138_SOCIAL_ORDER_CHAPTERS = env_list("BCD138_SOCIAL_ORDER_CHAPTERS")
# The public portal: submissions and status look-ups allowed per client and hour,
# the proof-of-work difficulty in bits, and attachment limits.
BCD138_SUBMIT_RATE_PER_HOUR = env_int("BCD138_SUBMIT_RATE_PER_HOUR", 10)
BCD138_STATUS_RATE_PER_HOUR = env_int("BCD138_STATUS_RATE_PER_HOUR", 30)
BCD138_CHALLENGE_BITS = env_int("BCD138_CHALLENGE_BITS", 16)
BCD138_UPLOAD_MAX_FILE_MB = env_int("BCD138_UPLOAD_MAX_FILE_MB", 20)
BCD138_UPLOAD_MAX_TOTAL_MB = env_int("BCD138_UPLOAD_MAX_TOTAL_MB", 50)
# The hot-spot map. No tile layer unless a deployment names its own tile server
# (sovereignty rule: no world basemap by default), e.g.
# https://tiles.example.gov.vn/{z}/{x}/{y}.png, with its attribution; and an
# optional official boundary file (GeoJSON, lon/lat) drawn as an outline.
BCD138_MAP_TILE_URL = env_str("BCD138_MAP_TILE_URL", "")
BCD138_MAP_TILE_ATTRIBUTION = env_str("BCD138_MAP_TILE_ATTRIBUTION", "")
BCD138_MAP_BOUNDARY_FILE = env_str("BCD138_MAP_BOUNDARY_FILE", "")
# Hot spots in the platform (docs/hotspots.md). Each province is analysed every
# EVERY_DAYS days (cron: `bcd138 hotspots run --due --enqueue`) on square cells of
# CELL_METRES, forecasting the next HORIZON_DAYS days; the emerging-hot-spot analysis
# of the communes uses the last STEPS time steps of a STEP ("week" or "month"); the
# TOP_SHARE of the study area's cells with the highest risk (at least 10, at most
# 500) are kept as the top forecast cells; CRIME_TYPES (intake kinds, comma-
# separated) are analysed separately besides all kinds together.
BCD138_HOTSPOT_EVERY_DAYS = env_int("BCD138_HOTSPOT_EVERY_DAYS", 7)
BCD138_HOTSPOT_CELL_METRES = env_int("BCD138_HOTSPOT_CELL_METRES", 250)
BCD138_HOTSPOT_HORIZON_DAYS = env_int("BCD138_HOTSPOT_HORIZON_DAYS", 7)
BCD138_HOTSPOT_STEP = env_str("BCD138_HOTSPOT_STEP", "week")
BCD138_HOTSPOT_STEPS = env_int("BCD138_HOTSPOT_STEPS", 12)
BCD138_HOTSPOT_TOP_SHARE = env_str("BCD138_HOTSPOT_TOP_SHARE", "0.02")
BCD138_HOTSPOT_CRIME_TYPES = env_list("BCD138_HOTSPOT_CRIME_TYPES")
# Whole request bodies beyond this are refused before parsing.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("BCD138_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

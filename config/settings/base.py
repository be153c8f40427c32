"""Settings shared by every environment. Everything that varies comes from TONGKET_* variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = BASE_DIR / "tongket"


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(f"TONGKET_{name}", default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


DATA_DIR = Path(env("DATA_DIR", str(BASE_DIR / "var")) or "var").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """TONGKET_SECRET_KEY, or a key generated once and kept in the data directory."""
    configured = env("SECRET_KEY")
    if configured:
        return configured
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "django_htmx",
    "template_partials",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "tongket.core",
    "tongket.org",
    "tongket.resolutions",
    "tongket.reporting",
    "tongket.documents",
    "tongket.reviews",
    "tongket.meetings",
    "tongket.awards",
    "tongket.analysis",
    "tongket.intake",
    "tongket.search",
    "tongket.api",
    "tongket.ui",
]

MIDDLEWARE = [
    "tongket.core.middleware.HealthMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses what every middleware below produces, so it sits above all that write the
    # body; below whitenoise, whose static files are precompressed at collectstatic.
    # BREACH: Django masks the CSRF token per response (see CompressionMiddleware).
    "tongket.core.middleware.CompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tongket.core.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "tongket.core.middleware.InputTextMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tongket.ui.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "tongket.core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tongket.ui.context_processors.layout",
            ],
            "builtins": ["tongket.ui.templatetags.tongket"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'tongket.sqlite3'}",
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60") or 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; IMMEDIATE avoids the
    # "database is locked" upgrade deadlock of deferred transactions.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["tongket.org.auth.ThrottledModelBackend"]
LOGIN_URL = "ui:login"
LOGIN_REDIRECT_URL = "ui:home"
LOGOUT_REDIRECT_URL = "ui:login"
# Sign-in attempts are slowed per (name, address): after this many failures in a row each
# further attempt waits twice as long as the last (1 s, 2 s, 4 s…) up to the longest delay.
# No account is ever locked by failures (tongket/org/auth.py).
LOGIN_MAX_FAILURES = int(env("LOGIN_MAX_FAILURES", "5") or 5)
LOGIN_LOCKOUT_MINUTES = int(env("LOGIN_LOCKOUT_MINUTES", "15") or 15)  # no longer used at sign-in
LOGIN_MAX_DELAY_SECONDS = int(env("LOGIN_MAX_DELAY_SECONDS", "900") or 900)
# Second factor (TOTP, tongket/org/services/second_factor.py): optional for everyone; with
# this set, an administrator who has none is sent to set one up before any other page.
REQUIRE_TOTP_FOR_ADMINS = env_bool("REQUIRE_TOTP_FOR_ADMINS", False)
# The name authenticator apps show next to the account.
TOTP_ISSUER = env("TOTP_ISSUER", "Tổng Kết") or "Tổng Kết"
# Proxies whose X-Forwarded-For names the client (nginx on this machine, docs/operations.md).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Shared by the server's processes on this machine (the sign-in counts).
    "login": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache" / "login"),
    },
    # Cached reads (tongket.core.read_cache), in each server process's memory. Correct with
    # any number of processes and machines: the key holds the database's data generation.
    "reads": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "reads",
        "OPTIONS": {"MAX_ENTRIES": int(env("READ_CACHE_ENTRIES", "500") or 500)},
    },
}
# Seconds a cached read may be kept at most; it is never served once the data changed
# (tongket.core.freshness). 0 turns cached reads off.
TONGKET_READ_CACHE_SECONDS = int(env("READ_CACHE_SECONDS", "300") or 0)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "Asia/Ho_Chi_Minh") or "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["tongket.core.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Largest attachment accepted (resolution files, report attachments, dossiers), in megabytes.
MAX_UPLOAD_MB = int(env("MAX_UPLOAD_MB", "20") or 20)

# Minutes a running background job may stay silent (no heartbeat) before the orphan sweep
# fails it (tongket.core.jobs.JOB_STALE_AFTER).
TONGKET_JOB_STALE_MINUTES = int(env("JOB_STALE_MINUTES", "30") or 30)
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25") or 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "tongket@localhost")
# The address users reach the system at, for links in e-mails (no trailing slash).
SITE_URL = (env("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")

TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.backend.DatabaseBackend"),
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "tongket.org.auth.AccountTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "tongket.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "tongket.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "tongket.api.errors.exception_handler",
    # Every text of an API body without control characters (pages: InputTextMiddleware).
    "DEFAULT_PARSER_CLASSES": [
        "tongket.core.middleware.CleanJSONParser",
        "tongket.core.middleware.CleanFormParser",
        "tongket.core.middleware.CleanMultiPartParser",
    ],
    # Per server process (the cache is in memory): a brake on scripts gone wrong, not a
    # quota. (A wrong token is refused before throttling; sign-in lockout is separate.)
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_ANON_RATE", "60/min"),
        "user": env("API_USER_RATE", "1200/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tổng Kết API",
    "DESCRIPTION": "Theo dõi thực hiện nghị quyết — REST API v1",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "/static/vendor/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": "/static/img/favicon.svg",
    "REDOC_DIST": "/static/vendor/redoc",
    # Every operation documents its error answers (400/401/403/404/409, tongket/api/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tongket.api.schema.document_errors",
    ],
    # One name for each choice set used under several field names or with clashing names.
    # BodyLevel's fields are InlineChoiceFields, documented by their values only (no labels),
    # so its override is the list of values.
    "ENUM_NAME_OVERRIDES": {
        "BodyLevelEnum": "tongket.awards.choices.BodyLevel.values",
        "UnitKindEnum": "tongket.org.choices.UnitKind",
        "LineEnum": "tongket.org.choices.Line",
        "ChartTypeEnum": "tongket.analysis.choices.ChartType",
    },
}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

SESSION_COOKIE_AGE = 8 * 3600
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Shown as a banner on every page while the demo data is loaded.
DEMO_BANNER = env_bool("DEMO", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

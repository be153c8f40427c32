"""Test settings: SQLite by default, PostgreSQL when TONGKET_TEST_DATABASE_URL is set."""

import os

import dj_database_url

from .base import *

_url = os.environ.get("TONGKET_TEST_DATABASE_URL")
if _url:
    DATABASES = {"default": dj_database_url.parse(_url)}
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TONGKET_TEST_DB_NAME", "tongket_test")}
else:
    # In memory: fast, and several test runs on one machine never share a database. The
    # migrated database with the demo is built once into var/test-db/ and copied in at the
    # start of each run (tongket/conftest.py).
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": ":memory:",
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Sign-in counts in memory: never shared between test runs.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "login": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "login"},
    "reads": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "reads"},
}
# Tests run inside transactions that never commit, so the data generation would never move:
# cached reads are off, and their own tests turn them on and commit.
TONGKET_READ_CACHE_SECONDS = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# One folder per pytest-xdist worker (`make test` runs the suite on two): a test that counts or
# removes uploaded files never sees those of a test running beside it.
MEDIA_ROOT = DATA_DIR / "test-media" / os.environ.get("PYTEST_XDIST_WORKER", "main")
# whitenoise warns about a missing STATIC_ROOT when collectstatic has not run (tests do not need it).
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# The suite makes thousands of API calls a minute as the same users: no throttling here
# (tongket/api/tests/test_throttling.py checks it with the production rates).
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}

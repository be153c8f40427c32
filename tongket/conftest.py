"""Shared fixtures: the demo data (organisation, resolutions, reports) in the test database,
and every test in a transaction that is rolled back.

On SQLite (the default) the migrated database with the demo loaded is built once and kept as a
file, `var/test-db/<key>.sqlite3`; every run copies it into its own in-memory database (about
a second instead of half a minute), so runs on one machine never share a database. The key is a
hash of what decides the rows: the migrations, the demo and the domain code it goes through
(every module outside the tests, `ui` and `api`), the Django version and today's date (the demo
is dated from today). A change to any of them names a new file, built on the next run; `pytest
--create-db` rebuilds it anyway. On PostgreSQL (TONGKET_TEST_DATABASE_URL) the test database is
created, migrated and loaded as pytest-django does (`--reuse-db` keeps it between runs).
"""

from __future__ import annotations

import datetime
import fcntl
import hashlib
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import django
import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import Client
from django.test.utils import setup_databases, teardown_databases
from django.utils import timezone
from pytest_django.fixtures import _get_databases_for_setup

# Finders of branch objects for the scope walks, registered by each app.
import tongket.reporting.testing
import tongket.resolutions.testing  # noqa: F401
from tongket import demo
from tongket.org.models import Person, Unit, User

PACKAGE = Path(__file__).resolve().parent
TEMPLATES = Path(settings.DATA_DIR) / "test-db"
# Folders whose code never changes what the demo writes.
NOT_IN_KEY = {"tests", "testing", "ui", "api", "locale", "static", "templates", "__pycache__"}
# Databases built for an older key are removed once they have not been used for this long.
STALE_AFTER = datetime.timedelta(hours=1)


def database_key() -> str:
    """A hash of everything that decides the rows of the demo database."""
    digest = hashlib.sha256()
    digest.update(f"{django.__version__}|{timezone.localdate().isoformat()}".encode())
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if NOT_IN_KEY.intersection(relative.parts[:-1]) or relative.name == "conftest.py":
            continue
        digest.update(str(relative).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@contextmanager
def exclusive(lock: Path) -> Iterator[None]:
    """One process at a time builds or copies the database (others wait for it)."""
    with open(lock, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def remove_stale(current: Path) -> None:
    cutoff = time.time() - STALE_AFTER.total_seconds()
    for path in TEMPLATES.iterdir():
        try:
            if path.stem != current.stem and path.stat().st_mtime < cutoff:
                path.unlink()
        except FileNotFoundError:
            continue  # removed by another run at the same moment


def sqlite_database_setup(verbosity: int, rebuild: bool, serialized: set[str]) -> list:  # type: ignore[type-arg]
    """The in-memory test database of this run, copied from the built file (built first when
    missing). Returns what `teardown_databases` needs."""
    connection = connections[DEFAULT_DB_ALIAS]
    TEMPLATES.mkdir(parents=True, exist_ok=True)
    template = TEMPLATES / f"{database_key()}.sqlite3"
    old_name = connection.settings_dict["NAME"]
    with exclusive(template.with_suffix(".lock")):
        if rebuild or not template.exists():
            # Django creates and migrates the in-memory database; the demo goes in through
            # the services; the result is saved whole, then renamed (never half a file).
            config = setup_databases(
                verbosity=verbosity,
                interactive=False,
                aliases={DEFAULT_DB_ALIAS},
                serialized_aliases=set(),
            )
            demo.load()
            partial = template.with_suffix(f".{os.getpid()}.part")
            target = sqlite3.connect(partial)
            connection.ensure_connection()
            connection.connection.backup(target)
            target.close()
            os.replace(partial, template)
            remove_stale(template)
        else:
            test_name = connection.creation._get_test_db_name()
            connection.close()
            settings.DATABASES[DEFAULT_DB_ALIAS]["NAME"] = test_name
            connection.settings_dict["NAME"] = test_name
            connection.ensure_connection()
            source = sqlite3.connect(f"file:{template}?mode=ro", uri=True)
            source.backup(connection.connection)
            source.close()
            os.utime(template)
            config = [(connection, old_name, True)]
    if DEFAULT_DB_ALIAS in serialized:
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    return config


@pytest.fixture(scope="session")
def django_db_setup(  # type: ignore[no-untyped-def]
    request,
    django_test_environment,
    django_db_blocker,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    verbosity = request.config.option.verbose
    aliases, serialized = _get_databases_for_setup(request.session.items)
    sqlite = connections[DEFAULT_DB_ALIAS].vendor == "sqlite"
    with django_db_blocker.unblock():
        if sqlite:
            config = sqlite_database_setup(verbosity, django_db_createdb, serialized)
        else:
            config = setup_databases(
                verbosity=verbosity,
                interactive=False,
                aliases=aliases,
                serialized_aliases=serialized,
                keepdb=django_db_keepdb and not django_db_createdb,
            )
            demo.load()
    yield
    if sqlite or not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(config, verbosity=verbosity)


@pytest.fixture
def units(db) -> dict[str, Unit]:  # type: ignore[no-untyped-def]
    return {unit.code: unit for unit in Unit.objects.all()}


@pytest.fixture
def users(db) -> dict[str, User]:  # type: ignore[no-untyped-def]
    return {user.username: user for user in User.objects.all()}


@pytest.fixture
def admin_user(users):  # type: ignore[no-untyped-def]
    return users["admin"]


@pytest.fixture
def qk2_admin(db, units):  # type: ignore[no-untyped-def]
    """An administrator of Quân khu 2 only."""
    from tongket.core.scopes import SYSTEM
    from tongket.org import services

    return services.user_create(
        by=SYSTEM,
        username="qk2.quantri",
        password="x",
        unit=units["QK2"],
        role="administrator",
        check_password=False,
    )


@pytest.fixture
def cnqp_person(db) -> Person:  # type: ignore[no-untyped-def]
    return Person.objects.filter(unit__code="TCCNQP").first()


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


@pytest.fixture
def as_user(client):  # type: ignore[no-untyped-def]
    def _as(user: User) -> Client:
        return login(client, user)

    return _as

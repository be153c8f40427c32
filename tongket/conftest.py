"""Shared fixtures: the demo data (organisation, resolutions, reports) is loaded once per test
database, through the real services, and every test runs in a transaction that is rolled
back."""

from __future__ import annotations

import pytest
from django.test import Client

# Finders of branch objects for the scope walks, registered by each app.
import tongket.reporting.testing
import tongket.resolutions.testing  # noqa: F401
from tongket.awards import demo as awards_demo
from tongket.org import demo as org_demo
from tongket.org.models import Person, Unit, User
from tongket.reporting import demo as reporting_demo
from tongket.resolutions import demo as resolutions_demo
from tongket.reviews import demo as reviews_demo


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        if not org_demo.is_loaded():
            org_demo.load()
        if not resolutions_demo.is_loaded():
            resolutions_demo.load()
        if not reporting_demo.is_loaded():
            reporting_demo.load()
        if not reviews_demo.is_loaded():
            reviews_demo.load()
        if not awards_demo.is_loaded():
            awards_demo.load()


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

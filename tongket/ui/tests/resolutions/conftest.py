"""Fixtures of the resolution page tests: the Ministry's tracking officer and a plan of the
Ministry registered for the tests."""

from __future__ import annotations

import datetime

import pytest

from tongket.resolutions import services
from tongket.ui.tests.resolutions.helpers import unit


@pytest.fixture
def officer(users):  # type: ignore[no-untyped-def]
    """The tracking officer of the Ministry: keeps the resolutions kept under BQP."""
    return users["bqp.theodoi"]


@pytest.fixture
def plan(officer):  # type: ignore[no-untyped-def]
    """A plan of the Ministry registered for the tests, kept by BQP, 2024–2026."""
    return services.resolution_create(
        by=officer,
        kind="plan",
        symbol="12/KH-BQP",
        issuing_unit=unit("BQP"),
        owner_unit=unit("BQP"),
        subject="Kế hoạch thử nghiệm",
        issued_on=datetime.date(2024, 1, 5),
        horizon_from=2024,
        horizon_to=2026,
    )

"""Fixtures of the commendation page tests: the award forms by code, the QK2 emulation
officer and QK2's review of 623."""

from __future__ import annotations

import pytest

from tongket.awards.models import AwardForm
from tongket.reviews.models import ReviewCampaign


@pytest.fixture
def forms() -> dict[str, AwardForm]:
    return {f.code: f for f in AwardForm.objects.all()}


@pytest.fixture
def officer(users):  # type: ignore[no-untyped-def]
    return users["qk2.thidua"]


@pytest.fixture
def c623() -> ReviewCampaign:
    return ReviewCampaign.objects.get(resolution__symbol="623-NQ/QUTW")

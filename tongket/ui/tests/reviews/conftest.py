"""Fixtures of the review page tests: QK2's review of 623 and a review of 382 in another
branch."""

from __future__ import annotations

import pytest

from tongket.reviews.models import ReviewCampaign
from tongket.ui.tests.reviews.helpers import TITLE


@pytest.fixture
def c623(db) -> ReviewCampaign:  # type: ignore[no-untyped-def]
    return ReviewCampaign.objects.get(title=TITLE)


@pytest.fixture
def c382(db) -> ReviewCampaign:  # type: ignore[no-untyped-def]
    return ReviewCampaign.objects.get(resolution__symbol="382-NQ/ĐUQSTW")

"""The reporting record a review reads (`reporting_summary`, `narratives`) goes through the
one rule of `core.classification`: reports marked above the reader's clearance are neither
counted nor quoted."""

from __future__ import annotations

from typing import Any

import pytest

from tongket.core.scopes import SYSTEM
from tongket.reviews import selectors
from tongket.testing import classification

pytestmark = pytest.mark.django_db


def test_reports_of_a_secret_resolution_are_not_counted_for_a_reader_without_clearance(
    admin_user: Any, units: Any
) -> None:
    """Given 382-NQ/ĐUQSTW marked secret, when its review's reporting record over Tổng cục
    CNQP is read by the administrator without clearance, then no report is counted nor
    quoted; read by the system, they are."""
    classification.mark_secret()
    campaign, unit = classification.campaign(), units["TCCNQP"]
    everything = selectors.reporting_summary(user=SYSTEM, campaign=campaign, unit=unit)
    assert everything["expected"] > 0 and everything["received"] > 0
    uncleared = selectors.reporting_summary(user=admin_user, campaign=campaign, unit=unit)
    assert (uncleared["expected"], uncleared["received"], uncleared["on_time"]) == (0, 0, 0)
    assert selectors.narratives(user=SYSTEM, campaign=campaign, unit=unit)
    assert selectors.narratives(user=admin_user, campaign=campaign, unit=unit) == {}

"""Setting the counts of a decision whose named list holds an awardee the officer may not see
(a paper decision of 623 naming two individuals, one nominated for 382-NQ/ĐUQSTW, marked
secret afterwards): a count below the names is refused without telling the officer how many
names there are."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from tongket.awards import counts
from tongket.awards.models import AwardDecision
from tongket.awards.tests.test_classification_decision_files import named_paper  # noqa: F401
from tongket.awards.tests.test_lists import c623, paper  # noqa: F401
from tongket.core.errors import DomainError
from tongket.core.scopes import SYSTEM
from tongket.org.services import user_update

pytestmark = pytest.mark.django_db


def _refusal(by: Any, decision: AwardDecision, individuals: int) -> str:
    with translation.override("en"), pytest.raises(DomainError) as refused:
        counts.decision_counts_set(
            by=by,
            decision=decision,
            version=decision.version,
            counts=[
                {"nominee_kind": "individual", "count": individuals},
                {"nominee_kind": "collective", "count": 3},
            ],
        )
    return " ".join(refused.value.messages)


def test_a_count_below_the_names_does_not_tell_how_many_the_officer_cannot_see(
    users: Any,
    named_paper: AwardDecision,  # noqa: F811
) -> None:
    """When Quân khu 2's officer without clearance counts 1 individual, then it is refused
    saying some names are not shown, and neither "2" nor the one seen; once cleared, the
    refusal names the 2 individuals the decision names."""
    officer = users["qk2.thidua"]
    message = _refusal(officer, named_paper, 1)
    assert message.startswith("Row 1:")
    assert "not shown to you" in message
    assert "2" not in message

    user_update(by=SYSTEM, user=officer, clearance="secret")
    officer.refresh_from_db()
    message = _refusal(officer, named_paper, 1)
    assert "not shown" not in message
    assert "2" in message

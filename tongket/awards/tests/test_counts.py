"""Counts without names: a decision carries counts by form and kind, awarded and proposed
upward, with or without the list; summaries add named awards and counts without double
counting. A decision taken on paper is recorded as it was, without a generated document."""

import datetime

import pytest

from tongket.awards import counts, selectors
from tongket.awards.models import AwardDecision, AwardForm
from tongket.core.errors import DomainError
from tongket.core.models import ChangeLog
from tongket.core.scopes import SYSTEM
from tongket.org.models import Unit
from tongket.reviews.models import ReviewCampaign

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def forms() -> dict[str, AwardForm]:
    return {f.code: f for f in AwardForm.objects.all()}


@pytest.fixture
def c623() -> ReviewCampaign:
    return ReviewCampaign.objects.get(resolution__symbol="623-NQ/QUTW")


def test_a_decision_recorded_without_list_counts_in_the_summary(users, forms, c623):
    # Given the campaign's summary before
    before = selectors.campaign_awards_summary(user=SYSTEM, campaign=c623)
    # When Quân khu 2's officer records a 2022 decision from paper with counts only
    decision = counts.decision_record(
        by=users["qk2.thidua"],
        issuer=Unit.objects.get(code="QK2"),
        form=forms["GK"],
        symbol="123/QĐ-BTL",
        issued_on=D(2022, 7, 10),
        campaign=c623,
        counts=[
            {"nominee_kind": "collective", "count": 5},
            {"nominee_kind": "individual", "count": 7},
            {
                "outcome": "proposed",
                "form": forms["BK-BQP"],
                "nominee_kind": "individual",
                "count": 2,
                "proposed_to": Unit.objects.get(code="BQP"),
            },
        ],
    )
    # Then it keeps its own number and date, has no generated document, and is logged today
    assert decision.document is None and decision.reference == "123/QĐ-BTL"
    assert decision.date == D(2022, 7, 10)
    assert ChangeLog.objects.filter(action="decision_record", object_id=str(decision.pk)).exists()
    # and the summary adds its counts to the named awards of the other decision
    after = selectors.campaign_awards_summary(user=SYSTEM, campaign=c623)
    assert after["awarded"]["collectives"] == before["awarded"]["collectives"] + 5
    assert after["awarded"]["individuals"] == before["awarded"]["individuals"] + 7
    assert (
        after["proposed_to_higher"]["individuals"]
        == before["proposed_to_higher"]["individuals"] + 2
    )


def test_a_count_above_the_named_list_counts_once(users, c623):
    # Given the demo decision of QK2 naming 26 collectives and 28 individuals
    decision = AwardDecision.objects.get(campaign=c623, issuer__code="QK2", form__code="BK-DV")
    # When its counts say 30 collectives (the list is partial)
    counts.decision_counts_set(
        by=users["qk2.thidua"],
        decision=decision,
        counts=[
            {"nominee_kind": "collective", "count": 30},
            {"nominee_kind": "individual", "count": 28},
        ],
    )
    summary = selectors.campaign_awards_summary(user=SYSTEM, campaign=c623)
    # Then the summary says 30, not 26 + 30
    assert summary["awarded"] == {"collectives": 30, "individuals": 28}
    assert summary["named"]["awarded"] == {"collectives": 26, "individuals": 28}


@pytest.mark.parametrize(
    "row",
    [
        {"nominee_kind": "collective", "count": 20},  # fewer than the 26 named
        {"nominee_kind": "collective", "count": 0},
        {"nominee_kind": "someone", "count": 5},
        {"outcome": "proposed", "nominee_kind": "collective", "count": 3},  # no form, no authority
    ],
)
def test_counts_that_cannot_hold_are_refused_and_nothing_is_written(users, c623, row):
    decision = AwardDecision.objects.get(campaign=c623, issuer__code="QK2", form__code="BK-DV")
    before = list(decision.counts.values_list("outcome", "nominee_kind", "count"))
    with pytest.raises(DomainError) as caught:
        counts.decision_counts_set(by=users["qk2.thidua"], decision=decision, counts=[row])
    assert "counts[1]" in caught.value.error_dict
    assert list(decision.counts.values_list("outcome", "nominee_kind", "count")) == before


def test_another_branch_cannot_set_counts(users, c623):
    from tongket.core.errors import NotFound

    decision = AwardDecision.objects.get(campaign=c623, issuer__code="QK2", form__code="BK-DV")
    with pytest.raises(NotFound):
        counts.decision_counts_set(
            by=users["daklak.theodoi"],
            decision=decision,
            counts=[{"nominee_kind": "collective", "count": 30}],
        )

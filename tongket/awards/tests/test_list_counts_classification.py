"""A paper decision's named list imported over its count when the decision already names an
awardee the officer may not see (a decision of 623 counting five individuals and naming two,
one nominated for 382-NQ/ĐUQSTW, marked secret afterwards): the list is refused, since every
name counts, but the refusal does not tell the officer how many names there are, on the
preview, the import or the API; once cleared, it does."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.utils import translation

from tongket.api.tests.test_scope_api import client_for
from tongket.awards import counts, lists
from tongket.awards.models import AwardDecision, AwardForm, Nomination
from tongket.awards.tests.test_lists import c623, people, xlsx  # noqa: F401
from tongket.core.errors import RowErrors
from tongket.core.scopes import SYSTEM
from tongket.org.models import Unit
from tongket.org.services import user_update
from tongket.testing import classification

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(users: Any, c623: Any) -> AwardDecision:  # noqa: F811
    """Quân khu 2's Giấy khen of 623 from paper counting 5 individuals, two of them named by
    an imported list; then the first one's nomination is linked to 382-NQ/ĐUQSTW, marked
    secret (the decision's list not touched since, so the decision itself is not marked)."""
    decision = counts.decision_record(
        by=users["qk2.thidua"],
        issuer=Unit.objects.get(code="QK2"),
        form=AwardForm.objects.get(code="GK"),
        symbol="78/QĐ-BTL",
        issued_on=datetime.date(2022, 7, 9),
        campaign=c623,
        counts=[{"nominee_kind": "individual", "count": 5}],
    )
    named = people(2)
    lists.decision_list_import(
        by=users["qk2.thidua"],
        decision=decision,
        upload=xlsx([[i + 1, p.full_name, "Cá nhân"] for i, p in enumerate(named)]),
    )
    first = Nomination.objects.filter(decision=decision).order_by("pk").first()
    assert first is not None
    # No service links a nomination to a second resolution: the link is written directly.
    Nomination.objects.filter(pk=first.pk).update(resolution=classification.resolution())
    classification.mark_secret()
    return AwardDecision.objects.get(pk=decision.pk)


def _four_more() -> Any:
    """A list of four more individuals: with the two named, six against the count of five."""
    return xlsx([[i + 1, p.full_name, "Cá nhân"] for i, p in enumerate(people(6)[2:])])


def _refusal(by: Any, decision: AwardDecision, call: Any) -> str:
    with translation.override("en"), pytest.raises(RowErrors) as refused:
        call(by=by, decision=decision, upload=_four_more())
    return " ".join(row["message"] for row in refused.value.rows)


def test_a_list_over_the_count_does_not_tell_how_many_names_the_officer_cannot_see(
    users: Any, counted: AwardDecision
) -> None:
    """When Quân khu 2's officer without clearance previews or imports four more
    individuals, then the file is refused, saying that some names are not shown, with only
    the numbers the officer knows (the count, 5; the file's, 4): neither the two named nor
    the one seen; once cleared, the refusal says the decision names 2."""
    officer = users["qk2.thidua"]
    assert counted.classification == "none"
    for call in (lists.decision_list_preview, lists.decision_list_import):
        message = _refusal(officer, counted, call)
        assert "not all shown to you" in message
        assert set(re.findall(r"\d+", message)) == {"5", "4"}, message
    assert Nomination.objects.filter(decision=counted).count() == 2

    answer = client_for(officer).post(
        f"/api/v1/award-decisions/{counted.pk}/list/preview/",
        {"file": _four_more()},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert answer.status_code == 400
    rows = answer.json()["errors"]["rows"]
    assert [set(re.findall(r"\d+", row["message"])) for row in rows] == [{"5", "4"}]

    user_update(by=SYSTEM, user=officer, clearance="secret")
    officer.refresh_from_db()
    message = _refusal(officer, counted, lists.decision_list_preview)
    assert "not all shown" not in message
    assert "names 2" in message

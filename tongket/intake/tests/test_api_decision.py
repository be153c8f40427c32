"""POST /api/v1/intake/ answers the award decision a text is (number, date, who gives, form,
counts, the awardees listed, matched to the registry as the caller may see it), and null for
a meeting's report whose awards carry no decision number."""

from __future__ import annotations

import pytest

from tongket.intake.tests.test_api import ARTICLE, api
from tongket.intake.tests.test_reading_decision import DECISION
from tongket.org.models import Person, Unit

pytestmark = pytest.mark.django_db


def test_a_decision_text_is_answered_as_a_decision_matched_to_the_registry(users):
    answer = api(users["qk2.thidua"]).post("/api/v1/intake/", {"text": DECISION}, format="json")
    assert answer.status_code == 200
    decision = answer.json()["decision"]
    assert decision["symbol"] == "1250/QĐ-BTL" and decision["date"] == "2022-07-15"
    assert decision["issuer_match"] == Unit.objects.get(code="QK2").pk
    assert decision["issuer_visible"] is True
    assert (decision["form"], decision["collectives"], decision["individuals"]) == (
        "Bằng khen",
        2,
        2,
    )
    units = [(a["kind"], a["unit_match"]) for a in decision["awardees"]]
    assert units[:2] == [
        ("collective", Unit.objects.get(code="SD316-E98").pk),
        ("collective", Unit.objects.get(code="BCHQS-LC").pk),
    ]


def test_a_meeting_report_without_a_decision_number_has_no_decision(users):
    chair = Person.objects.filter(unit__code="QK2").first()
    answer = api(users["qk2.thidua"]).post(
        "/api/v1/intake/",
        {"text": ARTICLE.format(chair=chair.full_name), "published": "2022-07-08"},
        format="json",
    )
    assert answer.status_code == 200
    assert answer.json()["decision"] is None
    assert [a["collectives"] for a in answer.json()["awards"]] == [26, 3]

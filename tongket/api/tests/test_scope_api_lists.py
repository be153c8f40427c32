"""The API's lists and creations across branches: as a Quân khu 2 user, no list shows a unit
of Tổng cục CNQP (nor 06-NQ/TW), and a creation naming an object of Tổng cục CNQP is a 400
naming the field, as if the object did not exist, with nothing written. The route walk and
its helpers are in test_scope_api.py."""

from typing import Any

import pytest

from tongket.api.tests.test_scope_api import API_ROUTES, client_for, counts, params_of, path_of
from tongket.awards.models import AwardForm, Nomination
from tongket.meetings.models import Conclusion, Meeting
from tongket.org.models import Unit
from tongket.reporting.models import Report
from tongket.resolutions.models import Indicator, Item, Resolution
from tongket.reviews.models import ReviewCampaign

pytestmark = pytest.mark.django_db


def _codes(unit: Unit) -> set[str]:
    return set(Unit.objects.filter(path__startswith=unit.path).values_list("code", flat=True))


def _walk(data: Any, key: str = "") -> list[tuple[str, Any]]:
    if isinstance(data, dict):
        return [pair for k, v in data.items() for pair in _walk(v, k)]
    if isinstance(data, list):
        return [pair for item in data for pair in _walk(item, key)]
    return [(key, data)]


def _reads(callback: Any) -> bool:
    actions = getattr(callback, "actions", None)
    if actions is not None:
        return "get" in actions
    view_class = getattr(callback, "cls", None)
    return view_class is None or hasattr(view_class, "get")


def test_lists_show_nothing_of_another_branch(users, units):
    """Given every list of the API, when a Quân khu 2 reporter reads it in full, then no unit
    of Tổng cục CNQP appears in it (a resolution issued above names its keeper, nothing
    more), and nothing of 06-NQ/TW."""
    client = client_for(users["qk2.baocao"])
    cnqp = _codes(units["TCCNQP"])
    r06 = Resolution.objects.get(symbol="06-NQ/TW")
    lists = [
        route
        for route, _n, pattern in API_ROUTES
        if not params_of(route)
        and "\\." not in route
        # A POST-only action (targets/cascade/, award-decisions/record/, a POST-only view
        # such as intake/report-figures/) lists nothing.
        and _reads(pattern.callback)
    ]
    assert len(lists) >= 13
    for route in lists:
        path = path_of(route, {})
        query = {"page_size": 500}
        if path == "/api/v1/analytics/":
            query = {
                "indicator": "HC03",
                "resolution": "623-NQ/QUTW",
                "unit": "QK2",
                "period": "2024-H1",
                "children": 1,
            }
        if path == "/api/v1/completeness/":
            query = {"unit": "QK2", "period": "2024-H1"}
        if path == "/api/v1/analytics/figures/":
            query = {
                "indicator": ["HC01", "HC03"],
                "resolution": "623-NQ/QUTW",
                "unit": ["QK2", "SD316", "CHC-QK2"],
                "period": ["2024-H1", "2024"],
            }
        if path == "/api/v1/visualizations/data/":
            query = {
                "indicators": Indicator.objects.get(
                    code="HC03", resolution__symbol="623-NQ/QUTW"
                ).pk,
                "units": units["QK2"].pk,
                "unit_level": "children",
                "periods": "2024-H1",
            }
        if path == "/api/v1/data-value-sets/":
            query = {"form": "BC6T-623-QK2", "period": "2024-H1", "unit": "QK2"}
        if path == "/api/v1/search/":
            query = {"q": "quốc phòng", "page_size": 100}
        response = client.get(path, query)
        assert response.status_code == 200, (path, response.content[:200])
        for key, value in _walk(response.json()):
            if path == "/api/v1/resolutions/" and key == "owner_unit":
                continue
            if key in {
                "unit",
                "code",
                "lead_unit",
                "owner_unit",
                "issuing_unit",
                "coordinating_units",
            }:
                assert value not in cnqp, (path, key, value)
            if key == "symbol" or key == "resolution_symbol":
                assert value != r06.symbol, path
            if key == "resolution":
                assert value != r06.pk, path
    found = client.get("/api/v1/search/", {"q": r06.symbol, "page_size": 100}).json()
    assert f"/resolutions/{r06.pk}/" not in {hit["url"] for hit in found["results"]}
    reports = client.get("/api/v1/reports/", {"page_size": 500}).json()
    assert (
        reports["count"] == Report.objects.filter(unit__path__startswith=units["QK2"].path).count()
    )


@pytest.mark.parametrize(
    ("path", "payload", "field"),
    [
        (
            "/api/v1/resolutions/",
            {
                "kind": "plan",
                "symbol": "1/KH-CNQP",
                "issuing_unit": "TCCNQP",
                "subject": "X",
                "horizon_from": 2024,
                "horizon_to": 2025,
            },
            "issuing_unit",
        ),
        (
            "/api/v1/objectives/",
            {"resolution": "{r06}", "kind": "objective", "title": "X"},
            "resolution",
        ),
        ("/api/v1/indicators/", {"resolution": "{r06}", "code": "X1", "name": "X"}, "resolution"),
        (
            "/api/v1/targets/",
            {"indicator": "{i06}", "unit": "QK2", "year": 2020, "value": 1},
            "indicator",
        ),
        (
            "/api/v1/targets/",
            {"indicator": "{i623}", "unit": "Z111", "year": 2020, "value": 1},
            "unit",
        ),
        (
            "/api/v1/targets/cascade/",
            {"indicator": "{i623}", "unit": "TCCNQP", "year": 2020, "method": "even"},
            "unit",
        ),
        ("/api/v1/targets/phase/", {"indicator": "{i06}", "unit": "QK2"}, "indicator"),
        ("/api/v1/assignments/", {"item": "{item06}", "lead_unit": "QK2"}, "item"),
        ("/api/v1/assignments/", {"item": "{item623}", "lead_unit": "Z111"}, "lead_unit"),
        (
            "/api/v1/report-forms/",
            {"code": "X", "name": "X", "owner_unit": "TCCNQP", "period_type": "year"},
            "owner_unit",
        ),
        (
            "/api/v1/report-forms/",
            {
                "code": "X",
                "name": "X",
                "owner_unit": "QK2",
                "period_type": "year",
                "indicators": ["{i06}"],
            },
            "indicators",
        ),
        (
            "/api/v1/data-values/?form=BCN-382-CNQP",
            [{"unit": "Z111", "indicator": "KT01", "period": "2022", "value": 1}],
            "form",
        ),
        (
            "/api/v1/data-values/?form=BC6T-623-QK2",
            [{"unit": "Z111", "indicator": "HC02", "period": "2026-H2", "value": 1}],
            "rows",
        ),
        ("/api/v1/units/", {"code": "X9", "name": "X", "parent": "TCCNQP"}, "parent"),
        (
            "/api/v1/campaigns/",
            {
                "kind": "final_review",
                "resolution": "623-NQ/QUTW",
                "owner_unit": "DU-TCCNQP",
                "standing_agency": "CHC-QK2",
                "span_from": 2013,
                "span_to": 2017,
                "next_from": 2018,
                "next_to": 2022,
            },
            "owner_unit",
        ),
        (
            "/api/v1/meetings/",
            {"host_unit": "TCCNQP", "kind": "other", "title": "X", "date": "2024-01-01"},
            "host_unit",
        ),
        (
            "/api/v1/meetings/",
            {
                "host_unit": "QK2",
                "kind": "other",
                "title": "X",
                "date": "2024-01-01",
                "campaign": "{c382}",
            },
            "campaign",
        ),
        (
            "/api/v1/follow-up-tasks/",
            {"conclusion": "{kl06}", "title": "X", "assignee": "QK2", "deadline": "2030-01-01"},
            "conclusion",
        ),
        (
            "/api/v1/nominations/",
            {"proposing_unit": "TCCNQP", "form": "{bkdv}", "year": 2024, "nominee_unit": "Z111"},
            "proposing_unit",
        ),
        (
            "/api/v1/nominations/",
            {"proposing_unit": "QK2", "form": "{bkdv}", "year": 2024, "nominee_unit": "Z111"},
            "nominee_unit",
        ),
        (
            "/api/v1/award-decisions/",
            {"issuer": "QK2", "form": "{bkdv}", "nominations": ["{nom06}"]},
            "nominations",
        ),
        (
            "/api/v1/award-decisions/",
            {"issuer": "TCCNQP", "form": "{bkdv}", "nominations": []},
            "issuer",
        ),
        ("/api/v1/people/", {"full_name": "X", "unit": "Z111"}, "unit"),
    ],
)
def test_creations_pointing_into_another_branch_are_refused(users, path, payload, field):
    """Given a Quân khu 2 tracking officer (who may write in the region), when a creation names
    an object of Tổng cục CNQP, then 400 names the field as if the object did not exist, and
    nothing is written."""
    r06 = Resolution.objects.get(symbol="06-NQ/TW")
    r623 = Resolution.objects.get(symbol="623-NQ/QUTW")
    ids = {
        "r06": r06.pk,
        "i06": r06.indicators.first().pk,
        "i623": r623.indicators.get(code="HC02").pk,
        "item06": Item.objects.get_or_create(resolution=r06, kind="objective", title="X", order=1)[
            0
        ].pk,
        "item623": r623.items.first().pk,
        "c382": ReviewCampaign.objects.get(resolution__symbol="382-NQ/ĐUQSTW").pk,
        "kl06": Conclusion.objects.get_or_create(
            meeting=Meeting.objects.filter(host_unit__code="DU-TCCNQP").first(),
            number=99,
            defaults={"text": "X"},
        )[0].pk,
        "bkdv": AwardForm.objects.get(code="BK-DV").pk,
        "nom06": Nomination.objects.filter(proposing_unit__code="TCCNQP").first().pk,
    }

    def fill(value: Any) -> Any:
        if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
            return ids[value[1:-1]]
        if isinstance(value, list):
            return [fill(v) for v in value]
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        return value

    before = counts()
    response = client_for(users["qk2.theodoi"]).post(path, fill(payload), format="json")
    assert response.status_code == 400, response.content
    assert field in {key.split(".")[0] for key in response.json()["errors"]}, response.json()
    assert counts() == before

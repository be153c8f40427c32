"""Every /api/v1/ route walked as a Quân khu 2 user with objects of Tổng cục CNQP: every
method answers 404 (or 405 for a method the route does not have) and nothing is written.
The same objects answer their own branch, lists show nothing of the other branch, creations
pointing into it are refused, and nothing answers without a token."""

import re
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

import tongket.analysis.testing
import tongket.api.tests.finders
import tongket.awards.testing
import tongket.documents.testing
import tongket.intake.testing
import tongket.meetings.testing
import tongket.reviews.testing  # noqa: F401
from tongket.awards.models import AwardDecision, AwardForm, Nomination, NominationFile
from tongket.core.models import ChangeLog
from tongket.core.testing.branches import FINDERS, PARAMS
from tongket.core.testing.urls import iter_patterns
from tongket.documents.models import Document, DocumentComment, DocumentVersion
from tongket.meetings.models import Conclusion, FollowUpTask, Meeting, RemoteSite
from tongket.org.models import Person, Rank, Unit, User
from tongket.reporting.models import DataValue, FormAssignment, Report, ReportForm
from tongket.resolutions.models import (
    Assignment,
    Indicator,
    Item,
    Resolution,
    ResolutionAttachment,
    ResolutionParty,
    ResolutionRelation,
    Target,
)
from tongket.reviews.models import ReviewCampaign

pytestmark = pytest.mark.django_db

API_ROUTES = [
    (route, name, pattern)
    for route, name, pattern in iter_patterns()
    if route.startswith("api/v1/") and name != "api-root"
]
# The first segment of a route → the branch-object finder of its first parameter.
FINDER_OF_PREFIX = {
    "units": "unit",
    "people": "person",
    "body-groups": "api_body_group",
    "resolutions": "resolution",
    "objectives": "item",
    "indicators": "indicator",
    "targets": "target",
    "assignments": "assignment",
    "report-forms": "form",
    "reports": "report",
    "periods": "period",
    "campaigns": "api_campaign",
    "unit-review-reports": "api_unit_review_report",
    "campaign-documents": "api_campaign_document",
    "document-comments": "api_document_comment",
    "documents": "api_document",
    "meetings": "api_meeting",
    "follow-up-tasks": "api_task",
    "task-batches": "api_task_batch",
    "nominations": "api_nomination",
    "award-decisions": "api_award_decision",
    "award-forms": "api_award_form",
    "award-authorities": "api_award_authority",
    "visualizations": "api_visualization",
    "unit-groups": "api_unit_group",
    "validation-rules": "api_validation_rule",
    "dashboards": "api_dashboard",
    "users": "user",
}
# Reference data shared by every branch: readable by all, never written through the API.
SHARED_PREFIXES = {"periods", "ranks", "award-forms", "award-authorities"}
# Shared catalogues that administrators edit: a write by anyone else is refused (403).
ADMIN_PREFIXES = {"award-forms", "award-authorities"}
# Routes only an administrator reads (logins and their grants): read in the object's own
# branch by the administrator above it, and 404 to everyone else.
ADMINISTERED_PREFIXES = {"users"}
# Routes whose own-branch answer may be a refusal of the server rather than the object:
# a PDF needs LibreOffice (409 where it is not installed).
OWN_BRANCH_ALTERNATIVES = {"document-pdf": {409}}
METHODS = ("get", "post", "put", "patch", "delete")
# Fields a request could carry, filled with what would be valid in the caller's own branch.
PAYLOAD = {
    "reason": "Kiểm tra phạm vi",
    "status": "done",
    "kind": "amends",
    "target": "623-NQ/QUTW",
    "unit": "QK2",
    "units": ["QK2"],
    "direction": "up",
    "period": "2026-H2",
    "name": "Thử",
    "title": "Thử",
    "subject": "Thử",
    "value": "1",
    "year": None,
    "method": "even",
    "key": "thu",
    "effective_date": "2024-01-01",
    "values": [],
    "narrative": {},
    "opinion": "Đồng ý",
    "text": "Ý kiến",
    "sections": {},
    "content": [],
    "votes_for": 1,
    "votes_total": 1,
    "date": "2024-01-01",
}
WRITTEN = [
    ChangeLog,
    Resolution,
    ResolutionRelation,
    ResolutionParty,
    ResolutionAttachment,
    Item,
    Indicator,
    Target,
    Assignment,
    ReportForm,
    FormAssignment,
    Report,
    DataValue,
    Unit,
    Person,
    Document,
    DocumentVersion,
    DocumentComment,
    Meeting,
    RemoteSite,
    Conclusion,
    FollowUpTask,
    Nomination,
    NominationFile,
    AwardDecision,
    User,
]


def client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def prefix_of(route: str) -> str:
    return route.removeprefix("api/v1/").lstrip("^").split("/")[0].split("\\.")[0]


def params_of(route: str) -> list[str]:
    """Names of the parameters of a route (a router's regular expression or a path)."""
    if "(?P<" in route:
        return [name for name in re.findall(r"\(\?P<(\w+)>", route) if name != "format"]
    return [name for name in re.findall(r"<(?:\w+:)?(\w+)>", route) if name != "format"]


def values_for(route: str, root: Unit, user: User) -> dict[str, Any] | None:
    """Objects of the branch under `root` for the route's parameters (None when a finder is
    missing or finds nothing)."""
    values: dict[str, Any] = {}
    for index, name in enumerate(params_of(route)):
        if index == 0:
            prefix = prefix_of(route)
            if prefix == "ranks":
                value = Rank.objects.values_list("code", flat=True).first()
            else:
                finder = FINDERS.get(FINDER_OF_PREFIX.get(prefix, ""))
                value = finder(root, user) if finder else None
        else:
            finder = PARAMS.get(name)
            value = finder(root, user) if finder else None
        if value is None:
            return None
        values[name] = value
    return values


def path_of(route: str, values: dict[str, Any]) -> str:
    """A router's regular expression filled in: format suffixes as ".json"."""
    path = route.replace("^", "").replace("$", "")
    path = path.replace("\\.(?P<format>[a-z0-9]+)/?", ".json")
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), path)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), path)
    assert not re.search(r"[()\[\]?*+\\]", path), path
    return "/" + path


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in WRITTEN}


def object_routes(root: Unit, user: User) -> list[tuple[str, str, str]]:
    rows = []
    for route, name, _pattern in API_ROUTES:
        if not params_of(route):
            continue
        values = values_for(route, root, user)
        assert values is not None, f"no branch object finder for {name} ({route})"
        rows.append((route, name, path_of(route, values)))
    return rows


def test_every_api_route_with_a_parameter_has_a_finder(users, units):
    """Given every /api/v1/ route with parameters, when objects of Quân khu 2 and of Tổng cục
    CNQP are looked for, then each finds one (a new route cannot escape the walk)."""
    for code, username in (("QK2", "qk2.baocao"), ("TCCNQP", "cnqp.baocao")):
        missing = [
            name
            for route, name, _p in API_ROUTES
            if params_of(route) and values_for(route, units[code], users[username]) is None
        ]
        assert not missing, f"{code}: no branch object finder for {missing}"
    assert len([r for r in API_ROUTES if params_of(r[0])]) >= 40


def test_every_object_route_of_another_branch_is_404_and_nothing_is_written(users, units):
    """Given the objects of Tổng cục CNQP (06-NQ/TW with its outline, indicators, relations,
    parties, files; targets and assignments of its factories; its forms and reports), when a
    Quân khu 2 reporter sends every method to every route naming one, then each answers 404
    (405 for a method the route does not have; shared periods and ranks are readable), and
    nothing is written."""
    routes = object_routes(units["TCCNQP"], users["cnqp.baocao"])
    client = client_for(users["qk2.baocao"])
    before = counts()
    checked = 0
    for route, name, path in routes:
        shared = prefix_of(route) in SHARED_PREFIXES
        for method in METHODS:
            if method == "get":
                response = client.get(path)
            else:
                response = getattr(client, method)(path, PAYLOAD, format="json")
            allowed = {200, 405} if shared and method == "get" else {404, 405}
            if shared and method != "get":
                allowed = {403, 405} if prefix_of(route) in ADMIN_PREFIXES else {405}
            assert response.status_code in allowed, (
                f"{method.upper()} {path} ({name}) → {response.status_code} {response.content[:200]}"
            )
            checked += 1
    assert checked == len(METHODS) * len(routes) and len(routes) >= 40
    assert counts() == before


def test_the_same_routes_answer_the_objects_own_branch(users, units):
    """Given the same objects of Tổng cục CNQP, when its own reporter reads every route that
    has a GET, then each answers 200 (the walk above refused real objects, not missing ones)
    and the others 405."""
    client = client_for(users["cnqp.baocao"])
    administrator = client_for(users["admin"])
    readable = {
        name
        for _route, name, pattern in API_ROUTES
        if "get" in getattr(pattern.callback, "actions", {})
    }
    read = 0
    for route, name, path in object_routes(units["TCCNQP"], users["cnqp.baocao"]):
        reader = administrator if prefix_of(route) in ADMINISTERED_PREFIXES else client
        response = reader.get(path)
        expected = 200 if name in readable else 405
        allowed = {expected} | (
            OWN_BRANCH_ALTERNATIVES.get(name, set()) if expected == 200 else set()
        )
        assert response.status_code in allowed, f"GET {path} ({name}) → {response.status_code}"
        read += expected == 200
    assert read >= 20


def _codes(unit: Unit) -> set[str]:
    return set(Unit.objects.filter(path__startswith=unit.path).values_list("code", flat=True))


def _walk(data: Any, key: str = "") -> list[tuple[str, Any]]:
    if isinstance(data, dict):
        return [pair for k, v in data.items() for pair in _walk(v, k)]
    if isinstance(data, list):
        return [pair for item in data for pair in _walk(item, key)]
    return [(key, data)]


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
        # A POST-only action (targets/cascade/, award-decisions/record/) lists nothing.
        and "get" in getattr(pattern.callback, "actions", {"get": "list"})
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


def test_nothing_answers_without_a_token():
    """Given no credentials, when any route is called, then 401 or 403, never data."""
    client = client_for(None)
    for route, name, _pattern in API_ROUTES:
        path = path_of(route, {n: 1 for n in params_of(route)})
        for method in ("get", "post"):
            response = getattr(client, method)(path, {}, format="json")
            assert response.status_code in {401, 403, 405}, f"{method} {path} ({name})"


FIELDS = [
    "resolution",
    "symbol",
    "issuing_unit",
    "owner_unit",
    "kind",
    "subject",
    "year",
    "horizon_from",
    "horizon_to",
    "unit",
    "units",
    "indicator",
    "period",
    "value",
    "numerator",
    "denominator",
    "version",
    "values",
    "narrative",
    "status",
    "reason",
    "shares",
    "method",
    "item",
    "parent",
    "lead_unit",
    "coordinating_units",
    "deadline",
    "form",
    "then",
    "code",
    "name",
    "target",
    "direction",
    "title",
    "indicators",
    "sections",
    "key",
    "order",
    "baseline_value",
    "comment",
    "opinion",
    "on",
    "meeting",
    "issued_on",
    "content",
    "note",
    "edited_keys",
    "text",
    "section_key",
    "required",
    "reply",
    "host_unit",
    "date",
    "time_of_day",
    "format",
    "chair",
    "participant_units",
    "conclusion",
    "assignee",
    "done_on",
    "proposing_unit",
    "nominee_unit",
    "nominee_person",
    "votes_for",
    "votes_total",
    "to",
    "nominations",
    "issuer",
    "span_from",
    "span_to",
    "next_from",
    "next_to",
    "standing_agency",
    "appraisal_unit",
    "person",
    "body",
    "role",
    "due_date",
    "attendees",
    "decider",
    "achievement",
    "category",
    "level",
    "criteria",
]
QUERY = [
    "search",
    "symbol",
    "issuer",
    "kind",
    "field",
    "status",
    "year",
    "resolution",
    "indicator",
    "unit",
    "period",
    "form",
    "state",
    "report",
    "then",
    "children",
    "basis",
    "tree",
    "type",
    "page",
    "page_size",
    "reason",
    "campaign",
    "start",
    "end",
    "proposing_unit",
    "old",
    "new",
    "assignee",
]
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["QK2", "SD316", "Z111", "2026-H2", "HC03", "623-NQ/QUTW", "1e30", "\x00"])
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(FIELDS), inner, max_size=4)
    ),
    max_leaves=10,
)
BODIES = st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=6) | st.lists(
    st.dictionaries(
        st.sampled_from(
            ["unit", "indicator", "period", "value", "numerator", "denominator", "comment"]
        ),
        SCALARS,
        max_size=7,
    ),
    max_size=3,
)
QUERIES = st.dictionaries(
    st.sampled_from(QUERY),
    st.text(max_size=12) | st.integers(min_value=-(2**70), max_value=2**70).map(str),
    max_size=4,
)


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_input_gives_a_500(users, units, data):
    """Given any route of the API with objects of the caller's own branch, when a Quân khu 2
    tracking officer sends any method with random query parameters and JSON bodies (nulls,
    huge numbers, null characters, nesting), then the answer is never a server error."""
    if not hasattr(test_no_input_gives_a_500, "routes"):
        test_no_input_gives_a_500.routes = [  # type: ignore[attr-defined]
            path_of(route, values_for(route, units["QK2"], users["qk2.theodoi"]) or {})
            for route, _name, _p in API_ROUTES
        ]
    path = data.draw(st.sampled_from(test_no_input_gives_a_500.routes))  # type: ignore[attr-defined]
    method = data.draw(st.sampled_from(METHODS))
    query = urlencode(data.draw(QUERIES))
    body = data.draw(BODIES)
    client = client_for(users["qk2.theodoi"])
    target = f"{path}?{query}" if query else path
    if method == "get":
        response = client.get(target)
    else:
        response = getattr(client, method)(target, body, format="json")
    assert response.status_code < 500, (method, target, body)


def test_null_characters_anywhere_are_refused_not_a_server_error(users, units):
    """Given every route, when every query parameter, or every field of a body, holds a null
    character (which PostgreSQL text cannot hold), then the answer is a refusal, never a
    server error."""
    client = client_for(users["qk2.theodoi"])
    text = "a\x00b"
    for route, name, _pattern in API_ROUTES:
        path = path_of(route, values_for(route, units["QK2"], users["qk2.theodoi"]) or {})
        response = client.get(path, dict.fromkeys(QUERY, text))
        assert response.status_code < 500, f"GET {path} ({name})"
        if response.status_code == 400:
            assert "\x00" not in response.content.decode()
        for method in ("post", "patch"):
            response = getattr(client, method)(path, dict.fromkeys(FIELDS, text), format="json")
            assert response.status_code < 500, f"{method.upper()} {path} ({name})"


def test_ids_out_of_every_range_are_not_found_not_a_server_error(users):
    """Given every route naming an object, when the id is larger than any database integer,
    negative or not a number, then the answer is a refusal, never a server error."""
    client = client_for(users["qk2.theodoi"])
    for route, name, _pattern in API_ROUTES:
        names = params_of(route)
        if not names or prefix_of(route) in {"ranks", "periods"}:
            continue
        for value in ("99999999999999999999999", "9223372036854775808", "-1", "1e5"):
            path = path_of(route, dict.fromkeys(names, value))
            response = client.get(path)
            assert response.status_code < 500, f"GET {path} ({name})"

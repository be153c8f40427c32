"""No input makes the API fail: random query parameters and JSON bodies on every route, null
characters anywhere and ids out of every range answer a refusal or not found, never a
server error."""

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tongket.api.tests.test_scope_api import (
    API_ROUTES,
    METHODS,
    client_for,
    params_of,
    path_of,
    prefix_of,
    values_for,
)

pytestmark = pytest.mark.django_db


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

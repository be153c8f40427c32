"""Every /api/v1/ route walked as a Quân khu 2 user with objects of Tổng cục CNQP: every
method answers 404 (or 405 for a method the route does not have) and nothing is written.
The same objects answer their own branch, and nothing answers without a token.

The walk's helpers (routes, branch-object finders, payloads, `client_for`, `counts`) live here
and are imported by the other scope tests: lists and creations across branches in
test_scope_api_lists.py, inputs that must never give a server error in
test_scope_api_inputs.py."""

import re
from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

import tongket.analysis.testing
import tongket.api.tests.finders
import tongket.awards.testing
import tongket.intake.testing
import tongket.meetings.testing
import tongket.reviews.testing  # noqa: F401
from tongket.awards.models import AwardDecision, Nomination, NominationFile
from tongket.core.models import ChangeLog
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
from tongket.testing.branches import FINDERS, PARAMS

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
    "exchange-mappings": "api_exchange_mapping",
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


def test_nothing_answers_without_a_token():
    """Given no credentials, when any route is called, then 401 or 403, never data."""
    client = client_for(None)
    for route, name, _pattern in API_ROUTES:
        path = path_of(route, {n: 1 for n in params_of(route)})
        for method in ("get", "post"):
            response = getattr(client, method)(path, {}, format="json")
            assert response.status_code in {401, 403, 405}, f"{method} {path} ({name})"

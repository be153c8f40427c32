"""The leak scan by id for the kinds test_scope_not_found_alike.py does not know: task
batches, the analysis records (favourites, unit groups with their members and standing
rules, validation rules, dashboards with their items, exchange mappings with their rows),
users, and the reference data every branch shares.

Called by the tracking officer of Quân khu 2 (qk2.theodoi: no administrator, no clearance),
every method of every /api/v1/ route naming such a record by its id answers for a record out
of the officer's reach exactly as for an id that does not exist: the same status and the
same body (so no name, no "not allowed"), and nothing is written. Out of reach: the record of
Tổng cục CNQP (another branch), and where the kind has them a favourite or a dashboard that
another user of Quân khu 2 keeps to themselves, a task batch of a conference of Quân khu 2
marked secret (above the officer's clearance), and, for a reporter of Quân khu 2 (who may
not see users), the officer's own login. The records of a record (a dashboard's item, a
mapping's row, a group's member and standing rule, a favourite put on a dashboard), named
in the body of a request to one the officer keeps, or by their own id on a page, answer alike
when they belong to another branch's record or another user, and when the officer's own group
or mapping holds them for what the officer may not read (a unit of another branch, its form,
an indicator of a resolution the officer does not read).

Reference data (periods, ranks, award forms, award authorities) is read by all: a write by
its id from the officer (who may not keep them) is refused the same way for an existing id
as for a missing one.

Not vacuous: each route is called for the officer's own record (a GET answers 200), and
every kind has records out of reach."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tongket.api.tests.test_scope_api import (
    API_ROUTES,
    FINDER_OF_PREFIX,
    METHODS,
    PAYLOAD,
    client_for,
    counts,
    params_of,
    path_of,
    prefix_of,
)
from tongket.core.scopes import SYSTEM
from tongket.org.models import Unit, User
from tongket.org.services import user_update
from tongket.testing.branches import FINDERS

pytestmark = pytest.mark.django_db

OFFICER = "qk2.theodoi"
REPORTER = "qk2.baocao"
NO_SUCH_ID = 987654321
# Route prefix → the kind of record its first parameter names.
KINDS = {
    "task-batches": "batch",
    "visualizations": "visualization",
    "unit-groups": "group",
    "validation-rules": "rule",
    "dashboards": "dashboard",
    "exchange-mappings": "mapping",
    "users": "user",
}
# Reference data: read by all, kept at the top (an id that is no record's id for each).
SHARED = {
    "periods": "2099-H9",
    "ranks": "KHONG-CO",
    "award-forms": str(NO_SUCH_ID),
    "award-authorities": str(NO_SUCH_ID),
}
# Sub-records named in the body of a request to a record the officer keeps: (prefix, action,
# field, the kind of the sub-record, other fields of a valid request).
SUB_RECORDS = [
    ("dashboards", "remove-item", "item", "item", {}),
    ("dashboards", "items", "visualization", "visualization", {"kind": "favourite"}),
    ("exchange-mappings", "remove-row", "row", "row", {}),
    ("unit-groups", "end-member", "member", "member", {"valid_to": "2030-01-01"}),
    ("unit-groups", "end-rule", "rule", "group_rule", {}),
]
# The records of a record, by the finder of the page that names them.
SUB_FINDERS = {
    "item": "analysis_dashboard_item_remove",
    "row": "analysis_exchange_row_remove",
    "member": "analysis_group_member_end",
    "group_rule": "analysis_group_rule_end",
}
SECRET_BATCH = "Nhiệm vụ chung kiểm thử mật"


def by_prefix(prefix: str, root: Unit, user: User) -> Any:
    return FINDERS[FINDER_OF_PREFIX[prefix]](root, user)


def secret_batch(region: Unit) -> int:
    """A task batch of a conference of `region` at which a report marked secret is presented
    (the conference, and what is decided at it, take the report's mark)."""
    from tongket.documents.choices import DocumentKind
    from tongket.documents.services import document_create
    from tongket.meetings.choices import MeetingKind
    from tongket.meetings.services import (
        conclusion_add,
        meeting_create,
        meeting_document_add,
        task_batch_add,
    )

    report = document_create(
        by=SYSTEM,
        kind=DocumentKind.REPORT,
        issuer=region,
        style="party",
        dated_on=datetime.date(2024, 3, 1),
        subject="Báo cáo kiểm thử mật",
        classification="secret",
    )
    conference = meeting_create(
        by=SYSTEM,
        host_unit=region,
        kind=MeetingKind.REVIEW_CONFERENCE,
        title="Hội nghị kiểm thử mật",
        date=datetime.date(2024, 3, 5),
    )
    meeting_document_add(by=SYSTEM, meeting=conference, document=report)
    conclusion = conclusion_add(by=SYSTEM, meeting=conference, text="Kết luận kiểm thử mật.")
    below = list(Unit.objects.filter(parent=region).order_by("pk")[:2])
    return task_batch_add(
        by=SYSTEM, conclusion=conclusion, title=SECRET_BATCH, units=[region, *below]
    ).pk


def hidden_inside(officer: User, region: Unit, other: Unit) -> dict[str, int]:
    """Records of the officer's own group and mapping that name what the officer may not
    read: the membership of a unit of `other`, a standing rule giving a form of `other`,
    and a row naming an indicator of a resolution the officer does not read."""
    from tongket.analysis import testing as analysis
    from tongket.analysis.models import ExchangeMappingRow, GroupRule, UnitGroupMember
    from tongket.reporting import selectors as reporting_selectors
    from tongket.reporting.models import ReportForm
    from tongket.resolutions import selectors as resolution_selectors
    from tongket.resolutions.models import Indicator

    group = analysis.branch_group(region)
    read = resolution_selectors.indicator_list(user=officer).values("pk")
    indicator = Indicator.objects.exclude(pk__in=read).order_by("pk").first()
    form = (
        ReportForm.objects.filter(owner_unit__path__startswith=other.path)
        .exclude(pk__in=reporting_selectors.form_list(user=officer).values("pk"))
        .order_by("pk")
        .first()
    )
    assert indicator is not None and form is not None
    rule = GroupRule.objects.create(group=group, kind="form", form=form, created_by=officer)
    rule.scope_roots.set([region])
    return {
        "member": UnitGroupMember.objects.create(group=group, unit=other).pk,
        "group_rule": rule.pk,
        "row": ExchangeMappingRow.objects.create(
            mapping=analysis.branch_mapping(region),
            kind="indicator",
            external_id="KHONG-DOC",
            indicator=indicator,
        ).pk,
    }


def kept_alone(model: Any, user: User, root: Unit, **fields: Any) -> int:
    """A record `user` of `root` keeps to themselves (not shared)."""
    return model.objects.create(owner=user, unit=root, shared=False, **fields).pk


@pytest.fixture
def scene(users: dict[str, User], units: dict[str, Unit]) -> dict[str, Any]:
    """Kind → the officer's own record ("inside") and those out of the officer's reach
    ("outside"), for the kinds of `KINDS` and the records of a record (`SUB_FINDERS`)."""
    from tongket.analysis import testing as analysis
    from tongket.analysis.models import Dashboard, Visualization
    from tongket.core import classification
    from tongket.meetings.models import TaskBatch

    officer, region = users[OFFICER], units["QK2"]
    other, other_user = units["TCCNQP"], users["cnqp.baocao"]
    inside = {kind: by_prefix(prefix, region, officer) for prefix, kind in KINDS.items()}
    outside = {kind: [by_prefix(prefix, other, other_user)] for prefix, kind in KINDS.items()}
    for kind, name in SUB_FINDERS.items():
        inside[kind] = FINDERS[name](region, officer)
        outside[kind] = [FINDERS[name](other, other_user)]
    spec = Visualization.objects.get(pk=inside["visualization"]).spec
    colleague = users[REPORTER]
    outside["visualization"].append(
        kept_alone(Visualization, colleague, region, name="Riêng kiểm thử", spec=spec)
    )
    outside["dashboard"].append(kept_alone(Dashboard, colleague, region, name="Riêng kiểm thử"))
    outside["batch"].append(secret_batch(region))
    for kind, pk in hidden_inside(officer, region, other).items():
        outside[kind].append(pk)
    assert analysis.branch_group(other).pk in outside["group"]
    meeting = TaskBatch.objects.get(pk=outside["batch"][-1]).conclusion.meeting
    assert classification.mark_of(meeting) == "secret" and meeting.host_unit == region
    for kind, pks in outside.items():
        assert all(pks) and inside[kind], f"no {kind} to scan"
    return {"inside": inside, "outside": outside}


def call(client: Any, method: str, path: str, data: dict[str, Any] | None = None) -> Any:
    if method == "get":
        return client.get(path)
    return getattr(client, method)(path, data if data is not None else PAYLOAD, format="json")


def differences(client: Any, route: str, pks: list[Any], missing: Any) -> list[str]:
    """Every method of `route` called for each of `pks` and for `missing`: what differs."""
    (parameter,) = params_of(route)
    found = []
    for method in METHODS:
        absent = call(client, method, path_of(route, {parameter: missing}))
        for pk in pks:
            answer = call(client, method, path_of(route, {parameter: pk}))
            if (answer.status_code, answer.content) != (absent.status_code, absent.content):
                found.append(
                    f"{method.upper()} {route} {pk}: {answer.status_code}"
                    f" {answer.content[:150]!r}; no such id: {absent.status_code}"
                    f" {absent.content[:150]!r}"
                )
    return found


def routes_of(prefixes: Any) -> list[str]:
    return [
        route
        for route, _name, _pattern in API_ROUTES
        if len(params_of(route)) == 1 and prefix_of(route) in prefixes
    ]


def test_a_record_out_of_reach_is_answered_as_one_that_does_not_exist(users, scene):  # type: ignore[no-untyped-def]
    """Given the officer's own records and those out of reach, when every method of every
    route naming one is called, then each record out of reach answers as a missing id, the
    officer's own are read (200), and nothing is written."""
    client = client_for(users[OFFICER])
    routes = routes_of(KINDS)
    assert {prefix_of(route) for route in routes} == set(KINDS)
    before = counts()
    failures = []
    for route in routes:
        kind = KINDS[prefix_of(route)]
        failures += differences(client, route, scene["outside"][kind], NO_SUCH_ID)
    assert not failures, "\n".join(failures)
    assert counts() == before
    details = [route for route in routes if route.endswith("(?P<pk>[^/.]+)/$")]
    assert len(details) == len(KINDS), details
    for route in details:
        kind = KINDS[prefix_of(route)]
        own = client.get(path_of(route, {"pk": scene["inside"][kind]}))
        assert own.status_code == 200, (route, own.content[:200])
    # What hid the records of Quân khu 2: their owner reads the favourite and the dashboard
    # kept to themselves, and the officer once cleared reads the batch of the conference.
    colleague = client_for(users[REPORTER])
    for prefix, pk in (
        ("visualizations", scene["outside"]["visualization"][-1]),
        ("dashboards", scene["outside"]["dashboard"][-1]),
    ):
        assert colleague.get(f"/api/v1/{prefix}/{pk}/").status_code == 200, prefix
    user_update(by=SYSTEM, user=users[OFFICER], clearance="secret")
    batch = scene["outside"]["batch"][-1]
    assert client.get(f"/api/v1/task-batches/{batch}/").status_code == 200


def test_a_user_the_reader_may_not_see_is_answered_as_a_missing_one(users):  # type: ignore[no-untyped-def]
    """A reporter (who may not see users, `Action.SEE_USERS`) asking for the tracking
    officer of their own unit gets the answer of a missing id, on every method; the officer
    reads the reporter (a user of the officer's units)."""
    officer, reporter = users[OFFICER], users[REPORTER]
    failures = differences(
        client_for(reporter), *routes_of({"users"}), [officer.pk, reporter.pk], NO_SUCH_ID
    )
    assert not failures, "\n".join(failures)
    assert client_for(officer).get(f"/api/v1/users/{reporter.pk}/").status_code == 200


@pytest.mark.parametrize(("prefix", "action", "field", "kind", "extra"), SUB_RECORDS)
def test_a_record_of_another_branch_named_in_a_request_is_answered_as_a_missing_one(  # type: ignore[no-untyped-def]
    users, scene, prefix, action, field, kind, extra
):
    """Given a dashboard, a mapping and a group the officer keeps, when a request to it names
    an item, a row, a member, a standing rule or a favourite out of the officer's reach (of
    Tổng cục CNQP's records, another user's, or held for what the officer may not read),
    then it answers as for an id that does not exist, and nothing is written."""
    client = client_for(users[OFFICER])
    own = scene["inside"][kind]
    path = f"/api/v1/{prefix}/{scene['inside'][KINDS[prefix]]}/{action}/"
    before = counts()
    absent = client.post(path, {**extra, field: NO_SUCH_ID}, format="json")
    assert absent.status_code == 404
    for pk in scene["outside"][kind]:
        answer = client.post(path, {**extra, field: pk}, format="json")
        assert (answer.status_code, answer.content) == (404, absent.content), (pk, answer.content)
    assert counts() == before
    # The request names the sub-record: the officer's own is found (not 404).
    assert client.post(path, {**extra, field: own}, format="json").status_code != 404


def test_a_write_to_shared_reference_data_is_refused_alike_for_a_missing_id(users, units):  # type: ignore[no-untyped-def]
    """Given the officer (who does not keep the shared catalogues), when every write method
    of every route naming a period, a rank, an award form or an authority is sent for an
    existing one and for an id that does not exist, then both answer the same, nothing is
    written, and the existing one is read (200)."""
    from tongket.org.models import Rank

    client = client_for(users[OFFICER])
    routes = routes_of(SHARED)
    assert {prefix_of(route) for route in routes} == set(SHARED)
    before = counts()
    failures = []
    for route in routes:
        prefix = prefix_of(route)
        if prefix == "ranks":
            existing = Rank.objects.values_list("code", flat=True).first()
        else:
            existing = by_prefix(prefix, units["QK2"], users[OFFICER])
        (parameter,) = params_of(route)
        assert client.get(path_of(route, {parameter: existing})).status_code in {200, 405}
        for method in METHODS[1:]:
            answers = [
                call(client, method, path_of(route, {parameter: pk}))
                for pk in (existing, SHARED[prefix])
            ]
            if (answers[0].status_code, answers[0].content) != (
                answers[1].status_code,
                answers[1].content,
            ):
                failures.append(
                    f"{method.upper()} {route}: {answers[0].status_code}"
                    f" {answers[0].content[:150]!r}; no such id: {answers[1].status_code}"
                    f" {answers[1].content[:150]!r}"
                )
    assert not failures, "\n".join(failures)
    assert counts() == before

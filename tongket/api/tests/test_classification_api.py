"""The clearance dimension of the API's scope sweep: with 382-NQ/ĐUQSTW marked secret, every
/api/v1/ route of a record derived from it answers 404 (or 405) to every method for an
administrator of the whole tree without clearance, nothing is written, and no list, filter
or figure shows its symbol, subject, form or indicators. Given the secret clearance, the same
routes answer and the records are listed."""

import pytest

import tongket.api.tests.finders
import tongket.awards.testing
import tongket.intake.testing
import tongket.meetings.testing
import tongket.reviews.testing  # noqa: F401
from tongket.api.tests.test_scope_api import (
    API_ROUTES,
    METHODS,
    PAYLOAD,
    client_for,
    counts,
    params_of,
    path_of,
    prefix_of,
)
from tongket.core.scopes import SYSTEM
from tongket.org.models import User
from tongket.org.services import user_update
from tongket.testing import classification
from tongket.testing.branches import PARAMS

pytestmark = pytest.mark.django_db


@pytest.fixture
def walk(admin_user, units):  # type: ignore[no-untyped-def]
    """(derived routes, lists and filters): the paths of the derived records' routes (with
    whether a second parameter was filled with another record), and the other reads."""
    classification.mark_secret()
    objects = classification.derived()
    root, member = units["TCCNQP"], User.objects.get(username="cnqp.baocao")
    routes, reads = [], []
    for route, name, _pattern in API_ROUTES:
        names = params_of(route)
        if not names:
            reads.append(path_of(route, {}))
            continue
        kind = classification.API_KINDS.get(prefix_of(route))
        if kind is None or kind not in objects:
            continue
        values = {names[0]: objects[kind]}
        for other in names[1:]:
            finder = PARAMS.get(other)
            values[other] = (finder(root, member) if finder else None) or 1
        routes.append((name, path_of(route, values), len(names) > 1))
    report, form = objects["report"], classification.derived()["form"]
    reads += [
        "/api/v1/resolutions/?search=382",
        "/api/v1/resolutions/?search=duqstw",
        f"/api/v1/reports/?form={form}",
        f"/api/v1/data-values/?report={report}",
        "/api/v1/analytics/?indicator=KT01&unit=TCCNQP&period=2020",
        "/api/v1/completeness/?unit=TCCNQP&period=2020&form=BCN-382-CNQP",
        f"/api/v1/report-forms/{form}/history/",
        f"/api/v1/reports/{report}/history/",
    ]
    return routes, reads


# Readers without clearance: the administrator of the whole tree, and scoped users who are
# not administrators but whose units reach the classified resolution's records (a tracking
# officer above its branch, a reporter of the branch).
READERS = ["admin", "bqp.theodoi", "cnqp.baocao"]


@pytest.fixture(params=READERS)
def reader(request, users) -> User:  # type: ignore[no-untyped-def]
    user = users[request.param]
    assert user.clearance == "none"
    return user


def test_without_clearance_every_derived_route_is_404_and_nothing_is_written(reader, walk):
    routes, _reads = walk
    assert len(routes) >= 70, len(routes)
    client = client_for(reader)
    before = counts()
    wrong = []
    for name, path, _more in routes:
        for method in METHODS:
            data = None if method == "get" else PAYLOAD
            response = getattr(client, method)(path, data, format="json")
            if response.status_code not in {404, 405}:
                wrong.append(f"{method.upper()} {path} ({name}) → {response.status_code}")
    assert not wrong, "\n".join(wrong)
    assert counts() == before


def test_without_clearance_no_list_filter_or_figure_shows_it(reader, walk):
    _routes, reads = walk
    client = client_for(reader)
    shown = []
    for path in reads:
        response = client.get(path)
        found = classification.leaks(response.content.decode("utf-8", "replace"))
        if response.status_code == 200 and found:
            shown.append(f"{path}: {found}")
    assert not shown, "\n".join(shown)


def test_with_clearance_the_same_routes_answer(admin_user, walk):
    routes, _reads = walk
    user_update(by=SYSTEM, user=admin_user, clearance="secret")
    client = client_for(admin_user)
    refused = []
    for name, path, more in routes:
        response = client.get(path)
        # 405: a route without GET; 409: a PDF needs LibreOffice. A route with a second
        # parameter (a file, a party) was filled with another record's.
        if response.status_code not in {200, 405, 409, *({404} if more else ())}:
            refused.append(f"GET {path} ({name}) → {response.status_code}")
    assert not refused, "\n".join(refused)
    lists = [
        "/api/v1/resolutions/?search=382",
        "/api/v1/report-forms/",
        "/api/v1/campaigns/",
        "/api/v1/award-decisions/",
    ]
    listed = [path for path in lists if classification.leaks(client.get(path).content.decode())]
    assert listed == lists

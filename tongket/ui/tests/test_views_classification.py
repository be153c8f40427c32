"""The clearance dimension of the scope sweep, on pages: with 382-NQ/ĐUQSTW marked secret, an
administrator of the whole tree without clearance opens every page of every record derived
from it and gets 404 (nothing written), and no list, search, dashboard or other page shows its
symbol, subject, form or indicators. Given the secret clearance, the same pages answer and
show them."""

import io
import re
import zipfile

import pytest

import tongket.awards.testing
import tongket.intake.testing
import tongket.meetings.testing
import tongket.reviews.testing  # noqa: F401
from tongket.core.models import ChangeLog
from tongket.core.scopes import SYSTEM
from tongket.core.testing.urls import fill, iter_patterns
from tongket.org.models import Unit, User
from tongket.org.services import user_update
from tongket.testing import classification
from tongket.testing.branches import FINDERS, PARAMS, kind_of, values_for

pytestmark = pytest.mark.django_db

UI_ROUTES = [(route, name) for route, name, _p in iter_patterns() if name.startswith("ui:")]
# Pages about the signed-in user's own session, not about a record.
SKIPPED = {"ui:unit_switch", "ui:logout", "ui:login", "ui:set_language"}
# Lists and searches that would show the classified records if they leaked.
QUERIES = [
    "/resolutions/?q=382",
    "/resolutions/?q=duqstw",
    "/resolutions/?q=ky+thuat",
    "/reports/?q=382",
    "/reports/?q=BCN-382",
    "/meetings/?q=382",
]


def body_text(response) -> str:  # type: ignore[no-untyped-def]
    """The text of an answer; for a DOCX or XLSX, the text of every part of the file."""
    data = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return " ".join(
                re.sub(r"<[^>]+>", "", archive.read(name).decode("utf-8", "replace"))
                for name in archive.namelist()
                if name.endswith(".xml")
            )
    return data.decode("utf-8", "replace")


def route_params(route: str) -> list[str]:
    return re.findall(r"<(?:\w+:)?(\w+)>", route)


def derived_path(route: str, name: str, objects: dict, root: Unit, user: User) -> str | None:
    """The page of a derived record (None when the page is not about one)."""
    names = route_params(route)
    if names[0] != "pk":
        return None  # a page of another kind of object (a rendering job's file)
    short = name.split(":")[-1]
    first = objects.get(short) if short in objects or short in FINDERS else None
    if first is None and short not in FINDERS:
        first = objects.get(kind_of(name))
    if first is None:
        return None
    values = {names[0]: first}
    for other in names[1:]:
        finder = PARAMS.get(other)
        value = finder(root, user) if finder else None
        values[other] = value if value is not None else 1
    return fill(route, values)


@pytest.fixture
def walk(admin_user, units):  # type: ignore[no-untyped-def]
    """The walk's paths: derived records' pages, and every other page (lists with no
    parameter, and the pages of the branch's other records)."""
    classification.mark_secret()
    objects = classification.derived()
    root, member = units["TCCNQP"], User.objects.get(username="cnqp.baocao")
    derived_pages, other_pages = [], list(QUERIES)
    for route, name in UI_ROUTES:
        if name in SKIPPED:
            continue
        if "<" not in route:
            other_pages.append(fill(route, {}))
            continue
        path = derived_path(route, name, objects, root, member)
        if path is not None:
            derived_pages.append((name, path, len(route_params(route)) > 1))
            continue
        values = values_for(name, route, root, member)
        if values is not None:
            other_pages.append(fill(route, values))
    return derived_pages, [p for p in other_pages if p]


def test_admin_of_the_whole_tree_is_not_cleared_in_the_demo(admin_user):
    assert admin_user.clearance == "none" and not admin_user.is_superuser


# Readers without clearance: the administrator of the whole tree, and scoped users who are
# not administrators but whose units reach the classified resolution's records (a tracking
# officer above its branch, a reporter of the branch).
READERS = ["admin", "bqp.theodoi", "cnqp.baocao"]


@pytest.fixture(params=READERS)
def reader(request, users) -> User:  # type: ignore[no-untyped-def]
    user = users[request.param]
    assert user.clearance == "none"
    return user


def test_without_clearance_every_derived_page_is_404_and_nothing_changes(client, reader, walk):
    derived_pages, _others = walk
    assert len(derived_pages) >= 60, len(derived_pages)
    client.force_login(reader)
    changes = ChangeLog.objects.count()
    wrong = []
    for name, path, _more in derived_pages:
        for method in ("get", "post"):
            response = getattr(client, method)(path, {"name": "X", "text": "X"})
            allowed = {404, 405} if method == "get" else {404}
            if response.status_code not in allowed:
                wrong.append(f"{method.upper()} {path} ({name}) → {response.status_code}")
    assert not wrong, "\n".join(wrong)
    assert ChangeLog.objects.count() == changes


def test_without_clearance_no_other_page_shows_the_classified_resolution(client, reader, walk):
    _derived, other_pages = walk
    client.force_login(reader)
    shown = []
    for path in other_pages:
        response = client.get(path)
        if response.status_code == 200:
            found = classification.leaks(body_text(response))
            if found:
                shown.append(f"{path}: {found}")
    assert not shown, "\n".join(shown)


def test_with_clearance_the_same_pages_answer_and_show_it(client, admin_user, walk):
    derived_pages, _others = walk
    user_update(by=SYSTEM, user=admin_user, clearance="secret")
    client.force_login(admin_user)
    refused, showing = [], 0
    for name, path, more in derived_pages:
        response = client.get(path)
        # 409: a PDF needs LibreOffice, which the test machine may not have. A page with a
        # second parameter (a file of the record) was filled with another record's.
        if response.status_code not in {200, 302, 405, 409, *({404} if more else ())}:
            refused.append(f"GET {path} ({name}) → {response.status_code}")
        elif response.status_code == 200 and classification.leaks(body_text(response)):
            showing += 1
    assert not refused, "\n".join(refused)
    assert showing >= 20, showing
    listed = [
        path
        for path in ["/resolutions/?q=382", "/"]
        if classification.leaks(body_text(client.get(path)))
    ]
    assert listed == ["/resolutions/?q=382", "/"]


def test_the_clearance_list_offers_only_what_the_administrator_may_grant(client, qk2_admin):
    """Given an administrator cleared to Mật, when they open the new-user form, then the
    clearance list stops at Mật (Tối mật and Tuyệt mật are not offered)."""
    User.objects.filter(pk=qk2_admin.pk).update(clearance="confidential")
    client.force_login(qk2_admin)
    form = client.get("/admin/users/new/").context["form"]
    assert [value for value, _label in form.fields["clearance"].choices] == [
        "none",
        "confidential",
    ]

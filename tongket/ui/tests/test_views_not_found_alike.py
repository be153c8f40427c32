"""The pages' side of the leak scan by id for task batches, the analysis records and users
(the API's is tongket/api/tests/test_scope_not_found_alike_records.py, whose records this
reads): every page naming such a record by its id, read (GET) and sent (POST) by the
tracking officer of Quân khu 2 for a record out of the officer's reach (of Tổng cục CNQP, a
favourite or dashboard another user keeps to themselves, a task batch of a conference marked
secret, any user: the officer is no administrator), answers exactly as for an id that does
not exist: the same status, the same page (the id in its address aside), the same place to go
to, and nothing is written. The shared periods and award forms: a write by the officer (who
may not keep them) to an existing one is refused as to one that does not exist.

Not vacuous: every page of these kinds is in `PAGE_KINDS` (a new page cannot escape), and
each answers the officer's own record (an administrator's, for the user pages)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tongket.api.tests.test_scope_not_found_alike_records import (
    NO_SUCH_ID,
    OFFICER,
)
from tongket.api.tests.test_scope_not_found_alike_records import scene as scene
from tongket.core.models import ChangeLog
from tongket.core.testing.urls import fill, iter_patterns

pytestmark = pytest.mark.django_db

# Page → the kind of record its id names.
PAGE_KINDS = {
    "ui:task_batch_edit": "batch",
    "ui:task_batch_units": "batch",
    "ui:task_batch_expand": "batch",
    "ui:analysis_favourite": "visualization",
    "ui:analysis_favourite_delete": "visualization",
    "ui:analysis_group": "group",
    "ui:analysis_group_form": "group",
    "ui:analysis_group_target": "group",
    "ui:analysis_group_member_end": "member",
    "ui:analysis_group_rule_end": "group_rule",
    "ui:analysis_rule": "rule",
    "ui:analysis_rule_delete": "rule",
    "ui:analysis_dashboard": "dashboard",
    "ui:analysis_dashboard_order": "dashboard",
    "ui:analysis_dashboard_delete": "dashboard",
    "ui:analysis_dashboard_default": "dashboard",
    "ui:analysis_dashboard_choose": "dashboard",
    "ui:analysis_dashboard_copy": "dashboard",
    "ui:analysis_dashboard_item_remove": "item",
    "ui:analysis_exchange_mapping": "mapping",
    "ui:analysis_exchange_mapping_delete": "mapping",
    "ui:analysis_exchange_row_remove": "row",
    "ui:user_detail": "user",
    "ui:grant_revoke": "user",
}
# The pages of these kinds (by the start of their names).
FAMILIES = ("ui:task_batch_", "ui:analysis_", "ui:user_", "ui:grant_")
PAGES = {name: route for route, name, _pattern in iter_patterns() if name in PAGE_KINDS}
# A form as the pages would send it (each page reads the fields it knows).
FORM = {"name": "Thử", "title": "Thử", "version": "1", "form": "edit", "valid_to": "2030-01-01"}


def test_every_page_of_these_kinds_is_scanned() -> None:
    named = {
        name
        for route, name, _pattern in iter_patterns()
        if name.startswith(FAMILIES) and "<" in route
    }
    assert named == set(PAGES) == set(PAGE_KINDS), named ^ set(PAGE_KINDS)


def path_for(name: str, pk: Any, grant: Any = None) -> str:
    path = fill(PAGES[name], {"pk": pk, "grant_pk": grant})
    assert path is not None, name
    return path


def answer(response: Any, path: str) -> tuple[int, str, str]:
    """Status, page and place to go to, with the address asked for written as "<path>"
    (and the form tokens, new on every answer, as "<token>")."""
    body = response.content.decode("utf-8", "replace").replace(path, "<path>")
    body = re.sub(r"(csrfmiddlewaretoken\" value=|X-CSRFToken\": )\"\w+\"", r"\1<token>", body)
    return response.status_code, body, response.get("Location", "").replace(path, "<path>")


def differences(client: Any, name: str, pks: list[Any], grant: Any = None) -> list[str]:
    found = []
    for method in ("get", "post"):
        send = getattr(client, method)
        missing = path_for(name, NO_SUCH_ID, grant)
        absent = answer(send(missing, FORM), missing)
        for pk in pks:
            path = path_for(name, pk, grant)
            got = answer(send(path, FORM), path)
            if got != absent:
                found.append(
                    f"{method.upper()} {name} {pk}: {got[0]} {got[2]} {got[1][:200]!r};"
                    f" no such id: {absent[0]} {absent[2]} {absent[1][:200]!r}"
                )
    return found


def test_a_record_out_of_reach_is_answered_as_one_that_does_not_exist(  # type: ignore[no-untyped-def]
    client, users, scene
):
    """Given the officer's own records and those out of reach, when every page naming one
    is read and sent, then each record out of reach answers as a missing id and nothing is
    written; the officer's own are answered (not 404)."""
    from tongket.org.models import RoleGrant

    client.force_login(users[OFFICER])
    changes = ChangeLog.objects.count()
    failures = []
    for name, kind in PAGE_KINDS.items():
        outside = scene["outside"][kind]
        grant = RoleGrant.objects.filter(user_id=outside[0]).values_list("pk", flat=True).first()
        failures += differences(client, name, outside, grant)
    assert not failures, "\n".join(failures)
    assert ChangeLog.objects.count() == changes
    for name, kind in PAGE_KINDS.items():
        if kind != "user":
            own = client.get(path_for(name, scene["inside"][kind]))
            assert own.status_code in {200, 302, 405}, (name, own.status_code)


def test_the_user_pages_answer_an_administrator(client, users, scene, qk2_admin):  # type: ignore[no-untyped-def]
    """The user pages the officer was refused answer an administrator of Quân khu 2 for the
    officer's own login (the scan above refused a real page, not a missing one)."""
    client.force_login(qk2_admin)
    assert client.get(path_for("ui:user_detail", scene["inside"]["user"])).status_code == 200


def test_a_write_to_a_shared_period_or_award_form_is_refused_alike(client, users):  # type: ignore[no-untyped-def]
    """The officer closing an existing period and a missing one, saving an existing award
    form and a missing one: each pair answers the same, and nothing changes."""
    from tongket.awards.models import AwardForm
    from tongket.reporting.models import Period

    client.force_login(users[OFFICER])
    period = Period.objects.filter(is_open=True).order_by("pk").first()
    form = AwardForm.objects.order_by("pk").first()
    assert period is not None and form is not None
    changes = ChangeLog.objects.count()
    pairs = [
        [f"/periods/{pk}/toggle/" for pk in (period.pk, NO_SUCH_ID)],
        [f"/awards/forms/edit/?code={code}" for code in (form.code, "KHONG-CO")],
    ]
    data = {"open": "0", "code": "X", "name": "X", "category": form.category, "rank": "1"}
    data["repeat_years"] = "1"
    for existing, missing in pairs:
        # Followed to the page it sends to, which shows the message of the refusal.
        got = answer(client.post(existing, data, follow=True), existing)
        expected = answer(client.post(missing, data, follow=True), missing)
        assert got == expected, (existing, got[0], got[2], expected[0], expected[2])
    assert ChangeLog.objects.count() == changes
    period.refresh_from_db()
    assert period.is_open

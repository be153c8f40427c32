"""Issue 12, "nothing leaks": the awards rules count every nomination, also those a reader may
not see (marked above their clearance), but their messages never tell such a record's name,
decision number or how many there are.

The scene: Quân khu 2 may give collective Giấy khen once in 3 years; Sư đoàn 316 was awarded
it in 2020 (12/QĐ-BTL); in 2022 a paper decision 70/QĐ-BTL named two more collectives, the
first of them since linked to 382-NQ/ĐUQSTW, marked secret (Tối mật). Quân khu 2's officer has
no clearance: that award and 2020's (linked the same way) are hidden from them.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from tongket.api.tests.test_scope_api import client_for
from tongket.awards import counts, lists, services
from tongket.awards.models import AwardDecision, AwardForm, Nomination
from tongket.awards.services import quota_set
from tongket.awards.services.catalogue import quota_state
from tongket.awards.tests.test_list_warnings import ROWS, record, rules, xlsx  # noqa: F401
from tongket.core.classification import clearance_q
from tongket.core.errors import DomainError, RowErrors
from tongket.core.models import ChangeLog
from tongket.core.scopes import SYSTEM
from tongket.org.models import Unit
from tongket.org.services import user_update
from tongket.testing import classification

pytestmark = pytest.mark.django_db
D = datetime.date
HIDDEN_SYMBOL = "70/QĐ-BTL"


def _numbers(text: str) -> set[str]:
    """The numbers a message gives (the body's name, Quân khu 2, is not one)."""
    return set(re.findall(r"\d+", text.replace("Quân khu 2", "")))


def _clear(officer: Any) -> None:
    user_update(by=SYSTEM, user=officer, clearance="secret")
    officer.refresh_from_db()


def _set_quota(users: Any, value: int) -> None:
    quota_set(
        by=users["qk2.thidua"],
        unit=Unit.objects.get(code="QK2"),
        year=2022,
        basis="count",
        value=Decimal(value),
        form=AwardForm.objects.get(code="GK"),
        nominee_kind="collective",
    )


def _used() -> int:
    return quota_state(
        decider=Unit.objects.get(code="QK2"),
        form=AwardForm.objects.get(code="GK"),
        year=2022,
        nominee_kind="collective",
    )[1]


@pytest.fixture
def scene(users: Any, rules: AwardDecision) -> dict[str, Any]:  # noqa: F811
    """The rules of `test_list_warnings`, then 70/QĐ-BTL naming two collectives never given
    Giấy khen, the first and 2020's Sư đoàn 316 linked to 382-NQ/ĐUQSTW, marked secret;
    the quota is reset to one more than is taken or pending (hidden ones included)."""
    qk2, gk = Unit.objects.get(code="QK2"), AwardForm.objects.get(code="GK")
    given = Nomination.objects.filter(form=gk, nominee_unit__isnull=False).values("nominee_unit")
    fresh = list(
        Unit.objects.filter(path__startswith=qk2.path, depth=qk2.depth + 1, dissolved_on=None)
        .exclude(pk__in=given)
        .exclude(code__in=["SD316", "SD355", "SD316-E98"])
        .order_by("code")[:3]
    )
    hidden, seen, spare = fresh
    decision = record(users, D(2022, 3, 1), HIDDEN_SYMBOL, 2)
    lists.decision_list_import(
        by=users["qk2.thidua"],
        decision=decision,
        upload=xlsx(
            [[1, hidden.name, "Tập thể", hidden.code], [2, seen.name, "Tập thể", seen.code]]
        ),
    )
    earlier = Nomination.objects.get(decision__symbol="12/QĐ-BTL", nominee_unit__code="SD316")
    # No service links a nomination to a second resolution: the link is written directly.
    Nomination.objects.filter(
        pk__in=[earlier.pk, Nomination.objects.get(decision=decision, nominee_unit=hidden).pk]
    ).update(resolution=classification.resolution())
    classification.mark_secret()
    used = _used()
    _set_quota(users, used + 1)
    officer = users["qk2.thidua"]
    shown = Nomination.objects.filter(clearance_q(officer, Nomination), form=gk)
    assert not shown.filter(nominee_unit__in=[hidden, earlier.nominee_unit]).exists()
    assert shown.filter(nominee_unit=seen).exists()
    return {
        "decision": AwardDecision.objects.get(pk=decision.pk),
        "hidden": hidden,
        "spare": spare,
        "used": used,
        "officer": officer,
    }


def _quota_messages(preview: Any) -> list[str]:
    return [w.message for w in preview.warnings if w.code == "quota"]


def test_the_list_preview_warns_of_the_quota_without_the_number_taken(users, rules, scene):  # noqa: F811
    """When the uncleared officer previews three collectives against a quota with two places
    left, then every row the file adds is warned that together they go over it and that
    some counted are not shown, with only the limit, the year and the file's three: never
    how many are taken (nor a row's place after them), in the service, the page and the API.
    Once cleared, the row beyond the two places is told with the number taken."""
    officer, used, limit = scene["officer"], scene["used"], scene["used"] + 2
    _set_quota(users, limit)
    with translation.override("en"):
        preview = lists.decision_list_preview(by=officer, decision=rules, upload=xlsx(ROWS))
    messages = _quota_messages(preview)
    assert [w.row for w in preview.warnings if w.code == "quota"] == [2, 3, 4]
    for message in messages:
        assert "not shown to you" in message
        assert _numbers(message) == {str(limit), "2022", "3"}, message

    page = client_for(officer).post(
        f"/api/v1/award-decisions/{rules.pk}/list/preview/",
        {"file": xlsx(ROWS)},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 200, page.content
    for warning in page.json()["warnings"]:
        if warning["code"] == "quota":
            assert _numbers(warning["message"]) == {str(limit), "2022", "3"}

    from django.test import Client

    browser = Client()
    browser.force_login(officer)
    body = browser.post(
        f"/decisions/{rules.pk}/list/",
        {"version": rules.version, "file": xlsx(ROWS)},
    ).content.decode()
    assert 'data-row="2" data-code="quota"' in body
    # The page speaks Vietnamese.
    assert "Có trường hợp được tính mà bạn không được xem" in body

    _clear(officer)
    with translation.override("en"):
        preview = lists.decision_list_preview(by=officer, decision=rules, upload=xlsx(ROWS))
    assert [w.row for w in preview.warnings if w.code == "quota"] == [4]
    assert all(str(used) in message for message in _quota_messages(preview))


def test_the_repeat_warning_does_not_name_an_award_hidden_from_the_officer(users, rules, scene):  # noqa: F811
    """Sư đoàn 316's 2020 award is hidden from the uncleared officer: the row is still
    warned of the repeat, without the year or the decision's number; once cleared, both."""
    officer = scene["officer"]
    with translation.override("en"):
        preview = lists.decision_list_preview(by=officer, decision=rules, upload=xlsx(ROWS))
    repeat = [w for w in preview.warnings if w.code == "repeat"]
    assert [w.row for w in repeat] == [2]
    assert "12/QĐ-BTL" not in repeat[0].message and "2020" not in repeat[0].message
    assert "not shown to you" in repeat[0].message
    _clear(officer)
    with translation.override("en"):
        preview = lists.decision_list_preview(by=officer, decision=rules, upload=xlsx(ROWS))
    repeat = [w for w in preview.warnings if w.code == "repeat"]
    assert "12/QĐ-BTL" in repeat[0].message and "2020" in repeat[0].message


def _refusal(by: Any, decision: AwardDecision, rows: list[list[Any]]) -> str:
    with translation.override("en"), pytest.raises(RowErrors) as refused:
        lists.decision_list_preview(by=by, decision=decision, upload=xlsx(rows))
    return " ".join(row["message"] for row in refused.value.rows)


@pytest.mark.parametrize("where", ["other decision", "its own decision"])
def test_a_matching_hidden_award_is_refused_without_its_name_or_decision(
    users,
    rules,  # noqa: F811
    scene,
    where,
):
    """The hidden collective, named in another decision's list (proposed elsewhere the same
    year) or again in 70/QĐ-BTL's own (already named there): the row is refused, saying only
    that a record the officer may not see matches it, on the service and the API; once
    cleared, the refusal names the collective (and the other decision)."""
    officer, hidden = scene["officer"], scene["hidden"]
    decision = rules if where == "other decision" else scene["decision"]
    row = [[1, hidden.name, "Tập thể", hidden.code]]
    message = _refusal(officer, decision, row)
    assert "may not see" in message
    assert hidden.name not in message and HIDDEN_SYMBOL not in message
    answer = client_for(officer).post(
        f"/api/v1/award-decisions/{decision.pk}/list/preview/",
        {"file": xlsx(row)},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert answer.status_code == 400
    assert hidden.name not in answer.content.decode()
    assert HIDDEN_SYMBOL not in answer.content.decode()

    _clear(officer)
    told = _refusal(officer, decision, row)
    assert hidden.name in told
    if where == "other decision":
        assert HIDDEN_SYMBOL in told
    else:
        assert "already named in this decision" in told


def _quota_check(nomination: Nomination, reader: Any) -> str:
    with translation.override("en"):
        found = [c for c in services.checks(nomination, reader=reader) if c.code == "quota"]
    assert len(found) == 1
    return found[0].message


@pytest.mark.parametrize("room", [-1, 5])
def test_the_nomination_quota_check_does_not_count_for_the_officer(users, scene, room):
    """A draft nomination of another collective for Giấy khen 2022, against a quota one
    below what is taken (refused) or five above it (within): for the uncleared officer the
    check says some are not shown and gives only the limit and the year, never the number
    taken (nor that number plus one), on the service, the nomination's page and the API;
    once cleared, the number."""
    officer, used = scene["officer"], scene["used"]
    limit = used + room
    _set_quota(users, limit)
    qk2 = Unit.objects.get(code="QK2")
    nomination = services.nomination_create(
        by=officer,
        proposing_unit=qk2,
        form=AwardForm.objects.get(code="GK"),
        year=2022,
        nominee_unit=scene["spare"],
    )
    message = _quota_check(nomination, officer)
    assert "not shown to you" in message
    assert _numbers(message) == {str(limit), "2022"}, message

    answer = client_for(officer).get(
        f"/api/v1/nominations/{nomination.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert answer.status_code == 200
    quota = [c for c in answer.json()["checks"] if c["code"] == "quota"]
    assert [_numbers(c["message"]) for c in quota] == [{str(limit), "2022"}]

    from django.test import Client

    browser = Client()
    browser.force_login(officer)
    body = browser.get(f"/nominations/{nomination.pk}/")
    assert body.status_code == 200
    # The page speaks Vietnamese.
    assert "có đề nghị được tính mà bạn không được xem" in body.content.decode()
    if room < 0:
        with translation.override("en"), pytest.raises(DomainError) as refused:
            services.nomination_submit(by=officer, nomination=nomination)
        told = " ".join(str(m) for m in refused.value.messages)
        assert f"{used} are already" not in told and "not shown to you" in told

    _clear(officer)
    told = _quota_check(nomination, officer)
    assert "not shown" not in told
    assert str(used if room < 0 else used + 1) in _numbers(told)


def test_the_quota_table_does_not_count_for_the_officer(client, users, scene):
    """The quota table's "taken or pending" for Quân khu 2's 2022 collective Giấy khen: the
    uncleared officer reads that some are not shown, not the number; cleared, the number."""
    officer, used = scene["officer"], scene["used"]
    client.force_login(officer)
    body = client.get("/awards/quotas/").content.decode()
    assert 'data-testid="quota-not-shown"' in body
    _clear(officer)
    client.force_login(officer)
    body = client.get("/awards/quotas/").content.decode()
    assert 'data-testid="quota-not-shown"' not in body
    assert f">{used}</span>" in body


def test_recording_a_decision_under_a_hidden_decision_s_number(users, scene):
    """A paper decision marked above the officer's clearance keeps its number: a second one
    under it is refused, without echoing the number; cleared, the refusal names it."""
    officer = scene["officer"]
    AwardDecision.objects.filter(pk=scene["decision"].pk).update(classification="secret")

    def refusal() -> str:
        with translation.override("en"), pytest.raises(DomainError) as refused:
            counts.decision_record(
                by=officer,
                issuer=Unit.objects.get(code="QK2"),
                form=AwardForm.objects.get(code="GK"),
                symbol=HIDDEN_SYMBOL,
                issued_on=D(2022, 9, 1),
            )
        return " ".join(str(m) for m in refused.value.messages)

    told = refusal()
    assert HIDDEN_SYMBOL not in told and "may not see" in told
    _clear(officer)
    assert HIDDEN_SYMBOL in refusal()


def test_the_change_log_keeps_the_rules_broken_not_what_a_cleared_officer_was_told(
    users,
    rules,  # noqa: F811
    scene,
):
    """A cleared officer imports the list despite its warnings (told 2020's decision number
    and the number taken): the decision's change log, read by others less cleared, keeps the
    rows, names and rules broken, neither that decision's number, its year nor a count."""
    officer = scene["officer"]
    _clear(officer)
    with translation.override("en"):
        result = lists.decision_list_import(by=officer, decision=rules, upload=xlsx(ROWS))
    assert any("12/QĐ-BTL" in w["message"] for w in result["warnings"])
    note = ChangeLog.objects.get(action="decision_list_import", object_id=str(rules.pk)).note
    assert "12/QĐ-BTL" not in note and "2020" not in note
    assert note.splitlines()[1:] == [
        "Row 2, Sư đoàn 316: awarded the same form within its repeat window",
        "Row 3, Sư đoàn 355: over the quota of the deciding body",
        "Row 4, Trung đoàn 98: over the quota of the deciding body",
    ]

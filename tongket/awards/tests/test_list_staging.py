"""A paper decision's named list held on the server between its preview and its confirmation
(`lists.staging`): the preview page carries a token, not the workbook; the confirmation
imports the held file and deletes it; a token of another officer, of another decision, gone
or older than an hour is refused with a message saying to choose the file again, and
nothing is written."""

from __future__ import annotations

import base64
import datetime
from typing import Any

import pytest
from django.utils import timezone

from tongket.awards import lists
from tongket.awards.lists.staging import staged_list_take
from tongket.awards.models import AwardDecision, Nomination
from tongket.awards.tests.test_list_warnings import ROWS, D, record, rules, xlsx  # noqa: F401
from tongket.core.errors import DomainError
from tongket.core.models import StagedUpload as StagedList

pytestmark = pytest.mark.django_db


def _refusal(user: Any, decision: AwardDecision, token: str) -> DomainError:
    """What the service answers to `user` confirming `token`."""
    with pytest.raises(DomainError) as refused:
        staged_list_take(by=user, decision=decision, token=token)
    return refused.value


def _told(response: Any, error: DomainError) -> bool:
    """Whether the page (after its redirect) shows the refusal."""
    return set(error.messages) <= {str(m) for m in response.context["messages"]}


def _preview(client: Any, decision: AwardDecision, rows: list[list[Any]] = ROWS) -> Any:
    return client.post(
        f"/decisions/{decision.pk}/list/",
        {"version": decision.version, "file": xlsx(rows), "preview": "1"},
    )


def test_the_preview_holds_the_file_on_the_server_and_the_confirmation_imports_it(
    client: Any,
    users: Any,
    rules: AwardDecision,  # noqa: F811
) -> None:
    """Given the officer's preview of a list breaking the rules, then the page carries the
    token of the file held for them (its bytes and hash stored once), not the file; when they
    confirm, the list is imported and the held file deleted, and the token cannot be used
    again."""
    officer = users["qk2.thidua"]
    client.force_login(officer)
    upload = xlsx(ROWS)
    data = upload.read()
    upload.seek(0)
    page = client.post(f"/decisions/{rules.pk}/list/", {"version": rules.version, "file": upload})
    body = page.content.decode()
    held = page.context["held"]
    staged = StagedList.objects.get()
    assert held["staged"] == staged.token and f'value="{staged.token}"' in body
    assert staged.owner == officer and staged.target_key == f"awards.decision:{rules.pk}"
    assert bytes(staged.content) == data and len(staged.sha256) == 64
    assert 'name="content"' not in body and 'data-testid="held-for"' in body
    assert base64.b64encode(data)[:64].decode() not in body

    done = client.post(f"/decisions/{rules.pk}/list/", {**held, "confirm": "1"})
    assert done.status_code == 302
    assert Nomination.objects.filter(decision=rules).count() == 3
    assert not StagedList.objects.exists()
    rules.refresh_from_db()
    again = client.post(
        f"/decisions/{rules.pk}/list/",
        {"staged": held["staged"], "version": rules.version, "confirm": "1"},
        follow=True,
    )
    gone = _refusal(officer, rules, held["staged"])
    assert gone.error_dict["file"][0].code == "staged" and _told(again, gone)
    assert Nomination.objects.filter(decision=rules).count() == 3


def test_another_officers_token_is_refused_and_writes_nothing(
    client: Any,
    users: Any,
    rules: AwardDecision,  # noqa: F811
) -> None:
    """Given a list previewed by Quân khu 2's commendation officer, when its approver (who
    may import lists too) confirms with the officer's token, then it is refused as a file
    no longer held (nothing said of whose it is), nothing is written and the officer's file
    is still held for them."""
    client.force_login(users["qk2.thidua"])
    held = _preview(client, rules).context["held"]
    client.force_login(users["qk2.duyet"])
    refused = client.post(f"/decisions/{rules.pk}/list/", {**held, "confirm": "1"}, follow=True)
    assert refused.redirect_chain[-1][0] == f"/decisions/{rules.pk}/reconciliation/"
    foreign = _refusal(users["qk2.duyet"], rules, held["staged"])
    assert foreign.messages == _refusal(users["qk2.duyet"], rules, "x" * 43).messages
    assert _told(refused, foreign)
    assert not Nomination.objects.filter(decision=rules).exists()
    assert StagedList.objects.filter(token=held["staged"]).exists()


def test_a_token_of_another_decision_or_unknown_is_refused(
    users: Any,
    rules: AwardDecision,  # noqa: F811
) -> None:
    officer = users["qk2.thidua"]
    staged = lists.decision_list_stage(by=officer, decision=rules, upload=xlsx(ROWS))
    other = record(users, D(2022, 8, 1), "88/QĐ-BTL", 3)
    for decision, token in ((other, staged.token), (rules, "x" * 43), (rules, "")):
        with pytest.raises(DomainError) as refused:
            lists.decision_list_import(by=officer, decision=decision, staged=token)
        assert refused.value.error_dict["file"][0].code == "staged"
    assert not Nomination.objects.filter(decision__in=[rules, other]).exists()


def test_a_token_older_than_an_hour_has_expired(
    client: Any,
    users: Any,
    rules: AwardDecision,  # noqa: F811
) -> None:
    """Given a list previewed 61 minutes ago, when the officer confirms it, then they are
    told that it was held for 60 minutes and has expired, and nothing is written; the next
    preview, by anyone, deletes it."""
    client.force_login(users["qk2.thidua"])
    held = _preview(client, rules).context["held"]
    StagedList.objects.filter(token=held["staged"]).update(
        created_at=timezone.now() - datetime.timedelta(minutes=61)
    )
    refused = client.post(f"/decisions/{rules.pk}/list/", {**held, "confirm": "1"}, follow=True)
    expired = _refusal(users["qk2.thidua"], rules, held["staged"])
    assert expired.error_dict["file"][0].code == "staged_expired"
    assert "60" in expired.messages[0] and _told(refused, expired)
    assert not Nomination.objects.filter(decision=rules).exists()

    client.force_login(users["qk2.duyet"])
    _preview(client, rules)
    assert not StagedList.objects.filter(token=held["staged"]).exists()
    assert StagedList.objects.count() == 1

"""A file held between its preview and its confirmation (`core.services.staging`), the one
model and service behind every staged upload: taken back only by its owner, for the purpose
and target it was held for, within `STAGED_FOR` and with its bytes as hashed; a foreign,
unknown or other target's token is told as one never held (the same message), an expired
one says so; the next hold deletes every expired file, and a discard only the owner's."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from tongket.core.errors import DomainError
from tongket.core.models import StagedUpload
from tongket.core.services import staging

pytestmark = pytest.mark.django_db

PURPOSE, TARGET = "tests.flow", "tests.target:1"


@pytest.fixture
def people() -> tuple[Any, Any]:
    model = get_user_model()
    return model.objects.create(username="staging.owner"), model.objects.create(
        username="staging.other"
    )


def _hold(owner: Any, content: bytes = b"a,b\n1,2\n", target: str = TARGET) -> StagedUpload:
    return staging.staged_hold(
        by=owner,
        purpose=PURPOSE,
        target_key=target,
        content=content,
        file_name="list.csv",
        details={"is_csv": True},
    )


def _refused(by: Any, token: str, *, purpose: str = PURPOSE, target: str = TARGET) -> Any:
    with pytest.raises(DomainError) as refused:
        staging.staged_take(by=by, purpose=purpose, target_key=target, token=token)
    return refused.value


def test_the_owner_takes_back_the_file_as_held(people: tuple[Any, Any]) -> None:
    owner, _other = people
    held = _hold(owner)
    assert len(held.token) >= 40 and held.size == 8 and len(held.sha256) == 64
    with transaction.atomic():
        taken = staging.staged_take(by=owner, purpose=PURPOSE, target_key=TARGET, token=held.token)
    assert taken.pk == held.pk and bytes(taken.content) == b"a,b\n1,2\n"
    assert taken.details == {"is_csv": True}
    assert staging.staged_file(taken).read() == b"a,b\n1,2\n"


def test_foreign_unknown_and_other_target_tokens_are_told_alike(
    people: tuple[Any, Any],
) -> None:
    """Given a file held by its owner, when another user, an unknown token, another target
    or another purpose asks for it, then each is refused with the same message (field
    `file`, code `staged`) and the file stays held."""
    owner, other = people
    held = _hold(owner)
    unknown = _refused(owner, "x" * 43)
    assert unknown.error_dict["file"][0].code == "staged"
    for refusal in (
        _refused(other, held.token),
        _refused(owner, held.token, target="tests.target:2"),
        _refused(owner, held.token, purpose="tests.other"),
        _refused(owner, ""),
    ):
        assert refusal.error_dict["file"][0].code == "staged"
        assert refusal.messages == unknown.messages
    assert StagedUpload.objects.filter(pk=held.pk).exists()


def test_bytes_changed_since_held_are_refused(people: tuple[Any, Any]) -> None:
    owner, _other = people
    held = _hold(owner)
    StagedUpload.objects.filter(pk=held.pk).update(content=b"changed")
    assert _refused(owner, held.token).error_dict["file"][0].code == "staged"


def test_a_file_older_than_an_hour_has_expired_and_is_purged_by_the_next_hold(
    people: tuple[Any, Any],
) -> None:
    """Given a file held 61 minutes ago and another 59 minutes ago, when its owner takes it,
    then they are told it was held for 60 minutes and expired; the next hold, by anyone and
    for any flow, deletes the expired one only."""
    owner, other = people
    old, recent = _hold(owner), _hold(owner, target="tests.target:2")
    now = timezone.now()
    StagedUpload.objects.filter(pk=old.pk).update(created_at=now - datetime.timedelta(minutes=61))
    StagedUpload.objects.filter(pk=recent.pk).update(
        created_at=now - datetime.timedelta(minutes=59)
    )
    expired = _refused(owner, old.token)
    assert expired.error_dict["file"][0].code == "staged_expired"
    assert "60" in expired.messages[0]
    assert StagedUpload.objects.filter(pk=old.pk).exists()

    fresh = staging.staged_hold(
        by=other, purpose="tests.other", target_key="x", content=b"{}", file_name=""
    )
    assert set(StagedUpload.objects.values_list("pk", flat=True)) == {recent.pk, fresh.pk}
    assert fresh.file_name == "tests.other"


def test_purge_counts_what_it_deletes(people: tuple[Any, Any]) -> None:
    owner, _other = people
    held = _hold(owner)
    assert staging.staged_purge() == 0
    assert staging.staged_purge(now=timezone.now() + datetime.timedelta(minutes=61)) == 1
    assert not StagedUpload.objects.filter(pk=held.pk).exists()


def test_discard_deletes_only_the_owners_file(people: tuple[Any, Any]) -> None:
    owner, other = people
    held = _hold(owner)
    assert staging.staged_discard(by=other, token=held.token) is False
    assert StagedUpload.objects.filter(pk=held.pk).exists()
    assert staging.staged_discard(by=owner, token=held.token) is True
    assert not StagedUpload.objects.exists()
    assert _refused(owner, held.token).error_dict["file"][0].code == "staged"

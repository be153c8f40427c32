"""A file held on the server between its check and its confirmation (`StagedUpload`), for
every flow that previews an upload before writing it (a paper decision's list of awardees,
a DHIS2 dataValueSet on the exchange page).

The preview holds the bytes once (`staged_hold`) and the page carries only the token; the
confirmation hands the token back and the flow takes the file (`staged_take`: the same
user, the same purpose and target, not older than `STAGED_FOR`, its bytes as hashed),
imports it and deletes it (`staged_discard`) in its own transaction. A token that is not the
user's, is unknown or was held for another target answers as one that never existed (a
token says nothing of what it is not); an expired one says so. Files left behind (a preview
never confirmed) are deleted by the next hold of any flow once expired (`staged_purge`).

Callers check who may run their flow before holding or taking; here only the owner counts.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core.errors import DomainError
from tongket.core.models import StagedUpload

# How long a previewed file waits for its confirmation.
STAGED_FOR = datetime.timedelta(hours=1)


def staged_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the files of anyone held longer than `STAGED_FOR`; how many."""
    limit = (now or timezone.now()) - STAGED_FOR
    deleted, _by_model = StagedUpload.objects.filter(created_at__lt=limit).delete()
    return deleted


def staged_hold(
    *,
    by: Any,
    purpose: str,
    target_key: str,
    content: bytes,
    file_name: str,
    details: dict[str, Any] | None = None,
) -> StagedUpload:
    """Hold `content`, just checked by `by` for `purpose` and `target_key`, until they confirm
    it; expired files of every flow are deleted first. The caller bounds the size."""
    staged_purge()
    data = bytes(content)
    return StagedUpload.objects.create(
        token=secrets.token_urlsafe(32),
        owner=by,
        purpose=purpose,
        target_key=target_key,
        file_name=(file_name or purpose)[:200],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        content=data,
        details=details or {},
    )


def _not_held() -> DomainError:
    return DomainError(
        _("The file checked on the preview is not held any more: choose it again."),
        field="file",
        code="staged",
    )


def _expired() -> DomainError:
    return DomainError(
        _(
            "The file checked on the preview was held for %(minutes)s minutes and has "
            "expired: choose the file again."
        )
        % {"minutes": int(STAGED_FOR.total_seconds() // 60)},
        field="file",
        code="staged_expired",
    )


def staged_take(*, by: Any, purpose: str, target_key: str, token: str) -> StagedUpload:
    """The file `by` held for `purpose` and `target_key` under `token`, locked for the import
    that deletes it when called inside its transaction. DomainError (field "file", code "staged")
    when there is none, when it is someone else's or another target's (told alike), or when
    its bytes no longer match their hash; code "staged_expired" when it waited longer than
    `STAGED_FOR` (left for the purge)."""
    if not token or not getattr(by, "pk", None):
        raise _not_held()
    queryset = StagedUpload.objects.filter(
        token=str(token)[:64], owner=by, purpose=purpose, target_key=target_key
    )
    if transaction.get_connection().in_atomic_block:
        queryset = queryset.select_for_update()
    held = queryset.first()
    if held is None or hashlib.sha256(bytes(held.content)).hexdigest() != held.sha256:
        raise _not_held()
    if held.created_at < timezone.now() - STAGED_FOR:
        raise _expired()
    return held


def staged_discard(*, by: Any, token: str) -> bool:
    """Delete the file `by` holds under `token` (imported, or refused on its preview);
    whether there was one. Another user's token deletes nothing."""
    if not token or not getattr(by, "pk", None):
        return False
    deleted, _by_model = StagedUpload.objects.filter(token=str(token)[:64], owner=by).delete()
    return bool(deleted)


def staged_file(held: StagedUpload) -> SimpleUploadedFile:
    """The held file as the upload its import reads."""
    return SimpleUploadedFile(held.file_name, bytes(held.content))

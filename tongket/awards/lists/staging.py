"""A paper decision's named list held on the server between its preview and its
confirmation, so that the preview page carries a token rather than the workbook itself.

The preview stores the bytes once (`decision_list_stage`); the confirmation hands the token
back to the import (`decision_list_import(staged=…)`), which takes the list
(`staged_list_take`: the same user, the same decision, not older than `STAGED_FOR`, its
bytes as hashed) and deletes it in its own transaction. A token that is not the user's
answers as one that never existed; an expired one says so. Lists left behind (a preview
never confirmed) are deleted by the next staging once expired.

Callers: commendation officers and approvers of the deciding body (`Action.DECIDE_AWARDS`),
through the import's pages.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.awards.counts import _require_decider
from tongket.awards.models import AwardDecision, StagedList
from tongket.core.errors import DomainError

# How long a previewed list waits for its confirmation.
STAGED_FOR = datetime.timedelta(hours=1)


def decision_list_stage(*, by: Any, decision: AwardDecision, upload: Any) -> StagedList:
    """Hold the workbook of a list just previewed for `decision` until `by` confirms it, and
    delete the lists of anyone that have waited longer than `STAGED_FOR`. The caller has
    read the file through `decision_list_preview` (which bounds its size)."""
    _require_decider(by, decision.issuer)
    upload.seek(0)
    data = upload.read()
    StagedList.objects.filter(created_at__lt=timezone.now() - STAGED_FOR).delete()
    return StagedList.objects.create(
        token=secrets.token_urlsafe(32),
        owner=by,
        decision=decision,
        file_name=(getattr(upload, "name", "") or "danh-sach.xlsx")[:200],
        sha256=hashlib.sha256(data).hexdigest(),
        content=data,
    )


def _not_held() -> DomainError:
    return DomainError(
        _(
            "The file checked on the preview is not held any more (or was not checked by you "
            "for this decision): choose the file again."
        ),
        field="file",
        code="staged",
    )


def staged_list_take(*, by: Any, decision: AwardDecision, token: str) -> StagedList:
    """The list `by` staged for `decision` under `token`, locked for the import that deletes
    it; DomainError (field "file") when there is none, when it is someone else's or another
    decision's (told alike: a token says nothing of what it is not), when its bytes no
    longer match their hash, or when it waited longer than `STAGED_FOR`. Runs inside the
    import's transaction."""
    if not token or not getattr(by, "pk", None):
        raise _not_held()
    held = (
        StagedList.objects.select_for_update()
        .filter(token=str(token)[:64], owner=by, decision=decision)
        .first()
    )
    if held is None or hashlib.sha256(bytes(held.content)).hexdigest() != held.sha256:
        raise _not_held()
    if held.created_at < timezone.now() - STAGED_FOR:
        raise DomainError(
            _(
                "The file checked on the preview was held for %(minutes)s minutes and has "
                "expired: choose the file again."
            )
            % {"minutes": int(STAGED_FOR.total_seconds() // 60)},
            field="file",
            code="staged_expired",
        )
    return held


def staged_upload(held: StagedList) -> SimpleUploadedFile:
    """The staged workbook as the upload the import reads."""
    return SimpleUploadedFile(held.file_name, bytes(held.content))

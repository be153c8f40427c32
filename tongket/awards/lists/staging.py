"""A paper decision's named list held on the server between its preview and its
confirmation, so that the preview page carries a token rather than the workbook itself.

The file is a `core.StagedUpload` of purpose `PURPOSE` for the target "awards.decision:<id>",
held and taken through `core.services.staging` (one model and one set of refusals for every
staged upload): the preview holds the bytes once (`decision_list_stage`); the confirmation
hands the token back to the import (`decision_list_import(staged=…)`), which takes the list
(`staged_list_take`: the same user, the same decision, not older than `STAGED_FOR`, its
bytes as hashed) and deletes it in its own transaction.

Callers: commendation officers and approvers of the deciding body (`Action.DECIDE_AWARDS`),
through the import's pages.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tongket.awards.counts import _require_decider
from tongket.awards.models import AwardDecision
from tongket.core.models import StagedUpload
from tongket.core.services import staging
from tongket.core.services.staging import STAGED_FOR

__all__ = ["PURPOSE", "STAGED_FOR", "decision_list_stage", "staged_list_take", "staged_upload"]

PURPOSE = "awards.decision_list"


def _target(decision: AwardDecision) -> str:
    return f"awards.decision:{decision.pk}"


def decision_list_stage(*, by: Any, decision: AwardDecision, upload: Any) -> StagedUpload:
    """Hold the workbook of a list just previewed for `decision` until `by` confirms it
    (expired files of anyone are deleted). The caller has read the file through
    `decision_list_preview` (which bounds its size)."""
    _require_decider(by, decision.issuer)
    upload.seek(0)
    return staging.staged_hold(
        by=by,
        purpose=PURPOSE,
        target_key=_target(decision),
        content=upload.read(),
        file_name=getattr(upload, "name", "") or "danh-sach.xlsx",
    )


def staged_list_take(*, by: Any, decision: AwardDecision, token: str) -> StagedUpload:
    """The list `by` staged for `decision` under `token`, locked for the import that deletes
    it; the refusals of `staging.staged_take` otherwise. Runs inside the import's
    transaction."""
    return staging.staged_take(by=by, purpose=PURPOSE, target_key=_target(decision), token=token)


def staged_upload(held: StagedUpload) -> SimpleUploadedFile:
    """The staged workbook as the upload the import reads."""
    return staging.staged_file(held)

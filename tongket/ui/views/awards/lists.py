"""Counts and names of a decision, reconciled: per form and collective/individual, what the
decision declares beside whom it names (differences highlighted), and the named list of a
decision recorded from paper imported from Excel (all or nothing, every bad row listed; the
breaches of the quota and the repeat rule shown as warnings on a preview before anything is
written)."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongket.awards import lists, selectors
from tongket.awards.models import AwardDecision
from tongket.core import scopes
from tongket.core.errors import RowErrors
from tongket.org import policy
from tongket.org.policy import Action
from tongket.ui.forms.awards import DecisionListImportForm
from tongket.ui.views.awards.common import refusal


def _may_import(user: Any, decision: AwardDecision) -> bool:
    """The deciding body's officers and approvers, for a decision recorded from paper."""
    return decision.document_id is None and scopes.covers(
        user, decision.issuer, policy.roles(Action.DECIDE_AWARDS)
    )


def _page(
    request: HttpRequest,
    decision: AwardDecision,
    *,
    form: DecisionListImportForm | None = None,
    rows: list[dict[str, Any]] | None = None,
    preview: lists.ListPreview | None = None,
    held: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    lines = lists.decision_reconciliation(user=request.user, decision=decision)
    may_import = _may_import(request.user, decision)
    if form is None and may_import:
        form = DecisionListImportForm(initial={"version": decision.version})
    return render(
        request,
        "ui/awards/reconciliation.html",
        {
            "decision": decision,
            "title": _("Counts and names of %(symbol)s")
            % {"symbol": decision.reference or _("the decision")},
            "lines": lines,
            "some_not_shown": lists.reconciliation_not_shown(user=request.user, decision=decision),
            "files": selectors.decision_files_cleared(user=request.user, decision=decision),
            "differences": [line for line in lines if line.status != "match"],
            "totals": {
                "declared": sum(line.declared or 0 for line in lines),
                "named": sum(line.named for line in lines),
                "counted": sum(line.counted for line in lines),
            },
            "import_form": form if may_import else None,
            "import_errors": rows or [],
            "preview": preview,
            "warned_rows": {warning.row for warning in preview.warnings} if preview else set(),
            "held": held,
            "sheet": lists.SHEET,
            "columns": [
                *lists.COLUMNS,
                lists.C_UNIT,
                lists.C_PROPOSER,
                lists.C_FORM,
                lists.C_BIRTH,
            ],
        },
        status=status,
    )


@login_required
def decision_reconciliation(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_get(user=request.user, pk=pk)
    return _page(request, decision)


# A list held on the preview page between its two steps: a decision names hundreds, so its
# workbook is small; anything larger was not produced by the preview.
MAX_HELD_BYTES = 5 * 1024 * 1024


def _held_upload(request: HttpRequest) -> dict[str, Any] | None:
    """The workbook the preview page holds (`content`, base64, and `file_name`) as the
    upload the import form reads; None when it is missing or damaged."""
    content = request.POST.get("content", "")
    if not content or len(content) > MAX_HELD_BYTES * 4 // 3 + 4:
        return None
    try:
        data = base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        return None
    name = (request.POST.get("file_name") or "danh-sach.xlsx")[:200]
    return {"file": SimpleUploadedFile(name, data)}


@login_required
@require_POST
def decision_list_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Import the named list: refused whole with every problem by sheet, row and column; or,
    when it breaks the body's quota or the form's repeat rule (or the officer asked to check
    it first), the preview with those warnings by row and name and nothing written, the file
    held on the page until the officer confirms; else written whole and the reconciliation
    shown again."""
    decision = selectors.decision_get(user=request.user, pk=pk)
    if not _may_import(request.user, decision) and decision.document_id is None:
        raise PermissionDenied(_("Only the deciding body's commendation officers import a list."))
    confirmed = "confirm" in request.POST
    held = _held_upload(request) if confirmed else None
    if confirmed and held is None:
        messages.error(request, _("The preview was incomplete: choose the file again."))
        return redirect("ui:decision_reconciliation", pk=decision.pk)
    form = DecisionListImportForm(request.POST, held or request.FILES)
    if not form.is_valid():
        return _page(request, decision, form=form)
    upload = form.cleaned_data["file"]
    name, data = upload.name, upload.read()
    try:
        if not confirmed:
            preview = lists.decision_list_preview(
                by=request.user, decision=decision, upload=SimpleUploadedFile(name, data)
            )
            if preview.warnings or "preview" in request.POST:
                return _page(
                    request,
                    decision,
                    form=DecisionListImportForm(initial={"version": form.cleaned_data["version"]}),
                    preview=preview,
                    held={
                        "content": base64.b64encode(data).decode("ascii"),
                        "file_name": name,
                        "version": form.cleaned_data["version"] or "",
                    },
                )
        result = lists.decision_list_import(
            by=request.user,
            decision=decision,
            upload=SimpleUploadedFile(name, data),
            version=form.cleaned_data["version"],
        )
    except RowErrors as error:
        form.add_error(None, error.messages[0])
        return _page(request, decision, form=form, rows=error.rows)
    except (ValidationError, PermissionDenied) as error:
        for field, problems in refusal(error).items():
            for message in problems:
                form.add_error(field if field in form.fields else None, message)
        status = 403 if isinstance(error, PermissionDenied) else 200
        return _page(request, decision, form=form, status=status)
    messages.success(
        request,
        _(
            "List imported: %(collectives)s collective(s) and %(individuals)s individual(s) "
            "named (%(linked)s of them already approved and now linked to the decision)."
        )
        % result,
    )
    if result.get("warnings"):
        messages.warning(
            request,
            _(
                "Recorded with %(count)s warning(s) on the quota or the repeat rule: they are "
                "written in the decision's change log."
            )
            % {"count": len(result["warnings"])},
        )
    return redirect("ui:decision_reconciliation", pk=decision.pk)

"""Counts and names of a decision, reconciled: per form and collective/individual, what the
decision declares beside whom it names (differences highlighted), and the named list of a
decision recorded from paper imported from Excel (all or nothing, every bad row listed; the
breaches of the quota and the repeat rule shown as warnings on a preview before anything is
written)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
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
from tongket.ui.forms.awards import DecisionListConfirmForm, DecisionListImportForm
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


@login_required
@require_POST
def decision_list_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Import the named list: refused whole with every problem by sheet, row and column; or,
    when it breaks the body's quota or the form's repeat rule (or the officer asked to check
    it first), the preview with those warnings by row and name and nothing written, the file
    held on the server (the page carries its token only) until the officer confirms; else
    written whole and the reconciliation shown again."""
    decision = selectors.decision_get(user=request.user, pk=pk)
    if not _may_import(request.user, decision) and decision.document_id is None:
        raise PermissionDenied(_("Only the deciding body's commendation officers import a list."))
    if "confirm" in request.POST:
        return _confirm(request, decision)
    form = DecisionListImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, decision, form=form)
    upload, version = form.cleaned_data["file"], form.cleaned_data["version"]
    try:
        preview = lists.decision_list_preview(by=request.user, decision=decision, upload=upload)
        if preview.warnings or "preview" in request.POST:
            staged = lists.decision_list_stage(by=request.user, decision=decision, upload=upload)
            return _page(
                request,
                decision,
                form=DecisionListImportForm(initial={"version": version}),
                preview=preview,
                held={
                    "staged": staged.token,
                    "version": version or "",
                    "minutes": int(lists.STAGED_FOR.total_seconds() // 60),
                },
            )
        result = lists.decision_list_import(
            by=request.user, decision=decision, upload=upload, version=version
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
    return _imported(request, decision, result)


def _confirm(request: HttpRequest, decision: AwardDecision) -> HttpResponse:
    """Import the list the preview held (its token and the decision's version as read come
    back from the page). A token gone, expired or not the officer's, or a decision changed
    meanwhile, is told above the reconciliation; a file the data no longer accept (the
    decision named someone since) is shown with its problems by row."""
    form = DecisionListConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The preview was incomplete: choose the file again."))
        return redirect("ui:decision_reconciliation", pk=decision.pk)
    try:
        result = lists.decision_list_import(
            by=request.user,
            decision=decision,
            staged=form.cleaned_data["staged"],
            version=form.cleaned_data["version"],
        )
    except RowErrors as error:
        messages.error(request, error.messages[0])
        return _page(request, decision, rows=error.rows)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("ui:decision_reconciliation", pk=decision.pk)
    return _imported(request, decision, result)


def _imported(
    request: HttpRequest, decision: AwardDecision, result: dict[str, Any]
) -> HttpResponse:
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

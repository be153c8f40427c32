"""Award decisions: issue one (number from the issuer's registry, date, awardees from the
approved nominations), its page, and its downloads (DOCX, PDF where LibreOffice is
installed, the list of awardees as XLSX)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongket.awards import counts, selectors, services
from tongket.awards.choices import CountOutcome, NomineeKind
from tongket.awards.models import AwardDecision, Nomination
from tongket.core.classification import LEVELS, highest_mark, mark_of
from tongket.core.errors import NotFound
from tongket.core.workbook import new_workbook, workbook_bytes, write_sheet
from tongket.documents.files import docx_of
from tongket.documents.rendering import docx_to_pdf, libreoffice
from tongket.reviews.selectors import campaign_list
from tongket.ui.forms.awards import (
    DecisionCountsForm,
    DecisionIssueForm,
    DecisionRecordForm,
    DecisionStartForm,
)
from tongket.ui.views.awards.common import call, is_decider
from tongket.ui.views.base import DOCX, XLSX, active_unit, file_response, paginate

PER_PAGE = 30
# A refused count row is named in the message itself ("Row 2: …").
COUNT_ROWS = {f"counts[{row}]": "__all__" for row in range(1, 51)}


@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    decisions = selectors.decision_list(user=request.user).select_related("document")
    return render(
        request,
        "ui/awards/decisions.html",
        {
            "title": _("Award decisions"),
            "page": paginate(request, decisions, PER_PAGE),
            "decider": is_decider(request.user),
        },
    )


@login_required
def decision_create(request: HttpRequest) -> HttpResponse:
    """Step 1 (GET): the issuing authority and the form; step 2: the approved nominations
    awaiting a decision, the date and the signer; issuing takes the next number."""
    user = request.user
    award_forms = list(selectors.form_list())
    source = request.POST if request.method == "POST" else request.GET
    initial: dict[str, Any] = {}
    unit = active_unit(request)
    if unit is not None:
        initial["issuer"] = unit
    start = DecisionStartForm(
        source if "issuer" in source else None,
        user=user,
        award_forms=award_forms,
        initial=initial,
    )
    context: dict[str, Any] = {
        "title": _("New award decision"),
        "start": start,
        "issue_form": None,
        "decider": is_decider(user),
    }
    if not start.is_bound or not start.is_valid():
        return render(request, "ui/awards/decision_create.html", context)
    issuer = start.cleaned_data["issuer"]
    award_form = start.award_forms[start.cleaned_data["form"]]
    candidates = list(selectors.decision_candidates(user=user, issuer=issuer, form=award_form))
    campaigns = list(campaign_list(user=user))
    if request.method == "POST":
        form = DecisionIssueForm(request.POST, candidates=candidates, campaigns=campaigns)
        if form.is_valid():
            data = form.cleaned_data
            decision = call(
                form,
                services.decision_issue,
                aliases={"form": "__all__", "issuer": "__all__"},
                by=user,
                issuer=issuer,
                form=award_form,
                nominations=[form.candidates[pk] for pk in data["nominations"]],
                issued_on=data["issued_on"],
                reason=data["reason"],
                campaign=form.campaigns.get(data["campaign"]),
                signer_title=data["signer_title"],
                signer_name=data["signer_name"],
            )
            if decision is not None:
                messages.success(
                    request,
                    _("Decision %(symbol)s issued.") % {"symbol": decision.reference},
                )
                return redirect("ui:decision_detail", pk=decision.pk)
    else:
        campaign_ids = {n.campaign_id for n in candidates if n.campaign_id}
        form = DecisionIssueForm(
            candidates=candidates,
            campaigns=campaigns,
            initial={
                "issued_on": timezone.localdate(),
                "nominations": [n.pk for n in candidates],
                "campaign": next(iter(campaign_ids)) if len(campaign_ids) == 1 else None,
            },
        )
    context.update(
        {
            "issue_form": form,
            "issuer": issuer,
            "award_form": award_form,
            "candidates": candidates,
            "may_give": services.authority_may_give(issuer, award_form, timezone.localdate()),
        }
    )
    return render(request, "ui/awards/decision_create.html", context)


def _awardees(user: Any, decision: AwardDecision) -> dict[str, list[Any]]:
    rows = list(selectors.decision_awardees(user=user, decision=decision))
    return {
        "collectives": [n for n in rows if n.nominee_kind == NomineeKind.COLLECTIVE],
        "individuals": [n for n in rows if n.nominee_kind == NomineeKind.INDIVIDUAL],
    }


def _decision_page(
    request: HttpRequest, decision: AwardDecision, counts_form: Any = None
) -> HttpResponse:
    awardees = _awardees(request.user, decision)
    rows = list(decision.counts.select_related("form", "proposed_to"))
    # The count of the decision's own form includes the named awardees: the larger of the two.
    declared = {r.nominee_kind: r.count for r in rows if r.outcome == CountOutcome.AWARDED}
    totals = {
        "collectives": max(len(awardees["collectives"]), declared.get(NomineeKind.COLLECTIVE, 0)),
        "individuals": max(len(awardees["individuals"]), declared.get(NomineeKind.INDIVIDUAL, 0)),
    }
    if counts_form is None and is_decider(request.user):
        counts_form = DecisionCountsForm(
            user=request.user,
            award_forms=list(selectors.form_list()),
            initial={**DecisionCountsForm.initial_from(rows), "version": decision.version},
        )
    return render(
        request,
        "ui/awards/decision.html",
        {
            "decision": decision,
            "document": decision.document,
            "title": decision.reference or _("Award decision"),
            "pdf": libreoffice() is not None,
            "files": selectors.decision_files_cleared(user=request.user, decision=decision),
            "counts": rows,
            "totals": totals,
            "counts_form": counts_form,
            **awardees,
        },
    )


@login_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_get(user=request.user, pk=pk)
    return _decision_page(request, decision)


@login_required
@require_POST
def decision_counts(request: HttpRequest, pk: int) -> HttpResponse:
    """Set the counts the decision carries (awarded, and proposed upward)."""
    decision = selectors.decision_get(user=request.user, pk=pk)
    form = DecisionCountsForm(
        request.POST, user=request.user, award_forms=list(selectors.form_list())
    )
    if form.is_valid():
        saved = call(
            form,
            counts.decision_counts_set,
            aliases=COUNT_ROWS,
            by=request.user,
            decision=decision,
            counts=form.cleaned_data["counts"],
            version=form.cleaned_data.get("version"),
        )
        if saved is not None:
            messages.success(request, _("Counts saved."))
            return redirect("ui:decision_detail", pk=decision.pk)
    return _decision_page(request, decision, form)


@login_required
def decision_record(request: HttpRequest) -> HttpResponse:
    """Record a decision already taken on paper, with its counts (the list may follow)."""
    if not is_decider(request.user):
        raise PermissionDenied(_("Only commendation officers and approvers record decisions."))
    initial: dict[str, Any] = {}
    unit = active_unit(request)
    if unit is not None:
        initial["issuer"] = unit
    form = DecisionRecordForm(
        request.POST or None,
        user=request.user,
        award_forms=list(selectors.form_list()),
        campaigns=list(campaign_list(user=request.user)),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decision = call(
            form,
            counts.decision_record,
            aliases=COUNT_ROWS,
            by=request.user,
            issuer=data["issuer"],
            form=form.award_forms[data["form"]],
            symbol=data["symbol"],
            issued_on=data["issued_on"],
            campaign=form.campaigns.get(data["campaign"]),
            reason=data["reason"],
            counts=data["counts"],
        )
        if decision is not None:
            messages.success(request, _("Decision recorded."))
            return redirect("ui:decision_detail", pk=decision.pk)
    return render(
        request,
        "ui/awards/decision_record.html",
        {"title": _("Record a decision taken on paper"), "form": form},
    )


def _docx(decision: AwardDecision) -> bytes:
    document = decision.document
    if document is None:
        raise NotFound(_("This decision was recorded from paper: it has no document."))
    return docx_of(document)  # as issued: the file stored by issuing


def _file_name(decision: AwardDecision, extension: str) -> str:
    symbol = (decision.reference or str(decision.pk)).replace("/", "-")
    return f"Quyết định {symbol}.{extension}"


@login_required
def decision_docx(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_files_get(user=request.user, pk=pk)
    return file_response(_docx(decision), _file_name(decision, "docx"), DOCX)


@login_required
def decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_files_get(user=request.user, pk=pk)
    if libreoffice() is None:
        raise NotFound(_("PDF needs LibreOffice, which is not installed on this server."))
    data = docx_to_pdf(_docx(decision))
    if data is None:
        raise NotFound(_("PDF needs LibreOffice, which is not installed on this server."))
    return file_response(data, _file_name(decision, "pdf"), "application/pdf")


@login_required
def decision_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The list of awardees as a spreadsheet (the annex of the decision)."""
    decision = selectors.decision_files_get(user=request.user, pk=pk)
    awardees = _awardees(request.user, decision)
    rows = []
    for index, nomination in enumerate(
        [*awardees["collectives"], *awardees["individuals"]], start=1
    ):
        is_unit = nomination.nominee_kind == NomineeKind.COLLECTIVE
        rows.append(
            [
                index,
                nomination.nominee_name,
                "Tập thể" if is_unit else "Cá nhân",
                nomination.nominee_unit.code if is_unit else nomination.nominee_person.unit.name,
                nomination.proposing_unit.name,
                nomination.form.name,
                decision.reference,
                decision.date,
            ]
        )
    workbook = new_workbook()
    columns = [
        "TT",
        "Tập thể, cá nhân",
        "Loại",
        "Mã đơn vị / Đơn vị",
        "Đơn vị đề nghị",
        "Hình thức khen thưởng",
        "Số quyết định",
        "Ngày quyết định",
    ]
    sheet = write_sheet(
        workbook,
        "Danh sách khen thưởng",
        columns,
        rows,
        widths={"Tập thể, cá nhân": 40, "Đơn vị đề nghị": 30, "Hình thức khen thưởng": 40},
    )
    for (cell,) in sheet.iter_rows(min_row=2, min_col=8, max_col=8):
        cell.number_format = "dd/mm/yyyy"
    # The stamp of what the file lists: the decision's mark, or an awardee's above it.
    listed = [n.pk for n in [*awardees["collectives"], *awardees["individuals"]]]
    mark = max(mark_of(decision), highest_mark(Nomination, listed), key=lambda m: LEVELS.get(m, 0))
    return file_response(workbook_bytes(workbook, mark=mark), _file_name(decision, "xlsx"), XLSX)

"""Correcting a document on its pages: the frame (header lines, place, date, signers,
recipients), the number and date of a document issued on paper, and the Word file a person
edited and uploads back (saved as the next draft, then shown as the changes it made).

A dossier document goes through the campaign's services (its drafting team); any other
document through `documents.correction` (whoever may make it)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongket.documents import correction, heading
from tongket.documents.models import Document
from tongket.documents.services import current_version
from tongket.reviews import selectors, services
from tongket.reviews.choices import DossierRole
from tongket.reviews.models import ReviewCampaign
from tongket.ui.forms.documents import FrameForm, RecordIssuedForm, WordUploadForm
from tongket.ui.views.base import call_service
from tongket.ui.views.reviews.documents import correctable, document_of


def _signers(document: Document) -> list[dict[str, str]]:
    block = next((b for b in current_version(document).content if b.get("signers")), None)
    return list(block["signers"]) if block else []


def _frame_initial(document: Document) -> dict[str, Any]:
    return {
        "header_upper": document.header_upper,
        "header_issuer": document.header_issuer,
        "issuer_code": document.issuer_code,
        "subject": document.subject,
        "place": document.place,
        "dated_on": document.dated_on,
        "authority": document.authority,
        "authority_body": document.authority_body,
        "signer_title": document.signer_title,
        "signer_name": document.signer_name,
        "recipients": "\n".join(document.recipients),
        "version": document.version,
    }


def _derived(document: Document) -> dict[str, str]:
    style, day = document.profile.style, document.date
    return {
        "header_upper": heading.upper_line(document.issuer, style=style, on=day),
        "header_issuer": heading.issuer_line(document.issuer, style=style, on=day),
    }


def _frame_page(
    request: HttpRequest,
    document: Document,
    campaign: ReviewCampaign | None,
    form: FrameForm,
    issued_form: RecordIssuedForm,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "ui/reviews/document_frame.html",
        {
            "document": document,
            "campaign": campaign,
            "form": form,
            "issued_form": issued_form,
            # A campaign's plan is issued on its own, by whoever runs the campaign.
            "record_plan": _plan_recordable(request.user, document, campaign),
            "title": _("Correct the frame: %(kind)s") % {"kind": document.get_kind_display()},
        },
        status=status,
    )


def _plan_recordable(user: Any, document: Document, campaign: ReviewCampaign | None) -> bool:
    """Whether the document is the campaign's plan and the user may record it as issued."""
    return (
        campaign is not None
        and document.campaign_link.role == DossierRole.PLAN
        and not document.is_issued
        and selectors.can_run(user, campaign)
    )


def _require(request: HttpRequest, document: Document, campaign: ReviewCampaign | None) -> None:
    if not correctable(request.user, document, campaign):
        if document.is_issued:
            raise PermissionDenied(_("An issued document can no longer change."))
        raise PermissionDenied(_("You cannot correct this document."))


@login_required
def document_frame(request: HttpRequest, pk: int) -> HttpResponse:
    """The frame form; saving it makes the document's frame as written (the signers side by
    side of minutes go into a new draft)."""
    document, campaign = document_of(request, pk)
    if request.method == "GET" and not correctable(request.user, document, campaign):
        # Opened from an old link: the document page says why it cannot change.
        messages.info(
            request,
            _("An issued document can no longer change.")
            if document.is_issued
            else _("You cannot correct this document."),
        )
        return redirect("ui:document_detail", pk=document.pk)
    _require(request, document, campaign)
    signers = _signers(document)
    form = FrameForm(
        request.POST or None,
        initial=_frame_initial(document),
        derived=_derived(document),
        signers=signers,
    )
    issued_form = RecordIssuedForm(
        initial={"version": document.version, "issued_on": document.dated_on}
    )
    if request.method == "POST" and form.is_valid():
        service = services.dossier_frame_save if campaign else correction.frame_correct
        saved = call_service(form, service, by=request.user, document=document, **form.frame())
        if saved is not None:
            messages.success(request, _("The document's frame is corrected."))
            return redirect("ui:document_detail", pk=document.pk)
    return _frame_page(request, document, campaign, form, issued_form)


@login_required
@require_POST
def document_record_issued(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the number and date a document issued on paper carries: outside a campaign,
    or a campaign's plan (issued on its own at the start of the review, by whoever runs
    the campaign); the dossier's documents are issued with the campaign."""
    document, campaign = document_of(request, pk)
    if campaign is not None and document.campaign_link.role != DossierRole.PLAN:
        raise PermissionDenied(_("A review's documents are issued with the campaign."))
    if campaign is None:
        _require(request, document, campaign)
    issued_form = RecordIssuedForm(request.POST)
    if issued_form.is_valid():
        if campaign is not None:
            saved = call_service(
                issued_form,
                services.campaign_plan_record,
                by=request.user,
                campaign=campaign,
                **issued_form.cleaned_data,
            )
        else:
            saved = call_service(
                issued_form,
                correction.record_issued,
                by=request.user,
                document=document,
                **issued_form.cleaned_data,
            )
        if saved is not None:
            messages.success(
                request, _("Recorded as issued: %(symbol)s.") % {"symbol": saved.symbol}
            )
            return redirect("ui:document_detail", pk=document.pk)
    form = FrameForm(
        initial=_frame_initial(document), derived=_derived(document), signers=_signers(document)
    )
    return _frame_page(request, document, campaign, form, issued_form, status=400)


@login_required
@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Take back the Word file a person edited: its changes become the next draft, and the
    page shows them; what the file changes outside the text is named, not taken."""
    document, campaign = document_of(request, pk)
    _require(request, document, campaign)
    form = WordUploadForm(request.POST, request.FILES)
    if form.is_valid():
        result = call_service(
            form,
            correction.upload_save,
            by=request.user,
            document=document,
            upload=form.cleaned_data["file"],
            version=form.cleaned_data["version"],
            save=services.dossier_save if campaign else None,
        )
        if result is not None:
            saved, upload = result
            for message in upload.ignored:
                messages.warning(request, message)
            if saved is None:
                messages.info(
                    request,
                    _("The file changes no text of draft %(n)s: no new draft was saved.")
                    % {"n": upload.base},
                )
                return redirect("ui:document_detail", pk=document.pk)
            messages.success(
                request,
                _("Saved as draft %(n)s: %(count)s section(s) changed.")
                % {"n": saved.number, "count": len(upload.changed)},
            )
            return redirect(
                reverse("ui:document_diff", args=[document.pk])
                + f"?old={upload.base}&new={saved.number}"
            )
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return redirect(reverse("ui:document_detail", args=[document.pk]) + "#upload")

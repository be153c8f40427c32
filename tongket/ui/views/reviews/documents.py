"""A document of a review's dossier: its numbered drafts (dự thảo lần N), what changed between
two of them, editing a section (a new draft), comments per section by the committee and the
team, the drafting team's answers, and the files (DOCX, PDF where LibreOffice is installed,
the figures annex as XLSX). Documents outside a campaign (minutes, notices) are read and
downloaded here too."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongket.core.classification import mark_of
from tongket.core.errors import NotFound
from tongket.core.numbers import NotANumber, parse_number
from tongket.core.workbook import new_workbook, workbook_bytes, write_sheet
from tongket.documents import correction
from tongket.documents import selectors as doc_selectors
from tongket.documents.choices import CommentStatus
from tongket.documents.files import docx_of
from tongket.documents.models import Document
from tongket.documents.rendering import docx_to_pdf, libreoffice, render_docx
from tongket.reviews import selectors, services
from tongket.reviews.choices import CampaignState
from tongket.reviews.models import CampaignDocument, ReviewCampaign
from tongket.ui.forms.documents import WordUploadForm
from tongket.ui.forms.reviews import AnswerForm, CommentForm, SectionEditForm
from tongket.ui.views.base import DOCX, XLSX, call_service, file_response
from tongket.ui.views.reviews.common import permissions

PDF = "application/pdf"
EDIT_STATES = (CampaignState.DRAFTING, CampaignState.CONSULTATION)
COMMENT_STATES = (*EDIT_STATES, CampaignState.APPRAISAL)


def _campaign(request: HttpRequest, document: Document) -> ReviewCampaign | None:
    link = CampaignDocument.objects.filter(document=document).first()
    if link is None:
        return None
    return selectors.campaign_get(user=request.user, pk=link.campaign_id)


def document_of(request: HttpRequest, pk: int) -> tuple[Document, ReviewCampaign | None]:
    """The document (in the user's reach) and the campaign whose dossier holds it, if any."""
    document = doc_selectors.document_get(user=request.user, pk=pk)
    return document, _campaign(request, document)


def correctable(user: Any, document: Document, campaign: ReviewCampaign | None) -> bool:
    """Whether the user may correct the document now (its frame, text and Word file)."""
    if document.is_issued:
        return False
    if campaign is not None:
        return bool(permissions(user, campaign)["draft"]) and campaign.state in EDIT_STATES
    return correction.may_correct(user, document)


def _version(document: Document, number: Any = None) -> Any:
    if number not in (None, ""):
        return doc_selectors.version_get(document=document, number=number)
    version = document.versions.order_by("-number").first()
    if version is None:
        raise NotFound(_("No such draft."))
    return version


def _file_name(document: Document, version: Any, extension: str) -> str:
    # File names are in Vietnamese, like the documents themselves.
    base = document.symbol or f"{document.get_kind_display()} - dự thảo lần {version.number}"
    return f"{base.replace('/', '-')}.{extension}"


def document_context(
    request: HttpRequest,
    document: Document,
    campaign: ReviewCampaign | None,
    *,
    number: Any = None,
    comment_form: Any = None,
    comment_section: str = "",
    answer_forms: dict[int, Any] | None = None,
) -> dict[str, Any]:
    user = request.user
    versions = list(doc_selectors.versions(document=document))
    version = _version(document, number)
    current = versions[0] if versions else version
    can = permissions(user, campaign) if campaign else {}
    state = campaign.state if campaign else ""
    is_current = version.number == current.number
    may_correct = correctable(user, document, campaign)
    editable = may_correct and is_current
    commentable = bool(can.get("comment") and state in COMMENT_STATES and not document.is_issued)
    comments = list(doc_selectors.comments(document=document)) if campaign else []
    by_section: dict[str, list[Any]] = defaultdict(list)
    for comment in comments:
        comment.answer_form = (answer_forms or {}).get(comment.pk) or AnswerForm(
            prefix=f"c{comment.pk}"
        )
        by_section[comment.section_key].append(comment)
    blocks = [
        {
            **block,
            "comments": by_section.get(block.get("key", ""), []),
            "can_edit": editable and bool(block.get("key")) and correction.editable(block),
            "shown_text": correction.block_text(block),
        }
        for block in version.content
    ]
    keys = {block.get("key") for block in version.content}
    return {
        "document": document,
        "campaign": campaign,
        "title": f"{document.get_kind_display()} – {_('Draft %(n)s') % {'n': version.number}}"
        if not document.is_issued
        else document.symbol,
        "version": version,
        "versions": versions,
        "is_current": is_current,
        "blocks": blocks,
        "general_comments": by_section.get("", []),
        "orphan_comments": [c for k, cs in by_section.items() if k and k not in keys for c in cs],
        "open_count": sum(1 for c in comments if c.status == CommentStatus.OPEN),
        "can": can,
        "editable": editable,
        "correctable": may_correct,
        "upload_form": WordUploadForm(initial={"version": document.version}),
        "commentable": commentable,
        "answerable": bool(can.get("draft")) and not document.is_issued,
        "comment_form": comment_form or CommentForm(),
        "comment_section": comment_section,
        "has_pdf": libreoffice() is not None,
        "has_figures": any(block.get("table") or block.get("tables") for block in version.content),
    }


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document, campaign = document_of(request, pk)
    context = document_context(request, document, campaign, number=request.GET.get("v"))
    return render(request, "ui/reviews/document.html", context)


@login_required
def document_diff(request: HttpRequest, pk: int) -> HttpResponse:
    """What changed between two drafts, section by section (default: the last two)."""
    document, campaign = document_of(request, pk)
    versions = list(doc_selectors.versions(document=document))
    numbers = [v.number for v in versions]
    new_number = request.GET.get("new") or (numbers[0] if numbers else None)
    old_number = request.GET.get("old") or (numbers[1] if len(numbers) > 1 else new_number)
    new = _version(document, new_number)
    old = _version(document, old_number)
    if old.number > new.number:
        old, new = new, old
    return render(
        request,
        "ui/reviews/diff.html",
        {
            "document": document,
            "campaign": campaign,
            "title": _("Changes between draft %(old)s and draft %(new)s")
            % {"old": old.number, "new": new.number},
            "old": old,
            "new": new,
            "versions": versions,
            "sections": [
                {
                    **section,
                    # The heading is the card's title: its unchanged line is not repeated.
                    "lines": [
                        line
                        for line in section["lines"]
                        if not (line["kind"] == "same" and line["text"].startswith("## "))
                    ],
                }
                for section in doc_selectors.version_diff(old=old, new=new)
            ],
        },
    )


@login_required
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit one section's text: saving makes a new draft (lần N+1)."""
    document, campaign = document_of(request, pk)
    key = request.POST.get("section") or request.GET.get("section") or ""
    current = _version(document)
    block = next((b for b in current.content if b.get("key") == key), None)
    if block is None or not correction.editable(block):
        messages.info(request, _("Choose the section to edit with its Edit link."))
        return redirect("ui:document_detail", pk=document.pk)
    if not correctable(request.user, document, campaign):
        if campaign is not None:
            raise PermissionDenied(_("Only the drafting team edits the drafts."))
        raise PermissionDenied(_("You cannot correct this document."))
    form = SectionEditForm(
        request.POST or None,
        initial={"text": correction.block_text(block), "version": document.version},
    )
    if request.method == "POST" and form.is_valid():
        label = block.get("heading") or block.get("article") or key
        content = call_service(
            form,
            correction.section_replace,
            content=current.content,
            key=key,
            text=form.cleaned_data["text"],
        )
        saved = None
        if content is not None:
            saved = call_service(
                form,
                services.dossier_save if campaign else correction.text_correct,
                by=request.user,
                document=document,
                content=content,
                note=form.cleaned_data["note"] or _("Edited: %(section)s") % {"section": label},
                version=form.cleaned_data["version"],
                edited_keys={key},
            )
        if saved is not None:
            messages.success(request, _("Saved as draft %(n)s.") % {"n": saved.number})
            return redirect(reverse("ui:document_detail", args=[document.pk]) + f"#s-{key}")
    return render(
        request,
        "ui/reviews/section_form.html",
        {
            "document": document,
            "campaign": campaign,
            "block": block,
            "key": key,
            "form": form,
            "title": block.get("heading") or _("Section %(key)s") % {"key": key},
            "draft": current.number,
        },
    )


@login_required
@require_POST
def document_comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    document, campaign = document_of(request, pk)
    if campaign is None:
        raise NotFound(_("Document not found."))
    form = CommentForm(request.POST)
    section = request.POST.get("section_key", "")
    if form.is_valid():
        try:
            services.dossier_comment(
                by=request.user,
                document=document,
                text=form.cleaned_data["text"],
                section_key=form.cleaned_data["section_key"],
                required=form.cleaned_data["required"],
            )
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            for field, errors in getattr(error, "error_dict", {None: [error]}).items():
                for item in errors:
                    for message in item.messages:
                        form.add_error("text" if field == "text" else None, message)
        else:
            messages.success(request, _("Comment sent to the drafting team."))
            anchor = f"#s-{section}" if section else "#general"
            return redirect(reverse("ui:document_detail", args=[document.pk]) + anchor)
    context = document_context(
        request, document, campaign, comment_form=form, comment_section=section
    )
    return render(request, "ui/reviews/document.html", context)


@login_required
@require_POST
def comment_answer(request: HttpRequest, pk: int) -> HttpResponse:
    comment = doc_selectors.comment_get(user=request.user, pk=pk)
    document = comment.document
    campaign = _campaign(request, document)
    if campaign is None:
        raise NotFound(_("Comment not found."))
    form = AnswerForm(request.POST, prefix=f"c{comment.pk}")
    if form.is_valid():
        try:
            services.dossier_comment_answer(
                by=request.user,
                comment=comment,
                status=form.cleaned_data["status"],
                reply=form.cleaned_data["reply"],
            )
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            for field, errors in getattr(error, "error_dict", {"": [error]}).items():
                for item in errors:
                    for message in item.messages:
                        form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("Answer recorded."))
            anchor = f"#s-{comment.section_key}" if comment.section_key else "#general"
            return redirect(reverse("ui:document_detail", args=[document.pk]) + anchor)
    context = document_context(request, document, campaign, answer_forms={comment.pk: form})
    return render(request, "ui/reviews/document.html", context)


# --- Files --------------------------------------------------------------------------------------


@login_required
def document_docx(request: HttpRequest, pk: int) -> HttpResponse:
    document, _unused = document_of(request, pk)
    version = _version(document, request.GET.get("v"))
    data = docx_of(document, version)
    return file_response(data, _file_name(document, version, "docx"), DOCX)


@login_required
def document_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    document, _unused = document_of(request, pk)
    version = _version(document, request.GET.get("v"))
    data = docx_to_pdf(docx_of(document, version))
    if data is None:
        messages.error(
            request, _("PDF is not available: LibreOffice is not installed on the server.")
        )
        return redirect("ui:document_detail", pk=document.pk)
    return file_response(data, _file_name(document, version, "pdf"), PDF)


@login_required
@require_POST
def document_pdf_job(request: HttpRequest, pk: int) -> HttpResponse:
    """Start rendering the PDF in the background; its page shows the progress bar and then
    offers the file."""
    from tongket.documents.jobs import pdf_start

    document, _unused = document_of(request, pk)
    version = _version(document, request.POST.get("v"))
    if libreoffice() is None:
        messages.error(
            request, _("PDF is not available: LibreOffice is not installed on the server.")
        )
        return redirect("ui:document_detail", pk=document.pk)
    job = pdf_start(by=request.user, document=document, version=version.number)
    back = reverse("ui:document_detail", args=[document.pk])
    return redirect(reverse("ui:job_detail", args=[job.pk]) + f"?back={back}")


@login_required
def document_pdf_file(request: HttpRequest, job: int) -> HttpResponse:
    """The PDF a finished rendering job made, for whoever may read the job and its
    document."""
    from tongket.core.jobs import job_get
    from tongket.documents.jobs import KIND

    found = job_get(user=request.user, pk=job)
    if found.kind != KIND or found.status != found.Status.DONE or not found.file:
        raise NotFound(_("Not found."))
    doc_selectors.document_get(user=request.user, pk=found.params.get("document"))
    with found.file.open("rb") as handle:
        data = handle.read()
    return file_response(data, found.file.name.rsplit("/", 1)[-1], PDF)


def _cell(value: Any, numeric: bool) -> Any:
    if not numeric or value in (None, "", "–"):
        return value
    text = str(value).replace("%", "").strip()
    try:
        return parse_number(text)
    except (NotANumber, ValueError):
        return value


@login_required
def document_figures(request: HttpRequest, pk: int) -> HttpResponse:
    """The data tables of a draft as a workbook (the annex handed out beside the report)."""
    document, _unused = document_of(request, pk)
    version = _version(document, request.GET.get("v"))
    workbook = new_workbook()
    used: set[str] = set()
    for block in version.content:
        for table in [block.get("table"), *(block.get("tables") or [])]:
            if not table or not table.get("columns"):
                continue
            name = (table.get("caption") or block.get("heading") or "Biểu")[:28]
            for char in "[]:*?/\\":
                name = name.replace(char, "-")
            title, n = name, 2
            while title in used:
                title, n = f"{name[:25]} ({n})", n + 1
            used.add(title)
            numeric = set(table.get("numeric") or [])
            rows = [
                [_cell(v, i in numeric) for i, v in enumerate(row)] for row in table.get("rows", [])
            ]
            columns = [str(c) for c in table["columns"]]
            # Two columns may share a title ("Chỉ tiêu"): the sheet keeps both.
            write_sheet(
                workbook,
                title,
                columns,
                rows,
                widths={columns[1]: 50} if len(columns) > 1 else None,
            )
    if not used:
        raise NotFound(_("This draft has no data tables."))
    return file_response(
        workbook_bytes(workbook, mark=mark_of(document)),
        _file_name(document, version, "xlsx"),
        XLSX,
    )


@login_required
def unit_report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's review report as the document the unit sends up (in its own format,
    addressed to the body running the review), not the web page."""
    from tongket.reviews.documents import unit_report_draft

    report = selectors.unit_report_get(user=request.user, pk=pk)
    document, content = unit_report_draft(report)
    data = render_docx(document, content)
    name = f"Báo cáo {report.unit.name} - {report.campaign.title}"[:120]
    return file_response(data, f"{name.replace('/', '-')}.docx", DOCX)

"""What is done on a nomination's page: edit, submit, the council's vote, approve, reject,
forward, the dossier's files and withdrawal. A refusal shows the page again with the
message beside the field it concerns."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongket.awards import selectors, services
from tongket.awards.models import Nomination
from tongket.core.errors import NotFound
from tongket.ui.forms.awards import (
    AchievementForm,
    CouncilForm,
    ForwardForm,
    NominationFileForm,
    RejectForm,
)
from tongket.ui.views.awards.common import refusal
from tongket.ui.views.awards.nomination_page import nomination_context


def _refused(
    request: HttpRequest,
    nomination: Nomination,
    error: Exception,
    action: str,
    form: Any = None,
    key: str = "",
) -> HttpResponse:
    """The nomination's page again with the refusal beside the field it concerns."""
    problems = refusal(error)
    if form is not None:
        for field in list(problems):
            if field in form.fields:
                for message in problems.pop(field):
                    form.add_error(field, message)
    nomination = selectors.nomination_get(user=request.user, pk=nomination.pk)
    context = nomination_context(
        request, nomination, problems=problems, forms={key: form} if key else {}, action=action
    )
    status = 403 if isinstance(error, PermissionDenied) else 200
    return render(request, "ui/awards/nomination.html", context, status=status)


def _invalid(
    request: HttpRequest, nomination: Nomination, form: Any, key: str, action: str
) -> HttpResponse:
    context = nomination_context(request, nomination, forms={key: form}, action=action)
    return render(request, "ui/awards/nomination.html", context)


@login_required
@require_POST
def nomination_edit(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    form = AchievementForm(request.POST)
    if not form.is_valid():
        return _invalid(request, nomination, form, "edit", "edit")
    try:
        services.nomination_update(
            by=request.user,
            nomination=nomination,
            version=form.cleaned_data["version"],
            achievement=form.cleaned_data["achievement"],
            note=form.cleaned_data["note"],
        )
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, nomination, error, "edit", form, "edit")
    messages.success(request, _("Achievements saved."))
    return redirect("ui:nomination_detail", pk=nomination.pk)


@login_required
@require_POST
def nomination_submit(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    try:
        services.nomination_submit(by=request.user, nomination=nomination)
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, nomination, error, "submit")
    messages.success(
        request,
        _("Submitted to %(unit)s for the awards council.") % {"unit": nomination.decider.name},
    )
    return redirect("ui:nomination_detail", pk=nomination.pk)


@login_required
@require_POST
def nomination_council(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    form = CouncilForm(request.POST, request.FILES, prefix="council")
    if not form.is_valid():
        return _invalid(request, nomination, form, "council", "council")
    data = form.cleaned_data
    try:
        services.nomination_council_review(
            by=request.user,
            nomination=nomination,
            votes_for=data["votes_for"],
            votes_total=data["votes_total"],
            on=data["on"],
            minutes=data["minutes"],
        )
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, nomination, error, "council", form, "council")
    messages.success(
        request,
        _("Council vote recorded: %(for)s of %(total)s for.")
        % {"for": data["votes_for"], "total": data["votes_total"]},
    )
    return redirect("ui:nomination_detail", pk=nomination.pk)


@login_required
@require_POST
def nomination_approve(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    try:
        services.nomination_approve(by=request.user, nomination=nomination)
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, nomination, error, "approve")
    messages.success(
        request,
        _("Approved: it is awarded by the next decision of %(form)s.")
        % {"form": nomination.form.name},
    )
    return redirect("ui:nomination_detail", pk=nomination.pk)


@login_required
@require_POST
def nomination_reject(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    form = RejectForm(request.POST, prefix="reject")
    if not form.is_valid():
        return _invalid(request, nomination, form, "reject", "reject")
    try:
        services.nomination_reject(
            by=request.user, nomination=nomination, reason=form.cleaned_data["reason"]
        )
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, nomination, error, "reject", form, "reject")
    messages.success(request, _("Rejected with your reason."))
    return redirect("ui:nomination_detail", pk=nomination.pk)


@login_required
@require_POST
def nomination_forward(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    targets = selectors.forward_targets(nomination=nomination)
    form = ForwardForm(request.POST, prefix="forward", authorities=targets)
    if not form.is_valid():
        return _invalid(request, nomination, form, "forward", "forward")
    to = form.authorities[form.cleaned_data["to"]]
    try:
        services.nomination_forward(by=request.user, nomination=nomination, to=to)
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, nomination, error, "forward", form, "forward")
    messages.success(request, _("Proposed to %(unit)s.") % {"unit": to.name})
    return redirect("ui:nomination_detail", pk=nomination.pk)


@login_required
@require_POST
def nomination_file_add(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    form = NominationFileForm(request.POST, request.FILES, prefix="file")
    if not form.is_valid():
        return _invalid(request, nomination, form, "file", "file")
    upload = form.cleaned_data["file"]
    try:
        services.nomination_file_add(
            by=request.user, nomination=nomination, kind=form.cleaned_data["kind"], file=upload
        )
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, nomination, error, "file", form, "file")
    messages.success(request, _("%(name)s added to the dossier.") % {"name": upload.name})
    return redirect(reverse("ui:nomination_detail", args=[nomination.pk]) + "#files")


@login_required
def nomination_file_download(request: HttpRequest, pk: int, dossier_pk: int) -> HttpResponse:
    """A file of the dossier, for those who may read the nomination (scope-checked above)."""
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    stored = selectors.nomination_files(nomination=nomination).filter(pk=dossier_pk).first()
    if stored is None:
        raise NotFound(_("Not found."))
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError as error:
        raise NotFound(_("The file is missing from storage.")) from error
    return FileResponse(
        handle, as_attachment=True, filename=stored.name, content_type=stored.content_type
    )


@login_required
@require_POST
def nomination_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a draft (the proposing unit's officers); a submitted one stays on record."""
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    name = nomination.nominee_name
    try:
        services.nomination_delete(by=request.user, nomination=nomination)
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, nomination, error, "withdraw")
    messages.success(request, _("The nomination of %(nominee)s was withdrawn.") % {"nominee": name})
    return redirect("ui:nomination_queue")

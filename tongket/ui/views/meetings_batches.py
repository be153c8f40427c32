"""A task given to several units, as its host keeps it: its task, deadline and note changed
for all its units' tasks not yet done, units added or taken back, and a batch given to a
level re-expanded against the level as it stands today (newcomers given the task only once
the officer confirms them)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tongket.core import scopes
from tongket.core.history import present
from tongket.meetings import selectors, services
from tongket.meetings.choices import AddressKind
from tongket.meetings.models import TaskBatch
from tongket.org import policy
from tongket.org.policy import Action
from tongket.ui.forms.meetings import TaskBatchExpandForm, TaskBatchForm, TaskBatchUnitsForm
from tongket.ui.views.base import call_service


def _host_batch(request: HttpRequest, pk: int) -> TaskBatch:
    """The batch, for the host's tracking officers only (others of the meeting: 403)."""
    batch = selectors.task_batch_get(user=request.user, pk=pk)
    meeting = batch.conclusion.meeting
    if not scopes.covers(request.user, meeting.host_unit, policy.roles(Action.HOST_MEETINGS)):
        raise PermissionDenied(_("Only the host's tracking officers edit the conference."))
    return batch


def _edit_url(batch: TaskBatch, anchor: str = "") -> str:
    return reverse("ui:task_batch_edit", args=[batch.pk]) + (f"#{anchor}" if anchor else "")


def _page(
    request: HttpRequest,
    batch: TaskBatch,
    *,
    form: TaskBatchForm | None = None,
    units_form: TaskBatchUnitsForm | None = None,
) -> HttpResponse:
    progress = selectors.task_batch_progress(user=request.user, batch=batch)
    today = timezone.localdate()
    for task in progress.tasks:
        task.effective = task.effective_status(today)
    if form is None:
        form = TaskBatchForm(
            initial={
                name: getattr(batch, name) for name in ("title", "deadline", "note", "version")
            }
        )
    if units_form is None:
        units_form = TaskBatchUnitsForm(
            units=[task.assignee for task in progress.tasks], initial={"version": batch.version}
        )
    return render(
        request,
        "ui/meetings/batch_form.html",
        {
            "title": _("Edit the task given to several units"),
            "form": form,
            "units_form": units_form,
            "meeting": batch.conclusion.meeting,
            "batch": batch,
            "progress": progress,
            "level": batch.address == AddressKind.LEVEL,
            "history": present(selectors.task_batch_history(batch=batch), user=request.user),
        },
    )


@login_required
def task_batch_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a batch's task and deadline for all its units' tasks not yet done; the page
    also lists its units (to add or take back) and its change log."""
    batch = _host_batch(request, pk)
    meeting = batch.conclusion.meeting
    if request.method != "POST":
        return _page(request, batch)
    form = TaskBatchForm(request.POST)
    if form.is_valid():
        saved = call_service(
            form, services.task_batch_update, by=request.user, batch=batch, **form.cleaned_data
        )
        if saved is not None:
            messages.success(request, _("Task changed for its units' tasks not yet done."))
            return redirect(reverse("ui:meeting_detail", args=[meeting.pk]) + f"#batch-{batch.pk}")
    return _page(request, batch, form=form)


@login_required
@require_POST
def task_batch_units(request: HttpRequest, pk: int) -> HttpResponse:
    """Give the batch's task to more units, or take it back from units not yet reported
    on (a unit that has reported is refused by name)."""
    batch = _host_batch(request, pk)
    units = [task.assignee for task in selectors.task_list(user=request.user, batch=batch)]
    form = TaskBatchUnitsForm(request.POST, units=units)
    if form.is_valid():
        data = form.cleaned_data
        if data["add"]:
            done: Any = call_service(
                form,
                services.task_batch_units_add,
                aliases={"units": "add"},
                by=request.user,
                batch=batch,
                units=data["add"],
                version=data["version"],
            )
            count = len(done) if done is not None else 0
            text = ngettext(
                "Task given to %(count)s more unit.", "Task given to %(count)s more units.", count
            )
        else:
            done = call_service(
                form,
                services.task_batch_units_remove,
                aliases={"units": "remove"},
                by=request.user,
                batch=batch,
                units=data["remove"],
                version=data["version"],
            )
            count = done or 0
            text = ngettext(
                "Task taken back from %(count)s unit.",
                "Task taken back from %(count)s units.",
                count,
            )
        if done is not None:
            messages.success(request, text % {"count": count})
            return redirect(_edit_url(batch, "units"))
    return _page(request, batch, units_form=form)


@login_required
def task_batch_expand(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: which units joined or left the batch's level since its date (nothing written).
    POST: the ticked newcomers are given the task."""
    batch = _host_batch(request, pk)
    changes = selectors.task_batch_level_changes(user=request.user, batch=batch)
    form = TaskBatchExpandForm(
        request.POST or None,
        joined=changes.joined,
        initial={"version": batch.version, "units": [unit.pk for unit in changes.joined]},
    )
    if request.method == "POST" and form.is_valid():
        added = call_service(
            form,
            services.task_batch_expand,
            by=request.user,
            batch=batch,
            units=form.cleaned_data["units"],
            version=form.cleaned_data["version"],
        )
        if added is not None:
            messages.success(
                request,
                ngettext(
                    "Task given to %(count)s unit that joined the level.",
                    "Task given to %(count)s units that joined the level.",
                    len(added),
                )
                % {"count": len(added)},
            )
            return redirect(_edit_url(batch, "units"))
    return render(
        request,
        "ui/meetings/batch_expand.html",
        {
            "title": _("Re-expand the task given to a level"),
            "meeting": batch.conclusion.meeting,
            "batch": batch,
            "changes": changes,
            "form": form,
        },
    )

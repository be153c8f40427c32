"""Conferences (hội nghị): the list and a month's calendar, recording one (kind, date and time
of day, format with bridge points, chair, people, agenda, review campaign, documents
presented), its page with conclusions and their follow-up tasks (the assigned unit sets the
status), and its invitation, minutes or conclusion notice rendered as a Word file."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tongket.core import scopes
from tongket.meetings import selectors, services
from tongket.meetings.models import Conclusion, FollowUpTask, Meeting
from tongket.org import policy
from tongket.org.policy import Action
from tongket.ui.forms.meetings import (
    ConclusionForm,
    MeetingFilterForm,
    MeetingForm,
    RemoteSiteForm,
    RenderForm,
    SiteRemoveForm,
    TaskForm,
    TaskStatusForm,
)
from tongket.ui.views.base import call_service, paginate
from tongket.ui.views.reporting.common import has_role
from tongket.ui.views.reviews.common import run

PER_PAGE = 30
PEOPLE = ("presenters", "participants", "participant_units")


# --- List and calendar ------------------------------------------------------------------------


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    form = MeetingFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    query = ""
    if form.is_valid():
        filters = {
            "kind": form.cleaned_data["kind"] or None,
            "start": form.cleaned_data["start"],
            "end": form.cleaned_data["end"],
        }
        query = form.cleaned_data["q"]
    meetings = selectors.meeting_list(user=request.user, **filters)
    if query:
        meetings = meetings.filter(Q(title__icontains=query) | Q(place__icontains=query))
    page = paginate(request, meetings, PER_PAGE)
    return render(
        request,
        "ui/meetings/list.html",
        {
            "title": _("Conferences"),
            "form": form,
            "page": page,
            "rows": list(page.object_list),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
            "can_record": has_role(request.user, policy.roles(Action.HOST_MEETINGS)),
        },
    )


def _month(value: str | None) -> tuple[int, int]:
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in (value or "").split("-")[:2])
        datetime.date(year, month, 1)
    except (ValueError, TypeError):
        return today.year, today.month
    return year, month


@login_required
def meeting_calendar(request: HttpRequest) -> HttpResponse:
    year, month = _month(request.GET.get("month"))
    data = selectors.calendar(user=request.user, year=year, month=month)
    short = {
        "sang": _("Morning"),
        "trua": _("Noon"),
        "chieu": _("Afternoon"),
        "toi": _("Evening"),
        "ca_ngay": _("All day"),
    }
    for week in data["weeks"]:
        for cell in week:
            for meeting in cell["meetings"]:
                meeting.short_time = short.get(meeting.time_of_day, "")
    first = data["first"]
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "ui/meetings/calendar.html",
        {
            "title": _("Conferences"),
            "weeks": data["weeks"],
            "first": first,
            "previous": f"{previous:%Y-%m}",
            "following": f"{following:%Y-%m}",
            "today": timezone.localdate(),
            "can_record": has_role(request.user, policy.roles(Action.HOST_MEETINGS)),
        },
    )


# --- Recording one ----------------------------------------------------------------------------


def _save_documents(request: HttpRequest, form: Any, meeting: Meeting, documents: Any) -> bool:
    present = set(meeting.documents.values_list("pk", flat=True))
    for document in documents or []:
        if document.pk in present:
            continue
        if (
            call_service(
                form,
                services.meeting_document_add,
                by=request.user,
                meeting=meeting,
                document=document,
            )
            is None
            and form.errors
        ):
            return False
    return True


@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, policy.roles(Action.HOST_MEETINGS)):
        raise PermissionDenied(_("Only tracking officers record conferences."))
    initial: dict[str, Any] = {}
    campaign_pk = request.GET.get("campaign")
    if campaign_pk:
        from tongket.reviews.selectors import campaign_get

        campaign = campaign_get(user=request.user, pk=campaign_pk)
        initial = {"campaign": campaign.pk, "host_unit": campaign.owner_unit}
    form = MeetingForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        documents = data.pop("documents", [])
        meeting = call_service(form, services.meeting_create, by=request.user, **data)
        if meeting is not None and _save_documents(request, form, meeting, documents):
            messages.success(request, _("Conference recorded."))
            return redirect("ui:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "ui/meetings/form.html",
        {"title": _("Record a conference"), "form": form, "submit": _("Record")},
    )


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    if not scopes.covers(request.user, meeting.host_unit, policy.roles(Action.HOST_MEETINGS)):
        raise PermissionDenied(_("Only the host's tracking officers edit the conference."))
    initial = {
        name: getattr(meeting, name)
        for name in (
            "kind",
            "title",
            "session",
            "date",
            "time_of_day",
            "format",
            "place",
            "chair",
            "secretary",
            "guests",
            "agenda",
            "minutes",
            "campaign",
            "version",
        )
    }
    initial.update(
        {
            "presenters": list(meeting.presenters.all()),
            "participants": list(meeting.participants.all()),
            "participant_units": list(meeting.participant_units.all()),
            "documents": list(meeting.documents.all()),
        }
    )
    form = MeetingForm(request.POST or None, user=request.user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        documents = data.pop("documents", [])
        saved = call_service(
            form, services.meeting_update, by=request.user, meeting=meeting, **data
        )
        if saved is not None and _save_documents(request, form, saved, documents):
            messages.success(request, _("Conference saved."))
            return redirect("ui:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "ui/meetings/form.html",
        {"title": _("Edit the conference"), "form": form, "meeting": meeting, "submit": _("Save")},
    )


# --- The conference's page ----------------------------------------------------------------------


def meeting_context(request: HttpRequest, meeting: Meeting, **forms: Any) -> dict[str, Any]:
    user = request.user
    host = scopes.covers(user, meeting.host_unit, policy.roles(Action.HOST_MEETINGS))
    today = timezone.localdate()
    conclusions = list(
        meeting.conclusions.prefetch_related(
            Prefetch(
                "tasks",
                queryset=FollowUpTask.objects.select_related(
                    "assignee", "assignee_group", "batch__root"
                ),
            )
        )
    )
    task_forms = forms.pop("task_forms", {})
    status_forms = forms.pop("status_forms", {})
    for conclusion in conclusions:
        conclusion.task_form = task_forms.get(conclusion.pk) or TaskForm(
            user=user, prefix=f"k{conclusion.pk}"
        )
        for task in conclusion.tasks.all():
            task.effective = task.effective_status(today)
            task.may_report = host or scopes.covers(
                user, task.assignee, policy.roles(Action.REPORT_ON_TASKS)
            )
            task.show_form = task.pk in status_forms
            task.status_form = status_forms.get(task.pk) or TaskStatusForm(
                prefix=f"t{task.pk}", initial={"status": task.status, "note": task.note}
            )
        # Tasks given to several units show as one line with its progress.
        conclusion.single_tasks, conclusion.batch_progress = selectors.tasks_by_batch(
            list(conclusion.tasks.all()), today
        )
    context = {
        "meeting": meeting,
        "title": meeting.title,
        "host": host,
        "sites": list(meeting.remote_sites.select_related("unit")),
        "presenters": list(meeting.presenters.all()),
        "participants": list(meeting.participants.all()),
        "participant_units": list(meeting.participant_units.all()),
        "documents": list(meeting.documents.select_related("issuer").order_by("id")),
        "conclusions": conclusions,
        "site_form": RemoteSiteForm(user=user, prefix="site"),
        "conclusion_form": ConclusionForm(prefix="conclusion"),
        "panel": forms.pop("panel", ""),
    }
    context.update(forms)
    return context


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    return render(request, "ui/meetings/detail.html", meeting_context(request, meeting))


def _again(request: HttpRequest, meeting: Meeting, **forms: Any) -> HttpResponse:
    meeting = selectors.meeting_get(user=request.user, pk=meeting.pk)
    return render(request, "ui/meetings/detail.html", meeting_context(request, meeting, **forms))


def _back(meeting: Meeting, anchor: str = "") -> HttpResponse:
    return redirect(
        reverse("ui:meeting_detail", args=[meeting.pk]) + (f"#{anchor}" if anchor else "")
    )


@login_required
@require_POST
def meeting_site_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    form = RemoteSiteForm(request.POST, user=request.user, prefix="site")
    if form.is_valid():
        done = call_service(
            form, services.remote_site_add, by=request.user, meeting=meeting, **form.cleaned_data
        )
        if done is not None:
            messages.success(request, _("Bridge point added."))
            return _back(meeting, "sites")
    return _again(request, meeting, site_form=form, panel="site")


@login_required
@require_POST
def meeting_site_remove(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    form = SiteRemoveForm(request.POST)
    site = None
    if form.is_valid():
        site = meeting.remote_sites.filter(pk=form.cleaned_data["site"]).first()
    if site is None:
        messages.error(request, _("No such bridge point."))
    else:
        run(
            request,
            services.remote_site_remove,
            _("Bridge point removed."),
            by=request.user,
            site=site,
        )
    return _back(meeting, "sites")


@login_required
@require_POST
def meeting_conclusion_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    form = ConclusionForm(request.POST, prefix="conclusion")
    if form.is_valid():
        done = call_service(
            form,
            services.conclusion_add,
            by=request.user,
            meeting=meeting,
            text=form.cleaned_data["text"],
        )
        if done is not None:
            messages.success(request, _("Conclusion recorded: add the tasks that follow from it."))
            return _back(meeting, f"k{done.pk}")
    return _again(request, meeting, conclusion_form=form, panel="conclusion")


@login_required
@require_POST
def conclusion_task_add(request: HttpRequest, pk: int) -> HttpResponse:
    conclusion: Conclusion = selectors.conclusion_get(user=request.user, pk=pk)
    meeting = conclusion.meeting
    form = TaskForm(request.POST, user=request.user, prefix=f"k{conclusion.pk}")
    if form.is_valid():
        batch = form.cleaned_data["mode"] == "batch"
        done = call_service(
            form,
            services.task_batch_add if batch else services.task_add,
            by=request.user,
            conclusion=conclusion,
            **form.service_arguments(),
        )
        if done is not None:
            if batch:
                count = done.tasks.count()
                messages.success(
                    request,
                    ngettext(
                        "Task given to %(count)s unit: followed as one.",
                        "Task given to %(count)s units: followed as one.",
                        count,
                    )
                    % {"count": count},
                )
            else:
                messages.success(
                    request,
                    _("Task given to %(unit)s.")
                    % {"unit": (done.assignee_group or done.assignee).name},
                )
            return _back(meeting, f"k{conclusion.pk}")
    return _again(request, meeting, task_forms={conclusion.pk: form}, panel=f"k{conclusion.pk}")


@login_required
@require_POST
def task_status(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    meeting = task.conclusion.meeting
    form = TaskStatusForm(request.POST, prefix=f"t{task.pk}")
    if form.is_valid():
        call_service(
            form,
            services.task_set_status,
            by=request.user,
            task=task,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            done_on=form.cleaned_data["done_on"],
        )
    readable = selectors.meeting_list(user=request.user).filter(pk=meeting.pk).exists()
    if form.is_valid():  # no refusal from the service either
        messages.success(request, _("Task status saved."))
        if readable and request.POST.get("next") != "due":
            return _back(meeting, f"task-{task.pk}")
        return redirect(reverse("ui:report_due") + "#tasks")
    if not readable:
        # The assignee may not read the meeting itself: tell it on its due page.
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("ui:report_due")
    return _again(request, meeting, status_forms={task.pk: form}, panel=f"t{task.pk}")


@login_required
@require_POST
def meeting_render(request: HttpRequest, pk: int) -> HttpResponse:
    """Draft the invitation, the minutes or the conclusion notice as a document, then
    download it."""
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    form = RenderForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an invitation, minutes or a conclusion notice."))
        return _back(meeting, "documents")
    document = run(
        request,
        services.meeting_render,
        _("Drafted: the Word file is in the documents of the conference."),
        by=request.user,
        meeting=meeting,
        kind=form.cleaned_data["kind"],
    )
    return _back(meeting, f"doc-{document.pk}" if document else "documents")

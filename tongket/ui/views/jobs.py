"""Background jobs (imports, renders) with their progress bar, and the user's notifications."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongket.core import services as core_services
from tongket.core.classification import notification_clearance_q
from tongket.core.errors import NotFound
from tongket.core.jobs import job_get
from tongket.core.models import Notification
from tongket.ui.views.base import paginate


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = job_get(user=request.user, pk=pk)
    back = request.GET.get("back", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    return render(request, "ui/jobs/detail.html", {"job": job, "title": job.title, "back": back})


@login_required
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the progress block, polled every second until the job is finished."""
    job = job_get(user=request.user, pk=pk)
    return render(request, "ui/jobs/_status.html", {"job": job})


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(
        notification_clearance_q(request.user), user=request.user
    ).order_by("-created_at", "-id")
    return render(
        request,
        "ui/jobs/notifications.html",
        {"page": paginate(request, notifications, 30), "title": _("Notifications")},
    )


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = Notification.objects.filter(
        notification_clearance_q(request.user), user=request.user, pk=pk
    ).first()
    if notification is None:
        raise NotFound(_("Not found."))
    core_services.notification_read(by=request.user, notification=notification)
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.url)
    return redirect("ui:notification_list")

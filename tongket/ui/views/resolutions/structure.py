"""Pages of a resolution's objectives, tasks and measures, and of the assignments of tasks to
lead and coordinating units."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongket.resolutions import selectors, services
from tongket.resolutions.choices import AssignmentStatus
from tongket.ui.forms.resolutions import AssignmentForm, AssignmentStatusForm, ItemForm
from tongket.ui.views.base import call_service
from tongket.ui.views.resolutions.common import (
    act,
    detail_url,
    done,
    form_view,
    require_keeper,
    submitted,
)

# --- Objectives, tasks and measures -------------------------------------------------------


@login_required
def resolution_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an objective, task or measure (under the item given as ?parent=)."""
    resolution = selectors.resolution_get(user=request.user, pk=pk)
    require_keeper(request, resolution)
    tree = selectors.item_tree(resolution=resolution)
    initial = {}
    parent_id = request.GET.get("parent", "")
    if parent_id.isdigit():
        parent = next((row["item"] for row in tree if row["item"].pk == int(parent_id)), None)
        if parent is not None:
            initial = {
                "parent": parent.pk,
                "kind": "task" if parent.kind == "objective" else "measure",
            }
    form = ItemForm(request.POST or None, items=tree, initial=initial)

    def write(data: dict[str, Any]) -> str | None:
        parent = next((row["item"] for row in tree if row["item"].pk == data["parent"]), None)
        item = call_service(
            form,
            services.item_create,
            by=request.user,
            resolution=resolution,
            kind=data["kind"],
            title=data["title"],
            parent=parent,
            description=data["description"],
        )
        return None if item is None else _("%(item)s added.") % {"item": item}

    return form_view(
        request,
        form,
        write,
        after=detail_url(resolution, "structure"),
        title=_("Add an objective, task or measure"),
        action=reverse("ui:resolution_item_add", args=[resolution.pk]),
        cancel=detail_url(resolution, "structure"),
        submit=_("Add"),
        resolution=resolution,
    )


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get(user=request.user, pk=pk)
    resolution = item.resolution
    require_keeper(request, resolution)
    form = ItemForm(
        request.POST or None,
        editing=True,
        initial={"kind": item.kind, "title": item.title, "description": item.description},
    )

    def write(data: dict[str, Any]) -> str | None:
        wrote = submitted(
            form,
            services.item_update,
            by=request.user,
            item=item,
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
        )
        return _("Changes saved.") if wrote else None

    return form_view(
        request,
        form,
        write,
        after=detail_url(resolution, "structure"),
        title=_("Edit %(number)s") % {"number": item.number or item.get_kind_display()},
        action=reverse("ui:item_edit", args=[item.pk]),
        cancel=detail_url(resolution, "structure"),
        submit=_("Save"),
        resolution=resolution,
    )


@login_required
@require_POST
def item_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get(user=request.user, pk=pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    act(request, services.item_move, _("Moved."), by=request.user, item=item, offset=offset)
    return done(request, detail_url(item.resolution, "structure"))


@login_required
@require_POST
def item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get(user=request.user, pk=pk)
    resolution = item.resolution
    act(
        request,
        services.item_delete,
        _("%(item)s removed.") % {"item": item},
        by=request.user,
        item=item,
    )
    return done(request, detail_url(resolution, "structure"))


# --- Assignments --------------------------------------------------------------------------


@login_required
def resolution_assignment_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Give an objective, task or measure (?item=) to a lead unit."""
    resolution = selectors.resolution_get(user=request.user, pk=pk)
    require_keeper(request, resolution)
    tree = selectors.item_tree(resolution=resolution)
    initial = {}
    if request.GET.get("item", "").isdigit():
        initial["item"] = int(request.GET["item"])
    if not tree:
        messages.info(request, _("Add the objectives and tasks first, then give them to units."))
        return done(request, detail_url(resolution, "structure"))
    form = AssignmentForm(request.POST or None, user=request.user, items=tree, initial=initial)

    def write(data: dict[str, Any]) -> str | None:
        item = next(row["item"] for row in tree if row["item"].pk == data["item"])
        wrote = submitted(
            form,
            services.assignment_create,
            by=request.user,
            item=item,
            lead_unit=data["lead_unit"],
            coordinating_units=data["coordinating_units"],
            deadline=data["deadline"],
            note=data["note"],
        )
        message = _("%(item)s given to %(unit)s.") % {"item": item, "unit": data["lead_unit"].name}
        return message if wrote else None

    return form_view(
        request,
        form,
        write,
        after=detail_url(resolution, "assignments"),
        title=_("Give a task to a unit"),
        action=reverse("ui:resolution_assignment_add", args=[resolution.pk]),
        cancel=detail_url(resolution, "assignments"),
        submit=_("Give the task"),
        resolution=resolution,
    )


@login_required
def assignment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_get(user=request.user, pk=pk)
    resolution = assignment.item.resolution
    require_keeper(request, resolution)
    form = AssignmentForm(
        request.POST or None,
        user=request.user,
        editing=True,
        initial={
            "lead_unit": assignment.lead_unit,
            "coordinating_units": list(assignment.coordinating_units.all()),
            "deadline": assignment.deadline,
            "note": assignment.note,
            "version": assignment.version,
        },
    )

    def write(data: dict[str, Any]) -> str | None:
        wrote = submitted(
            form,
            services.assignment_update,
            by=request.user,
            assignment=assignment,
            version=data["version"],
            lead_unit=data["lead_unit"],
            coordinating_units=data["coordinating_units"],
            deadline=data["deadline"],
            note=data["note"],
        )
        return _("Changes saved.") if wrote else None

    return form_view(
        request,
        form,
        write,
        after=detail_url(resolution, "assignments"),
        title=_("Edit the assignment of %(item)s") % {"item": assignment.item},
        action=reverse("ui:assignment_edit", args=[assignment.pk]),
        cancel=detail_url(resolution, "assignments"),
        submit=_("Save"),
        resolution=resolution,
    )


def _back_from_assignment(request: HttpRequest, default: str) -> str:
    back = request.POST.get("next") or request.GET.get("next") or ""
    return back if back.startswith("/") and not back.startswith("//") else default


@login_required
def assignment_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Report progress: the lead unit's people, or the keepers of the resolution."""
    assignment = selectors.assignment_get(user=request.user, pk=pk)
    resolution = assignment.item.resolution
    back = _back_from_assignment(request, detail_url(resolution, "assignments"))
    form = AssignmentStatusForm(
        request.POST or None,
        initial={
            "status": assignment.status,
            "completed_on": assignment.completed_on,
            "note": assignment.note,
        },
    )

    def write(data: dict[str, Any]) -> str | None:
        wrote = submitted(
            form,
            services.assignment_set_status,
            by=request.user,
            assignment=assignment,
            status=data["status"],
            note=data["note"],
            completed_on=data["completed_on"] if data["status"] == AssignmentStatus.DONE else None,
        )
        return _("Progress recorded.") if wrote else None

    return form_view(
        request,
        form,
        write,
        after=back,
        title=_("Progress of %(item)s") % {"item": assignment.item},
        action=reverse("ui:assignment_status", args=[assignment.pk]),
        cancel=back,
        submit=_("Record"),
        resolution=resolution,
        intro=_("Lead unit: %(unit)s. Deadline: %(deadline)s.")
        % {
            "unit": assignment.lead_unit.name,
            "deadline": assignment.deadline.strftime("%d/%m/%Y") if assignment.deadline else "—",
        },
        extra={"next": back},
    )


@login_required
@require_POST
def assignment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_get(user=request.user, pk=pk)
    resolution = assignment.item.resolution
    act(
        request,
        services.assignment_delete,
        _("Assignment removed."),
        by=request.user,
        assignment=assignment,
    )
    return done(request, detail_url(resolution, "assignments"))

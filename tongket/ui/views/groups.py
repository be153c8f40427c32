"""Pages of named bodies (Ban Chỉ đạo, Tổ Biên tập, Cơ quan Thường trực, Hội đồng Thi đua –
Khen thưởng): the list in my scope, recording and editing one, its members (people or
seats). The owning unit's tracking officers keep them (`Action.REGISTER_PEOPLE`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongket.core import scopes
from tongket.core.selectors import changelog_for_object
from tongket.meetings.selectors import task_list
from tongket.org import policy, selectors, services
from tongket.org.models import BodyGroup
from tongket.org.policy import Action
from tongket.reviews.selectors import campaign_list
from tongket.ui.forms.groups import (
    BodyGroupFilterForm,
    BodyGroupForm,
    BodyGroupMemberForm,
    BodyGroupMemberRemoveForm,
)
from tongket.ui.views.base import call_service, has_role, paginate, parse_day, run_service

FIELDS = ("kind", "name", "decision", "established_on", "dissolved_on", "note", "version")


def _keeps(user: Any, group: BodyGroup) -> bool:
    return scopes.covers(user, group.unit, policy.roles(Action.REGISTER_PEOPLE))


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    form = BodyGroupFilterForm(request.GET or None)
    query = form.cleaned_data if form.is_valid() else {}
    groups = selectors.body_group_list(
        user=request.user, search=query.get("q"), kind=query.get("kind") or None
    )
    return render(
        request,
        "ui/groups/list.html",
        {
            "title": _("Bodies"),
            "form": form,
            "page": paginate(request, groups, 50),
            "can_add": has_role(request.user, policy.roles(Action.REGISTER_PEOPLE)),
        },
    )


@login_required
def group_create(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {}
    if request.GET.get("unit"):
        initial["unit"] = selectors.unit_get(user=request.user, pk=request.GET["unit"])
    form = BodyGroupForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        group = call_service(form, services.body_group_create, by=request.user, **data)
        if group is not None:
            messages.success(request, _("Body recorded: name its members, if any."))
            return redirect("ui:group_detail", pk=group.pk)
    return render(
        request,
        "ui/groups/form.html",
        {"title": _("New body"), "form": form, "submit": _("Save")},
    )


@login_required
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = selectors.body_group_get(user=request.user, pk=pk)
    initial = {name: getattr(group, name) for name in FIELDS}
    form = BodyGroupForm(request.POST or None, user=request.user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form, services.body_group_update, by=request.user, group=group, **form.cleaned_data
        )
        if saved is not None:
            messages.success(request, _("Saved."))
            return redirect("ui:group_detail", pk=group.pk)
    return render(
        request,
        "ui/groups/form.html",
        {
            "title": _("Edit %(name)s") % {"name": group.name},
            "form": form,
            "group": group,
            "submit": _("Save"),
        },
    )


def _detail(request: HttpRequest, group: BodyGroup, **forms: Any) -> HttpResponse:
    day = parse_day(request.GET.get("on")) or timezone.localdate()
    keeps = _keeps(request.user, group)
    context = {
        "title": group.name,
        "group": group,
        "on": day,
        "members": selectors.body_group_members(group=group, on=day),
        "keeps": keeps,
        "member_form": forms.get("member_form")
        or (BodyGroupMemberForm(user=request.user, prefix="m") if keeps else None),
        "history": changelog_for_object(obj=group)[:50],
        # Where the body works: the reviews it steers or drafts, the tasks given to it (as
        # far as the reader may read them).
        "campaigns": list(
            campaign_list(user=request.user).filter(
                Q(steering_group=group) | Q(drafting_group=group)
            )[:50]
        ),
        "tasks": list(task_list(user=request.user).filter(assignee_group=group)[:50]),
    }
    return render(request, "ui/groups/detail.html", context)


@login_required
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.body_group_get(user=request.user, pk=pk))


@login_required
@require_POST
def group_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    group = selectors.body_group_get(user=request.user, pk=pk)
    form = BodyGroupMemberForm(request.POST, user=request.user, prefix="m")
    if form.is_valid():
        member = call_service(
            form, services.body_group_member_add, by=request.user, group=group, **form.cleaned_data
        )
        if member is not None:
            messages.success(request, _("Member added."))
            return redirect(reverse("ui:group_detail", args=[group.pk]) + "#members")
    return _detail(request, group, member_form=form)


@login_required
@require_POST
def group_member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    group = selectors.body_group_get(user=request.user, pk=pk)
    form = BodyGroupMemberRemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("No such member."))
    else:
        member = selectors.body_group_member_get(group=group, pk=form.cleaned_data["member"])
        run_service(
            request,
            services.body_group_member_remove,
            _("Member taken off."),
            by=request.user,
            member=member,
        )
    return redirect(reverse("ui:group_detail", args=[group.pk]) + "#members")

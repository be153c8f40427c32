"""Quản trị: users and their role grants."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongket.core import scopes
from tongket.core.errors import DomainError, NotFound
from tongket.core.history import present
from tongket.core.selectors import changelog_for_object
from tongket.org import policy, selectors, services
from tongket.org.policy import Action
from tongket.org.services.second_factor import second_factor_disable
from tongket.ui.forms.org import GrantForm, ResetPasswordForm, UserCreateForm, UserEditForm
from tongket.ui.views.base import call_service, paginate


def _require_admin(request: HttpRequest) -> None:
    if not scopes.is_unrestricted(request.user) and not scopes.scope_paths(
        request.user, policy.roles(Action.MANAGE_USERS)
    ):
        raise NotFound(_("Not found."))


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    query = request.GET.get("q", "").strip()
    users = selectors.user_list(user=request.user, search=query)
    return render(
        request,
        "ui/admin/user_list.html",
        {
            "page": paginate(request, users, 50),
            "query": query,
            "title": _("Users and roles"),
        },
    )


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    form = UserCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = call_service(form, services.user_create, by=request.user, **form.cleaned_data)
        if user is not None:
            messages.success(request, _("User %(u)s created.") % {"u": user.username})
            return redirect("ui:user_detail", pk=user.pk)
    return render(
        request,
        "ui/org/form.html",
        {"form": form, "title": _("New user"), "submit": _("Create user")},
    )


@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    target = selectors.user_get(user=request.user, pk=pk)
    edit_form = UserEditForm(
        request.POST if request.POST.get("form") == "edit" else None,
        user=request.user,
        initial={
            "person": target.person,
            "email": target.email,
            "clearance": target.clearance,
            "is_active": target.is_active,
        },
    )
    grant_form = GrantForm(
        request.POST if request.POST.get("form") == "grant" else None, user=request.user
    )
    password_form = ResetPasswordForm(
        request.POST if request.POST.get("form") == "password" else None, user=request.user
    )
    if request.method == "POST":
        done = None
        which = request.POST.get("form")
        if which == "edit" and edit_form.is_valid():
            done = call_service(
                edit_form,
                services.user_update,
                by=request.user,
                user=target,
                **edit_form.cleaned_data,
            )
        elif which == "grant" and grant_form.is_valid():
            done = call_service(
                grant_form,
                services.role_grant,
                by=request.user,
                user=target,
                **grant_form.cleaned_data,
            )
        elif which == "password" and password_form.is_valid():
            done = call_service(
                password_form,
                services.user_set_password,
                by=request.user,
                user=target,
                password=password_form.cleaned_data["password"],
            )
        elif which == "second_factor_off":
            # A user who lost the phone and the recovery codes (the form only carries errors).
            done = call_service(password_form, second_factor_disable, by=request.user, user=target)
        if done is not None:
            messages.success(request, _("Saved."))
            return redirect("ui:user_detail", pk=target.pk)
    return render(
        request,
        "ui/admin/user_detail.html",
        {
            "target": target,
            "title": target.username,
            "edit_form": edit_form,
            "grant_form": grant_form,
            "password_form": password_form,
            "grants": selectors.grants_of(user=target),
            "history": present(changelog_for_object(obj=target)[:50], user=request.user),
            "second_factor_on": selectors.second_factor_on(user=target),
        },
    )


@login_required
@require_POST
def grant_revoke(request: HttpRequest, pk: int, grant_pk: int) -> HttpResponse:
    _require_admin(request)
    target = selectors.user_get(user=request.user, pk=pk)
    grant = selectors.grants_of(user=target).filter(pk=grant_pk).first()
    if grant is None or not scopes.covers(request.user, grant.unit):
        raise NotFound(_("Not found."))
    try:
        services.role_revoke(by=request.user, grant=grant)
        messages.success(request, _("Role removed."))
    except (PermissionDenied, DomainError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return redirect("ui:user_detail", pk=target.pk)

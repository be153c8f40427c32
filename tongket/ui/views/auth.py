"""Login, logout, password change, language."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tongket.org.selectors import second_factor_on
from tongket.org.services import user_set_password
from tongket.ui.forms.fields import StyledForm
from tongket.ui.views.base import call_service
from tongket.ui.views.second_step import start_second_step


class LoginForm(AuthenticationForm):
    """Sign-in: after repeated failures from one address the name must wait before the
    next attempt; the message is the same whether the name exists or not."""

    def clean(self):  # type: ignore[no-untyped-def]
        try:
            return super().clean()
        except forms.ValidationError:
            wait = getattr(self.request, "tongket_wait_seconds", None)
            if wait:
                raise forms.ValidationError(
                    _(
                        "Too many failed attempts from this computer. Wait %(seconds)s "
                        "seconds, then try again."
                    )
                    % {"seconds": wait},
                    code="throttled",
                ) from None
            raise


def safe_next(request: HttpRequest, target: str) -> str:
    """`target` when it is a page of this site, else ""."""
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return ""
    return target


def login_view(request: HttpRequest) -> HttpResponse:
    """Sign-in, first step: the password. A user with a second factor is not signed in yet:
    the session only remembers, for a few minutes, whose password was right, and the next
    page asks for the code (`account.login_code`)."""
    if request.user.is_authenticated:
        return redirect("ui:home")
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        target = safe_next(request, request.GET.get("next") or request.POST.get("next") or "")
        if second_factor_on(user=user):
            start_second_step(request, user, target)
            return redirect("ui:login_code")
        login(request, user)
        return redirect(target or "ui:home")
    return render(
        request, "ui/auth/login.html", {"form": form, "next": request.GET.get("next", "")}
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("ui:login")


class PasswordForm(StyledForm):
    old_password = forms.CharField(
        label=gettext_lazy("Current password"), widget=forms.PasswordInput
    )
    new_password = forms.CharField(label=gettext_lazy("New password"), widget=forms.PasswordInput)
    new_password2 = forms.CharField(
        label=gettext_lazy("New password again"), widget=forms.PasswordInput
    )

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("new_password") and data.get("new_password") != data.get("new_password2"):
            self.add_error("new_password2", _("The two new passwords differ."))
        return data


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = call_service(
            form,
            user_set_password,
            by=request.user,
            user=request.user,
            password=form.cleaned_data["new_password"],
            old_password=form.cleaned_data["old_password"],
            aliases={"password": "new_password"},
        )
        if user is not None:
            update_session_auth_hash(request, user)
            messages.success(request, _("Your password has been changed."))
            return redirect("ui:home")
    return render(request, "ui/auth/password.html", {"form": form, "title": _("Change password")})

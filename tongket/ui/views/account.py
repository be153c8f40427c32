"""The signed-in user's own account page: password, and the second factor (set up with an
authenticator app, confirm with a code, recovery codes shown once, turn off)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tongket.org import selectors, totp
from tongket.org.services.second_factor import (
    issuer_name,
    recovery_codes_renew,
    second_factor_begin,
    second_factor_confirm,
    second_factor_disable,
)
from tongket.ui.forms.fields import StyledForm
from tongket.ui.views.base import call_service


class ConfirmForm(StyledForm):
    code = forms.CharField(
        label=gettext_lazy("Code the app shows"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class CodeForm(StyledForm):
    code = forms.CharField(
        label=gettext_lazy("Code from the app, or a recovery code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )


def _page(request: HttpRequest, **context: object) -> HttpResponse:
    user = request.user
    waiting = selectors.second_factor_waiting(user=user)
    base = {
        "title": _("My account"),
        "second_factor_on": selectors.second_factor_on(user=user),
        "required": selectors.second_factor_required(user=user),
        "codes_left": selectors.recovery_codes_left(user=user),
        "waiting": waiting,
        "confirm_form": ConfirmForm(),
        "code_form": CodeForm(),
    }
    if waiting is not None:
        base["secret_groups"] = " ".join(
            waiting.secret[i : i + 4] for i in range(0, len(waiting.secret), 4)
        )
        base["otpauth_uri"] = totp.provisioning_uri(
            waiting.secret, account=user.get_username(), issuer=issuer_name()
        )
    base.update(context)
    return render(request, "ui/auth/account.html", base)


@never_cache
@login_required
def account(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def second_factor_start(request: HttpRequest) -> HttpResponse:
    form = ConfirmForm()
    if call_service(form, second_factor_begin, by=request.user, user=request.user) is None:
        return _page(request, confirm_form=form)
    return redirect("ui:account")


@never_cache
@login_required
@require_POST
def second_factor_finish(request: HttpRequest) -> HttpResponse:
    form = ConfirmForm(request.POST)
    codes = None
    if form.is_valid():
        codes = call_service(
            form,
            second_factor_confirm,
            by=request.user,
            user=request.user,
            code=form.cleaned_data["code"],
        )
    if codes is None:
        return _page(request, confirm_form=form)
    messages.success(request, _("The second factor is on: sign-in will ask for a code."))
    return _page(request, recovery_codes=codes)


@never_cache
@login_required
@require_POST
def recovery_codes_new(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    codes = None
    if form.is_valid():
        codes = call_service(
            form,
            recovery_codes_renew,
            by=request.user,
            user=request.user,
            code=form.cleaned_data["code"],
        )
    if codes is None:
        return _page(request, code_form=form)
    return _page(request, recovery_codes=codes)


@login_required
@require_POST
def second_factor_off(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    if form.is_valid() and call_service(
        form,
        second_factor_disable,
        by=request.user,
        user=request.user,
        code=form.cleaned_data["code"],
    ):
        messages.success(request, _("The second factor is off."))
        return redirect("ui:account")
    return _page(request, code_form=form)

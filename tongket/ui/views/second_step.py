"""Sign-in, second step: the authenticator's code (or a recovery code) after the password.

Between the two steps the user is not signed in: the session holds only whose password was
right, since when, and where to go next. The code must come within PENDING_SECONDS and
within MAX_CODE_ATTEMPTS tries; after that the password is asked again. Wrong codes are
also counted per account, whatever the address, in a count that a right password does not
clear (only a right code does): past LOGIN_MAX_FAILURES each further code waits 1 s, 2 s,
4 s… (`org.auth`), so someone who has the password cannot go on guessing codes by signing in
again and again.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from tongket.org.auth import attempt_failed, attempts_cleared, seconds_to_wait
from tongket.org.models import User
from tongket.org.services.second_factor import second_factor_verify
from tongket.ui.forms.fields import StyledForm
from tongket.ui.views.base import call_service

SESSION_PENDING = "tongket_second_step"
PENDING_SECONDS = 300
MAX_CODE_ATTEMPTS = 5


class CodeForm(StyledForm):
    code = forms.CharField(
        label=gettext_lazy("Code from the authenticator app, or a recovery code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


def start_second_step(request: HttpRequest, user: User, target: str) -> None:
    """Remember that `user`'s password was right (not a sign-in)."""
    request.session.cycle_key()
    request.session[SESSION_PENDING] = {
        "user": user.pk,
        "backend": getattr(user, "backend", ""),
        "since": time.time(),
        "next": target,
        "tries": 0,
    }


def code_key(user: User) -> str:
    """The count of wrong codes of an account (hashed, as the password pairs are)."""
    return "login-code:" + hashlib.sha256(str(user.pk).encode()).hexdigest()


def pending_user(request: HttpRequest) -> tuple[User | None, dict[str, Any]]:
    """The user waiting for the second step, if the wait has not expired."""
    pending = request.session.get(SESSION_PENDING) or {}
    if not pending or time.time() - pending.get("since", 0) > PENDING_SECONDS:
        request.session.pop(SESSION_PENDING, None)
        return None, {}
    user = User.objects.filter(pk=pending.get("user"), is_active=True).first()
    return user, pending


@never_cache
def login_code(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("ui:home")
    user, pending = pending_user(request)
    if user is None:
        messages.info(request, _("Sign in again: enter your user name and password."))
        return redirect("ui:login")
    form = CodeForm(request.POST or None)
    key = code_key(user)
    if request.method == "POST" and form.is_valid():
        wait = seconds_to_wait(key)
        if wait:
            form.add_error(
                "code",
                _(
                    "Too many wrong codes for this account. Wait %(seconds)s seconds, "
                    "then try again."
                )
                % {"seconds": wait},
            )
        elif call_service(form, second_factor_verify, user=user, code=form.cleaned_data["code"]):
            request.session.pop(SESSION_PENDING, None)
            attempts_cleared(key)
            login(request, user, backend=pending.get("backend") or None)
            return redirect(pending.get("next") or "ui:home")
        else:
            attempt_failed(key)
        # A code refused, or sent while it had to wait, is one of the tries.
        pending["tries"] = pending.get("tries", 0) + 1
        if pending["tries"] >= MAX_CODE_ATTEMPTS:
            request.session.pop(SESSION_PENDING, None)
            messages.error(request, _("Too many wrong codes. Sign in again."))
            return redirect("ui:login")
        request.session[SESSION_PENDING] = pending
    return render(
        request,
        "ui/auth/login_code.html",
        {"form": form, "title": _("Second step of sign-in"), "username": user.username},
    )

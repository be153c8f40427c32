"""A nomination's page: its checks (each shown as passed or failed), what the user may do on
it, its files, forms and history."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.awards import selectors, services
from tongket.awards.choices import CheckLevel, NominationState, NomineeKind
from tongket.awards.models import Nomination
from tongket.core.history import present
from tongket.core.selectors import changelog_for_object
from tongket.ui.forms.awards import (
    AchievementForm,
    CouncilForm,
    ForwardForm,
    NominationFileForm,
    RejectForm,
)
from tongket.ui.views.awards.common import can_decide, can_handle

HISTORY_SHOWN = 40


def all_checks(nomination: Nomination, *, reader: Any) -> list[Any]:
    """The service's checks, with a passing line for each check it only reports when it
    fails (repeats, duplicates, the individual's position, the criteria): every check is
    shown as passed or failed."""
    found = services.checks(nomination, reader=reader)
    codes = {check.code for check in found}
    form = nomination.form
    passed = {
        "kind": _("%(form)s is given to %(kind)s.")
        % {"form": form.name, "kind": NomineeKind(nomination.nominee_kind).label.lower()},
        "repeat": _("The nominee has not received %(form)s within the last %(years)s year(s).")
        % {"form": form.name, "years": form.repeat_years},
        "duplicate": _("The nominee is not proposed twice for this form this year."),
    }
    if nomination.nominee_person_id:
        passed["position"] = _("%(person)s holds a position in %(unit)s or below.") % {
            "person": nomination.nominee_person.full_name,  # type: ignore[union-attr]
            "unit": nomination.proposing_unit.name,
        }
    if form.criteria:
        passed["criteria"] = _("The nominee meets the criteria of the form.")
    for code, message in passed.items():
        if code not in codes:
            found.append(services.Check(code, CheckLevel.OK, message))
    order = ["authority", "kind", "quota", "repeat", "duplicate", "position", "criteria"]
    return sorted(found, key=lambda check: order.index(check.code) if check.code in order else 99)


def nomination_context(
    request: HttpRequest,
    nomination: Nomination,
    *,
    problems: dict[str, list[str]] | None = None,
    forms: dict[str, Any] | None = None,
    action: str = "",
) -> dict[str, Any]:
    user = request.user
    forms = forms or {}
    handle = can_handle(user, nomination)
    decide = can_decide(user, nomination)
    state = nomination.state
    is_draft = state == NominationState.DRAFT
    checks = (
        all_checks(nomination, reader=user)
        if state
        in (
            NominationState.DRAFT,
            NominationState.SUBMITTED,
            NominationState.COUNCIL_REVIEWED,
            NominationState.FORWARDED,
        )
        else []
    )
    can_forward = decide and state in (
        NominationState.DRAFT,
        NominationState.SUBMITTED,
        NominationState.COUNCIL_REVIEWED,
    )
    targets = selectors.forward_targets(nomination=nomination) if can_forward else []
    history = list(changelog_for_object(obj=nomination)[:HISTORY_SHOWN])
    return {
        "nomination": nomination,
        "title": nomination.nominee_name,
        "checks": checks,
        "blocking": [c for c in checks if c.level == CheckLevel.ERROR],
        "files": list(selectors.nomination_files(nomination=nomination)),
        "handle": handle,
        "decide": decide,
        "editable": handle and is_draft,
        "can_submit": handle and is_draft,
        "can_add_file": handle and state in (NominationState.DRAFT, NominationState.SUBMITTED),
        "can_council": decide and state in (NominationState.SUBMITTED, NominationState.FORWARDED),
        "can_approve": decide
        and state in (NominationState.COUNCIL_REVIEWED, NominationState.FORWARDED),
        "can_reject": decide
        and state in (NominationState.SUBMITTED, NominationState.COUNCIL_REVIEWED),
        "can_forward": can_forward and bool(targets),
        "problems": problems or {},
        "proposal": nomination.proposal if nomination.proposal_id else None,
        "action": action,
        "edit_form": forms.get("edit")
        or AchievementForm(
            initial={
                "achievement": nomination.achievement,
                "note": nomination.note,
                "version": nomination.version,
            }
        ),
        "file_form": forms.get("file") or NominationFileForm(prefix="file"),
        "council_form": forms.get("council")
        or CouncilForm(prefix="council", initial={"on": timezone.localdate()}),
        "reject_form": forms.get("reject") or RejectForm(prefix="reject"),
        "forward_form": forms.get("forward") or ForwardForm(prefix="forward", authorities=targets),
        "history": present(history, user=request.user),
    }


@login_required
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    return render(request, "ui/awards/nomination.html", nomination_context(request, nomination))

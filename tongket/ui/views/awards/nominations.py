"""Nominations: the officer's queue, the list with its filters, a new nomination with the
achievement pre-filled from the nominee's results, and a nomination's page (checks, dossier
files, workflow: submit, council vote, approve, reject, forward)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongket.awards import proposals, selectors, services
from tongket.awards.choices import CheckLevel, NominationState, NomineeKind
from tongket.awards.models import Nomination
from tongket.core import scopes
from tongket.core.errors import NotFound
from tongket.core.history import present
from tongket.core.selectors import changelog_for_object
from tongket.org import policy
from tongket.org.policy import Action
from tongket.org.selectors import person_list
from tongket.reviews.selectors import campaign_list
from tongket.ui.forms.awards import (
    AchievementForm,
    CouncilForm,
    ForwardForm,
    NominationCreateForm,
    NominationFileForm,
    NominationFilterForm,
    RejectForm,
)
from tongket.ui.views.awards.common import (
    call,
    can_decide,
    can_handle,
    is_officer,
    refusal,
)
from tongket.ui.views.base import active_unit, paginate

PER_PAGE = 50
PROPOSALS_SHOWN = 10
HISTORY_SHOWN = 40


def _award_forms() -> list[Any]:
    return list(selectors.form_list(active_on=timezone.localdate()))


# --- Queue and list -------------------------------------------------------------------------


@login_required
def nomination_queue(request: HttpRequest) -> HttpResponse:
    """Mine to handle: drafts of the units I propose for, and nominations waiting for a
    decision of an authority I cover (forwarded ones from below included)."""
    user = request.user
    drafts = selectors.nomination_list(user=user, state=NominationState.DRAFT).filter(
        scopes.scope_q(user, "proposing_unit__path", policy.roles(Action.PROPOSE_AWARDS))
    )
    waiting = selectors.queue(user=user)
    return render(
        request,
        "ui/awards/queue.html",
        {
            "title": _("My commendation queue"),
            "drafts": list(drafts[:100]),
            "waiting": list(waiting[:200]),
            "officer": is_officer(user),
        },
    )


@login_required
def nomination_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    award_forms = _award_forms()
    campaigns = list(campaign_list(user=user))
    filters = NominationFilterForm(
        request.GET or None, user=user, award_forms=award_forms, campaigns=campaigns
    )
    nominations = selectors.nomination_list(user=user)
    if filters.is_valid():
        data = filters.cleaned_data
        nominations = selectors.nomination_list(
            user=user,
            state=data["state"] or None,
            form=next((f for f in award_forms if f.pk == data["form"]), None),
            campaign=next((c for c in campaigns if c.pk == data["campaign"]), None),
            proposing_unit=data["unit"],
        )
        if data["kind"]:
            nominations = nominations.filter(nominee_kind=data["kind"])
        if data["year"]:
            nominations = nominations.filter(year=data["year"])
    return render(
        request,
        "ui/awards/list.html",
        {
            "title": _("Nominations"),
            "filters": filters,
            "page": paginate(request, nominations, PER_PAGE),
            "query": request.GET.copy(),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
            "officer": is_officer(user),
            # Batches submitted and awaiting their proposal (tờ trình), for the proposing
            # unit's officers; the proposals made, for all who reach their nominations.
            "batches": proposals.proposal_batches(user=user) if is_officer(user) else [],
            "proposals": list(proposals.proposal_list(user=user)[:PROPOSALS_SHOWN]),
        },
    )


# --- New nomination -------------------------------------------------------------------------


def _create_form(request: HttpRequest, data: Any = None) -> NominationCreateForm:
    user = request.user
    initial: dict[str, Any] = {"year": timezone.localdate().year}
    unit = active_unit(request)
    if unit is not None and scopes.covers(user, unit, policy.roles(Action.PROPOSE_AWARDS)):
        initial["proposing_unit"] = unit
    from tongket.resolutions.selectors import resolution_list

    campaigns = list(campaign_list(user=user))
    resolutions = list(resolution_list(user=user)[:200])
    if request.GET.get("campaign"):
        chosen = next((c for c in campaigns if str(c.pk) == request.GET["campaign"]), None)
        if chosen is not None:
            initial["campaign"] = chosen.pk
            initial["year"] = chosen.span_to
    return NominationCreateForm(
        data,
        user=user,
        initial=initial,
        award_forms=_award_forms(),
        campaigns=campaigns,
        resolutions=resolutions,
    )


@login_required
def nomination_create(request: HttpRequest) -> HttpResponse:
    form = _create_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        nomination = call(
            form,
            services.nomination_create,
            by=request.user,
            proposing_unit=data["proposing_unit"],
            form=form.award_forms[data["form"]],
            year=data["year"],
            nominee_unit=data["nominee_unit"],
            nominee_person=data["nominee_person"],
            decider=data["decider"],
            campaign=form.campaigns.get(data["campaign"]),
            resolution=form.resolutions.get(data["resolution"]),
            emulation_period=data["emulation_period"],
            achievement=data["achievement"],
        )
        if nomination is not None:
            messages.success(
                request,
                _(
                    "Nomination of %(nominee)s created. Read the checks, add the dossier, then submit."
                )
                % {"nominee": nomination.nominee_name},
            )
            return redirect("ui:nomination_detail", pk=nomination.pk)
    return render(
        request,
        "ui/awards/create.html",
        {"title": _("New nomination"), "form": form, "officer": is_officer(request.user)},
    )


@login_required
def nomination_prefill(request: HttpRequest) -> HttpResponse:
    """htmx: the achievement summary drawn from the nominee's indicator results and reporting
    record, for the form being filled (nothing is written)."""
    form = _create_form(request, request.GET)
    form.is_valid()
    data = form.cleaned_data
    text, problem = "", ""
    nominee_unit = data.get("nominee_unit")
    nominee_person = data.get("nominee_person")
    if not data.get("proposing_unit") or not (nominee_unit or nominee_person):
        problem = _("Choose the proposing unit and the nominee first.")
    else:
        draft = Nomination(
            proposing_unit=data["proposing_unit"],
            decider=data["proposing_unit"],
            nominee_kind=NomineeKind.COLLECTIVE if nominee_unit else NomineeKind.INDIVIDUAL,
            nominee_unit=nominee_unit,
            nominee_person=nominee_person,
            year=data.get("year") or timezone.localdate().year,
            campaign=form.campaigns.get(data.get("campaign")),
            resolution=form.resolutions.get(data.get("resolution")),
        )
        text = services.achievement_text(draft)
        if not text:
            problem = _(
                "No result to draw from: tie the nomination to a campaign or a resolution, "
                "or write the achievements."
            )
    return render(
        request,
        "ui/awards/_achievement_field.html",
        {"form": form, "text": text or data.get("achievement") or "", "problem": problem},
    )


@login_required
def nomination_people(request: HttpRequest) -> HttpResponse:
    """htmx: datalist options for a person field (people of the user's units)."""
    query = request.GET.get("q") or next((v for k, v in request.GET.items() if k != "list"), "")
    text = query.split(" — ")[-1] if " — " in query else query
    people = person_list(user=request.user, search=text)[:20] if text.strip() else []
    return render(request, "ui/awards/_person_options.html", {"people": people})


# --- A nomination ---------------------------------------------------------------------------


def all_checks(nomination: Nomination) -> list[Any]:
    """The service's checks, with a passing line for each check it only reports when it
    fails (repeats, duplicates, the individual's position, the criteria): every check is
    shown as passed or failed."""
    found = services.checks(nomination)
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
        all_checks(nomination)
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


def _refused(
    request: HttpRequest,
    nomination: Nomination,
    error: Exception,
    action: str,
    form: Any = None,
    key: str = "",
) -> HttpResponse:
    """The nomination's page again with the refusal beside the field it concerns."""
    problems = refusal(error)
    if form is not None:
        for field in list(problems):
            if field in form.fields:
                for message in problems.pop(field):
                    form.add_error(field, message)
    nomination = selectors.nomination_get(user=request.user, pk=nomination.pk)
    context = nomination_context(
        request, nomination, problems=problems, forms={key: form} if key else {}, action=action
    )
    status = 403 if isinstance(error, PermissionDenied) else 200
    return render(request, "ui/awards/nomination.html", context, status=status)


def _invalid(
    request: HttpRequest, nomination: Nomination, form: Any, key: str, action: str
) -> HttpResponse:
    context = nomination_context(request, nomination, forms={key: form}, action=action)
    return render(request, "ui/awards/nomination.html", context)


@login_required
@require_POST
def nomination_edit(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    form = AchievementForm(request.POST)
    if not form.is_valid():
        return _invalid(request, nomination, form, "edit", "edit")
    try:
        services.nomination_update(
            by=request.user,
            nomination=nomination,
            version=form.cleaned_data["version"],
            achievement=form.cleaned_data["achievement"],
            note=form.cleaned_data["note"],
        )
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, nomination, error, "edit", form, "edit")
    messages.success(request, _("Achievements saved."))
    return redirect("ui:nomination_detail", pk=nomination.pk)


@login_required
@require_POST
def nomination_submit(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    try:
        services.nomination_submit(by=request.user, nomination=nomination)
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, nomination, error, "submit")
    messages.success(
        request,
        _("Submitted to %(unit)s for the awards council.") % {"unit": nomination.decider.name},
    )
    return redirect("ui:nomination_detail", pk=nomination.pk)


@login_required
@require_POST
def nomination_council(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    form = CouncilForm(request.POST, request.FILES, prefix="council")
    if not form.is_valid():
        return _invalid(request, nomination, form, "council", "council")
    data = form.cleaned_data
    try:
        services.nomination_council_review(
            by=request.user,
            nomination=nomination,
            votes_for=data["votes_for"],
            votes_total=data["votes_total"],
            on=data["on"],
            minutes=data["minutes"],
        )
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, nomination, error, "council", form, "council")
    messages.success(
        request,
        _("Council vote recorded: %(for)s of %(total)s for.")
        % {"for": data["votes_for"], "total": data["votes_total"]},
    )
    return redirect("ui:nomination_detail", pk=nomination.pk)


@login_required
@require_POST
def nomination_approve(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    try:
        services.nomination_approve(by=request.user, nomination=nomination)
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, nomination, error, "approve")
    messages.success(
        request,
        _("Approved: it is awarded by the next decision of %(form)s.")
        % {"form": nomination.form.name},
    )
    return redirect("ui:nomination_detail", pk=nomination.pk)


@login_required
@require_POST
def nomination_reject(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    form = RejectForm(request.POST, prefix="reject")
    if not form.is_valid():
        return _invalid(request, nomination, form, "reject", "reject")
    try:
        services.nomination_reject(
            by=request.user, nomination=nomination, reason=form.cleaned_data["reason"]
        )
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, nomination, error, "reject", form, "reject")
    messages.success(request, _("Rejected with your reason."))
    return redirect("ui:nomination_detail", pk=nomination.pk)


@login_required
@require_POST
def nomination_forward(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    targets = selectors.forward_targets(nomination=nomination)
    form = ForwardForm(request.POST, prefix="forward", authorities=targets)
    if not form.is_valid():
        return _invalid(request, nomination, form, "forward", "forward")
    to = form.authorities[form.cleaned_data["to"]]
    try:
        services.nomination_forward(by=request.user, nomination=nomination, to=to)
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, nomination, error, "forward", form, "forward")
    messages.success(request, _("Proposed to %(unit)s.") % {"unit": to.name})
    return redirect("ui:nomination_detail", pk=nomination.pk)


# --- Dossier files --------------------------------------------------------------------------


@login_required
@require_POST
def nomination_file_add(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    form = NominationFileForm(request.POST, request.FILES, prefix="file")
    if not form.is_valid():
        return _invalid(request, nomination, form, "file", "file")
    upload = form.cleaned_data["file"]
    try:
        services.nomination_file_add(
            by=request.user, nomination=nomination, kind=form.cleaned_data["kind"], file=upload
        )
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, nomination, error, "file", form, "file")
    messages.success(request, _("%(name)s added to the dossier.") % {"name": upload.name})
    return redirect(reverse("ui:nomination_detail", args=[nomination.pk]) + "#files")


@login_required
def nomination_file_download(request: HttpRequest, pk: int, dossier_pk: int) -> HttpResponse:
    """A file of the dossier, for those who may read the nomination (scope-checked above)."""
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    stored = selectors.nomination_files(nomination=nomination).filter(pk=dossier_pk).first()
    if stored is None:
        raise NotFound(_("Not found."))
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError as error:
        raise NotFound(_("The file is missing from storage.")) from error
    return FileResponse(
        handle, as_attachment=True, filename=stored.name, content_type=stored.content_type
    )


@login_required
@require_POST
def nomination_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a draft (the proposing unit's officers); a submitted one stays on record."""
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    name = nomination.nominee_name
    try:
        services.nomination_delete(by=request.user, nomination=nomination)
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, nomination, error, "withdraw")
    messages.success(request, _("The nomination of %(nominee)s was withdrawn.") % {"nominee": name})
    return redirect("ui:nomination_queue")

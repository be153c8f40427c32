"""Nominations: the officer's queue, the list with its filters, a new nomination with the
achievement pre-filled from the nominee's results, and a nomination's page (checks, dossier
files, workflow: submit, council vote, approve, reject, forward).

The page is in `nomination_page` and what is done on it in `nomination_actions`; both are
imported here, so every nomination view is still found in this module."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.awards import proposals, selectors, services
from tongket.awards.choices import NominationState, NomineeKind
from tongket.awards.models import Nomination
from tongket.core import scopes
from tongket.org import policy
from tongket.org.policy import Action
from tongket.org.selectors import person_list
from tongket.reviews.selectors import campaign_list
from tongket.ui.forms.awards import NominationCreateForm, NominationFilterForm
from tongket.ui.views.awards.common import call, is_officer
from tongket.ui.views.awards.nomination_actions import (
    nomination_approve,
    nomination_council,
    nomination_edit,
    nomination_file_add,
    nomination_file_download,
    nomination_forward,
    nomination_reject,
    nomination_submit,
    nomination_withdraw,
)
from tongket.ui.views.awards.nomination_page import (
    all_checks,
    nomination_context,
    nomination_detail,
)
from tongket.ui.views.base import active_unit, paginate

PER_PAGE = 50
PROPOSALS_SHOWN = 10


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


__all__ = [
    "all_checks",
    "nomination_approve",
    "nomination_context",
    "nomination_council",
    "nomination_create",
    "nomination_detail",
    "nomination_edit",
    "nomination_file_add",
    "nomination_file_download",
    "nomination_forward",
    "nomination_list",
    "nomination_people",
    "nomination_prefill",
    "nomination_queue",
    "nomination_reject",
    "nomination_submit",
    "nomination_withdraw",
]

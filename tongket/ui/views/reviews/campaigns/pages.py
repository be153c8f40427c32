"""The campaigns' list, opening and editing one, and its page (with the helpers the page's
forms answer through: the page again with a form's errors, or back to it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from tongket.core.text import search_key
from tongket.meetings import selectors as meeting_selectors
from tongket.org import policy
from tongket.org.policy import Action
from tongket.reviews import selectors, services
from tongket.reviews.choices import Body, CampaignKind, CampaignShape, CampaignState, DossierRole
from tongket.reviews.models import ReviewCampaign
from tongket.reviews.services.plans import PLAN_STATES
from tongket.ui.forms.reviews import (
    AdoptForm,
    AppraiseForm,
    CampaignBodyForm,
    CampaignFilterForm,
    CampaignForm,
    DateOnlyForm,
    MemberForm,
    MilestoneForm,
    OutlineSectionForm,
    ParticipantForm,
)
from tongket.ui.views.base import call_service, paginate
from tongket.ui.views.reporting.common import has_role
from tongket.ui.views.reviews.common import permissions

PER_PAGE = 30
# Where a review may end without a new resolution: (kind, shape) → states.
CLOSABLE = {
    (CampaignKind.INTERIM, CampaignShape.ISSUED): (CampaignState.ADOPTED,),
    (None, CampaignShape.REPORTED): (CampaignState.SUBMITTED, CampaignState.ADOPTED),
}
STEPS = [
    CampaignState.DRAFTING,
    CampaignState.CONSULTATION,
    CampaignState.APPRAISAL,
    CampaignState.SUBMITTED,
    CampaignState.ADOPTED,
    CampaignState.ISSUED,
]


# --- List -----------------------------------------------------------------------------------


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    form = CampaignFilterForm(request.GET or None, user=request.user)
    state = kind = query = ""
    if form.is_valid():
        state = form.cleaned_data["state"]
        kind = form.cleaned_data["kind"]
        query = form.cleaned_data["q"]
    campaigns = selectors.campaign_list(user=request.user, state=state or None)
    if kind:
        campaigns = campaigns.filter(kind=kind)
    # Every word must match the title as typed, or the resolution without diacritics.
    for word in query.split():
        campaigns = campaigns.filter(
            Q(title__icontains=word)
            | Q(resolution__symbol__icontains=word)
            | Q(resolution__search_key__contains=search_key(word))
        )
    page = paginate(request, campaigns, PER_PAGE)
    return render(
        request,
        "ui/reviews/list.html",
        {
            "title": _("Reviews"),
            "form": form,
            "page": page,
            "rows": list(page.object_list),
            "steps": STEPS,
            "query": request.GET.copy(),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
            "can_open": has_role(request.user, policy.roles(Action.KEEP_REVIEWS)),
        },
    )


# --- Opening and editing ----------------------------------------------------------------------


@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, policy.roles(Action.KEEP_REVIEWS)):
        raise PermissionDenied(_("Only tracking officers open a review."))
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        campaign = call_service(form, services.campaign_create, by=request.user, **data)
        if campaign is not None:
            messages.success(
                request,
                _(
                    "Review opened with the standard outline: add the committee, the team and the "
                    "participating units."
                ),
            )
            return redirect("ui:campaign_detail", pk=campaign.pk)
    return render(
        request,
        "ui/reviews/form.html",
        {"title": _("Open a review"), "form": form, "submit": _("Open the review")},
    )


@login_required
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    if not selectors.can_run(request.user, campaign):
        raise PermissionDenied(_("Only the standing agency's tracking officers edit the review."))
    initial = {
        name: getattr(campaign, name)
        for name in (
            "kind",
            "title",
            "span_from",
            "span_to",
            "span_label",
            "next_from",
            "next_to",
            "standing_agency",
            "appraisal_unit",
            "style",
            "shape",
            "reports_to",
            "with_appraisal",
            "version",
        )
    }
    form = CampaignForm(request.POST or None, user=request.user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        saved = call_service(
            form,
            services.campaign_update,
            by=request.user,
            campaign=campaign,
            version=version,
            **data,
        )
        if saved is not None:
            messages.success(request, _("Review saved."))
            return redirect("ui:campaign_detail", pk=campaign.pk)
    return render(
        request,
        "ui/reviews/form.html",
        {
            "title": _("Edit the review"),
            "form": form,
            "campaign": campaign,
            "submit": _("Save"),
        },
    )


# --- The campaign's page ----------------------------------------------------------------------


def _awards_url(campaign: ReviewCampaign) -> str:
    try:
        return reverse("ui:campaign_awards", args=[campaign.pk])
    except NoReverseMatch:
        return ""


def campaign_context(
    request: HttpRequest, campaign: ReviewCampaign, **forms: Any
) -> dict[str, Any]:
    user = request.user
    can = permissions(user, campaign)
    members = list(selectors.members(campaign=campaign))
    reports = {r.unit_id: r for r in selectors.unit_report_list(user=user, campaign=campaign)}
    participants = [
        {"participant": p, "report": reports.get(p.unit_id)}
        for p in selectors.participants(campaign=campaign)
    ]
    meetings = list(meeting_selectors.meeting_list(user=user, campaign=campaign))
    # The plan comes first: it is written at the start of the review.
    order = [
        DossierRole.PLAN,
        DossierRole.REPORT,
        DossierRole.SUBMISSION,
        DossierRole.DRAFT_RESOLUTION,
    ]
    dossier = sorted(
        selectors.dossier_rows(campaign=campaign),
        key=lambda row: order.index(row["role"]) if row["role"] in order else len(order),
    )
    open_forms = campaign.state not in (CampaignState.ISSUED, CampaignState.CLOSED)
    panel = forms.pop("panel", "")
    context = {
        "campaign": campaign,
        "title": campaign.title,
        "can": can,
        "steps": [{"state": s, "label": CampaignState(s).label} for s in STEPS],
        # A review closed without a new resolution stops at its last step.
        "step_index": STEPS.index(campaign.state)
        if campaign.state in STEPS
        else STEPS.index(CampaignState.ADOPTED),
        "closable": campaign.state
        in CLOSABLE.get((campaign.kind, campaign.shape), CLOSABLE.get((None, campaign.shape), ())),
        "milestones": selectors.milestones(campaign=campaign),
        "steering": [m for m in members if m.body == Body.STEERING_COMMITTEE],
        "team": [m for m in members if m.body == Body.DRAFTING_TEAM],
        "participants": participants,
        "report_counts": selectors.unit_report_counts(campaign=campaign),
        "outline": list(campaign.outline.order_by("order", "id")),
        "dossier": dossier,
        # The dossier proper is drafted once the review report is there (the plan alone
        # is not a dossier).
        "drafted": any(row["role"] == DossierRole.REPORT for row in dossier),
        "has_plan": any(row["role"] == DossierRole.PLAN for row in dossier),
        "plan": next((row["document"] for row in dossier if row["role"] == DossierRole.PLAN), None),
        "plan_issue_form": DateOnlyForm(prefix="plan_issue"),
        "plan_states": PLAN_STATES,
        "open_comments": {
            "open": sum(d["open"] for d in dossier),
            # What holds adoption back: the plan's comments do not.
            "required": sum(d["required"] for d in dossier if d["role"] != DossierRole.PLAN),
        },
        "meetings": meetings,
        "awards_url": _awards_url(campaign),
        "panel": panel,
        "editable_outline": can["run"] and campaign.state == CampaignState.DRAFTING,
        "open_forms": open_forms,
        "member_form": MemberForm(user=user, prefix="member"),
        "body_form": CampaignBodyForm(
            user=user, prefix="body", initial={"version": campaign.version}
        ),
        "participant_form": ParticipantForm(user=user, prefix="units"),
        "milestone_form": MilestoneForm(prefix="milestone"),
        "section_form": OutlineSectionForm(prefix="section"),
        "appraise_form": AppraiseForm(prefix="appraise"),
        "adopt_form": AdoptForm(
            prefix="adopt",
            meetings=selectors.adoption_meetings(user=user, campaign=campaign),
            initial={"meeting": next((m.pk for m in meetings), None)},
        ),
        "submit_form": DateOnlyForm(prefix="submit"),
        "issue_form": DateOnlyForm(prefix="issue"),
        "close_form": DateOnlyForm(prefix="close"),
    }
    context.update(forms)
    return context


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    return render(request, "ui/reviews/detail.html", campaign_context(request, campaign))


def _again(
    request: HttpRequest, campaign: ReviewCampaign, panel: str, **forms: Any
) -> HttpResponse:
    """The campaign's page again with a form's errors beside its fields, its panel open."""
    campaign = selectors.campaign_get(user=request.user, pk=campaign.pk)
    context = campaign_context(request, campaign, panel=panel, **forms)
    return render(request, "ui/reviews/detail.html", context)


def _back(campaign: ReviewCampaign, anchor: str = "") -> HttpResponse:
    url = reverse("ui:campaign_detail", args=[campaign.pk])
    return redirect(url + (f"#{anchor}" if anchor else ""))


def _form_step(
    request: HttpRequest,
    campaign: ReviewCampaign,
    form: forms.Form,
    service: Callable[..., Any],
    arguments: tuple[str, ...] | None,
    success: str | Callable[[Any], str],
    *,
    panel: str = "",
    anchor: str = "",
    key: str = "",
    aliases: dict[str, str] | None = None,
) -> HttpResponse:
    """A form of the campaign's page: the service given the campaign and the form's values
    (each of `arguments` from the form's field of that name, or the one `aliases` maps it
    to; None: every field), then `success` (or what it says of the service's result) and
    back to the campaign at `anchor`; else the campaign's page again with the form's errors
    (as `key`, by default `<prefix>_form`), its panel (by default the form's prefix) open."""
    aliases = aliases or {}
    if form.is_valid():
        data = form.cleaned_data
        names = data if arguments is None else arguments
        values = {name: data[aliases.get(name, name)] for name in names}
        done = call_service(
            form, service, aliases=aliases, by=request.user, campaign=campaign, **values
        )
        if done is not None:
            messages.success(request, success(done) if callable(success) else success)
            return _back(campaign, anchor)
    prefix = form.prefix or ""
    return _again(request, campaign, panel or prefix, **{key or f"{prefix}_form": form})

"""Review campaigns: the list, opening and editing one, and its page: timetable, committee
and team, participating units with their reports, outline, dossier and the workflow, each
step shown only to the role that owns it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

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
    MemberRemoveForm,
    MilestoneDoneForm,
    MilestoneForm,
    OutlineSectionForm,
    ParticipantForm,
)
from tongket.ui.views.base import call_service, paginate
from tongket.ui.views.reporting.common import has_role
from tongket.ui.views.reviews.common import permissions, run

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


@login_required
@require_POST
def campaign_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    form = MemberForm(request.POST, user=request.user, prefix="member")
    if form.is_valid():
        done = call_service(
            form, services.member_add, by=request.user, campaign=campaign, **form.cleaned_data
        )
        if done is not None:
            messages.success(request, _("%(person)s added.") % {"person": done.person.full_name})
            return _back(campaign, "members")
    return _again(request, campaign, "member", member_form=form)


@login_required
@require_POST
def campaign_body_set(request: HttpRequest, pk: int) -> HttpResponse:
    """Name the body that is the campaign's steering committee or drafting team."""
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    form = CampaignBodyForm(request.POST, user=request.user, prefix="body")
    if form.is_valid():
        done = call_service(
            form,
            services.campaign_body_set,
            by=request.user,
            campaign=campaign,
            **form.cleaned_data,
        )
        if done is not None:
            messages.success(request, _("Saved."))
            return _back(campaign, "members")
    return _again(request, campaign, "body", body_form=form)


@login_required
@require_POST
def campaign_member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    form = MemberRemoveForm(request.POST)
    member = None
    if form.is_valid():
        member = (
            campaign.members.select_related("person").filter(pk=form.cleaned_data["member"]).first()
        )
    if member is None:
        messages.error(request, _("No such member."))
    else:
        run(request, services.member_remove, _("Member removed."), by=request.user, member=member)
    return _back(campaign, "members")


@login_required
@require_POST
def campaign_participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    form = ParticipantForm(request.POST, user=request.user, prefix="units")
    if form.is_valid():
        done = call_service(
            form,
            services.participant_add,
            by=request.user,
            campaign=campaign,
            units=form.cleaned_data["units"],
            due_date=form.cleaned_data["due_date"],
        )
        if done is not None:
            messages.success(
                request,
                _("The outline was sent to %(n)s unit(s): each has a pre-filled report to write.")
                % {"n": len(done)},
            )
            return _back(campaign, "participants")
    return _again(request, campaign, "units", participant_form=form)


@login_required
@require_POST
def campaign_milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    form = MilestoneForm(request.POST, prefix="milestone")
    if form.is_valid():
        done = call_service(
            form, services.milestone_add, by=request.user, campaign=campaign, **form.cleaned_data
        )
        if done is not None:
            messages.success(request, _("Milestone added."))
            return _back(campaign, "timetable")
    return _again(request, campaign, "milestone", milestone_form=form)


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = selectors.milestone_get(user=request.user, pk=pk)
    form = MilestoneDoneForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    else:
        run(
            request,
            services.milestone_done,
            _("Milestone marked as done."),
            by=request.user,
            milestone=milestone,
            done_on=form.cleaned_data["done_on"],
        )
    return _back(milestone.campaign, "timetable")


@login_required
@require_POST
def campaign_outline_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    form = OutlineSectionForm(request.POST, prefix="section")
    if form.is_valid():
        data = dict(form.cleaned_data)
        data["source"] = data.get("source") or ""
        if campaign.outline.filter(key=data["key"]).exists():
            form.add_error("key", _("A section with this key exists: choose another key."))
        else:
            done = call_service(
                form,
                services.outline_section_set,
                by=request.user,
                campaign=campaign,
                after=data.pop("after") or None,
                **data,
            )
            if done is not None:
                messages.success(request, _("Section added to the outline."))
                return _back(campaign, "outline")
    return _again(request, campaign, "section", section_form=form)


@login_required
def outline_edit(request: HttpRequest, pk: int) -> HttpResponse:
    section = selectors.outline_section_get(user=request.user, pk=pk)
    campaign = section.campaign
    initial = {
        "key": section.key,
        "title": section.title,
        "level": section.level,
        "source": section.source,
        "guidance": section.guidance,
    }
    form = OutlineSectionForm(request.POST or None, initial=initial)
    form.fields["key"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("after", None)
        data["key"] = section.key
        data["source"] = data.get("source") or ""
        done = call_service(
            form, services.outline_section_set, by=request.user, campaign=campaign, **data
        )
        if done is not None:
            messages.success(request, _("Section saved."))
            return _back(campaign, "outline")
    return render(
        request,
        "ui/reviews/outline_form.html",
        {
            "title": _("Section of the outline"),
            "campaign": campaign,
            "section": section,
            "form": form,
            "editable": selectors.can_run(request.user, campaign)
            and campaign.state == CampaignState.DRAFTING,
        },
    )


@login_required
@require_POST
def outline_remove(request: HttpRequest, pk: int) -> HttpResponse:
    section = selectors.outline_section_get(user=request.user, pk=pk)
    campaign = section.campaign
    run(
        request,
        services.outline_section_remove,
        _("Section removed from the outline."),
        by=request.user,
        section=section,
    )
    return _back(campaign, "outline")


# --- Workflow ---------------------------------------------------------------------------------


@login_required
@require_POST
def campaign_synthesize(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    first = DossierRole.REPORT not in selectors.dossier(campaign=campaign)
    run(
        request,
        services.campaign_synthesize,
        _(
            "The dossier was drafted from the data: the review report, the submission and the "
            "draft resolution."
        )
        if first
        else _("New drafts with fresh figures: the text people edited is kept."),
        by=request.user,
        campaign=campaign,
    )
    return _back(campaign, "dossier")


@login_required
@require_POST
def campaign_plan_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """Draft the review plan from the outline, timetable and units, or draft it again."""
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    first = DossierRole.PLAN not in selectors.dossier(campaign=campaign)
    run(
        request,
        services.campaign_plan_draft,
        _("The review plan was drafted from the outline, the timetable and the units.")
        if first
        else _(
            "New draft of the plan with the timetable and units: the text people edited is kept."
        ),
        by=request.user,
        campaign=campaign,
    )
    return _back(campaign, "dossier")


@login_required
@require_POST
def campaign_plan_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue the review plan on its own: its number from the reviewing body's registry and
    the date given (empty: today)."""
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    form = DateOnlyForm(request.POST, prefix="plan_issue")
    if form.is_valid():
        plan = call_service(
            form,
            services.campaign_plan_issue,
            aliases={"issued_on": "on"},
            by=request.user,
            campaign=campaign,
            issued_on=form.cleaned_data["on"],
        )
        if plan is not None:
            messages.success(
                request, _("The review plan is issued: %(symbol)s.") % {"symbol": plan.symbol}
            )
            return _back(campaign, "dossier")
    return _again(request, campaign, "plan", plan_issue_form=form)


@login_required
@require_POST
def campaign_consult(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    run(
        request,
        services.campaign_consult,
        _("Consultation opened: the committee and the team may comment on the drafts."),
        by=request.user,
        campaign=campaign,
    )
    return _back(campaign)


@login_required
@require_POST
def campaign_request_appraisal(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    run(
        request,
        services.campaign_request_appraisal,
        _("The dossier was sent for appraisal."),
        by=request.user,
        campaign=campaign,
    )
    return _back(campaign)


@login_required
@require_POST
def campaign_appraise(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    _require(request, campaign, "appraise", _("Only the appraisal unit records the appraisal."))
    form = AppraiseForm(request.POST, prefix="appraise")
    if form.is_valid():
        done = call_service(
            form,
            services.campaign_appraise,
            by=request.user,
            campaign=campaign,
            opinion=form.cleaned_data["opinion"],
            on=form.cleaned_data["on"],
        )
        if done is not None:
            messages.success(request, _("Appraisal recorded."))
            return _back(campaign)
    return _again(request, campaign, "appraise", appraise_form=form)


@login_required
@require_POST
def campaign_submit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    _require(
        request,
        campaign,
        "run",
        _("Only the standing agency's tracking officers submit the dossier."),
    )
    form = DateOnlyForm(request.POST, prefix="submit")
    if form.is_valid():
        done = call_service(
            form,
            services.campaign_submit,
            by=request.user,
            campaign=campaign,
            on=form.cleaned_data["on"],
        )
        if done is not None:
            messages.success(request, _("The dossier was submitted for adoption."))
            return _back(campaign)
    return _again(request, campaign, "submit", submit_form=form)


@login_required
@require_POST
def campaign_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    _require(
        request,
        campaign,
        "adopt",
        _("Only the head of the steering committee or the reviewing body's leaders adopt."),
    )
    meetings = selectors.adoption_meetings(user=request.user, campaign=campaign)
    form = AdoptForm(request.POST, prefix="adopt", meetings=meetings)
    if form.is_valid():
        done = call_service(
            form,
            services.campaign_adopt,
            by=request.user,
            campaign=campaign,
            meeting=form.cleaned_data["meeting"],
            on=form.cleaned_data["on"],
        )
        if done is not None:
            messages.success(request, _("The dossier was adopted."))
            return _back(campaign)
    return _again(request, campaign, "adopt", adopt_form=form)


@login_required
@require_POST
def campaign_issue(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    _require(
        request,
        campaign,
        "issue",
        _("Only the reviewing body's tracking officers issue the new resolution."),
    )
    form = DateOnlyForm(request.POST, prefix="issue")
    if form.is_valid():
        try:
            new = services.campaign_issue(
                by=request.user, campaign=campaign, issued_on=form.cleaned_data["on"]
            )
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            call_service(form, _raise, error=error, aliases={"issued_on": "on"})
        else:
            messages.success(
                request,
                _("Resolution %(symbol)s issued and the review is closed.")
                % {"symbol": new.symbol},
            )
            return _back(campaign)
    return _again(request, campaign, "issue", issue_form=form)


@login_required
@require_POST
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    """End a mid-term review, or one reported upward, without a new resolution."""
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    _require(request, campaign, "issue", _("Only the reviewing body's tracking officers close it."))
    form = DateOnlyForm(request.POST, prefix="close")
    if form.is_valid():
        done = call_service(
            form,
            services.campaign_close,
            by=request.user,
            campaign=campaign,
            on=form.cleaned_data["on"],
        )
        if done is not None:
            messages.success(request, _("The review is closed without a new resolution."))
            return _back(campaign)
    return _again(request, campaign, "close", close_form=form)


def _require(request: HttpRequest, campaign: ReviewCampaign, step: str, message: str) -> None:
    """A step's form answers 403 to anyone but the role that owns the step."""
    if not permissions(request.user, campaign)[step]:
        raise PermissionDenied(message)


def _raise(*, error: Exception) -> None:
    raise error

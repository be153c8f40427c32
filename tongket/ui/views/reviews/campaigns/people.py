"""The campaign's committee and team, participating units, timetable and outline."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongket.reviews import selectors, services
from tongket.reviews.choices import CampaignState
from tongket.ui.forms.reviews import (
    CampaignBodyForm,
    MemberForm,
    MemberRemoveForm,
    MilestoneDoneForm,
    MilestoneForm,
    OutlineSectionForm,
    ParticipantForm,
)
from tongket.ui.views.base import call_service
from tongket.ui.views.reviews.campaigns.pages import _again, _back, _form_step
from tongket.ui.views.reviews.common import run


@login_required
@require_POST
def campaign_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    return _form_step(
        request,
        campaign,
        MemberForm(request.POST, user=request.user, prefix="member"),
        services.member_add,
        None,
        lambda member: _("%(person)s added.") % {"person": member.person.full_name},
        anchor="members",
    )


@login_required
@require_POST
def campaign_body_set(request: HttpRequest, pk: int) -> HttpResponse:
    """Name the body that is the campaign's steering committee or drafting team."""
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    return _form_step(
        request,
        campaign,
        CampaignBodyForm(request.POST, user=request.user, prefix="body"),
        services.campaign_body_set,
        None,
        _("Saved."),
        anchor="members",
    )


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
    return _form_step(
        request,
        campaign,
        ParticipantForm(request.POST, user=request.user, prefix="units"),
        services.participant_add,
        ("units", "due_date"),
        lambda added: (
            _("The outline was sent to %(n)s unit(s): each has a pre-filled report to write.")
            % {"n": len(added)}
        ),
        anchor="participants",
        key="participant_form",
    )


@login_required
@require_POST
def campaign_milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    return _form_step(
        request,
        campaign,
        MilestoneForm(request.POST, prefix="milestone"),
        services.milestone_add,
        None,
        _("Milestone added."),
        anchor="timetable",
    )


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

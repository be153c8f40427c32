"""The campaign's workflow: drafting the dossier, consultation, appraisal, submission,
adoption, issue and closing, each step's form answering only the role that owns it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongket.reviews import selectors, services
from tongket.reviews.choices import DossierRole
from tongket.reviews.models import ReviewCampaign
from tongket.ui.forms.reviews import AdoptForm, AppraiseForm, DateOnlyForm
from tongket.ui.views.reviews.campaigns.pages import _back, _form_step
from tongket.ui.views.reviews.common import permissions, run

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
    return _form_step(
        request,
        campaign,
        DateOnlyForm(request.POST, prefix="plan_issue"),
        services.campaign_plan_issue,
        ("issued_on",),
        lambda plan: _("The review plan is issued: %(symbol)s.") % {"symbol": plan.symbol},
        panel="plan",
        anchor="dossier",
        aliases={"issued_on": "on"},
    )


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
    return _form_step(
        request,
        campaign,
        AppraiseForm(request.POST, prefix="appraise"),
        services.campaign_appraise,
        ("opinion", "on"),
        _("Appraisal recorded."),
    )


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
    return _form_step(
        request,
        campaign,
        DateOnlyForm(request.POST, prefix="submit"),
        services.campaign_submit,
        ("on",),
        _("The dossier was submitted for adoption."),
    )


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
    return _form_step(
        request,
        campaign,
        AdoptForm(request.POST, prefix="adopt", meetings=meetings),
        services.campaign_adopt,
        ("meeting", "on"),
        _("The dossier was adopted."),
    )


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
    return _form_step(
        request,
        campaign,
        DateOnlyForm(request.POST, prefix="issue"),
        services.campaign_issue,
        ("issued_on",),
        lambda new: (
            _("Resolution %(symbol)s issued and the review is closed.") % {"symbol": new.symbol}
        ),
        aliases={"issued_on": "on"},
    )


@login_required
@require_POST
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    """End a mid-term review, or one reported upward, without a new resolution."""
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    _require(request, campaign, "issue", _("Only the reviewing body's tracking officers close it."))
    return _form_step(
        request,
        campaign,
        DateOnlyForm(request.POST, prefix="close"),
        services.campaign_close,
        ("on",),
        _("The review is closed without a new resolution."),
    )


def _require(request: HttpRequest, campaign: ReviewCampaign, step: str, message: str) -> None:
    """A step's form answers 403 to anyone but the role that owns the step."""
    if not permissions(request.user, campaign)[step]:
        raise PermissionDenied(message)

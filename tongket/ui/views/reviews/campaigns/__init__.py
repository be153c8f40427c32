"""Review campaigns: the list, opening and editing one, and its page: timetable, committee
and team, participating units with their reports, outline, dossier and the workflow, each
step shown only to the role that owns it."""

from __future__ import annotations

from tongket.ui.views.reviews.campaigns.pages import (
    CLOSABLE,
    PER_PAGE,
    STEPS,
    campaign_context,
    campaign_create,
    campaign_detail,
    campaign_edit,
    campaign_list,
)
from tongket.ui.views.reviews.campaigns.people import (
    campaign_body_set,
    campaign_member_add,
    campaign_member_remove,
    campaign_milestone_add,
    campaign_outline_add,
    campaign_participant_add,
    milestone_done,
    outline_edit,
    outline_remove,
)
from tongket.ui.views.reviews.campaigns.workflow import (
    campaign_adopt,
    campaign_appraise,
    campaign_close,
    campaign_consult,
    campaign_issue,
    campaign_plan_draft,
    campaign_plan_issue,
    campaign_request_appraisal,
    campaign_submit,
    campaign_synthesize,
)

__all__ = [
    "CLOSABLE",
    "PER_PAGE",
    "STEPS",
    "campaign_adopt",
    "campaign_appraise",
    "campaign_body_set",
    "campaign_close",
    "campaign_consult",
    "campaign_context",
    "campaign_create",
    "campaign_detail",
    "campaign_edit",
    "campaign_issue",
    "campaign_list",
    "campaign_member_add",
    "campaign_member_remove",
    "campaign_milestone_add",
    "campaign_outline_add",
    "campaign_participant_add",
    "campaign_plan_draft",
    "campaign_plan_issue",
    "campaign_request_appraisal",
    "campaign_submit",
    "campaign_synthesize",
    "milestone_done",
    "outline_edit",
    "outline_remove",
]

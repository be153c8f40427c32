"""Every write to review campaigns, their unit reports, plan, dossier and workflow."""

from tongket.reviews.services.bodies import campaign_body_set
from tongket.reviews.services.campaigns import (
    campaign_create,
    campaign_update,
    member_add,
    member_remove,
    milestone_add,
    milestone_done,
    outline_section_remove,
    outline_section_set,
    participant_add,
)
from tongket.reviews.services.plans import (
    campaign_plan_draft,
    campaign_plan_issue,
    campaign_plan_record,
)
from tongket.reviews.services.synthesis import campaign_synthesize
from tongket.reviews.services.unit_reports import (
    unit_report_accept,
    unit_report_refresh,
    unit_report_return,
    unit_report_save,
    unit_report_submit,
)
from tongket.reviews.services.workflow import (
    campaign_adopt,
    campaign_appraise,
    campaign_close,
    campaign_consult,
    campaign_issue,
    campaign_request_appraisal,
    campaign_submit,
    dossier_comment,
    dossier_comment_answer,
    dossier_frame_save,
    dossier_save,
)

__all__ = [
    "campaign_adopt",
    "campaign_appraise",
    "campaign_body_set",
    "campaign_close",
    "campaign_consult",
    "campaign_create",
    "campaign_issue",
    "campaign_plan_draft",
    "campaign_plan_issue",
    "campaign_plan_record",
    "campaign_request_appraisal",
    "campaign_submit",
    "campaign_synthesize",
    "campaign_update",
    "dossier_comment",
    "dossier_comment_answer",
    "dossier_frame_save",
    "dossier_save",
    "member_add",
    "member_remove",
    "milestone_add",
    "milestone_done",
    "outline_section_remove",
    "outline_section_set",
    "participant_add",
    "unit_report_accept",
    "unit_report_refresh",
    "unit_report_return",
    "unit_report_save",
    "unit_report_submit",
]

"""Every scoped read of review campaigns, and the figures and narratives a review is made of.

A campaign reaches a user covering the reviewing body, the standing agency, the appraisal
unit or a participating unit, and the people on its steering committee or drafting team:
named on the campaign (`CampaignMember`), or sitting on the body (`org.BodyGroup`) named as
its steering committee or drafting team. A body's members read the campaign and comment on
its dossier, nothing more: drafting, answering comments, adopting and reading every unit's
report stay with the people named on the campaign.
"""

from __future__ import annotations

from tongket.reviews.selectors.campaigns import (
    adoption_meetings,
    campaign_get,
    campaign_list,
    campaign_prefetched,
    campaign_reach_q,
    can_adopt,
    can_appraise,
    can_comment,
    can_draft,
    can_run,
    is_head,
    is_member,
    member_get,
    members,
    milestone_get,
    milestones,
    outline_section_get,
    participants,
    sits_on_body,
)
from tongket.reviews.selectors.dossier import (
    campaign_document_get,
    campaign_document_list,
    dossier,
    dossier_comment_get,
    dossier_rows,
    open_comments,
    unit_report_counts,
    unit_report_get,
    unit_report_list,
    unit_report_list_all,
)
from tongket.reviews.selectors.figures import (
    STATUS_WORDS,
    children_table,
    figures_table,
    highlights,
    narratives,
    reporting_summary,
)

__all__ = [
    "STATUS_WORDS",
    "adoption_meetings",
    "campaign_document_get",
    "campaign_document_list",
    "campaign_get",
    "campaign_list",
    "campaign_prefetched",
    "campaign_reach_q",
    "can_adopt",
    "can_appraise",
    "can_comment",
    "can_draft",
    "can_run",
    "children_table",
    "dossier",
    "dossier_comment_get",
    "dossier_rows",
    "figures_table",
    "highlights",
    "is_head",
    "is_member",
    "member_get",
    "members",
    "milestone_get",
    "milestones",
    "narratives",
    "open_comments",
    "outline_section_get",
    "participants",
    "reporting_summary",
    "sits_on_body",
    "unit_report_counts",
    "unit_report_get",
    "unit_report_list",
    "unit_report_list_all",
]

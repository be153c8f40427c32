"""Every write of emulation and commendation, and the rules they check, by topic: the
catalogues of forms, authorities, awarding levels and quotas, with who may give what
(`catalogue`); the checks before submission and the pre-filled achievement (`eligibility`);
nominations from proposal to approval (`nominations`); decisions (`decisions`).

Callers: commendation officers (cán bộ thi đua – khen thưởng) of the proposing unit for
nominations; those of the deciding authority for the council's vote, approval, rejection,
forwarding and decisions; administrators for the catalogues. Import from here.
"""

from tongket.awards.services.catalogue import (
    OPEN_STATES,
    QuotaUse,
    authority_add,
    authority_may_give,
    award_form_save,
    awarding_level_set,
    body_level_of,
    higher_authority,
    quota_set,
    quota_state,
    quota_use,
    require_catalogue_admin,
)
from tongket.awards.services.decisions import decision_issue, decision_mark_follow
from tongket.awards.services.eligibility import Check, achievement_text, checks, nominee_results
from tongket.awards.services.nominations import (
    nomination_approve,
    nomination_council_review,
    nomination_create,
    nomination_delete,
    nomination_file_add,
    nomination_forward,
    nomination_reject,
    nomination_submit,
    nomination_update,
)

__all__ = [
    "OPEN_STATES",
    "Check",
    "QuotaUse",
    "achievement_text",
    "authority_add",
    "authority_may_give",
    "award_form_save",
    "awarding_level_set",
    "body_level_of",
    "checks",
    "decision_issue",
    "decision_mark_follow",
    "higher_authority",
    "nomination_approve",
    "nomination_council_review",
    "nomination_create",
    "nomination_delete",
    "nomination_file_add",
    "nomination_forward",
    "nomination_reject",
    "nomination_submit",
    "nomination_update",
    "nominee_results",
    "quota_set",
    "quota_state",
    "quota_use",
    "require_catalogue_admin",
]

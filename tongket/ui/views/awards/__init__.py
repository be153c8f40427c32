"""Pages of emulation and commendation, by topic: the catalogues of forms, authorities and
quotas (`catalogue`), nominations with their checks, dossier and workflow (`nominations`),
the proposal of a submitted batch (`proposals`), decisions and their documents
(`decisions`), a decision's counts reconciled with its named list and that list imported
(`lists`), and a campaign's award record (`records`)."""

from tongket.ui.views.awards.catalogue import (
    award_authority_add,
    award_authority_list,
    award_form_edit,
    award_form_list,
    awarding_level_set,
    quota_list,
    quota_set,
)
from tongket.ui.views.awards.decisions import (
    decision_counts,
    decision_create,
    decision_detail,
    decision_docx,
    decision_list,
    decision_pdf,
    decision_record,
    decision_xlsx,
)
from tongket.ui.views.awards.lists import decision_list_import, decision_reconciliation
from tongket.ui.views.awards.nominations import (
    nomination_approve,
    nomination_council,
    nomination_create,
    nomination_detail,
    nomination_edit,
    nomination_file_add,
    nomination_file_download,
    nomination_forward,
    nomination_list,
    nomination_people,
    nomination_prefill,
    nomination_queue,
    nomination_reject,
    nomination_submit,
    nomination_withdraw,
)
from tongket.ui.views.awards.proposals import nomination_proposal_create
from tongket.ui.views.awards.records import campaign_awards

__all__ = [
    "award_authority_add",
    "award_authority_list",
    "award_form_edit",
    "award_form_list",
    "awarding_level_set",
    "campaign_awards",
    "decision_counts",
    "decision_create",
    "decision_detail",
    "decision_docx",
    "decision_list",
    "decision_list_import",
    "decision_pdf",
    "decision_reconciliation",
    "decision_record",
    "decision_xlsx",
    "nomination_approve",
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
    "nomination_proposal_create",
    "nomination_queue",
    "nomination_reject",
    "nomination_submit",
    "nomination_withdraw",
    "quota_list",
    "quota_set",
]

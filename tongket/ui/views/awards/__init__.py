"""Pages of emulation and commendation, by topic: the catalogues of forms, authorities and
quotas (`catalogue`), nominations with their checks, dossier and workflow (`nominations`),
decisions and their documents (`decisions`), and a campaign's award record (`records`)."""

from tongket.ui.views.awards.catalogue import (
    award_authority_add,
    award_authority_list,
    award_form_edit,
    award_form_list,
    quota_list,
    quota_set,
)
from tongket.ui.views.awards.decisions import (
    decision_create,
    decision_detail,
    decision_docx,
    decision_list,
    decision_pdf,
    decision_xlsx,
)
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
from tongket.ui.views.awards.records import campaign_awards

__all__ = [
    "award_authority_add",
    "award_authority_list",
    "award_form_edit",
    "award_form_list",
    "campaign_awards",
    "decision_create",
    "decision_detail",
    "decision_docx",
    "decision_list",
    "decision_pdf",
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
    "nomination_queue",
    "nomination_reject",
    "nomination_submit",
    "nomination_withdraw",
    "quota_list",
    "quota_set",
]

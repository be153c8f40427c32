"""Forms of the commendation pages: they check the shape of the input (whole numbers, dates,
files, a unit or a person within the scope); the services decide everything else (authority,
quota, repeats, positions, criteria).

A package by topic: `base` (a person picked as you type, the scoped form, shared choices),
`nominations`, `decisions` and `catalogue` (award forms, authorities, quotas, awarding
levels). Import from here.
"""

from __future__ import annotations

from tongket.ui.forms.awards.base import UPLOAD_ACCEPT, AwardScopedForm, PersonField, PersonInput
from tongket.ui.forms.awards.catalogue import (
    AuthorityForm,
    AwardFormForm,
    AwardingLevelForm,
    QuotaForm,
    QuotaValueField,
)
from tongket.ui.forms.awards.decisions import (
    DecisionCountsForm,
    DecisionIssueForm,
    DecisionListConfirmForm,
    DecisionListImportForm,
    DecisionRecordForm,
    DecisionStartForm,
)
from tongket.ui.forms.awards.nominations import (
    AchievementForm,
    CouncilForm,
    ForwardForm,
    NominationCreateForm,
    NominationFileForm,
    NominationFilterForm,
    ProposalForm,
    RejectForm,
)

__all__ = [
    "UPLOAD_ACCEPT",
    "AchievementForm",
    "AuthorityForm",
    "AwardFormForm",
    "AwardScopedForm",
    "AwardingLevelForm",
    "CouncilForm",
    "DecisionCountsForm",
    "DecisionIssueForm",
    "DecisionListConfirmForm",
    "DecisionListImportForm",
    "DecisionRecordForm",
    "DecisionStartForm",
    "ForwardForm",
    "NominationCreateForm",
    "NominationFileForm",
    "NominationFilterForm",
    "PersonField",
    "PersonInput",
    "ProposalForm",
    "QuotaForm",
    "QuotaValueField",
    "RejectForm",
]

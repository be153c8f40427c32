"""Shapes of award forms, authorities, nominations and decisions in the API.

A package by topic: `fields` (an award form or nomination given by id, and the award enums'
names in the schema), `catalogue` (authorities, awarding levels, award forms),
`nominations` and `decisions` (with counts, named lists and proposals). Import from here.
"""

from __future__ import annotations

from tongket.api.serializers.awards.catalogue import (
    AuthoritySerializer,
    AuthorityWriteSerializer,
    AwardFormSerializer,
    AwardFormUpdateSerializer,
    AwardFormWriteSerializer,
    AwardingLevelSerializer,
)
from tongket.api.serializers.awards.decisions import (
    AwardCountSerializer,
    AwardeeSerializer,
    CountsWriteSerializer,
    DecisionDetailSerializer,
    DecisionListImportResultSerializer,
    DecisionListImportSerializer,
    DecisionListPreviewSerializer,
    DecisionQuerySerializer,
    DecisionRecordSerializer,
    DecisionSerializer,
    DecisionWriteSerializer,
    ProposalBatchSerializer,
    ProposalRequestSerializer,
    ProposalSerializer,
    ReconciliationLineSerializer,
)
from tongket.api.serializers.awards.fields import (
    form_id_field,
    nomination_id_field,
)
from tongket.api.serializers.awards.nominations import (
    CheckSerializer,
    CouncilReviewSerializer,
    ForwardSerializer,
    NominationDetailSerializer,
    NominationFileSerializer,
    NominationFileWriteSerializer,
    NominationQuerySerializer,
    NominationSerializer,
    NominationUpdateSerializer,
    NominationWriteSerializer,
    RejectSerializer,
)

__all__ = [
    "AuthoritySerializer",
    "AuthorityWriteSerializer",
    "AwardCountSerializer",
    "AwardFormSerializer",
    "AwardFormUpdateSerializer",
    "AwardFormWriteSerializer",
    "AwardeeSerializer",
    "AwardingLevelSerializer",
    "CheckSerializer",
    "CouncilReviewSerializer",
    "CountsWriteSerializer",
    "DecisionDetailSerializer",
    "DecisionListImportResultSerializer",
    "DecisionListImportSerializer",
    "DecisionListPreviewSerializer",
    "DecisionQuerySerializer",
    "DecisionRecordSerializer",
    "DecisionSerializer",
    "DecisionWriteSerializer",
    "ForwardSerializer",
    "NominationDetailSerializer",
    "NominationFileSerializer",
    "NominationFileWriteSerializer",
    "NominationQuerySerializer",
    "NominationSerializer",
    "NominationUpdateSerializer",
    "NominationWriteSerializer",
    "ProposalBatchSerializer",
    "ProposalRequestSerializer",
    "ProposalSerializer",
    "ReconciliationLineSerializer",
    "RejectSerializer",
    "form_id_field",
    "nomination_id_field",
]

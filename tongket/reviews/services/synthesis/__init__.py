"""Drafting the dossier from the data, as a drafting team writes it: the review report (the
results grouped by objective, one paragraph per indicator with its figure, target, progress,
best and worst unit and trend, then the tables and charts; the units' narratives summarised
by theme, each unit named once per point), the submission (tờ trình) to the superior in the
issuer's line, and a draft new document with proposed targets for the next phase, of the kind
that follows the old one's (`wording.NEXT_KINDS`: a plan's review drafts the next plan). Also
the documents drafted on request: a unit's review report and the review plan (kế hoạch).

Regenerating after new data refreshes the figures and keeps the text people edited.
Callers: the campaign's tracking officers (standing agency).
"""

from __future__ import annotations

from tongket.reviews.services.synthesis.dossier import (
    campaign_synthesize,
    merge,
)
from tongket.reviews.services.synthesis.drafts import (
    draft_resolution_blocks,
    submission_blocks,
)
from tongket.reviews.services.synthesis.report import (
    KEY_CHARTS,
    dossier_date,
    report_blocks,
    results_blocks,
)
from tongket.reviews.wording import next_subject

__all__ = [
    "KEY_CHARTS",
    "campaign_synthesize",
    "dossier_date",
    "draft_resolution_blocks",
    "merge",
    "next_subject",
    "report_blocks",
    "results_blocks",
    "submission_blocks",
]

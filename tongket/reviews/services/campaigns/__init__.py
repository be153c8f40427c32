"""Setting a review campaign up: the campaign, its committee and team, its participating
units, its outline and its timetable.

Callers: tracking officers (and administrators) of the reviewing body or of the standing
agency.
"""

from __future__ import annotations

from tongket.reviews.services.campaigns.common import (
    DEFAULT_OUTLINE,
    GUIDANCE,
    SHAPE_FIELDS,
    SHAPE_STATES,
    default_outline,
)
from tongket.reviews.services.campaigns.members import (
    member_add,
    member_remove,
    participant_add,
)
from tongket.reviews.services.campaigns.records import (
    campaign_create,
    campaign_update,
)
from tongket.reviews.services.campaigns.timetable import (
    mark_done,
    milestone_add,
    milestone_done,
    outline_section_remove,
    outline_section_set,
)
from tongket.reviews.services.guards import require_open, require_runner, span_period

__all__ = [
    "DEFAULT_OUTLINE",
    "GUIDANCE",
    "SHAPE_FIELDS",
    "SHAPE_STATES",
    "campaign_create",
    "campaign_update",
    "default_outline",
    "mark_done",
    "member_add",
    "member_remove",
    "milestone_add",
    "milestone_done",
    "outline_section_remove",
    "outline_section_set",
    "participant_add",
    "require_open",
    "require_runner",
    "span_period",
]

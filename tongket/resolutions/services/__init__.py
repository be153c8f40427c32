"""Every write to resolutions, their structure, indicators and targets."""

from tongket.resolutions.services.indicators import (
    indicator_create,
    indicator_delete,
    indicator_update,
)
from tongket.resolutions.services.records import (
    attachment_add,
    attachment_remove,
    party_add,
    party_remove,
    resolution_create,
    resolution_update,
)
from tongket.resolutions.services.relations import (
    may_supersede,
    relation_add,
    relation_remove,
    resolution_issue,
    resolution_set_status,
)
from tongket.resolutions.services.structure import (
    assignment_create,
    assignment_delete,
    assignment_set_status,
    assignment_update,
    item_create,
    item_delete,
    item_move,
    item_update,
)
from tongket.resolutions.services.targets import (
    target_cascade,
    target_delete,
    target_phase,
    target_set,
)
from tongket.resolutions.services.workbook import export_workbook, indicators_import

__all__ = [
    "assignment_create",
    "assignment_delete",
    "assignment_set_status",
    "assignment_update",
    "attachment_add",
    "attachment_remove",
    "export_workbook",
    "indicator_create",
    "indicator_delete",
    "indicator_update",
    "indicators_import",
    "item_create",
    "item_delete",
    "item_move",
    "item_update",
    "may_supersede",
    "party_add",
    "party_remove",
    "relation_add",
    "relation_remove",
    "resolution_create",
    "resolution_issue",
    "resolution_set_status",
    "resolution_update",
    "target_cascade",
    "target_delete",
    "target_phase",
    "target_set",
]

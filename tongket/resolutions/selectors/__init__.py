"""Every scoped read of resolutions, their structure, indicators and targets.

A resolution reaches a user when its issuing body or the unit that keeps it is in the user's
subtrees or above them, or when one of its parties is (documents issued higher up are
followed lower down), and the user's clearance covers its classification. Targets and
assignments are read only for units in the user's subtrees (or by those who keep the
resolution). Outside the scope is NotFound (404).
"""

from __future__ import annotations

from tongket.resolutions.selectors.reach import (
    can_keep,
    classification_choices_for,
    cleared_classifications,
    resolution_reach_q,
)
from tongket.resolutions.selectors.records import (
    RESOLUTION_SORTS,
    field_list,
    resolution_find,
    resolution_get,
    resolution_history,
    resolution_list,
    resolution_list_prefetched,
    resolution_relations,
    resolution_summary,
    symbol_check,
)
from tongket.resolutions.selectors.structure import (
    assignment_get,
    assignment_list,
    indicator_find,
    indicator_get,
    indicator_list,
    indicators_find,
    item_get,
    item_list,
    item_tree,
)
from tongket.resolutions.selectors.targets import (
    cascade_check,
    indicators_with_targets,
    phasing_check,
    target_get,
    target_grid,
    target_history,
    target_list,
)

__all__ = [
    "RESOLUTION_SORTS",
    "assignment_get",
    "assignment_list",
    "can_keep",
    "cascade_check",
    "classification_choices_for",
    "cleared_classifications",
    "field_list",
    "indicator_find",
    "indicator_get",
    "indicator_list",
    "indicators_find",
    "indicators_with_targets",
    "item_get",
    "item_list",
    "item_tree",
    "phasing_check",
    "resolution_find",
    "resolution_get",
    "resolution_history",
    "resolution_list",
    "resolution_list_prefetched",
    "resolution_reach_q",
    "resolution_relations",
    "resolution_summary",
    "symbol_check",
    "target_get",
    "target_grid",
    "target_history",
    "target_list",
]

"""Pages of the organization, by topic: the unit tree, unit pages, their creation and edit
and the unit switch (`units`), a unit's places in the lines (`lines`), restructuring
(`restructuring`), and people (`people`)."""

from tongket.ui.views.org.lines import unit_line_end, unit_line_set
from tongket.ui.views.org.people import (
    person_create,
    person_detail,
    person_edit,
    person_list,
    person_lookup,
    person_merge,
    person_position_add,
    person_rank_add,
    position_end,
)
from tongket.ui.views.org.restructuring import (
    unit_dissolve,
    unit_merge,
    unit_move,
    unit_rename,
    unit_split,
)
from tongket.ui.views.org.units import (
    unit_children,
    unit_create,
    unit_detail,
    unit_edit,
    unit_lookup,
    unit_switch,
    unit_tree,
)

__all__ = [
    "person_create",
    "person_detail",
    "person_edit",
    "person_list",
    "person_lookup",
    "person_merge",
    "person_position_add",
    "person_rank_add",
    "position_end",
    "unit_children",
    "unit_create",
    "unit_detail",
    "unit_dissolve",
    "unit_edit",
    "unit_line_end",
    "unit_line_set",
    "unit_lookup",
    "unit_merge",
    "unit_move",
    "unit_rename",
    "unit_split",
    "unit_switch",
    "unit_tree",
]

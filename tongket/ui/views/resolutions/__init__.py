"""Pages of resolutions: the list, a resolution with its structure, indicators, relations,
files, assignments and history, the target grid with its cascade and phasing checks, and the
indicators-and-targets workbook. One module per topic; the routes import from here."""

from tongket.ui.views.resolutions.indicators import (
    indicator_delete,
    indicator_edit,
    indicator_formula,
    resolution_indicator_add,
)
from tongket.ui.views.resolutions.records import (
    resolution_create,
    resolution_detail,
    resolution_edit,
    resolution_issue,
    resolution_list,
    resolution_lookup,
    resolution_status,
    resolution_symbol_check,
)
from tongket.ui.views.resolutions.related import (
    resolution_attachment_add,
    resolution_attachment_download,
    resolution_attachment_remove,
    resolution_party_add,
    resolution_party_remove,
    resolution_relation_add,
    resolution_relation_remove,
)
from tongket.ui.views.resolutions.structure import (
    assignment_delete,
    assignment_edit,
    assignment_status,
    item_delete,
    item_edit,
    item_move,
    resolution_assignment_add,
    resolution_item_add,
)
from tongket.ui.views.resolutions.targets import (
    indicator_cascade,
    indicator_phase,
    indicator_target_cell,
    indicator_targets,
    target_history,
)
from tongket.ui.views.resolutions.workbook import (
    resolution_export,
    resolution_import,
    resolution_template,
)

__all__ = [
    "assignment_delete",
    "assignment_edit",
    "assignment_status",
    "indicator_cascade",
    "indicator_delete",
    "indicator_edit",
    "indicator_formula",
    "indicator_phase",
    "indicator_target_cell",
    "indicator_targets",
    "item_delete",
    "item_edit",
    "item_move",
    "resolution_assignment_add",
    "resolution_attachment_add",
    "resolution_attachment_download",
    "resolution_attachment_remove",
    "resolution_create",
    "resolution_detail",
    "resolution_edit",
    "resolution_export",
    "resolution_import",
    "resolution_indicator_add",
    "resolution_issue",
    "resolution_item_add",
    "resolution_list",
    "resolution_lookup",
    "resolution_party_add",
    "resolution_party_remove",
    "resolution_relation_add",
    "resolution_relation_remove",
    "resolution_status",
    "resolution_symbol_check",
    "resolution_template",
    "target_history",
]

"""Every write of the analysis app, by topic: favourites (`visualizations`), unit groups
(`groups`) and forms and targets given to a group's units as standing rules
(`group_duties`, and as units join and leave, `group_rules`), validation rules
(`rules`), exchange mappings (`exchange`), dashboards (`dashboards`) and which one a
person opens on (`dashboard_defaults`)."""

from tongket.analysis.services.dashboard_defaults import (
    dashboard_choose,
    dashboard_copy,
    dashboard_default_clear,
    dashboard_default_set,
)
from tongket.analysis.services.dashboards import (
    dashboard_arrange,
    dashboard_create,
    dashboard_delete,
    dashboard_item_add,
    dashboard_item_remove,
    dashboard_update,
)
from tongket.analysis.services.exchange import (
    mapping_create,
    mapping_delete,
    mapping_row_remove,
    mapping_rows_load,
    mapping_update,
)
from tongket.analysis.services.group_duties import GroupDuty, form_assign_group, target_set_group
from tongket.analysis.services.group_rules import group_rule_end, group_rule_may_end
from tongket.analysis.services.groups import (
    group_create,
    group_delete,
    group_member_add,
    group_member_end,
    group_set_create,
    group_update,
)
from tongket.analysis.services.rules import rule_create, rule_delete, rule_update
from tongket.analysis.services.visualizations import (
    visualization_create,
    visualization_delete,
    visualization_update,
)

__all__ = [
    "GroupDuty",
    "dashboard_arrange",
    "dashboard_choose",
    "dashboard_copy",
    "dashboard_create",
    "dashboard_default_clear",
    "dashboard_default_set",
    "dashboard_delete",
    "dashboard_item_add",
    "dashboard_item_remove",
    "dashboard_update",
    "form_assign_group",
    "group_create",
    "group_delete",
    "group_member_add",
    "group_member_end",
    "group_rule_end",
    "group_rule_may_end",
    "group_set_create",
    "group_update",
    "mapping_create",
    "mapping_delete",
    "mapping_row_remove",
    "mapping_rows_load",
    "mapping_update",
    "rule_create",
    "rule_delete",
    "rule_update",
    "target_set_group",
    "visualization_create",
    "visualization_delete",
    "visualization_update",
]

"""Pages of the analysis: pivot tables and charts, favourites, unit groups, validation
rules, data exchange with DHIS2."""

from django.urls import path

from tongket.ui.views import (
    analysis,
    analysis_dashboards,
    analysis_exchange,
    analysis_groups,
    analysis_rules,
)

urlpatterns = [
    path("analysis/", analysis.analysis, name="analysis"),
    path("analysis/favourites/", analysis.analysis_favourites, name="analysis_favourites"),
    path("analysis/favourites/<int:pk>/", analysis.analysis_favourite, name="analysis_favourite"),
    path(
        "analysis/favourites/<int:pk>/delete/",
        analysis.analysis_favourite_delete,
        name="analysis_favourite_delete",
    ),
    path("analysis/groups/", analysis_groups.group_list, name="analysis_groups"),
    path("analysis/groups/<int:pk>/", analysis_groups.group_detail, name="analysis_group"),
    path(
        "analysis/groups/<int:pk>/form/",
        analysis_groups.group_assign_form,
        name="analysis_group_form",
    ),
    path(
        "analysis/groups/<int:pk>/target/",
        analysis_groups.group_set_target,
        name="analysis_group_target",
    ),
    path(
        "analysis/groups/rules/<int:pk>/end/",
        analysis_groups.group_rule_end,
        name="analysis_group_rule_end",
    ),
    path(
        "analysis/groups/members/<int:pk>/end/",
        analysis_groups.group_member_end,
        name="analysis_group_member_end",
    ),
    path("analysis/exchange/", analysis_exchange.exchange_page, name="analysis_exchange"),
    path(
        "analysis/exchange/mappings/<int:pk>/",
        analysis_exchange.mapping_detail,
        name="analysis_exchange_mapping",
    ),
    path(
        "analysis/exchange/mappings/<int:pk>/delete/",
        analysis_exchange.mapping_delete,
        name="analysis_exchange_mapping_delete",
    ),
    path(
        "analysis/exchange/rows/<int:pk>/remove/",
        analysis_exchange.mapping_row_remove,
        name="analysis_exchange_row_remove",
    ),
    path("analysis/rules/", analysis_rules.rule_list, name="analysis_rules"),
    path("analysis/rules/run/", analysis_rules.rule_run, name="analysis_rules_run"),
    path("analysis/rules/<int:pk>/", analysis_rules.rule_detail, name="analysis_rule"),
    path(
        "analysis/rules/<int:pk>/delete/",
        analysis_rules.rule_delete,
        name="analysis_rule_delete",
    ),
    path("analysis/dashboards/", analysis_dashboards.dashboard_list, name="analysis_dashboards"),
    path(
        "analysis/dashboards/<int:pk>/",
        analysis_dashboards.dashboard_detail,
        name="analysis_dashboard",
    ),
    path(
        "analysis/dashboards/<int:pk>/order/",
        analysis_dashboards.dashboard_order,
        name="analysis_dashboard_order",
    ),
    path(
        "analysis/dashboards/<int:pk>/delete/",
        analysis_dashboards.dashboard_delete,
        name="analysis_dashboard_delete",
    ),
    path(
        "analysis/dashboards/<int:pk>/default/",
        analysis_dashboards.dashboard_default,
        name="analysis_dashboard_default",
    ),
    path(
        "analysis/dashboards/<int:pk>/choose/",
        analysis_dashboards.dashboard_choose,
        name="analysis_dashboard_choose",
    ),
    path(
        "analysis/dashboards/<int:pk>/copy/",
        analysis_dashboards.dashboard_copy,
        name="analysis_dashboard_copy",
    ),
    path(
        "analysis/dashboards/items/<int:pk>/remove/",
        analysis_dashboards.dashboard_item_remove,
        name="analysis_dashboard_item_remove",
    ),
]

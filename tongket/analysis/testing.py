"""Objects of a branch for the tests that walk every page and endpoint (see
tongket.core.testing.branches): a favourite saved by the branch's user and shared with the
branch, a unit group kept by the branch, its membership of the branch's root and a standing
rule of it."""

from __future__ import annotations

from typing import Any

from tongket.analysis.models import UnitGroup, UnitGroupMember, Visualization
from tongket.analysis.spec import clean_spec
from tongket.core.testing.branches import finder
from tongket.org import selectors as org_selectors
from tongket.org.models import Unit, User
from tongket.resolutions import selectors as resolution_selectors


@finder("analysis_favourite", "analysis_favourite_delete", "api_visualization")
def _visualization(root: Unit, user: User) -> Any:
    found = Visualization.objects.filter(owner=user, unit=root).values_list("pk", flat=True)
    if found:
        return found[0]
    indicator = resolution_selectors.indicator_list(user=user).first()
    # The branch's highest unit the user reads (a reporter of one factory of the branch
    # reads that factory, not the branch's root).
    unit = (
        org_selectors.unit_list(user=user)
        .filter(path__startswith=root.path)
        .order_by("path")
        .first()
    )
    if indicator is None or unit is None:
        return None
    # Checked as the service would, written directly: the walks count change-log rows.
    spec = clean_spec(
        user=user,
        data={
            "indicators": [indicator.pk],
            "units": [unit.pk],
            "relative": ["last_4_half_years"],
            "rows": ["unit"],
            "columns": ["period"],
        },
    )
    return Visualization.objects.create(
        name=f"Theo dõi {root.code}", spec=spec.data, owner=user, unit=root, shared=True
    ).pk


def branch_group(root: Unit) -> UnitGroup:
    group = UnitGroup.objects.filter(owner_unit=root).first()
    if group is None:
        group = UnitGroup.objects.create(owner_unit=root, code=f"NHOM-{root.code}", name="Nhóm")
        UnitGroupMember.objects.create(group=group, unit=root)
    return group


@finder("analysis_group", "analysis_group_form", "analysis_group_target", "api_unit_group")
def _group(root: Unit, user: User) -> Any:
    return branch_group(root).pk


@finder("analysis_group_member_end")
def _member(root: Unit, user: User) -> Any:
    group = branch_group(root)
    # The root's membership, else one of a unit of the branch (the demo's groups).
    member = (
        UnitGroupMember.objects.filter(group=group, unit=root).first()
        or UnitGroupMember.objects.filter(group=group, unit__path__startswith=root.path)
        .order_by("pk")
        .first()
    )
    return member.pk if member else None


@finder("analysis_group_rule_end")
def _group_rule(root: Unit, user: User) -> Any:
    """A standing rule of the branch's group asking for a form of the branch (any form when
    the branch keeps none), written directly."""
    from tongket.analysis.models import GroupRule
    from tongket.reporting.models import ReportForm

    group = branch_group(root)
    rule = GroupRule.objects.filter(group=group, ended_at__isnull=True).first()
    if rule is None:
        form = (
            ReportForm.objects.filter(owner_unit__path__startswith=root.path).order_by("pk").first()
            or ReportForm.objects.order_by("pk").first()
        )
        if form is None:
            return None
        rule = GroupRule.objects.create(group=group, kind="form", form=form, created_by=user)
        rule.scope_roots.set([root])
    return rule.pk


@finder("analysis_rule", "analysis_rule_delete", "api_validation_rule")
def _rule(root: Unit, user: User) -> Any:
    from tongket.reporting.models import FormIndicator

    link = (
        FormIndicator.objects.filter(form__owner_unit__path__startswith=root.path)
        .select_related("indicator")
        .order_by("form_id", "order")
        .first()
    )
    if link is None:
        return None
    return not_negative_rule(link, code="KT-PHAMVI", name="Kiểm tra").pk


def not_negative_rule(link: Any, *, code: str, name: str) -> Any:
    """The form's rule `code` that the indicator of `link` (a FormIndicator) is not below
    zero, made when missing."""
    from tongket.analysis.models import ValidationRule

    rule, _created = ValidationRule.objects.get_or_create(
        form_id=link.form_id,
        code=code,
        defaults={
            "name": name,
            "left": link.indicator.code,
            "operator": "ge",
            "right": "0",
            "message": "Không được âm.",
        },
    )
    return rule


def branch_dashboard(root: Unit, user: User) -> Any:
    from tongket.analysis.models import Dashboard, DashboardItem

    dashboard = Dashboard.objects.filter(owner=user, unit=root).first()
    if dashboard is None:
        dashboard = Dashboard.objects.create(
            name=f"Bảng điều hành {root.code}", owner=user, unit=root, shared=True
        )
        DashboardItem.objects.create(dashboard=dashboard, kind="text", text="Ghi chú", position=1)
    return dashboard


@finder(
    "analysis_dashboard",
    "analysis_dashboard_order",
    "analysis_dashboard_delete",
    "analysis_dashboard_default",
    "analysis_dashboard_choose",
    "analysis_dashboard_copy",
    "api_dashboard",
)
def _dashboard(root: Unit, user: User) -> Any:
    return branch_dashboard(root, user).pk


@finder("analysis_dashboard_item_remove")
def _dashboard_item(root: Unit, user: User) -> Any:
    item = branch_dashboard(root, user).items.first()
    return item.pk if item else None


def branch_mapping(root: Unit) -> Any:
    """An exchange mapping kept by the branch's root, naming the root as "OU-<code>"."""
    from tongket.analysis.models import ExchangeMapping, ExchangeMappingRow

    mapping = ExchangeMapping.objects.filter(owner_unit=root).first()
    if mapping is None:
        mapping = ExchangeMapping.objects.create(owner_unit=root, name=f"DHIS2 {root.code}")
        ExchangeMappingRow.objects.create(
            mapping=mapping, kind="unit", external_id=f"OU-{root.code}"[:64], unit=root
        )
    return mapping


@finder("analysis_exchange_mapping", "analysis_exchange_mapping_delete", "api_exchange_mapping")
def _mapping(root: Unit, user: User) -> Any:
    return branch_mapping(root).pk


@finder("analysis_exchange_row_remove")
def _mapping_row(root: Unit, user: User) -> Any:
    row = branch_mapping(root).rows.first()
    return row.pk if row else None

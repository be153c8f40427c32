"""What each tile of a composed dashboard shows to the person looking at it: a favourite's
table computed in the viewer's own scope, a text, or the viewer's reports due. A read: a
favourite the viewer may not open, or whose units lie outside the viewer's scope, becomes a
tile that says so, never someone else's figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tongket.analysis import selectors
from tongket.analysis.choices import ItemKind
from tongket.analysis.models import Dashboard, DashboardItem
from tongket.analysis.pivot import Table, pivot_table
from tongket.analysis.spec import clean_spec
from tongket.core.errors import NotFound

DUE_LINES = 5


@dataclass
class Tile:
    item: DashboardItem
    table: Table | None = None
    problem: str = ""
    due: dict[str, Any] = field(default_factory=dict)


def _favourite(user: Any, item: DashboardItem) -> Tile:
    visible = selectors.visualization_list(user=user).filter(pk=item.visualization_id).exists()
    if not visible:
        return Tile(item, problem=_("This saved table is not shared with you."))
    try:
        spec = clean_spec(user=user, data=dict(item.visualization.spec))  # type: ignore[union-attr]
    except NotFound:
        return Tile(item, problem=_("Some of its units or indicators are outside your scope."))
    except ValidationError as error:
        return Tile(item, problem=" ".join(error.messages))
    return Tile(item, table=pivot_table(user=user, spec=spec))


def _due(user: Any, item: DashboardItem) -> Tile:
    from tongket.reporting import selectors as reporting_selectors

    due = reporting_selectors.due_reports(user=user)
    shown = {}
    for key in ("owed", "to_approve", "late"):
        first = list(due[key][: DUE_LINES + 1])
        if len(first) <= DUE_LINES:
            count = len(first)
        elif key == "late":
            # A long late list is counted from the completeness rows (one query), as the
            # due page counts it.
            count = reporting_selectors.late_count(user=user)
        else:
            count = due[key].count()
        shown[key] = {"count": count, "first": first[:DUE_LINES]}
    return Tile(item, due=shown)


def dashboard_tiles(*, user: Any, dashboard: Dashboard) -> list[Tile]:
    tiles = []
    for item in selectors.dashboard_items(dashboard=dashboard):
        if item.kind == ItemKind.FAVOURITE:
            tiles.append(_favourite(user, item))
        elif item.kind == ItemKind.DUE_REPORTS:
            tiles.append(_due(user, item))
        else:
            tiles.append(Tile(item))
    return tiles

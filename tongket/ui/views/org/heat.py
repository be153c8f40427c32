"""The heat map of the unit tree: each unit coloured by its subtree's reporting completeness
(the share of the reports expected that were received) or, switched, by its progress against
targets (the share of its targets judged that are on track), for one report form and period.

Everything is read through the reporting selectors, scoped (a unit's colour counts only the
units the reader may see). Completeness is `reporting.selectors.completeness` read for every
unit shown at once: the reports of the form and period the reader may see (`report_list`, one
query) counted under each unit's subtree, today's (its path) or along a line (the paths
`line_reach_paths` gives, two queries) — the same reports, the same count ("received": first
submitted), for a whole tree in three queries where the selector takes one per unit
(tongket/ui/tests/test_views_org_heat.py holds them equal). Progress is the statuses of
`reporting.selectors.figures_for_units`, read for every unit shown at once in a constant
number of queries (along a line: the values of the units reached, once, added up in Python
under each unit's reach; the test file holds them equal to the unit-by-unit reading).

The default is the reader's main form (the active form asked of the most units of their
active unit's subtree) in its latest open period whose reporting window has begun (else the
latest open period, `template_period`); for targets on track, the latest period with reports
received."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tongket.org.models import PATH_SEGMENT, Unit
from tongket.reporting import selectors as reporting
from tongket.reporting.choices import LINE_TREES, Basis, Status, Tree
from tongket.reporting.models import Period, ReportForm
from tongket.resolutions.selectors import target_list
from tongket.ui.views.base import active_unit

COMPLETENESS = "completeness"
PROGRESS = "progress"
OFF = "off"
MEASURES = [
    (COMPLETENESS, gettext_lazy("Report completeness")),
    (PROGRESS, gettext_lazy("Targets on track")),
    (OFF, gettext_lazy("No colours")),
]

# A target is on track when its status is one of these; judged when it has a figure to
# measure against it (no figure yet: neither, it is counted apart).
ON_TRACK = frozenset({Status.EXCEEDED, Status.MET, Status.ON_TRACK})
JUDGED = ON_TRACK | {Status.AT_RISK, Status.BEHIND}

# The colour bands, by lower bound in per cent: band i holds the shares from BANDS[i] up to
# the next bound (the last band: 100 % exactly).
BANDS = (0, 25, 50, 75, 100)
NO_BAND = "heat-none"


def band(share: Decimal | None) -> str:
    """The CSS class of a share in per cent: heat-0 (under 25 %) … heat-4 (100 %), or
    heat-none when there is nothing to count."""
    if share is None:
        return NO_BAND
    for index in range(len(BANDS) - 1, -1, -1):
        if share >= BANDS[index]:
            return f"heat-{index}"
    return "heat-0"


def legend(measure: str) -> list[tuple[str, str]]:
    """(class, words) of each band, best last, then 'nothing to count'."""
    rows = [
        ("heat-0", _("under 25 %")),
        ("heat-1", _("25 % to under 50 %")),
        ("heat-2", _("50 % to under 75 %")),
        ("heat-3", _("75 % to under 100 %")),
        ("heat-4", _("100 %")),
    ]
    if measure == PROGRESS:
        rows.append((NO_BAND, _("no target with a figure to judge")))
    else:
        rows.append((NO_BAND, _("no report expected")))
    return rows


@dataclass
class Heat:
    """What the tree is coloured by: the measure, the form and the period, and the choices
    of the controls."""

    measure: str
    form: ReportForm
    period: Period
    forms: list[ReportForm] = field(default_factory=list)
    period_codes: list[str] = field(default_factory=list)

    @property
    def on(self) -> bool:
        return self.measure != OFF

    def params(self) -> dict[str, str]:
        return {"heat": self.measure, "form": self.form.code, "period": self.period.code}

    def legend(self) -> list[tuple[str, str]]:
        return legend(self.measure)


def main_form(user: Any, unit: Unit | None, forms: list[ReportForm]) -> ReportForm | None:
    """The form the reader works with most: of the forms in use they may read, the one
    asked of the most units of their active unit's subtree, then one the unit or a unit
    above it keeps, then by code. One query."""
    if not forms:
        return None
    asked: dict[int, int] = {}
    if unit is not None:
        asked = dict(
            ReportForm.objects.filter(pk__in=[form.pk for form in forms])
            .annotate(
                asked=Count("assignments", filter=Q(assignments__unit__path__startswith=unit.path))
            )
            .values_list("pk", "asked")
        )

    def rank(form: ReportForm) -> tuple[int, int, str]:
        keeps = unit is not None and form.owner_unit_id in unit.ancestor_ids
        return (-asked.get(form.pk, 0), 0 if keeps else 1, form.code)

    return sorted(forms, key=rank)[0]


def latest_open_period(codes: list[str]) -> Period | None:
    """Of the periods a form was opened for, the latest still open whose reporting window
    has begun (the second half-year is not reported on in November). One query."""
    if not codes:
        return None
    return (
        Period.objects.filter(code__in=codes, is_open=True, start__lte=timezone.localdate())
        .order_by("-sort_key")
        .first()
    )


def choose(request: HttpRequest, *, controls: bool = True) -> Heat | None:
    """The heat map the query string asks for (`heat`, `form` by code, `period` by code),
    else the default; None when the reader may read no form in use or the form was never
    opened for a period. `controls`: also the choices of the page's controls."""
    user = request.user
    measure = request.GET.get("heat") or COMPLETENESS
    if measure not in {value for value, _label in MEASURES}:
        measure = COMPLETENESS
    asked_code = (request.GET.get("form") or "").strip()
    # The forms in use the reader may read: the choices, and where to find the main form.
    forms = (
        list(reporting.form_list(user=user).filter(is_active=True))
        if controls or not asked_code
        else []
    )
    if asked_code:
        # A form outside the reader's reach answers 404, as everywhere.
        form: ReportForm | None = reporting.form_by_code(user=user, code=asked_code)
    else:
        form = main_form(user, active_unit(request), forms)
    if form is None:
        return None
    counts = reporting.form_period_counts(user=user, form=form)
    opened = [row["period__code"] for row in counts]
    asked_period = (request.GET.get("period") or "").strip().upper()
    period: Period | None = None
    if asked_period and asked_period in opened:
        period = reporting.period_get(code=asked_period)
    if period is None and measure == PROGRESS:
        # Targets are judged on figures: the latest period with reports received (the
        # latest open one, where reports are still coming in, usually has none yet).
        received = next((row["period__code"] for row in counts if row["received"]), None)
        if received:
            period = reporting.period_get(code=received)
    if period is None:
        period = latest_open_period(opened)
    if period is None:
        period = reporting.template_period(form=form)
    if period is None and opened:
        period = reporting.period_get(code=opened[0])
    if period is None:
        return None
    if controls and form not in forms:
        forms.append(form)
    return Heat(
        measure=measure,
        form=form,
        period=period,
        forms=forms if controls else [],
        period_codes=opened,
    )


def query_string(heat: Heat | None, **extra: Any) -> str:
    """The query string that keeps the heat map (and `extra`, where set) on expanded nodes."""
    params = {key: value for key, value in extra.items() if value}
    if heat is not None:
        params.update(heat.params())
    return urlencode(params)


def _percent(share: Decimal | None) -> int | None:
    if share is None:
        return None
    return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def completeness_of(user: Any, heat: Heat, units: list[Unit], *, tree: str) -> dict[int, Any]:
    """Unit id → (reports expected, received) of the unit's subtree in `tree` (today's, or a
    line on the period's last day): what `reporting.selectors.completeness` counts, for
    every unit at once. Three queries."""
    if tree in LINE_TREES:
        reach = reporting.line_reach_paths(units, line=tree, day=heat.period.end)
    else:
        reach = {unit.pk: [unit.path] for unit in units}
    # Every report counts under each prefix of its unit's path (each unit above it); the
    # roots a unit reaches never lie inside one another, so their counts add up.
    expected: Counter[str] = Counter()
    received: Counter[str] = Counter()
    for path, submitted in (
        reporting.report_list(user=user, period=heat.period, form=heat.form)
        .order_by()
        .values_list("unit__path", "first_submitted_at")
    ):
        for end in range(PATH_SEGMENT, len(path) + 1, PATH_SEGMENT):
            expected[path[:end]] += 1
            if submitted is not None:
                received[path[:end]] += 1
    return {
        unit.pk: (
            sum(expected[root] for root in reach[unit.pk]),
            sum(received[root] for root in reach[unit.pk]),
        )
        for unit in units
    }


def _completeness(expected: int, received: int) -> dict[str, Any]:
    share = Decimal(received) * 100 / expected if expected else None
    if expected:
        words = ngettext(
            "%(received)s of %(expected)s report received",
            "%(received)s of %(expected)s reports received",
            expected,
        ) % {"received": received, "expected": expected}
    else:
        words = _("No report expected")
    return {
        "share": share,
        "percent": _percent(share),
        "band": band(share),
        "words": words,
        "counted": received,
        "of": expected,
    }


def _progress(rows: list[Any]) -> dict[str, Any]:
    judged = [row for row in rows if row.status in JUDGED]
    on_track = [row for row in judged if row.status in ON_TRACK]
    waiting = [row for row in rows if row.target is not None and row.status == Status.NO_DATA]
    share = Decimal(len(on_track)) * 100 / len(judged) if judged else None
    if judged:
        words = ngettext(
            "%(on)s of %(judged)s target on track",
            "%(on)s of %(judged)s targets on track",
            len(judged),
        ) % {"on": len(on_track), "judged": len(judged)}
    else:
        words = _("No target with a figure to judge")
    if waiting:
        words += "; " + _("%(n)s without a figure yet") % {"n": len(waiting)}
    return {
        "share": share,
        "percent": _percent(share),
        "band": band(share),
        "words": words,
        "counted": len(on_track),
        "of": len(judged),
    }


def paint(user: Any, heat: Heat | None, units: list[Unit], *, tree: str) -> dict[int, Any]:
    """Unit id → its colour (`band`), share in per cent (`percent`) and what was counted
    (`words`), for the units shown; `tree` is how a unit's subtree is read (`Tree`: today's
    organisation tree, or a line). Also set as `unit.heat` for the templates."""
    if heat is None or not heat.on or not units:
        return {}
    found: dict[int, Any] = {}
    if heat.measure == PROGRESS:
        indicators = reporting.form_indicators(form=heat.form)
        resolution = heat.form.resolution
        basis = Basis.APPROVED if resolution is not None and resolution.approved_only else None
        # Only a unit with a target of the form's indicators (in any year) can have one
        # judged: the figures are read for those alone, for all of them at once (along a
        # line too: the values are read once and added up under each unit's reach).
        targeted = set(
            target_list(user=user, resolution=resolution)
            .filter(unit__in=units, indicator__in=indicators)
            .values_list("unit_id", flat=True)
            if resolution is not None
            else []
        )
        rows = reporting.figures_for_units(
            user=user,
            units=[unit for unit in units if unit.pk in targeted],
            period=heat.period,
            indicators=indicators,
            basis=basis or Basis.SUBMITTED,
            tree=tree,
        )
        for unit in units:
            found[unit.pk] = _progress(rows.get(unit.pk, []))
    else:
        for pk, (expected, received) in completeness_of(user, heat, units, tree=tree).items():
            found[pk] = _completeness(expected, received)
    for unit in units:
        unit.heat = found[unit.pk]  # type: ignore[attr-defined]
    return found


def tree_of(line: str) -> str:
    """How the subtree of a unit shown is read: along the line browsed, else today's tree."""
    return line if line in Tree.values else Tree.TODAY

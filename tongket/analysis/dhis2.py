"""Data values in DHIS2's dataValueSets format (JSON and CSV), out and in.

Identifiers are codes (DHIS2's `idScheme=CODE`): `dataSet` is the report form's code,
`dataElement` an indicator's code, `orgUnit` a unit's code (a former code is read too), and
periods are written the DHIS2 way (2024, 2024S1, 2024Q3, 202407); periods DHIS2 has no type
for (nine months, terms) keep our codes, which are also read back. A ratio travels as two
values, its numerator and its denominator (`categoryOptionCombo` NUM and DEN); a weighted
average as its value and its weight (DEN). Export reads the reports of the caller's scope;
import goes through `reporting.services.imports.values_import`, the same all-or-nothing
checks as a spreadsheet (codes, scope, the form's assignment, open periods, numbers, the
indicator's rules, the report's state): a bad row refuses the whole set with every error.
A partner's own identifiers (an exchange mapping, DHIS2's idScheme=UID) are translated to
and from these codes by `analysis.exchange`; a value whose partner id names an indicator
carries that indicator (key `MAPPED`), so that it is imported into it, not into whichever
indicator of the form has its code.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tongket.core.errors import RowErrors
from tongket.reporting import selectors as reporting_selectors
from tongket.reporting.models import Period, ReportForm
from tongket.reporting.services.imports import (
    C_CODE,
    C_DEN,
    C_INDICATOR,
    C_NOTE,
    C_NUM,
    C_PERIOD,
    C_UNIT,
    C_VALUE,
    values_import,
)
from tongket.resolutions.choices import MeasureKind, UnitAggregation
from tongket.resolutions.models import Indicator

NUMERATOR, DENOMINATOR = "NUM", "DEN"
SHEET = "dataValues"
# The key of a value's indicator, when a mapping named it (an `Indicator`: a file's own keys
# are text and numbers, never one).
MAPPED = "mappedIndicator"
CSV_COLUMNS = [
    "dataelement",
    "period",
    "orgunit",
    "categoryoptioncombo",
    "attributeoptioncombo",
    "value",
    "storedby",
    "lastupdated",
    "comment",
    "followup",
]
MAX_VALUES = 100_000

_OURS = re.compile(r"^(\d{4})-(H[12]|Q[1-4]|\d{2})$")
_THEIRS = re.compile(r"^(\d{4})(?:S([12])|Q([1-4])|(\d{2}))$")


def period_to_dhis2(code: str) -> str:
    match = _OURS.match(code)
    if not match:
        return code
    year, part = match.groups()
    if part.startswith("H"):
        return f"{year}S{part[1]}"
    if part.startswith("Q"):
        return f"{year}{part}"
    return f"{year}{part}"


def period_from_dhis2(text: str) -> str:
    value = (text or "").strip().upper()
    match = _THEIRS.match(value)
    if not match:
        return value
    year, half, quarter, month = match.groups()
    if half:
        return f"{year}-H{half}"
    if quarter:
        return f"{year}-Q{quarter}"
    return f"{year}-{month}"


def _text(number: Decimal | None) -> str | None:
    if number is None:
        return None
    text = format(number.normalize(), "f")
    return text


def _parts(indicator: Any) -> str:
    if indicator.measure_kind == MeasureKind.RATIO or (
        indicator.unit_aggregation == UnitAggregation.RATIO
    ):
        return "ratio"
    if indicator.unit_aggregation == UnitAggregation.WEIGHTED_AVERAGE:
        return "weighted"
    return "value"


def data_value_set(
    *, user: Any, form: ReportForm, periods: list[Period], within: Any = None
) -> dict[str, Any]:
    """The values of the form's reports in the user's scope (a unit's subtree when given) for
    the periods, as a DHIS2 dataValueSet. Drafts are included, as the reports' own values."""
    reports = (
        reporting_selectors.report_list(user=user, form=form, within=within)
        .filter(period__in=periods)
        .prefetch_related("values__indicator")
    )
    values: list[dict[str, Any]] = []
    for report in reports:
        for stored in sorted(report.values.all(), key=lambda v: (v.indicator.order, v.pk)):
            if stored.value is None:
                continue
            base = {
                "dataElement": stored.indicator.code,
                "period": period_to_dhis2(report.period.code),
                "orgUnit": report.unit.code,
                "lastUpdated": report.updated_at.isoformat(),
            }
            kind = _parts(stored.indicator)
            if kind == "ratio":
                pieces = [
                    (NUMERATOR, stored.numerator),
                    (DENOMINATOR, stored.denominator),
                ]
            elif kind == "weighted":
                pieces = [("", stored.value), (DENOMINATOR, stored.denominator)]
            else:
                pieces = [("", stored.value)]
            for combo, number in pieces:
                if number is None:
                    continue
                entry = {**base, "value": _text(number)}
                if combo:
                    entry["categoryOptionCombo"] = combo
                if stored.comment and combo in ("", NUMERATOR):
                    entry["comment"] = stored.comment
                values.append(entry)
    return {"dataSet": form.code, "dataValues": values}


def csv_text(data_set: dict[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for value in data_set["dataValues"]:
        writer.writerow(
            [
                value["dataElement"],
                value["period"],
                value["orgUnit"],
                value.get("categoryOptionCombo", ""),
                "",
                value["value"],
                "",
                value.get("lastUpdated", ""),
                value.get("comment", ""),
                "false",
            ]
        )
    return buffer.getvalue()


def values_of_json(data: Any) -> list[tuple[int, dict[str, Any]]]:
    """(position, value) of a posted dataValueSet; RowErrors when it is not one."""
    if not isinstance(data, dict) or not isinstance(data.get("dataValues"), list):
        raise RowErrors(
            [
                {
                    "sheet": SHEET,
                    "row": None,
                    "column": None,
                    "message": _("Send a dataValueSet: an object with a list dataValues."),
                }
            ]
        )
    found = []
    for index, value in enumerate(data["dataValues"][: MAX_VALUES + 1], start=1):
        found.append((index, value if isinstance(value, dict) else {}))
    return found


def values_of_csv(content: bytes | str) -> list[tuple[int, dict[str, Any]]]:
    """(line, value) of a DHIS2 CSV (with its header line)."""
    try:
        text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    except UnicodeDecodeError as error:
        raise RowErrors(
            [
                {
                    "sheet": "CSV",
                    "row": None,
                    "column": None,
                    "message": _("The file is not UTF-8 text."),
                }
            ]
        ) from error
    reader = csv.reader(io.StringIO(text.replace("\x00", "")))
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in ("dataelement", "period", "orgunit", "value") if c not in header]
    if missing:
        raise RowErrors(
            [
                {
                    "sheet": "CSV",
                    "row": 1,
                    "column": column,
                    "message": _("The column %(column)s is missing.") % {"column": column},
                }
                for column in missing
            ]
        )
    keys = {
        "dataelement": "dataElement",
        "period": "period",
        "orgunit": "orgUnit",
        "categoryoptioncombo": "categoryOptionCombo",
        "value": "value",
        "comment": "comment",
    }
    found = []
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        found.append(
            (
                line,
                {
                    keys[name]: cells[index]
                    for index, name in enumerate(header)
                    if name in keys and index < len(cells)
                },
            )
        )
        if len(found) > MAX_VALUES:
            break
    return found


def rows_of(
    values: Iterable[tuple[int, dict[str, Any]]], sheet: str = SHEET
) -> list[tuple[int, dict[str, Any]]]:
    """The import's rows (one per unit, indicator and period, its numerator and denominator
    joined), numbered by the first value of each; RowErrors for values that cannot be rows."""
    problems: list[dict[str, Any]] = []
    rows: dict[tuple[str, str, str], tuple[int, dict[str, Any]]] = {}
    count = 0
    for position, value in values:
        count += 1
        if count > MAX_VALUES:
            problems.append(
                {
                    "sheet": sheet,
                    "row": position,
                    "column": None,
                    "message": _("At most %(n)s values at once.") % {"n": MAX_VALUES},
                }
            )
            break
        element = str(value.get("dataElement") or "").strip()
        unit = str(value.get("orgUnit") or "").strip()
        period = period_from_dhis2(str(value.get("period") or ""))
        missing = [
            name
            for name, given in (("dataElement", element), ("orgUnit", unit), ("period", period))
            if not given
        ]
        for name in missing:
            problems.append(
                {"sheet": sheet, "row": position, "column": name, "message": _("Enter a value.")}
            )
        combo = str(value.get("categoryOptionCombo") or "").strip().upper()
        if combo in ("DEFAULT", "HLLVX50CXC0"):
            combo = ""
        if combo not in ("", NUMERATOR, DENOMINATOR):
            problems.append(
                {
                    "sheet": sheet,
                    "row": position,
                    "column": "categoryOptionCombo",
                    "message": _("%(combo)s is not one of: default, NUM, DEN.")
                    % {"combo": value.get("categoryOptionCombo")},
                }
            )
            continue
        if missing:
            continue
        mapped = value.get(MAPPED)
        if not isinstance(mapped, Indicator):
            mapped = None
        key = (unit.upper(), mapped.pk if mapped else element.upper(), period)
        number, cells = rows.setdefault(
            key, (position, {C_UNIT: unit, C_CODE: element, C_PERIOD: period})
        )
        if mapped is not None:
            cells[C_INDICATOR] = mapped
        column = {"": C_VALUE, NUMERATOR: C_NUM, DENOMINATOR: C_DEN}[combo]
        if column in cells:
            problems.append(
                {
                    "sheet": sheet,
                    "row": position,
                    "column": "value",
                    "message": _("The same unit, indicator and period are already on row %(row)s.")
                    % {"row": number},
                }
            )
            continue
        cells[column] = value.get("value")
        if value.get("comment"):
            cells[C_NOTE] = value.get("comment")
    if problems:
        raise RowErrors(problems)
    return list(rows.values())


def form_of(*, by: Any, rows: list[tuple[int, dict[str, Any]]]) -> ReportForm:
    """The one form the rows' unit and indicator codes fit (DomainError, field `form`,
    when none or several do)."""
    return reporting_selectors.form_infer(
        user=by,
        unit_codes={cells[C_UNIT] for _n, cells in rows},
        indicator_codes={cells[C_CODE] for _n, cells in rows},
    )


def data_value_set_import(
    *,
    by: Any,
    rows: list[tuple[int, dict[str, Any]]],
    form: ReportForm | None = None,
    then: str = "",
    sheet: str = SHEET,
    dry_run: bool = False,
) -> dict[str, Any]:
    """Import the rows through the reporting import, all or nothing; the form is inferred
    from the codes when not given. `dry_run`: every check and count of the import, then
    everything rolled back (the exchange page's preview)."""
    if form is None:
        form = form_of(by=by, rows=rows)
    try:
        with transaction.atomic():
            counts = values_import(by=by, form=form, rows=rows, sheet=sheet, then=then)
            if dry_run:
                raise _RolledBack(counts)
    except _RolledBack as done:
        counts = done.counts
    return {**counts, "form": form.code}


class _RolledBack(Exception):
    """Leaves a dry run's transaction, rolling it back, with the counts it would give."""

    def __init__(self, counts: dict[str, int]) -> None:
        super().__init__("dry run")
        self.counts = counts

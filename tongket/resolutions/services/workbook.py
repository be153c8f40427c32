"""The indicators-and-targets workbook of a resolution: template, export and import.

Sheet `Chỉ tiêu`: Mã chỉ tiêu, Tên chỉ tiêu, Đơn vị tính, Loại, Cách tổng hợp, Chiều, Giá trị
gốc, Năm gốc (and, optional, Tổng hợp theo thời gian, Các mức). Sheet `Giao chỉ tiêu`: Mã chỉ
tiêu, Mã đơn vị, Năm (empty = whole horizon), Giá trị. An export re-imports unchanged. The
import is all-or-nothing: every bad row is reported by sheet, row and column and nothing is
written; good files go through the same services as the pages (indicator_create /
indicator_update / target_set), in one transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.classification import mark_of
from tongket.core.errors import RowErrors
from tongket.core.jobs import job_progress, register
from tongket.core.models import Job
from tongket.core.text import search_key
from tongket.core.workbook import (
    Problems,
    cell_number,
    cell_text,
    cell_year,
    choice,
    excel_number,
    iter_rows,
    new_workbook,
    open_workbook,
    read_sheet,
    workbook_bytes,
    write_sheet,
)
from tongket.org.models import Unit, UnitName
from tongket.resolutions.choices import (
    Direction,
    MeasureKind,
    TargetMethod,
    TimeAggregation,
    UnitAggregation,
)
from tongket.resolutions.models import Indicator, Resolution, Target
from tongket.resolutions.services.followers import tell_targets_changed
from tongket.resolutions.services.indicators import (
    ALLOWED_AGGREGATIONS,
    indicator_create,
    indicator_update,
)
from tongket.resolutions.services.records import require_keeper
from tongket.resolutions.services.targets import _write_target, require_target_role
from tongket.resolutions.services.values import check_target_value

SHEET_INDICATORS = "Chỉ tiêu"
SHEET_TARGETS = "Giao chỉ tiêu"
SHEET_GUIDE = "Hướng dẫn"
C_CODE, C_NAME, C_UOM, C_KIND = "Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Loại"
C_AGG, C_DIR, C_BASE, C_BASE_YEAR = "Cách tổng hợp", "Chiều", "Giá trị gốc", "Năm gốc"
C_TIME, C_LEVELS = "Tổng hợp theo thời gian", "Các mức"
C_UNIT, C_YEAR, C_VALUE = "Mã đơn vị", "Năm", "Giá trị"
INDICATOR_COLUMNS = [C_CODE, C_NAME, C_UOM, C_KIND, C_AGG, C_DIR, C_BASE, C_BASE_YEAR]
INDICATOR_OPTIONAL = (C_TIME, C_LEVELS)
TARGET_COLUMNS = [C_CODE, C_UNIT, C_YEAR, C_VALUE]

KINDS = {
    "số": MeasureKind.NUMBER,
    "tỷ lệ": MeasureKind.RATIO,
    "mốc": MeasureKind.MILESTONE,
    "định tính": MeasureKind.RATING,
}
AGGREGATIONS = {
    "tổng": UnitAggregation.SUM,
    "trung bình": UnitAggregation.AVERAGE,
    "trung bình có trọng số": UnitAggregation.WEIGHTED_AVERAGE,
    "tỷ lệ": UnitAggregation.RATIO,
    "nhỏ nhất": UnitAggregation.MIN,
    "lớn nhất": UnitAggregation.MAX,
    "số đơn vị đạt": UnitAggregation.COUNT_MET,
}
DIRECTIONS = {"tăng": Direction.HIGHER, "giảm": Direction.LOWER}
TIMES = {
    "cộng dồn": TimeAggregation.SUM,
    "giá trị cuối": TimeAggregation.LAST,
    "trung bình": TimeAggregation.AVERAGE,
}


def _label(options: dict[str, str], code: str) -> str:
    return next(label for label, value in options.items() if value == code)


# --- Export and template ------------------------------------------------------------------


def export_workbook(*, user: Any, resolution: Resolution, template: bool = False) -> bytes:
    """The workbook of the resolution's indicators and of the targets the user may read
    (empty sheets with drop-down lists and a guide for the template)."""
    from tongket.resolutions.selectors import target_list

    indicators = list(resolution.indicators.order_by("order", "id"))
    indicator_rows = [
        [
            i.code,
            i.name,
            i.unit_of_measure,
            _label(KINDS, i.measure_kind),
            _label(AGGREGATIONS, i.unit_aggregation),
            _label(DIRECTIONS, i.direction),
            excel_number(i.baseline_value),
            i.baseline_year,
            _label(TIMES, i.time_aggregation),
            "; ".join(i.rating_levels or []),
        ]
        for i in ([] if template else indicators)
    ]
    target_rows = []
    if not template:
        targets = target_list(user=user, resolution=resolution).order_by(
            "indicator__order", "indicator_id", "unit__path", "year"
        )
        target_rows = [
            [t.indicator.code, t.unit.code, t.year, excel_number(t.value)] for t in targets
        ]
    workbook = new_workbook()
    write_sheet(
        workbook,
        SHEET_INDICATORS,
        [*INDICATOR_COLUMNS, *INDICATOR_OPTIONAL],
        indicator_rows,
        widths={C_NAME: 60, C_AGG: 24, C_TIME: 22, C_LEVELS: 30},
        lists={
            C_KIND: list(KINDS),
            C_AGG: list(AGGREGATIONS),
            C_DIR: list(DIRECTIONS),
            C_TIME: list(TIMES),
        },
        number_columns=(C_BASE,),
    )
    write_sheet(
        workbook,
        SHEET_TARGETS,
        TARGET_COLUMNS,
        target_rows,
        widths={C_UNIT: 18},
        number_columns=(C_VALUE,),
    )
    guide = workbook.create_sheet(SHEET_GUIDE)
    for line in _guide_lines(resolution):
        guide.append([line])
    guide.column_dimensions["A"].width = 110
    return workbook_bytes(workbook, mark=mark_of(resolution))


def _guide_lines(resolution: Resolution) -> list[str]:
    return [
        f"Chỉ tiêu và giao chỉ tiêu — {resolution.symbol}",
        "",
        "Sheet «Chỉ tiêu»: mỗi dòng một chỉ tiêu. Mã chỉ tiêu không trùng trong nghị quyết.",
        "  Loại: " + ", ".join(KINDS) + ".",
        "  Cách tổng hợp (theo đơn vị): " + ", ".join(AGGREGATIONS) + ".",
        "  Chiều: tăng (càng cao càng tốt), giảm (càng thấp càng tốt).",
        "  Tổng hợp theo thời gian (không bắt buộc): "
        + ", ".join(TIMES)
        + " (mặc định: cộng dồn).",
        "  Các mức (chỉ tiêu định tính): các mức từ thấp đến cao, ngăn cách bằng dấu chấm phẩy.",
        "  Chỉ tiêu tỷ lệ: giá trị ghi theo phần trăm (85,5 nghĩa là 85,5 %).",
        "",
        "Sheet «Giao chỉ tiêu»: mỗi dòng một chỉ tiêu giao cho một đơn vị.",
        f"  Năm: trong giai đoạn {resolution.horizon_label}; để trống = cả giai đoạn.",
        "  Mã đơn vị: mã hiện tại hoặc mã cũ của đơn vị.",
        "",
        "Số viết kiểu Việt Nam (1.234,5) hoặc kiểu quốc tế (1,234.5) đều được.",
        "Không gộp ô. Tệp có lỗi sẽ không được nhập dòng nào; danh sách lỗi chỉ rõ sheet, dòng, cột.",
    ]


# --- Import -------------------------------------------------------------------------------


def _read(
    upload: Any, resolution: Resolution, user: Any, problems: Problems
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    workbook = open_workbook(upload)
    indicators_sheet = read_sheet(
        workbook, SHEET_INDICATORS, INDICATOR_COLUMNS, problems, optional=INDICATOR_OPTIONAL
    )
    targets_sheet = read_sheet(
        workbook, SHEET_TARGETS, TARGET_COLUMNS, problems, required_sheet=False
    )
    existing = {search_key(i.code): i for i in resolution.indicators.all()}
    indicators: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    sheet = SHEET_INDICATORS
    for row, cells in iter_rows(indicators_sheet):
        code = cell_text(cells[C_CODE]).replace(" ", "")
        if not code:
            problems.add(sheet, row, C_CODE, _("Enter the indicator's code."))
            continue
        key = search_key(code)
        if key in seen:
            problems.add(
                sheet,
                row,
                C_CODE,
                _("The code %(code)s is already on row %(row)s.")
                % {"code": code, "row": seen[key]},
            )
            continue
        seen[key] = row
        name = cell_text(cells[C_NAME])
        if not name:
            problems.add(sheet, row, C_NAME, _("Enter the indicator's name."))
        kind = choice(
            cells[C_KIND], KINDS, problems, sheet, row, C_KIND, default=MeasureKind.NUMBER
        )
        aggregation = choice(
            cells[C_AGG], AGGREGATIONS, problems, sheet, row, C_AGG, default=UnitAggregation.SUM
        )
        direction = choice(
            cells[C_DIR], DIRECTIONS, problems, sheet, row, C_DIR, default=Direction.HIGHER
        )
        over_time = choice(
            cells.get(C_TIME), TIMES, problems, sheet, row, C_TIME, default=TimeAggregation.SUM
        )
        if kind and aggregation and aggregation not in ALLOWED_AGGREGATIONS[MeasureKind(kind)]:
            problems.add(
                sheet,
                row,
                C_AGG,
                _("This way of adding up over units does not fit a %(kind)s indicator.")
                % {"kind": MeasureKind(kind).label},
            )
        levels = [
            level.strip() for level in cell_text(cells.get(C_LEVELS)).split(";") if level.strip()
        ]
        if kind == MeasureKind.RATING and len(levels) < 2:
            problems.add(
                sheet,
                row,
                C_LEVELS,
                _("A rating needs at least two levels, from the lowest to the highest."),
            )
        baseline = cell_number(cells[C_BASE], problems, sheet, row, C_BASE)
        baseline_year = cell_year(cells[C_BASE_YEAR], problems, sheet, row, C_BASE_YEAR)
        indicators.append(
            {
                "row": row,
                "code": code,
                "existing": existing.get(key),
                "fields": {
                    "code": code,
                    "name": name,
                    "unit_of_measure": cell_text(cells[C_UOM]),
                    "measure_kind": kind,
                    "unit_aggregation": aggregation,
                    "direction": direction,
                    "time_aggregation": over_time,
                    "baseline_value": baseline,
                    "baseline_year": baseline_year,
                    "rating_levels": levels,
                },
            }
        )
    known = {search_key(i["code"]): i for i in indicators}
    for key, indicator in existing.items():
        known.setdefault(key, {"existing": indicator, "fields": None, "code": indicator.code})
    units = _unit_lookup(user)
    targets: list[dict[str, Any]] = []
    seen_targets: dict[tuple[str, int, int | None], int] = {}
    sheet = SHEET_TARGETS
    for row, cells in iter_rows(targets_sheet):
        code = cell_text(cells[C_CODE]).replace(" ", "")
        indicator = known.get(search_key(code))
        if indicator is None:
            problems.add(
                sheet,
                row,
                C_CODE,
                _("No indicator has the code %(code)s.") % {"code": code or "''"},
            )
        unit_code = cell_text(cells[C_UNIT])
        unit = units.get(search_key(unit_code))
        if unit is None:
            problems.add(
                sheet,
                row,
                C_UNIT,
                _("No unit in your scope has the code %(code)s.") % {"code": unit_code or "''"},
            )
        year = cell_year(cells[C_YEAR], problems, sheet, row, C_YEAR)
        if year is not None and (
            not resolution.horizon_known
            or not resolution.horizon_from <= year <= resolution.last_target_year
        ):
            problems.add(
                sheet,
                row,
                C_YEAR,
                _("The year %(year)s is outside the horizon %(horizon)s.")
                % {"year": year, "horizon": resolution.horizon_label},
            )
        value = cell_number(cells[C_VALUE], problems, sheet, row, C_VALUE)
        if value is None and cell_text(cells[C_VALUE]) == "":
            problems.add(sheet, row, C_VALUE, _("Enter the target."))
        if indicator is None or unit is None:
            continue
        key3 = (search_key(code), unit.pk, year)
        if key3 in seen_targets:
            problems.add(
                sheet,
                row,
                C_UNIT,
                _("This target is already on row %(row)s.") % {"row": seen_targets[key3]},
            )
            continue
        seen_targets[key3] = row
        if value is not None:
            probe = _probe_indicator(indicator, resolution)
            try:
                check_target_value(probe, value)
            except Exception as error:
                problems.add(
                    sheet, row, C_VALUE, " ".join(getattr(error, "messages", [str(error)]))
                )
        targets.append({"row": row, "code": code, "unit": unit, "year": year, "value": value})
    return indicators, targets


def _probe_indicator(known: dict[str, Any], resolution: Resolution) -> Indicator:
    """The indicator as it will be after the import, to check target values against."""
    if known.get("fields"):
        fields = {k: v for k, v in known["fields"].items() if v is not None}
        base = known.get("existing")
        probe = Indicator(resolution=resolution, **fields)
        if base is not None:
            probe.min_value, probe.max_value = base.min_value, base.max_value
        return probe
    return known["existing"]


def _unit_lookup(user: Any) -> dict[str, Unit]:
    """Search key of every current and former code of the units in the user's scope."""
    units = {u.pk: u for u in scopes.restrict(Unit.objects.all(), user)}
    lookup: dict[str, Unit] = {}
    for unit_id, code in UnitName.objects.filter(unit_id__in=units).values_list("unit_id", "code"):
        lookup.setdefault(search_key(code), units[unit_id])
    for unit in units.values():
        lookup[search_key(unit.code)] = unit
    return lookup


def indicators_import(
    *, by: Any, resolution: Resolution, file: Any, job: Job | None = None
) -> dict[str, Any]:
    """Import the workbook: all or nothing. Returns counts of what was created and changed;
    raises RowErrors listing every bad row."""
    require_keeper(by, resolution)
    problems = Problems()
    indicators, targets = _read(file, resolution, by, problems)
    if problems:
        raise RowErrors(problems.rows)
    total = len(indicators) + len(targets)
    counts = {"indicators_created": 0, "indicators_updated": 0, "targets_set": 0}
    with transaction.atomic():
        # Everything goes through the services; any refusal rolls the whole file back with
        # the row it came from.
        by_code: dict[str, Indicator] = {search_key(i.code): i for i in resolution.indicators.all()}
        for done, entry in enumerate(indicators, start=1):
            fields = entry["fields"]
            try:
                if entry["existing"] is None:
                    indicator = indicator_create(by=by, resolution=resolution, **fields)
                    counts["indicators_created"] += 1
                else:
                    current = entry["existing"]
                    changes = {
                        k: v
                        for k, v in fields.items()
                        if getattr(current, k) != v
                        and not (k == "rating_levels" and not v and not current.rating_levels)
                    }
                    indicator = current
                    if changes:
                        indicator = indicator_update(by=by, indicator=current, **changes)
                        counts["indicators_updated"] += 1
            except Exception as error:
                _fail(SHEET_INDICATORS, entry["row"], None, error)
            by_code[search_key(indicator.code)] = indicator
            if job and done % 200 == 0:
                job_progress(job, done, total, _("Writing indicators…"))
        existing_targets = {
            (t.indicator_id, t.unit_id, t.year): t
            for t in Target.objects.filter(indicator__resolution=resolution)
        }
        for entry in targets:
            indicator = by_code[search_key(entry["code"])]
            try:
                require_target_role(by, indicator, entry["unit"])
                current = existing_targets.get((indicator.pk, entry["unit"].pk, entry["year"]))
                if current is None or current.value != entry["value"]:
                    _write_target(
                        by=by,
                        indicator=indicator,
                        unit=entry["unit"],
                        year=entry["year"],
                        value=entry["value"],
                        method=TargetMethod.IMPORTED,
                        reason=_("Imported from a workbook"),
                    )
                    counts["targets_set"] += 1
            except Exception as error:
                _fail(SHEET_TARGETS, entry["row"], None, error)
        changed = [
            indicator
            for indicator in by_code.values()
            if indicator.unit_aggregation == UnitAggregation.COUNT_MET
        ]
        for indicator in changed:
            keys = [
                (t["unit"].pk, t["year"])
                for t in targets
                if by_code[search_key(t["code"])] == indicator
            ]
            if keys:
                tell_targets_changed(indicator=indicator, keys=keys)
    if problems.notes:
        # Told with the result: text converted from an old Vietnamese encoding.
        return {**counts, "converted": " ".join(problems.notes)}
    return counts


def _fail(sheet: str, row: int, column: str | None, error: Exception) -> None:
    messages = getattr(error, "messages", None) or [str(error)]
    raise RowErrors(
        [{"sheet": sheet, "row": row, "column": column, "message": " ".join(messages)}]
    ) from error


@register("resolutions.import_indicators")
def _run_import(*, job: Job, by: Any) -> dict[str, Any]:
    resolution = Resolution.objects.get(pk=job.params["resolution"])
    with job.file.open("rb") as handle:
        return indicators_import(by=by, resolution=resolution, file=handle, job=job)

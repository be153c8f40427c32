"""Importing values of a report form: sheet `Số liệu` of a workbook, or CSV with the same
columns (Mã đơn vị, Mã chỉ tiêu, Kỳ, Giá trị, Tử số, Mẫu số, Ghi chú).

All or nothing: every row is checked first (codes, scope, the form's assignment, open
period, numbers, the indicator's rules, the report's state) and any bad row refuses the
file with the list of errors. A good file is written in one transaction: reports are
created where the unit was expected, values stored, reports optionally submitted (and
approved), and the roll-ups brought up to date (incrementally for small files, rebuilt in
bulk for the periods touched by large ones).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import DomainError, RowErrors
from tongket.core.jobs import job_progress, register
from tongket.core.legacy_text import convert_texts, decode_bytes, describe_counts
from tongket.core.models import Job
from tongket.core.numbers import AmbiguousNumber, NotANumber, NumberOutOfRange, parse_number
from tongket.core.services import changelog_record
from tongket.core.text import search_key
from tongket.core.workbook import (
    LARGEST,
    Problems,
    cell_text,
    iter_rows,
    open_workbook,
    read_sheet,
)
from tongket.org import policy
from tongket.org.models import PATH_SEGMENT, Unit, UnitName
from tongket.org.policy import Action
from tongket.org.selectors import paths_on
from tongket.reporting.analytics import is_met
from tongket.reporting.choices import Basis, ReportState
from tongket.reporting.models import DataValue, Period, Report, ReportForm
from tongket.reporting.periods import parse_period_code
from tongket.reporting.services import rollups
from tongket.reporting.services.forms import _expected, form_due_date, is_backfill_now
from tongket.reporting.services.periods import period_ensure
from tongket.reporting.services.reports import (
    Entry,
    clean_entry,
)
from tongket.resolutions.models import Indicator

SHEET = "Số liệu"
C_UNIT, C_CODE, C_PERIOD = "Mã đơn vị", "Mã chỉ tiêu", "Kỳ"
C_VALUE, C_NUM, C_DEN, C_NOTE = "Giá trị", "Tử số", "Mẫu số", "Ghi chú"
COLUMNS = [C_UNIT, C_CODE, C_PERIOD, C_VALUE]
OPTIONAL = (C_NUM, C_DEN, C_NOTE)
BULK_THRESHOLD = 5000


def read_workbook_rows(upload: Any, problems: Problems) -> Iterator[tuple[int, dict[str, Any]]]:
    workbook = open_workbook(upload)
    sheet = read_sheet(workbook, SHEET, COLUMNS, problems, optional=OPTIONAL)
    return iter_rows(sheet)


def read_csv_rows(text: str | bytes, problems: Problems) -> Iterator[tuple[int, dict[str, Any]]]:
    """CSV with the same headers (comma or semicolon separated, UTF-8 with or without BOM)."""
    if isinstance(text, bytes):
        # UTF-8 (with or without BOM), UTF-16, or bytes typed in an old single-byte
        # Vietnamese encoding (converted; a note says so).
        decoded = decode_bytes(text)
        if decoded.converted:
            problems.notes.append(
                _("The file was typed in an old Vietnamese encoding and was converted (%(what)s).")
                % {"what": decoded.describe()}
            )
        text = decoded.text
    if "\x00" in text:
        problems.add("CSV", None, None, _("The file holds null characters: it is not CSV text."))
        return iter(())
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    lines = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    places = [(r, c) for r, line in enumerate(lines) for c in range(len(line))]
    texts, counts = convert_texts([lines[r][c] for r, c in places])
    if counts:
        for (r, c), value in zip(places, texts, strict=True):
            lines[r][c] = value
        problems.notes.append(
            _("Cells typed in an old Vietnamese encoding were converted (%(what)s).")
            % {"what": describe_counts(counts)}
        )
    reader = iter(lines)
    header = next(reader, [])
    wanted = {search_key(c): c for c in [*COLUMNS, *OPTIONAL]}
    positions = {wanted[search_key(h)]: i for i, h in enumerate(header) if search_key(h) in wanted}
    missing = [c for c in COLUMNS if c not in positions]
    for column in missing:
        problems.add("CSV", 1, column, _("The column %(column)s is missing.") % {"column": column})
    if missing:
        return iter(())

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        for number, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            yield (
                number,
                {
                    column: (values[index] if index < len(values) else "")
                    for column, index in positions.items()
                },
            )

    return rows()


class _Lookups:
    """Codes → objects, read once per import."""

    def __init__(self, by: Any, form: ReportForm) -> None:
        self.by = by
        self.form = form
        self.indicators = {
            search_key(link.indicator.code): link.indicator
            for link in form.form_indicators.select_related("indicator")
        }
        visible = {
            u.pk: u
            for u in scopes.restrict(
                Unit.objects.all(), by, roles=policy.roles(Action.FILL_REPORTS)
            )
        }
        self.units: dict[str, Unit] = {}
        for unit_id, code in UnitName.objects.filter(unit_id__in=visible).values_list(
            "unit_id", "code"
        ):
            self.units.setdefault(search_key(code), visible[unit_id])
        for unit in visible.values():
            self.units[search_key(unit.code)] = unit
        self.assignments = {a.unit_id: a for a in form.assignments.select_related("unit")}
        self.periods: dict[Any, Period | DomainError] = {}
        # Periods this file named that did not exist yet: removed again if it is refused.
        self.created: list[Period] = []
        # Large files repeat the same few codes: each distinct text is looked up once.
        self._unit_texts: dict[Any, Unit | None] = {}
        self._indicator_texts: dict[Any, Indicator | None] = {}
        self._expected: dict[tuple[int, int], bool] = {}

    def unit(self, raw: Any) -> Unit | None:
        if raw not in self._unit_texts:
            self._unit_texts[raw] = self.units.get(search_key(cell_text(raw)))
        return self._unit_texts[raw]

    def indicator(self, raw: Any) -> Indicator | None:
        if raw not in self._indicator_texts:
            code = cell_text(raw).replace(" ", "")
            self._indicator_texts[raw] = self.indicators.get(search_key(code))
        return self._indicator_texts[raw]

    def expected(self, unit: Unit, period: Period) -> bool:
        key = (unit.pk, period.pk)
        if key not in self._expected:
            assignment = self.assignments.get(unit.pk)
            self._expected[key] = assignment is not None and bool(_expected([assignment], period))
        return self._expected[key]

    def period(self, raw: Any) -> Period:
        """The period a cell names; DomainError (remembered too) when it names none."""
        if raw not in self.periods:
            try:
                spec = parse_period_code(cell_text(raw))
                # period_ensure also creates the year a finer period falls in.
                codes = {spec.code, str(spec.year)}
                missing = codes - set(
                    Period.objects.filter(code__in=codes).values_list("code", flat=True)
                )
                self.periods[raw] = period_ensure(by=self.by, code=spec.code)
                if missing:
                    self.created.extend(Period.objects.filter(code__in=missing))
            except DomainError as error:
                self.periods[raw] = error  # type: ignore[assignment]
        found = self.periods[raw]
        if isinstance(found, DomainError):
            raise found
        return found  # type: ignore[return-value]


def _number(value: Any, problems: Problems, sheet: str, row: int, column: str) -> Decimal | None:
    try:
        number = parse_number(value)
    except (AmbiguousNumber, NumberOutOfRange) as error:
        # "1.234" is asked about, a figure too large or too fine says its bound.
        problems.add(sheet, row, column, error.message)
        return None
    except NotANumber:
        problems.add(
            sheet, row, column, _("%(value)s is not a number.") % {"value": cell_text(value)}
        )
        return None
    if number is not None and abs(number) >= LARGEST:
        problems.add(sheet, row, column, _("%(value)s is too large.") % {"value": cell_text(value)})
        return None
    return number


def check_rows(
    *,
    by: Any,
    form: ReportForm,
    rows: Iterable[tuple[int, dict[str, Any]]],
    sheet: str,
    problems: Problems,
    job: Job | None = None,
    total: int = 0,
    created: list[Period] | None = None,
) -> dict[tuple[int, int], dict[int, tuple[int, Entry]]]:
    """Check every row; returns {(unit id, period id): {indicator id: (row, entry)}}. Periods
    the rows name that did not exist are created and appended to `created`."""
    lookups = _Lookups(by, form)
    if created is not None:
        lookups.created = created
    plan: dict[tuple[int, int], dict[int, tuple[int, Entry]]] = defaultdict(dict)
    counted = 0
    for row, cells in rows:
        counted += 1
        if job and counted % 5000 == 0:
            job_progress(job, counted, total * 2 or counted * 2, _("Checking rows…"))
        raw_unit = cells.get(C_UNIT)
        unit = lookups.unit(raw_unit)
        if unit is None:
            problems.add(
                sheet,
                row,
                C_UNIT,
                _("No unit you report for has the code %(code)s.")
                % {"code": cell_text(raw_unit) or "''"},
            )
        raw_code = cells.get(C_CODE)
        indicator = lookups.indicator(raw_code)
        if indicator is None:
            problems.add(
                sheet,
                row,
                C_CODE,
                _("The form %(form)s has no indicator %(code)s.")
                % {"form": form.code, "code": cell_text(raw_code) or "''"},
            )
        period = None
        try:
            period = lookups.period(cells.get(C_PERIOD))
        except DomainError as error:
            problems.add(sheet, row, C_PERIOD, " ".join(error.messages))
        if period is not None:
            if period.type != form.period_type:
                problems.add(
                    sheet,
                    row,
                    C_PERIOD,
                    _("The form is reported per %(type)s; %(code)s is not such a period.")
                    % {"type": form.get_period_type_display().lower(), "code": period.code},
                )
                period = None
            elif not period.is_open:
                problems.add(
                    sheet,
                    row,
                    C_PERIOD,
                    _("The period %(code)s is closed.") % {"code": period.code},
                )
                period = None
        if unit is not None and period is not None:
            if not lookups.expected(unit, period):
                problems.add(
                    sheet,
                    row,
                    C_UNIT,
                    _("%(unit)s is not asked for this form in %(period)s.")
                    % {"unit": unit.name, "period": period.code},
                )
                unit = None
        entry = Entry(
            value=_number(cells.get(C_VALUE), problems, sheet, row, C_VALUE),
            numerator=_number(cells.get(C_NUM), problems, sheet, row, C_NUM),
            denominator=_number(cells.get(C_DEN), problems, sheet, row, C_DEN),
            comment=cell_text(cells.get(C_NOTE)) or None,
        )
        if indicator is None or unit is None or period is None:
            continue
        try:
            entry = clean_entry(indicator, entry)
        except DomainError as error:
            column = {"numerator": C_NUM, "denominator": C_DEN}.get(
                next(iter(getattr(error, "error_dict", {"value": 0}))), C_VALUE
            )
            problems.add(sheet, row, column, " ".join(error.messages))
            continue
        slot = plan[(unit.pk, period.pk)]
        if indicator.pk in slot:
            problems.add(
                sheet,
                row,
                C_CODE,
                _("The same unit, indicator and period are already on row %(row)s.")
                % {"row": slot[indicator.pk][0]},
            )
            continue
        slot[indicator.pk] = (row, entry)
    return plan


def values_import(
    *,
    by: Any,
    form: ReportForm,
    rows: Iterable[tuple[int, dict[str, Any]]],
    sheet: str = SHEET,
    then: str = "",
    job: Job | None = None,
    total: int = 0,
) -> dict[str, int]:
    """Import values for `form`. `then` = "submit" submits the reports the file touched,
    "approve" also approves them (the importer must be an approver above those units).
    Returns counts; raises RowErrors with every bad row."""
    created: list[Period] = []
    try:
        return _import(
            by=by,
            form=form,
            rows=rows,
            sheet=sheet,
            then=then,
            job=job,
            total=total,
            created=created,
        )
    except (RowErrors, DomainError):
        # All or nothing: a refused file leaves no period behind either.
        Period.objects.filter(pk__in=[p.pk for p in created], reports__isnull=True).delete()
        raise


def _import(
    *,
    by: Any,
    form: ReportForm,
    rows: Iterable[tuple[int, dict[str, Any]]],
    sheet: str,
    then: str,
    job: Job | None,
    total: int,
    created: list[Period],
) -> dict[str, int]:
    problems = Problems()
    plan = check_rows(
        by=by,
        form=form,
        rows=rows,
        sheet=sheet,
        problems=problems,
        job=job,
        total=total,
        created=created,
    )
    if problems:
        raise RowErrors(problems.rows)
    if not plan:
        raise DomainError(_("The file holds no values."), field="file")
    if then not in ("", "submit", "approve"):
        raise DomainError(_("Choose what to do after the import."), field="then")
    indicators = {i.pk: i for i in form.indicators.all()}
    with transaction.atomic():
        reports = _reports_for(form, plan, problems, sheet)
        if problems:
            raise RowErrors(problems.rows)
        if then == "approve":
            approver_paths = scopes.scope_paths(by, policy.roles(Action.APPROVE_REPORTS))
            for report in reports.values():
                # The unit directly above (read off the path: no query per report).
                above = report.unit.path[:-PATH_SEGMENT] or report.unit.path
                if approver_paths is not None and not any(
                    above.startswith(path) for path in approver_paths
                ):
                    raise RowErrors(
                        [
                            {
                                "sheet": sheet,
                                "row": None,
                                "column": C_UNIT,
                                "message": _("You may not approve the reports of %(unit)s.")
                                % {"unit": report.unit.name},
                            }
                        ]
                    )
        if job:
            job_progress(job, 1, 2, _("Writing values…"))
        written = _write_values(reports, plan, indicators)
        counts = {"values": written, "reports": len(reports), "submitted": 0, "approved": 0}
        if then:
            counts.update(_move_reports(by, reports, plan, then, written, sheet))
        changelog_record(
            by=by,
            action="values_import",
            obj=form,
            after=counts,
            unit_path=form.owner_unit.path,
        )
    return counts


def _reports_for(
    form: ReportForm,
    plan: dict[tuple[int, int], dict[int, tuple[int, Entry]]],
    problems: Problems,
    sheet: str,
) -> dict[tuple[int, int], Report]:
    """The reports the file writes into: existing ones (which must be editable) and new ones
    for units expected in the period."""
    keys = list(plan)
    unit_ids = {u for u, _p in keys}
    period_ids = {p for _u, p in keys}
    found: dict[tuple[int, int], Report] = {}
    for report in (
        Report.objects.select_for_update()
        .filter(form=form, unit_id__in=unit_ids, period_id__in=period_ids)
        .select_related("unit", "period")
    ):
        found[(report.unit_id, report.period_id)] = report
    missing = [key for key in keys if key not in found]
    if missing:
        periods = {p.pk: p for p in Period.objects.filter(pk__in={p for _u, p in missing})}
        by_period: dict[int, list[int]] = defaultdict(list)
        for unit_id, period_id in missing:
            by_period[period_id].append(unit_id)
        new: list[Report] = []
        for period_id, units in by_period.items():
            period = periods[period_id]
            due = form_due_date(form, period)
            paths = paths_on(unit_ids=units, day=period.end)
            # A file of a period long past is entered afterwards (nhập bù), never late.
            new += [
                Report(
                    form=form,
                    unit_id=u,
                    period=period,
                    due_date=due,
                    path_then=paths[u],
                    is_backfill=is_backfill_now(due),
                )
                for u in units
            ]
        Report.objects.bulk_create(new, batch_size=2000)
        for report in Report.objects.filter(
            form=form, unit_id__in={u for u, _p in missing}, period_id__in={p for _u, p in missing}
        ).select_related("unit", "period"):
            found[(report.unit_id, report.period_id)] = report
    for key, report in found.items():
        if key in plan and report.state not in (ReportState.DRAFT, ReportState.RETURNED):
            first_row = min(row for row, _e in plan[key].values())
            problems.add(
                sheet,
                first_row,
                C_UNIT,
                _("The report of %(unit)s for %(period)s is %(state)s: it is locked.")
                % {
                    "unit": report.unit.name,
                    "period": report.period.code,
                    "state": ReportState(report.state).label.lower(),
                },
            )
    return {key: report for key, report in found.items() if key in plan}


def _write_values(
    reports: dict[tuple[int, int], Report],
    plan: dict[tuple[int, int], dict[int, tuple[int, Entry]]],
    indicators: dict[int, Indicator],
) -> int:
    """Upsert the values (met flags computed from the targets, read in one query)."""
    from tongket.resolutions.models import Target

    years = {report.period.year for report in reports.values()}
    targets: dict[tuple[int, int], dict[Any, Decimal]] = defaultdict(dict)
    for indicator_id, unit_id, year, value in (
        Target.objects.filter(indicator_id__in=indicators, unit_id__in={u for u, _p in reports})
        .filter(year__in=years)
        .values_list("indicator_id", "unit_id", "year", "value")
    ):
        targets[(indicator_id, unit_id)][year] = value
    for indicator_id, unit_id, value in Target.objects.filter(
        indicator_id__in=indicators, unit_id__in={u for u, _p in reports}, year__isnull=True
    ).values_list("indicator_id", "unit_id", "value"):
        targets[(indicator_id, unit_id)][None] = value
    existing = DataValue.objects.filter(report__in=list(reports.values())).exists()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows: list[tuple[Any, ...]] = []
    for key, report in reports.items():
        period = report.period
        for indicator_id, (_row, entry) in plan[key].items():
            indicator = indicators[indicator_id]
            target = rollups.target_for(indicator, period, targets[(indicator_id, report.unit_id)])
            rows.append(
                (
                    report.pk,
                    indicator_id,
                    report.unit_id,
                    report.period_id,
                    entry.value,
                    entry.numerator,
                    entry.denominator,
                    entry.comment or "",
                    is_met(indicator, entry.value, target),
                    now,
                )
            )
    if not existing and connection.vendor == "postgresql":
        _copy_values(rows)
    else:
        _upsert_values(rows)
    if connection.vendor == "postgresql" and len(rows) > BULK_THRESHOLD:
        # Fresh statistics, or the planner takes the new rows for none and the roll-up
        # rebuild that follows picks nested loops (twenty times slower).
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {DataValue._meta.db_table}, {Report._meta.db_table}")
    Report.objects.filter(pk__in=[r.pk for r in reports.values()]).update(version=F("version") + 1)
    return len(rows)


_COLUMNS = (
    "report_id, indicator_id, unit_id, period_id, value, numerator, denominator, comment, met, "
    "updated_at"
)


def _upsert_values(rows: list[tuple[Any, ...]]) -> None:
    """Insert new values and update existing ones in one statement per batch (the values
    are plain tuples: building a model object per value would cost more than the write)."""
    table = DataValue._meta.db_table
    update = ", ".join(
        f"{c} = excluded.{c}"
        for c in ("value", "numerator", "denominator", "comment", "met", "updated_at")
    )
    sql = (
        f"INSERT INTO {table} ({_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "  # noqa: S608 - fixed names
        f"ON CONFLICT (report_id, indicator_id) DO UPDATE SET {update}"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def _copy_values(rows: list[tuple[Any, ...]]) -> None:
    """PostgreSQL's COPY for new values (many times faster than INSERT)."""
    table = DataValue._meta.db_table
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {table} ({_COLUMNS}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _move_reports(
    by: Any,
    by_key: dict[tuple[int, int], Report],
    plan: dict[tuple[int, int], dict[int, tuple[int, Entry]]],
    then: str,
    written: int,
    sheet: str,
) -> dict[str, int]:
    """Submit (and approve) the imported reports, keeping the roll-ups fresh: per report for
    small imports, rebuilt in bulk for the periods touched by large ones."""
    from tongket.reporting.services.reports import submission_problems

    reports = list(by_key.values())
    now = timezone.now()
    user = by if getattr(by, "pk", None) else None
    bulk = written > BULK_THRESHOLD
    counts = {"submitted": 0, "approved": 0}
    if bulk:
        # The same rule as a submission (required values present), checked set-wise.
        form = reports[0].form
        required = set(
            form.form_indicators.filter(required=True).values_list("indicator_id", flat=True)
        )
        present: dict[int, set[int]] = defaultdict(set)
        for report_id, indicator_id in DataValue.objects.filter(
            report__in=reports, value__isnull=False
        ).values_list("report_id", "indicator_id"):
            present[report_id].add(indicator_id)
        errors = [
            {
                "sheet": SHEET,
                "row": None,
                "column": C_CODE,
                "message": _("%(report)s: values missing for %(count)s required indicator(s).")
                % {"report": str(report), "count": len(required - present[report.pk])},
            }
            for report in reports
            if required - present[report.pk]
        ]
        if errors:
            raise RowErrors(errors[:500])
    else:
        errors = []
        for key, report in by_key.items():
            for field, messages in submission_problems(report).items():
                indicator_id = int(field.split("_")[-1])
                row = plan[key].get(indicator_id, (None, None))[0]
                errors += [
                    {"sheet": sheet, "row": row, "column": C_NOTE, "message": f"{report}: {m}"}
                    for m in messages
                ]
        if errors:
            raise RowErrors(errors[:500])
    ids = [r.pk for r in reports]
    for start in range(0, len(ids), 2000):
        chunk = ids[start : start + 2000]
        Report.objects.filter(pk__in=chunk, first_submitted_at__isnull=True).update(
            first_submitted_at=now
        )
        update: dict[str, Any] = {
            "state": ReportState.SUBMITTED,
            "submitted_at": now,
            "submitted_by": user,
        }
        if then == "approve":
            update = {
                **update,
                "state": ReportState.APPROVED,
                "approved_at": now,
                "approved_by": user,
            }
        Report.objects.filter(pk__in=chunk).update(**update)
    counts["submitted"] = len(ids)
    if then == "approve":
        counts["approved"] = len(ids)
    if bulk:
        rollups.rebuild(period_ids={r.period_id for r in reports})
    else:
        for report in reports:
            report.refresh_from_db()
            rollups.apply_report(report=report, basis=Basis.SUBMITTED, sign=+1)
            if then == "approve":
                rollups.apply_report(report=report, basis=Basis.APPROVED, sign=+1)
    return counts


@register("reporting.import_values")
def _run_import(*, job: Job, by: Any) -> dict[str, Any]:
    form = ReportForm.objects.get(pk=job.params["form"])
    problems = Problems()
    with job.file.open("rb") as handle:
        if job.file.name.lower().endswith(".csv"):
            rows = list(read_csv_rows(handle.read(), problems))
            sheet = "CSV"
        else:
            rows = list(read_workbook_rows(handle, problems))
            sheet = SHEET
    if problems:
        raise RowErrors(problems.rows)
    counts: dict[str, Any] = values_import(
        by=by,
        form=form,
        rows=rows,
        sheet=sheet,
        then=job.params.get("then", ""),
        job=job,
        total=len(rows),
    )
    if problems.notes:
        counts["converted"] = " ".join(problems.notes)
    return counts

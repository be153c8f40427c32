"""An import from end to end, all or nothing, and the background job that runs it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import DomainError, RowErrors
from tongket.core.jobs import job_progress, register
from tongket.core.models import Job
from tongket.core.services import changelog_record
from tongket.core.workbook import Problems
from tongket.org import policy
from tongket.org.models import PATH_SEGMENT
from tongket.org.policy import Action
from tongket.reporting.models import DataValue, Period, Report, ReportForm
from tongket.reporting.services.imports import writing
from tongket.reporting.services.imports.checking import Lookups, check_rows, report_keys
from tongket.reporting.services.imports.reading import (
    C_UNIT,
    SHEET,
    read_csv_rows,
    read_workbook_rows,
)
from tongket.reporting.services.imports.writing import (
    _copied_while_checked,
    _move_reports,
    _reports_for,
    _write_values,
    _written,
    first_rows,
)
from tongket.reporting.services.reports import Entry


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
    if then not in ("", "submit", "approve"):
        raise DomainError(_("Choose what to do after the import."), field="then")
    problems = Problems()
    lookups = Lookups(by, form)
    lookups.created = created
    indicators = {i.pk: i for i in form.indicators.all()}
    rows = list(rows)
    written = 0
    if connection.vendor == "postgresql" and len(rows) > writing.BULK_THRESHOLD:
        # Large files on PostgreSQL: the reports first (read off the unit and period cells),
        # then each row copied as soon as it is checked, in the transaction.
        firsts = report_keys(rows, lookups)
        plan = None
        if job:
            # The checks count their rows from here to half-way.
            job_progress(job, 0, 1, _("Checking and writing values…"))
    else:
        plan = _checked(by, form, rows, sheet, problems, job, total, lookups)
        firsts = first_rows(plan)
    with transaction.atomic():
        reports = _reports_for(form, firsts, problems, sheet)
        # Reports without values yet: the file's rows are all they will hold.
        fresh = not DataValue.objects.filter(report__in=list(reports.values())).exists()
        if plan is None:

            def check(sink: Any = None) -> dict[tuple[int, int], dict[int, tuple[int, Entry]]]:
                # Progress inside the transaction: written aside (core.jobs.job_progress).
                return _checked(by, form, rows, sheet, problems, job, total, lookups, sink)

            if problems or not fresh:
                # Reports refused, or values to replace: checked first, then upserted.
                plan = check()
            else:
                plan, written = _copied_while_checked(reports, indicators, check)
                _written(reports, written, bump=not then)
        if problems:
            raise RowErrors(problems.rows)
        if then == "approve":
            _may_approve(by, reports, sheet)
        if job and not written:
            job_progress(job, 2, 3, _("Writing values…"))
        elif job and then:
            job_progress(job, 2, 3, _("Adding the values up for the units above…"))
        if not written:
            written = _write_values(reports, plan, indicators, fresh=fresh, bump=not then)
        counts = {"values": written, "reports": len(reports), "submitted": 0, "approved": 0}
        if then:
            counts.update(_move_reports(by, reports, plan, then, written, sheet, fresh=fresh))
        changelog_record(
            by=by,
            action="values_import",
            obj=form,
            after=counts,
            unit_path=form.owner_unit.path,
        )
    return counts


def _checked(
    by: Any,
    form: ReportForm,
    rows: list[tuple[int, dict[str, Any]]],
    sheet: str,
    problems: Problems,
    job: Job | None,
    total: int,
    lookups: Lookups,
    sink: Any = None,
) -> dict[tuple[int, int], dict[int, tuple[int, Entry]]]:
    plan = check_rows(
        by=by,
        form=form,
        rows=rows,
        sheet=sheet,
        problems=problems,
        job=job,
        total=total,
        lookups=lookups,
        sink=sink,
    )
    if problems:
        raise RowErrors(problems.rows)
    if not plan:
        raise DomainError(_("The file holds no values."), field="file")
    return plan


def _may_approve(by: Any, reports: dict[tuple[int, int], Report], sheet: str) -> None:
    """The importer must be an approver above every report's unit to approve them."""
    approver_paths = scopes.scope_paths(by, policy.roles(Action.APPROVE_REPORTS))
    if approver_paths is None:
        return
    for report in reports.values():
        # The unit directly above (read off the path: no query per report).
        above = report.unit.path[:-PATH_SEGMENT] or report.unit.path
        if not any(above.startswith(path) for path in approver_paths):
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


@register("reporting.import_values")
def _run_import(*, job: Job, by: Any) -> dict[str, Any]:
    form = ReportForm.objects.get(pk=job.params["form"])
    problems = Problems()
    # A large file takes seconds to read before its rows are checked.
    job_progress(job, 0, 1, _("Reading the file…"))
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

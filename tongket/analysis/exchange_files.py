"""A dataValueSets file uploaded on the exchange page: read (JSON or DHIS2 CSV), and held
between its preview and its confirmed import (a `core.StagedUpload` of purpose `PURPOSE`,
its mapping and form in `details`), then imported through `analysis.exchange`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from tongket.analysis import dhis2, selectors
from tongket.analysis.models import ExchangeMapping
from tongket.core.errors import DomainError, NotFound
from tongket.core.services import staging
from tongket.reporting import selectors as reporting_selectors
from tongket.reporting.models import ReportForm

# The purpose (and target) of a file held between its preview and its import.
PURPOSE = "analysis.exchange"
MAX_FILE = 20 * 1024 * 1024


def read_file(content: bytes, *, is_csv: bool) -> tuple[list[tuple[int, dict[str, Any]]], str, Any]:
    """(values, sheet, dataSet) of an uploaded dataValueSets file, JSON or DHIS2 CSV."""
    if len(content) > MAX_FILE:
        raise DomainError(
            _("The file is larger than %(n)s MB.") % {"n": MAX_FILE // (1024 * 1024)},
            field="file",
        )
    if is_csv:
        return dhis2.values_of_csv(content), "CSV", None
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise DomainError(
            _("The file is neither a dataValueSet in JSON nor a DHIS2 CSV."), field="file"
        ) from error
    data_set = data.get("dataSet") if isinstance(data, dict) else None
    return dhis2.values_of_json(data), dhis2.SHEET, data_set


@dataclass
class HeldSet:
    """A dataValueSets file held between its preview and its confirmation on the exchange
    page (a `core.StagedUpload` of purpose `PURPOSE`), with the options it was checked with:
    the mapping (one the user may see) and the form."""

    token: str
    file_name: str
    content: bytes
    is_csv: bool
    mapping: ExchangeMapping | None
    form: ReportForm | None


def _held(staged: Any, mapping: ExchangeMapping | None, form: ReportForm | None) -> HeldSet:
    return HeldSet(
        token=staged.token,
        file_name=staged.file_name,
        content=bytes(staged.content),
        is_csv=bool(staged.details.get("is_csv")),
        mapping=mapping,
        form=form,
    )


def data_value_set_stage(
    *,
    by: Any,
    content: bytes,
    file_name: str,
    is_csv: bool,
    mapping: ExchangeMapping | None,
    form: ReportForm | None,
) -> HeldSet:
    """Hold a previewed file for `by` until they confirm it (`core.services.staging`: files
    of anyone waiting longer than `STAGED_FOR` are deleted)."""
    staged = staging.staged_hold(
        by=by,
        purpose=PURPOSE,
        target_key=PURPOSE,
        content=content,
        file_name=file_name or "dataValueSets",
        details={
            "is_csv": bool(is_csv),
            "mapping": mapping.pk if mapping is not None else None,
            "form": form.pk if form is not None else None,
        },
    )
    return _held(staged, mapping, form)


def staged_take(*, by: Any, token: str) -> HeldSet:
    """The file `by` staged under `token`, with its mapping (one they may still see) and
    form; the refusals of `staging.staged_take` (field `file`) otherwise, or field
    `mapping` when the mapping is no longer theirs to use."""
    staged = staging.staged_take(by=by, purpose=PURPOSE, target_key=PURPOSE, token=token)
    mapping = form = None
    if staged.details.get("mapping") is not None:
        try:
            mapping = selectors.mapping_get(user=by, pk=staged.details["mapping"])
        except NotFound as error:
            raise DomainError(_("Exchange mapping not found."), field="mapping") from error
    if staged.details.get("form") is not None:
        form = reporting_selectors.form_list(user=by).filter(pk=staged.details["form"]).first()
        if form is None:
            raise DomainError(_("Report form not found."), field="report_form")
    return _held(staged, mapping, form)


def staged_discard(*, by: Any, held: HeldSet) -> None:
    """Delete the file `by` held (imported, or refused on its preview)."""
    staging.staged_discard(by=by, token=held.token)

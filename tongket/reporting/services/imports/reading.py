"""Reading the rows of an import: sheet `Số liệu` of a workbook, or CSV with the same
columns."""

from __future__ import annotations

import csv
import io
import operator
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from tongket.core.legacy_text import (
    convert_texts,
    decode_bytes,
    describe_counts,
    may_hold_legacy,
)
from tongket.core.text import search_key
from tongket.core.workbook import Problems, iter_rows, open_workbook, read_sheet

SHEET = "Số liệu"
C_UNIT, C_CODE, C_PERIOD = "Mã đơn vị", "Mã chỉ tiêu", "Kỳ"
C_VALUE, C_NUM, C_DEN, C_NOTE = "Giá trị", "Tử số", "Mẫu số", "Ghi chú"
# Not a column: the indicator a caller already knows a row is for (an exchange mapping's
# partner id names the indicator itself, whose code several resolutions may share); it must
# be one of the form's. Only code puts it in a row: a sheet or CSV is read into columns.
C_INDICATOR = "indicator"
COLUMNS = [C_UNIT, C_CODE, C_PERIOD, C_VALUE]
OPTIONAL = (C_NUM, C_DEN, C_NOTE)


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
    # The rows below the header are judged only if some character could be legacy-typed (the
    # header, with its Vietnamese names, always is): a large file of codes and figures is not.
    judged = lines if may_hold_legacy(text, text.find("\n") + 1) else lines[:1]
    texts, counts = convert_texts([cell for line in judged for cell in line])
    if counts:
        cells = iter(texts)
        lines[: len(judged)] = [[next(cells) for _cell in line] for line in judged]
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

    names = list(positions)
    picked = operator.itemgetter(*positions.values())
    width = max(positions.values()) + 1

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        for number, values in enumerate(reader, start=2):
            if not "".join(values).strip():
                continue
            if len(values) < width:
                values = [*values, *[""] * (width - len(values))]
            cells = picked(values)
            # Several columns (those required at least): itemgetter gives a tuple.
            yield number, dict(zip(names, cells, strict=True))

    return rows()

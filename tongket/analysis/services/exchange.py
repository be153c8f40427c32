"""Exchange mappings: a partner's (a DHIS2 instance's) identifiers for our units, indicators,
report forms and periods. Kept by a unit's administrators and tracking officers; rows are
added all or nothing (a pasted or uploaded CSV `external_id,kind,our_code`, or the API's
JSON rows), each naming an object the keeper may see (`mapping_objects`). An indicator code
that several resolutions use is qualified by the resolution's symbol: a `resolution` column,
or `SYMBOL:CODE` in the code column ("15/KH-BTL:QK2-HC01"); a bare code naming several is
refused with the resolutions listed. A period is named by our code of a period the calendar
holds ("2026-H1"); their id may be anything ("2026AprilS1")."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tongket.analysis.choices import MappingKind
from tongket.analysis.models import ExchangeMapping, ExchangeMappingRow
from tongket.analysis.services.mapping_objects import Objects, by_id, indicator_of, period_of
from tongket.core import scopes
from tongket.core.errors import DomainError, RowErrors
from tongket.core.services import changelog_record, snapshot
from tongket.core.text import normalize, search_key
from tongket.org import policy
from tongket.org.models import Unit
from tongket.org.policy import Action

MAX_ROWS = 20_000
ID_LENGTH = 64
# What a CSV may write in its kind column (compared without accents or case).
KIND_WORDS = {
    MappingKind.UNIT: ("unit", "orgunit", "ou", "don vi"),
    MappingKind.INDICATOR: ("indicator", "dataelement", "de", "chi tieu"),
    MappingKind.FORM: ("form", "dataset", "ds", "mau", "mau bao cao"),
    MappingKind.PERIOD: ("period", "pe", "ky", "ky bao cao"),
}
_KINDS = {word: kind for kind, words in KIND_WORDS.items() for word in words}
CSV_SHEET = "CSV"


def _keep(by: Any, unit: Unit) -> None:
    scopes.require_role(
        by, unit, policy.roles(Action.KEEP_GROUPS_AND_RULES), _("keep exchange mappings")
    )


def _name(name: str, owner_unit: Unit, exclude: int | None = None) -> str:
    text = normalize(name or "").strip()
    if not text:
        raise DomainError(_("Enter a name."), field="name")
    if len(text) > 200:
        raise DomainError(_("At most 200 characters."), field="name")
    taken = ExchangeMapping.objects.filter(owner_unit=owner_unit, name=text)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise DomainError(
            _("%(unit)s already keeps a mapping named %(name)s.")
            % {"unit": owner_unit.name, "name": text},
            field="name",
        )
    return text


def mapping_create(
    *, by: Any, owner_unit: Unit, name: str, description: str = ""
) -> ExchangeMapping:
    """A mapping kept by `owner_unit` (its administrators and tracking officers, or above)."""
    _keep(by, owner_unit)
    mapping = ExchangeMapping(
        name=_name(name, owner_unit),
        description=normalize(description or "").strip(),
        owner_unit=owner_unit,
    )
    with transaction.atomic():
        mapping.save()
        changelog_record(
            by=by,
            action="exchange_mapping_create",
            obj=mapping,
            after=snapshot(mapping),
            unit_path=owner_unit.path,
        )
    return mapping


def mapping_update(
    *,
    by: Any,
    mapping: ExchangeMapping,
    name: str | None = None,
    description: str | None = None,
    version: int | None = None,
) -> ExchangeMapping:
    _keep(by, mapping.owner_unit)
    before = snapshot(mapping)
    with transaction.atomic():
        current = ExchangeMapping.objects.select_for_update().get(pk=mapping.pk)
        if version is not None and current.version != version:
            raise DomainError(
                _("This mapping was changed by someone else since you opened it: reload it."),
                field="version",
                code="conflict",
            )
        if name is not None:
            current.name = _name(name, current.owner_unit, exclude=current.pk)
        if description is not None:
            current.description = normalize(description).strip()
        current.version += 1
        current.save()
        changelog_record(
            by=by,
            action="exchange_mapping_update",
            obj=current,
            before=before,
            after=snapshot(current),
            unit_path=current.owner_unit.path,
        )
    return current


def mapping_delete(*, by: Any, mapping: ExchangeMapping) -> None:
    _keep(by, mapping.owner_unit)
    with transaction.atomic():
        changelog_record(
            by=by,
            action="exchange_mapping_delete",
            obj=mapping,
            before={**snapshot(mapping), "rows": mapping.rows.count()},
            unit_path=mapping.owner_unit.path,
        )
        mapping.delete()


# The columns of a CSV without a header line, in order; with one, its names decide (any
# order; names compared without accents or case, spaces as underscores).
CSV_COLUMNS = ["external_id", "kind", "code", "numerator_combo", "denominator_combo", "resolution"]
_HEADER_NAMES = {
    "external_id": ("external_id", "id", "uid", "ma_ngoai", "ma_ben_kia"),
    "kind": ("kind", "loai"),
    "code": ("code", "our_code", "ma", "ma_cua_minh"),
    "numerator_combo": ("numerator_combo", "combo_tu_so"),
    "denominator_combo": ("denominator_combo", "combo_mau_so"),
    "resolution": ("resolution", "symbol", "nghi_quyet", "so_hieu", "so_ky_hieu"),
}
_HEADERS = {name: column for column, names in _HEADER_NAMES.items() for name in names}


def _header_key(cell: str) -> str:
    return search_key(cell).replace(" ", "_")


def mapping_rows_of_csv(content: bytes | str) -> list[tuple[int, dict[str, Any]]]:
    """(line, row) of a pasted or uploaded CSV: `external_id,kind,our_code`, optionally
    `numerator_combo,denominator_combo,resolution`; a header line (its first cell
    external_id, id or mã ngoài) is recognised and its column names used (unknown names are
    left out; cells beyond it keep their places); commas, semicolons or tabs separate."""
    try:
        text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    except UnicodeDecodeError as error:
        raise RowErrors(
            [
                {
                    "sheet": CSV_SHEET,
                    "row": None,
                    "column": None,
                    "message": _("The file is not UTF-8 text."),
                }
            ]
        ) from error
    text = text.replace("\x00", "").lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = max("\t;,", key=first.count) if first else ","
    columns: list[str | None] = list(CSV_COLUMNS)
    found: list[tuple[int, dict[str, Any]]] = []
    for line, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        if line == 1 and _HEADERS.get(_header_key(cells[0])) == "external_id":
            named = [_HEADERS.get(_header_key(cell)) for cell in cells]
            # Cells beyond the header's keep their places ("external_id,kind,our_code"
            # above rows that go on with their combos).
            columns = named + [c for c in CSV_COLUMNS[len(named) :] if c not in named]
            continue
        found.append(
            (
                line,
                {
                    column: cell
                    for column, cell in zip(columns, cells, strict=False)
                    if column is not None
                },
            )
        )
        if len(found) > MAX_ROWS:
            break
    return found


def _combo(value: Any) -> str:
    return str(value or "").strip()[:ID_LENGTH]


def mapping_rows_load(
    *,
    by: Any,
    mapping: ExchangeMapping,
    rows: list[tuple[int, dict[str, Any]]],
    replace: bool = False,
    sheet: str = CSV_SHEET,
) -> dict[str, int]:
    """Add the rows to the mapping (or put them in place of its rows with `replace`), all or
    nothing: every bad row (unknown kind, an object the keeper cannot see, an external id or
    an object already mapped, a period code written wrong or not in the calendar) is named
    with its line and nothing is written. Each row is {"external_id", "kind", "code" (ours)
    or "object" (an id), "numerator_combo", "denominator_combo", "resolution" (an
    indicator's resolution's symbol, which an indicator code shared by several resolutions
    needs; see `mapping_objects.indicator_of`)}."""
    _keep(by, mapping.owner_unit)
    problems: list[dict[str, Any]] = []

    def problem(row: int, column: str, message: str) -> None:
        problems.append({"sheet": sheet, "row": row, "column": column, "message": message})

    if not rows:
        raise DomainError(_("Paste at least one row: external_id,kind,our_code."), field="rows")
    if len(rows) > MAX_ROWS:
        raise DomainError(_("At most %(n)s rows at once.") % {"n": MAX_ROWS}, field="rows")
    objects = Objects(by)
    kept = [] if replace else list(mapping.rows.all())
    taken_ids = {(r.kind, r.external_id.upper()): None for r in kept}
    taken_objects = {
        (r.kind, r.unit_id or r.indicator_id or r.form_id or r.period_id): None for r in kept
    }
    seen_ids: dict[tuple[str, str], int] = {}
    seen_objects: dict[tuple[str, int], int] = {}
    new: list[ExchangeMappingRow] = []
    for line, cells in rows:
        external = str(cells.get("external_id") or "").strip()
        kind = _KINDS.get(search_key(str(cells.get("kind") or "")))
        code = str(cells.get("code") or "").strip()
        if not external:
            problem(line, "external_id", _("Line %(row)s: enter their identifier.") % {"row": line})
        elif len(external) > ID_LENGTH:
            problem(
                line,
                "external_id",
                _("Line %(row)s: the identifier %(id)s is longer than %(n)s characters.")
                % {"row": line, "id": external[:80], "n": ID_LENGTH},
            )
        if kind is None:
            problem(
                line,
                "kind",
                _("Line %(row)s: the kind %(kind)s is not one of: unit, indicator, form, period.")
                % {"row": line, "kind": cells.get("kind") or "''"},
            )
            continue
        if kind != MappingKind.INDICATOR and str(cells.get("resolution") or "").strip():
            problem(
                line,
                "resolution",
                _("Line %(row)s: a resolution qualifies indicators only, not a %(kind)s.")
                % {"row": line, "kind": MappingKind(kind).label.lower()},
            )
            continue
        target: Any = None
        if cells.get("object") not in (None, ""):
            target = by_id(by, kind, cells["object"])
        elif code:
            if kind == MappingKind.UNIT:
                target = objects.unit(code)
            elif kind == MappingKind.FORM:
                target = objects.form(code)
            else:
                if kind == MappingKind.PERIOD:
                    target, message = period_of(line, code)
                else:
                    target, message = indicator_of(objects, line, code, cells.get("resolution"))
                if message:
                    problem(line, "code", message)
                    continue
        if target is None:
            problem(
                line,
                "code",
                _("Line %(row)s: no %(kind)s you can see has the code %(code)s.")
                % {"row": line, "kind": MappingKind(kind).label.lower(), "code": code or "''"},
            )
            continue
        if not external or len(external) > ID_LENGTH:
            continue
        id_key = (str(kind), external.upper())
        if id_key in taken_ids or id_key in seen_ids:
            where = seen_ids.get(id_key)
            problem(
                line,
                "external_id",
                (
                    _("Line %(row)s: %(id)s is already on line %(other)s.")
                    % {"row": line, "id": external, "other": where}
                )
                if where
                else _("Line %(row)s: the mapping already has the identifier %(id)s.")
                % {"row": line, "id": external},
            )
            continue
        object_key = (str(kind), int(target.pk))
        if object_key in taken_objects or object_key in seen_objects:
            where = seen_objects.get(object_key)
            problem(
                line,
                "code",
                (
                    _("Line %(row)s: %(code)s is already mapped on line %(other)s.")
                    % {"row": line, "code": target.code, "other": where}
                )
                if where
                else _("Line %(row)s: the mapping already names %(code)s.")
                % {"row": line, "code": target.code},
            )
            continue
        seen_ids[id_key] = line
        seen_objects[object_key] = line
        combos = {}
        if kind == MappingKind.INDICATOR:
            combos = {
                "numerator_combo": _combo(cells.get("numerator_combo")),
                "denominator_combo": _combo(cells.get("denominator_combo")),
            }
        new.append(
            ExchangeMappingRow(
                mapping=mapping, kind=kind, external_id=external, **{kind: target}, **combos
            )
        )
    if problems:
        raise RowErrors(problems)
    with transaction.atomic():
        removed = 0
        if replace:
            removed, _detail = mapping.rows.all().delete()
        ExchangeMappingRow.objects.bulk_create(new)
        ExchangeMapping.objects.filter(pk=mapping.pk).update(version=mapping.version + 1)
        counts = {"added": len(new), "removed": removed}
        changelog_record(
            by=by,
            action="exchange_mapping_rows_load",
            obj=mapping,
            after=counts,
            unit_path=mapping.owner_unit.path,
        )
    return counts


def mapping_row_remove(*, by: Any, row: ExchangeMappingRow) -> None:
    mapping = row.mapping
    _keep(by, mapping.owner_unit)
    with transaction.atomic():
        changelog_record(
            by=by,
            action="exchange_mapping_row_remove",
            obj=mapping,
            before={"kind": row.kind, "external_id": row.external_id},
            unit_path=mapping.owner_unit.path,
        )
        row.delete()

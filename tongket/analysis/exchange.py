"""A dataValueSet in a partner's identifiers: which identifiers a set uses, the translation
both ways through an exchange mapping, and the import of a set in them.

DHIS2 names objects by one scheme per kind of object: `idScheme` for all, overridden by
`orgUnitIdScheme`, `dataElementIdScheme` and `dataSetIdScheme`. Two schemes are meaningful
here: `CODE`, our own codes (the default without a mapping), and `UID`, the partner's
identifiers written in the mapping (the default with one). An indicator's row may name the
partner's categoryOptionCombos for its numerator and denominator, used instead of NUM and
DEN. Periods have no scheme in DHIS2: with a mapping, a period its rows name travels under
their id ("2026AprilS1" for our 2026-H1), any other by the rule of `dhis2.period_to_dhis2`;
an id that is neither mapped nor a period by that rule refuses its row. Export refuses a set
naming an object the mapping leaves out (the partner could not read it); import refuses
every value whose identifier the mapping does not know, naming its row and the identifier,
before anything is checked or written. A partner's indicator id names the indicator itself,
not its code (which several resolutions may share): its value goes into that indicator, and
is refused (row, id, form) when the form does not ask it. The values themselves go through
`analysis.dhis2` as before: all or nothing, through the reporting import's checks. A file
uploaded on the exchange page is read and held by `analysis.exchange_files`.

Anyone may export what their scope reads and import what they may report; the mapping is one
they may see (`selectors.mapping_get`), and only its rows whose objects they may see are used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from tongket.analysis import dhis2, selectors
from tongket.analysis.choices import MappingKind
from tongket.analysis.models import ExchangeMapping
from tongket.core.errors import DomainError, RowErrors
from tongket.reporting import selectors as reporting_selectors
from tongket.reporting.models import Period, ReportForm
from tongket.reporting.periods import parse_period_code

CODE, UID = "CODE", "UID"
SCHEMES = (CODE, UID)
# The dataValue fields that name an object, by kind.
FIELDS = {
    MappingKind.UNIT: "orgUnit",
    MappingKind.INDICATOR: "dataElement",
    MappingKind.FORM: "dataSet",
    MappingKind.PERIOD: "period",
}
DEFAULT_COMBOS = {"", "DEFAULT", "HLLVX50CXC0"}
UNMAPPED_SHOWN = 10


@dataclass
class Identifiers:
    """Which identifiers a set uses for each kind of object (True: the mapping's), and the
    mapping's rows the user may see, both ways."""

    mapping: ExchangeMapping | None = None
    external: dict[str, bool] = field(default_factory=dict)
    # our code (upper) → their id, per kind (periods whatever the schemes); indicators also
    # give their combos
    out: dict[str, dict[str, str]] = field(default_factory=dict)
    combos_out: dict[str, tuple[str, str]] = field(default_factory=dict)
    # their id (upper) → our code, per kind
    back: dict[str, dict[str, str]] = field(default_factory=dict)
    combos_back: dict[str, dict[str, str]] = field(default_factory=dict)
    # indicator id → (their id, their numerator and denominator combos): an indicator code
    # that several resolutions use may be mapped once for each
    by_indicator: dict[int, tuple[str, tuple[str, str]]] = field(default_factory=dict)
    # their id (upper) → the indicator itself (its code alone may name several)
    indicators_back: dict[str, Any] = field(default_factory=dict)

    def uses(self, kind: str) -> bool:
        return self.external.get(kind, False)

    def period_out(self, code: str) -> str:
        """Our period's id in the set: the mapping's, else DHIS2's by rule."""
        theirs = self.out.get(MappingKind.PERIOD, {}).get(code.upper())
        return theirs or dhis2.period_to_dhis2(code)

    def period_in(self, text: str) -> str:
        """Our period code for an id of the set: the mapping's row, else DHIS2's rule (our
        own codes are read too)."""
        ours = self.back.get(MappingKind.PERIOD, {}).get(text.strip().upper())
        return ours or dhis2.period_from_dhis2(text)


def _scheme(value: Any, name: str) -> str:
    text = str(value or "").strip().upper()
    if text and text not in SCHEMES:
        raise DomainError(
            _(
                "%(value)s is not a scheme this exchange reads: CODE (our codes) or UID (the "
                "mapping's identifiers)."
            )
            % {"value": value},
            field=name,
        )
    return text


def identifiers(
    *,
    user: Any,
    mapping: ExchangeMapping | None = None,
    id_scheme: str = "",
    org_unit_id_scheme: str = "",
    data_element_id_scheme: str = "",
    data_set_id_scheme: str = "",
) -> Identifiers:
    """The identifiers of a set: each kind's own scheme, else `idScheme`, else UID with a
    mapping and CODE without. UID without a mapping is refused (field `mapping`)."""
    general = _scheme(id_scheme, "idScheme") or (UID if mapping else CODE)
    chosen = {
        MappingKind.UNIT: _scheme(org_unit_id_scheme, "orgUnitIdScheme") or general,
        MappingKind.INDICATOR: _scheme(data_element_id_scheme, "dataElementIdScheme") or general,
        MappingKind.FORM: _scheme(data_set_id_scheme, "dataSetIdScheme") or general,
    }
    ids = Identifiers(mapping=mapping, external={k: v == UID for k, v in chosen.items()})
    if mapping is None:
        if any(ids.external.values()):
            raise DomainError(
                _("Choose a mapping to use the partner's identifiers (UID)."), field="mapping"
            )
        return ids
    for kind in FIELDS:
        ids.out[kind], ids.back[kind] = {}, {}
    for row in selectors.mapping_rows(user=user, mapping=mapping):
        target = row.target
        ours = target.code.upper()
        ids.out[row.kind][ours] = row.external_id
        ids.back[row.kind][row.external_id.upper()] = target.code
        if row.kind == MappingKind.INDICATOR:
            ids.indicators_back[row.external_id.upper()] = target
            ids.by_indicator[target.pk] = (
                row.external_id,
                (row.numerator_combo, row.denominator_combo),
            )
        if row.kind == MappingKind.INDICATOR and (row.numerator_combo or row.denominator_combo):
            ids.combos_out[ours] = (row.numerator_combo, row.denominator_combo)
            ids.combos_back[row.external_id.upper()] = {
                combo.upper(): ours_combo
                for combo, ours_combo in (
                    (row.numerator_combo, dhis2.NUMERATOR),
                    (row.denominator_combo, dhis2.DENOMINATOR),
                )
                if combo
            }
    return ids


def export_set(
    *,
    user: Any,
    form: ReportForm,
    periods: list[Period],
    within: Any = None,
    ids: Identifiers | None = None,
) -> dict[str, Any]:
    """The form's values in the user's scope as a dataValueSet in the chosen identifiers;
    DomainError (field `mapping`) naming what the mapping leaves out."""
    data = dhis2.data_value_set(user=user, form=form, periods=periods, within=within)
    if ids is None or ids.mapping is None:
        return data
    unmapped: dict[str, set[str]] = {MappingKind.UNIT: set(), MappingKind.INDICATOR: set()}
    # The form's own indicators by their rows (a code several resolutions use names the
    # form's one), other codes as the mapping names them.
    indicators_out = dict(ids.out.get(MappingKind.INDICATOR, {}))
    combos_out = dict(ids.combos_out)
    for pk, code in form.form_indicators.values_list("indicator_id", "indicator__code"):
        indicators_out.pop(code.upper(), None)
        combos_out.pop(code.upper(), None)
        if pk in ids.by_indicator:
            indicators_out[code.upper()], combos_out[code.upper()] = ids.by_indicator[pk]
    values = []
    for value in data["dataValues"]:
        value = dict(value)
        value["period"] = ids.period_out(dhis2.period_from_dhis2(value["period"]))
        if ids.uses(MappingKind.UNIT):
            theirs = ids.out[MappingKind.UNIT].get(value["orgUnit"].upper())
            if theirs is None:
                unmapped[MappingKind.UNIT].add(value["orgUnit"])
            value["orgUnit"] = theirs
        if ids.uses(MappingKind.INDICATOR):
            code = value["dataElement"].upper()
            theirs = indicators_out.get(code)
            if theirs is None:
                unmapped[MappingKind.INDICATOR].add(value["dataElement"])
            value["dataElement"] = theirs
            combo = value.get("categoryOptionCombo")
            numerator, denominator = combos_out.get(code, ("", ""))
            if combo == dhis2.NUMERATOR and numerator:
                value["categoryOptionCombo"] = numerator
            elif combo == dhis2.DENOMINATOR and denominator:
                value["categoryOptionCombo"] = denominator
        values.append(value)
    missing = [
        _("%(kind)s: %(codes)s")
        % {
            "kind": MappingKind(kind).label,
            "codes": ", ".join(sorted(codes)[:UNMAPPED_SHOWN])
            + ("…" if len(codes) > UNMAPPED_SHOWN else ""),
        }
        for kind, codes in unmapped.items()
        if codes
    ]
    if missing:
        raise DomainError(
            _(
                "The mapping %(mapping)s has no identifier for %(missing)s. Add them to the "
                "mapping, or export fewer units."
            )
            % {"mapping": ids.mapping.name, "missing": "; ".join(missing)},
            field="mapping",
        )
    result: dict[str, Any] = {"dataValues": values}
    if ids.uses(MappingKind.FORM):
        theirs = ids.out[MappingKind.FORM].get(form.code.upper())
        if theirs:  # dataSet is optional in DHIS2: without a row, the set names none
            result = {"dataSet": theirs, "dataValues": values}
    else:
        result = {"dataSet": form.code, "dataValues": values}
    return result


def _unmapped(sheet: str, row: Any, column: str, message: str) -> dict[str, Any]:
    return {"sheet": sheet, "row": row, "column": column, "message": message}


def translate_in(
    values: list[tuple[int, dict[str, Any]]], ids: Identifiers, sheet: str = dhis2.SHEET
) -> list[tuple[int, dict[str, Any]]]:
    """The values with our codes in place of the partner's identifiers; RowErrors naming
    each row and identifier the mapping does not know."""
    if ids.mapping is None:
        return values
    name = ids.mapping.name
    problems: list[dict[str, Any]] = []
    found = []
    for position, value in values:
        value = dict(value)
        value.pop(dhis2.MAPPED, None)
        if str(value.get("period") or "").strip():
            theirs = str(value["period"]).strip()
            value["period"] = ids.period_in(theirs)
            try:
                parse_period_code(value["period"])
            except DomainError:
                problems.append(
                    _unmapped(
                        sheet,
                        position,
                        "period",
                        _(
                            "Row %(row)s: the mapping %(mapping)s has no period with the "
                            "identifier %(id)s, and DHIS2 names no period so (2026, 2026S1, "
                            "2026Q1, 202607)."
                        )
                        % {"row": position, "mapping": name, "id": theirs},
                    )
                )
        if ids.uses(MappingKind.UNIT) and str(value.get("orgUnit") or "").strip():
            theirs = str(value["orgUnit"]).strip()
            ours = ids.back[MappingKind.UNIT].get(theirs.upper())
            if ours is None:
                problems.append(
                    _unmapped(
                        sheet,
                        position,
                        "orgUnit",
                        _(
                            "Row %(row)s: the mapping %(mapping)s has no unit with the "
                            "identifier %(id)s."
                        )
                        % {"row": position, "mapping": name, "id": theirs},
                    )
                )
            value["orgUnit"] = ours
        if ids.uses(MappingKind.INDICATOR) and str(value.get("dataElement") or "").strip():
            theirs = str(value["dataElement"]).strip()
            ours = ids.back[MappingKind.INDICATOR].get(theirs.upper())
            if ours is None:
                problems.append(
                    _unmapped(
                        sheet,
                        position,
                        "dataElement",
                        _(
                            "Row %(row)s: the mapping %(mapping)s has no indicator with the "
                            "identifier %(id)s."
                        )
                        % {"row": position, "mapping": name, "id": theirs},
                    )
                )
            value["dataElement"] = ours
            if ours is not None:
                value[dhis2.MAPPED] = ids.indicators_back[theirs.upper()]
            combos = ids.combos_back.get(theirs.upper())
            combo = str(value.get("categoryOptionCombo") or "").strip()
            if combos and combo.upper() not in DEFAULT_COMBOS:
                if combo.upper() in combos:
                    value["categoryOptionCombo"] = combos[combo.upper()]
                else:
                    problems.append(
                        _unmapped(
                            sheet,
                            position,
                            "categoryOptionCombo",
                            _(
                                "Row %(row)s: the mapping %(mapping)s gives %(element)s the "
                                "combos %(combos)s, not %(id)s."
                            )
                            % {
                                "row": position,
                                "mapping": name,
                                "element": theirs,
                                "combos": ", ".join(sorted(combos)),
                                "id": combo,
                            },
                        )
                    )
        found.append((position, value))
    if problems:
        raise RowErrors(problems)
    return found


def form_named(*, user: Any, data_set: Any, ids: Identifiers) -> ReportForm | None:
    """The form a set's `dataSet` names, in the chosen identifiers (None when it names
    none)."""
    text = str(data_set or "").strip()
    if not text:
        return None
    if ids.mapping is not None and ids.uses(MappingKind.FORM):
        ours = ids.back[MappingKind.FORM].get(text.upper())
        if ours is None:
            raise RowErrors(
                [
                    _unmapped(
                        dhis2.SHEET,
                        None,
                        "dataSet",
                        _("The mapping %(mapping)s has no report form with the identifier %(id)s.")
                        % {"mapping": ids.mapping.name, "id": text},
                    )
                ]
            )
        text = ours
    return reporting_selectors.form_by_code(user=user, code=text)


def import_set(
    *,
    by: Any,
    values: list[tuple[int, dict[str, Any]]],
    sheet: str,
    ids: Identifiers,
    form: ReportForm | None = None,
    data_set: Any = None,
    then: str = "",
    dry_run: bool = False,
) -> dict[str, Any]:
    """Translate, join and import the values all or nothing (`dry_run`: checked and
    counted, then rolled back). A value whose partner id names an indicator the form does
    not ask is refused (`asked`), even when the form asks another with its code."""
    theirs = {position: value for position, value in values}
    values = translate_in(values, ids, sheet)
    if form is None:
        form = form_named(user=by, data_set=data_set, ids=ids)
    rows = dhis2.rows_of(values, sheet)
    if not rows:
        raise DomainError(_("The set holds no value."), field="dataValues")
    if form is None:
        form = dhis2.form_of(by=by, rows=rows)
    asked(values, theirs, form, sheet)
    return dhis2.data_value_set_import(
        by=by, rows=rows, form=form, then=then, sheet=sheet, dry_run=dry_run
    )


def asked(
    values: list[tuple[int, dict[str, Any]]],
    theirs: dict[int, dict[str, Any]],
    form: ReportForm,
    sheet: str = dhis2.SHEET,
) -> None:
    """RowErrors naming each value (its row, the partner's id and the form) whose mapped
    indicator the form does not ask; `theirs`: the values as the set wrote them, by row."""
    wanted = set(form.form_indicators.values_list("indicator_id", flat=True))
    problems = []
    for position, value in values:
        indicator = value.get(dhis2.MAPPED)
        if indicator is None or indicator.pk in wanted:
            continue
        problems.append(
            _unmapped(
                sheet,
                position,
                "dataElement",
                _(
                    "Row %(row)s: %(id)s names the indicator %(code)s of %(resolution)s, "
                    "which the form %(form)s does not ask."
                )
                % {
                    "row": position,
                    "id": str(theirs.get(position, {}).get("dataElement") or "").strip(),
                    "code": indicator.code,
                    "resolution": indicator.resolution.symbol or str(indicator.resolution),
                    "form": form.code,
                },
            )
        )
    if problems:
        raise RowErrors(problems)

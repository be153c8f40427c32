"""The objects of ours that an exchange mapping's rows name, found as the keeper may see them:
a unit by its code (a former code too), a report form by its code, a period of the calendar
by its code (written our way: 2026, 2026-H1, 2026-Q1, 2026-07, 2026-9M, 2020-2025), and an
indicator by its code, qualified by its resolution's symbol when several resolutions use the
code (`indicator_of`: a `resolution` cell, or "SYMBOL:CODE"). Used by the CSV upload, the
page's pasted rows and the API's JSON rows alike (`services.exchange.mapping_rows_load`)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tongket.analysis.choices import MappingKind
from tongket.core import scopes
from tongket.core.errors import DomainError, NotFound
from tongket.core.text import search_key
from tongket.org import selectors as org_selectors
from tongket.org.models import Unit


class Objects:
    """Our codes → objects the keeper may see, read once per load."""

    def __init__(self, by: Any) -> None:
        self.by = by
        self._indicators: dict[str, list[Any]] | None = None

    def unit(self, code: str) -> Unit | None:
        try:
            return org_selectors.unit_resolve(user=self.by, code=code)
        except NotFound:
            return None

    def indicators(self, code: str) -> list[Any]:
        if self._indicators is None:
            from tongket.resolutions import selectors as resolution_selectors

            self._indicators = {}
            for indicator in resolution_selectors.indicator_list(user=self.by):
                key = search_key(indicator.code.replace(" ", ""))
                self._indicators.setdefault(key, []).append(indicator)
        return self._indicators.get(search_key(code.replace(" ", "")), [])

    def form(self, code: str) -> Any:
        from tongket.reporting import selectors as reporting_selectors

        try:
            return reporting_selectors.form_by_code(user=self.by, code=code)
        except NotFound:
            return None


def _symbol_key(symbol: str) -> str:
    return search_key(symbol).replace(" ", "")


def _symbols(indicators: list[Any]) -> str:
    return ", ".join(
        sorted(
            {indicator.resolution.symbol or str(indicator.resolution) for indicator in indicators}
        )
    )


def indicator_of(objects: Objects, line: int, code: str, resolution: Any) -> tuple[Any, str]:
    """(the indicator a row names, "") or (None, why not): by its code, qualified by the
    resolution's symbol (the `resolution` column, or "SYMBOL:CODE" when no indicator has
    the code as written); a bare code that several resolutions use is refused, listing them."""
    symbol = str(resolution or "").strip()
    found = objects.indicators(code)
    if not symbol and not found and ":" in code:
        symbol, code = (part.strip() for part in code.rsplit(":", 1))
        found = objects.indicators(code)
    if symbol:
        within = [i for i in found if _symbol_key(i.resolution.symbol) == _symbol_key(symbol)]
        if len(within) == 1:
            return within[0], ""
        if not within:
            message = _(
                "Line %(row)s: no indicator you can see has the code %(code)s in the "
                "resolution %(symbol)s."
            ) % {"row": line, "code": code, "symbol": symbol}
            if found:
                message += " " + _("It is in: %(where)s.") % {"where": _symbols(found)}
            return None, message
        found = within
    if len(found) > 1:
        return None, _(
            "Line %(row)s: several indicators you can see have the code %(code)s, in the "
            "resolutions %(where)s. Name the resolution in a column resolution, or write "
            "SYMBOL:CODE (%(example)s)."
        ) % {
            "row": line,
            "code": code,
            "where": _symbols(found),
            "example": f"{found[0].resolution.symbol}:{code}",
        }
    if not found:
        return None, _("Line %(row)s: no %(kind)s you can see has the code %(code)s.") % {
            "row": line,
            "kind": MappingKind.INDICATOR.label.lower(),
            "code": code or "''",
        }
    return found[0], ""


def period_of(line: int, code: str) -> tuple[Any, str]:
    """(the period of the calendar a row names, "") or (None, why not): a code written our
    way (not DHIS2's: the row says which of their ids stands for it) that the calendar
    holds."""
    from tongket.reporting import selectors as reporting_selectors
    from tongket.reporting.periods import parse_period_code

    try:
        spec = parse_period_code(code)
    except DomainError as error:
        return None, _("Line %(row)s: %(why)s") % {"row": line, "why": " ".join(error.messages)}
    try:
        return reporting_selectors.period_get(code=spec.code), ""
    except NotFound:
        return None, _("Line %(row)s: no period of the calendar has the code %(code)s.") % {
            "row": line,
            "code": spec.code,
        }


def by_id(by: Any, kind: str, pk: Any) -> Any:
    """The object of `kind` with id `pk`, when the keeper may see it (periods: any)."""
    from tongket.reporting import selectors as reporting_selectors
    from tongket.resolutions import selectors as resolution_selectors

    try:
        number = int(pk)
    except (TypeError, ValueError):
        return None
    if kind == MappingKind.UNIT:
        return scopes.restrict(Unit.objects.filter(pk=number), by).first()
    if kind == MappingKind.INDICATOR:
        return resolution_selectors.indicator_list(user=by).filter(pk=number).first()
    if kind == MappingKind.PERIOD:
        try:
            return reporting_selectors.period_get(pk=number)
        except NotFound:
            return None
    return reporting_selectors.form_list(user=by).filter(pk=number).first()

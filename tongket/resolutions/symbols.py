"""Document numbers and symbols (số, ký hiệu) in the Party and State styles (DOMAIN.md §1).

Party: `382-NQ/ĐUQSTW` — number, hyphen, type code, slash, issuer code; written "Số 382-…".
State: `15/KH-UBND`, `30/2020/NĐ-CP` — number, optional year, type code, hyphen, issuer
code; written "Số: 15/…". The issuer code is only a hint: the issuing body is stored by id.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from tongket.core.errors import DomainError
from tongket.core.text import normalize, search_key
from tongket.org.models import Unit, UnitName
from tongket.resolutions.choices import SymbolStyle

PARTY = re.compile(r"^(\d+)-([^/\s-]+)/(\S+)$")
STATE = re.compile(r"^(\d+)/(?:(\d{4})/)?([^/\s-]+)-(\S+)$")
_PREFIX = re.compile(r"^(số|so)\s*:?\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Symbol:
    style: str
    number: int
    type_code: str
    issuer_code: str
    year: int | None = None
    # The number as written: numbers below 10 carry a leading zero ("06-NQ/TW", "01/KH-…").
    digits: str = ""

    @property
    def text(self) -> str:
        number = self.digits or str(self.number)
        if self.style == SymbolStyle.PARTY:
            return f"{number}-{self.type_code}/{self.issuer_code}"
        year = f"{self.year}/" if self.year else ""
        return f"{number}/{year}{self.type_code}-{self.issuer_code}"

    @property
    def number_line(self) -> str:
        """As the number line of a document writes it: "Số 382-NQ/ĐUQSTW", "Số: 15/KH-UBND"."""
        return ("Số " if self.style == SymbolStyle.PARTY else "Số: ") + self.text


def _check_lengths(number: str, type_code: str, issuer: str, field: str) -> None:
    """The parts must fit what is stored (Resolution.number, type_code, issuer_code)."""
    if len(number) > 9 or len(type_code) > 16 or len(issuer) > 64:
        raise DomainError(
            _(
                "The symbol is too long: at most 9 digits in the number, 16 characters in "
                "the type code and 64 in the issuer code."
            ),
            field=field,
        )


def parse_symbol(value: str, *, field: str = "symbol") -> Symbol:
    """Read a symbol in either style; DomainError naming `field` when it is neither."""
    text = _PREFIX.sub("", normalize(value)).replace(" ", "")
    # Typed dashes (– —) are hyphens in a symbol.
    text = text.replace("\u2013", "-").replace("\u2014", "-")
    match = PARTY.match(text)
    if match:
        number, type_code, issuer = match.groups()
        _check_lengths(number, type_code, issuer, field)
        return Symbol(SymbolStyle.PARTY, int(number), type_code, issuer, digits=number)
    match = STATE.match(text)
    if match:
        number, year, type_code, issuer = match.groups()
        _check_lengths(number, type_code, issuer, field)
        year_value = int(year) if year else None
        if year_value is not None and not 1945 <= year_value <= 2100:
            raise DomainError(
                _("The year %(year)s in the symbol is not plausible.") % {"year": year},
                field=field,
            )
        return Symbol(SymbolStyle.STATE, int(number), type_code, issuer, year_value, digits=number)
    raise DomainError(
        _(
            "%(symbol)s is not a document symbol. Write it in the Party style "
            "(382-NQ/ĐUQSTW) or the State style (15/KH-UBND, 30/2020/NĐ-CP)."
        )
        % {"symbol": value or "''"},
        field=field,
    )


# The room left for the number on a document not yet numbered, as offices write it.
BLANK = "      "


def number_line(resolution: object) -> str:
    """The "Số …" line of a stored resolution; without a number, the official blank
    ("Số      -NQ/ĐUQSTW", "Số:       /CT-TTg")."""
    style = getattr(resolution, "style", SymbolStyle.PARTY)
    symbol = getattr(resolution, "symbol", "")
    if not symbol:
        type_code = getattr(resolution, "type_code", "")
        issuer = getattr(resolution, "issuer_code", "")
        if style == SymbolStyle.PARTY:
            symbol = f"{BLANK}-{type_code}/{issuer}" if type_code else f"{BLANK}/{issuer}"
        else:
            symbol = f"{BLANK}/{type_code}-{issuer}" if type_code else f"{BLANK}/{issuer}"
    return ("Số " if style == SymbolStyle.PARTY else "Số: ") + symbol


def issuer_codes_on(unit: Unit, day: datetime.date | None) -> set[str]:
    """Search keys of every code and abbreviation the unit (and the committee or command
    linked to it) carried on `day` (all it ever carried when `day` is unknown)."""
    units = [unit.pk]
    if unit.linked_unit_id:
        units.append(unit.linked_unit_id)
    units += list(Unit.objects.filter(linked_unit=unit).values_list("pk", flat=True))
    names = UnitName.objects.filter(unit_id__in=units)
    if day is not None:
        names = names.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=day)
        )
    # A symbol carries the body's abbreviation of the time ("ĐUQSTW" before 2011); the
    # system's own code counts only where no abbreviation was recorded.
    keys: set[str] = set()
    for code, abbreviation in names.values_list("code", "abbreviation"):
        value = abbreviation or code
        keys.add(search_key(value))
        # "CKT/BQP" is also written "CKT".
        keys.add(search_key(value.split("/")[0]))
    if day is None or not names.exists():
        for other in Unit.objects.filter(pk__in=units):
            keys.update(search_key(v) for v in (other.code, other.abbreviation) if v)
    return {key for key in keys if key}


def issuer_mismatch(symbol: Symbol, unit: Unit, day: datetime.date | None) -> str | None:
    """A warning when the symbol's issuer code is none of the unit's codes on that date."""
    codes = issuer_codes_on(unit, day)
    if search_key(symbol.issuer_code) in codes:
        return None
    return _(
        "The issuer code %(code)s in the symbol is not a code %(unit)s carried on that date "
        "(%(codes)s). Check the symbol and the issuing body, or confirm that the symbol is "
        "right as written."
    ) % {
        "code": symbol.issuer_code,
        "unit": unit.name,
        "codes": ", ".join(sorted(c.upper() for c in codes)) or "—",
    }

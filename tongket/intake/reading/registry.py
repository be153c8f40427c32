"""What the reader matches against: units (with every name, abbreviation and code they ever
had), people, resolutions and the rank table. Plain data, so the reader runs without a
database (the benchmark, the evaluation); `tongket.intake.selectors.registry_load` fills it
from the whole registry, not only the reader's scope, so that nobody is created twice.

A small built-in list of national bodies (the issuers named on most documents) is always
there; units of the registry come first when both know a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tongket.core.text import search_key
from tongket.intake.reading.forms import written_forms
from tongket.intake.reading.similar import MIN_WORDS, close_names, fold_fast

RANKS = [
    "Binh nhì",
    "Binh nhất",
    "Hạ sĩ",
    "Trung sĩ",
    "Thượng sĩ",
    "Thiếu úy",
    "Trung úy",
    "Thượng úy",
    "Đại úy",
    "Thiếu tá",
    "Trung tá",
    "Thượng tá",
    "Đại tá",
    "Thiếu tướng",
    "Trung tướng",
    "Thượng tướng",
    "Đại tướng",
    "Chuẩn Đô đốc",
    "Phó Đô đốc",
    "Đô đốc",
]

# (name, abbreviation, codes): bodies that issue the documents most texts cite.
NATIONAL_BODIES = [
    ("Bộ Chính trị", "BCT", ()),
    ("Ban Bí thư", "", ()),
    ("Ban Chấp hành Trung ương", "BCHTW", ()),
    ("Quân ủy Trung ương", "QUTW", ("QUTW",)),
    ("Đảng ủy Quân sự Trung ương", "ĐUQSTW", ("ĐUQSTW",)),
    ("Bộ Quốc phòng", "BQP", ("BQP",)),
    ("Bộ Tổng Tham mưu", "BTTM", ("BTTM",)),
    ("Tổng cục Chính trị", "TCCT", ("TCCT",)),
    ("Tổng cục Hậu cần", "TCHC", ("TCHC",)),
    ("Tổng cục Kỹ thuật", "TCKT", ("TCKT",)),
    ("Tổng cục Công nghiệp quốc phòng", "CNQP", ("TCCNQP",)),
    ("Chính phủ", "CP", ("CP",)),
    ("Thủ tướng Chính phủ", "TTg", ("TTg",)),
    ("Quốc hội", "QH", ("QH",)),
    ("Ủy ban Thường vụ Quốc hội", "UBTVQH", ("UBTVQH",)),
    ("Bộ Công an", "BCA", ("BCA",)),
    ("Bộ Nội vụ", "BNV", ("BNV",)),
    ("Ban Tổ chức Trung ương", "BTCTW", ("BTCTW",)),
]
_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass
class UnitEntry:
    id: int | None
    name: str  # the name this entry stands for (old or current)
    abbreviation: str = ""
    codes: tuple[str, ...] = ()
    current_name: str = ""


@dataclass
class PersonEntry:
    id: int
    full_name: str
    key: str = ""


@dataclass
class ResolutionEntry:
    id: int
    symbol: str
    number: str
    kind: str = ""
    issuer_codes: tuple[str, ...] = ()


@dataclass
class Registry:
    units: list[UnitEntry] = field(default_factory=list)
    people: list[PersonEntry] = field(default_factory=list)
    resolutions: list[ResolutionEntry] = field(default_factory=list)
    ranks: list[str] = field(default_factory=lambda: list(RANKS))

    def __post_init__(self) -> None:
        self.reindex()

    @classmethod
    def builtin(cls) -> Registry:
        return cls(
            units=[
                UnitEntry(None, name, abbreviation, codes, name)
                for name, abbreviation, codes in NATIONAL_BODIES
            ]
        )

    def reindex(self) -> None:
        """Index names by their first word (lower-cased) and codes/abbreviations exactly."""
        self._by_first: dict[str, list[tuple[tuple[str, ...], UnitEntry]]] = {}
        self._by_code: dict[str, UnitEntry] = {}
        self._by_key: dict[str, UnitEntry] = {}
        known = {entry.name for entry in self.units if entry.id is not None}
        for entry in self.units:
            if entry.id is None and entry.name in known:
                continue  # the registry's own unit of that name wins
            # Every way the name is written ("Bộ CHQS tỉnh …", "UBND tỉnh …", "Uỷ ban …").
            for form in written_forms(entry.name):
                tokens = tuple(token.lower() for token in _TOKEN.findall(form))
                if tokens:
                    self._by_first.setdefault(tokens[0], []).append((tokens, entry))
                    self._by_key.setdefault(search_key(form), entry)
            for code in (*entry.codes, entry.abbreviation):
                if code and len(code) >= 2:
                    self._by_code.setdefault(code, entry)
        for candidates in self._by_first.values():
            candidates.sort(key=lambda item: -len(item[0]))
        # Names of three words or more by their folded first word, for names written with a
        # slip (`similar`): "Bo Chi huy Quan su tinh Lao Cai", "Tổng cuc Hậu cần".
        self.folded_first: dict[str, list[tuple[tuple[str, ...], UnitEntry]]] = {}
        for candidates in self._by_first.values():
            for tokens, entry in candidates:
                if len(tokens) >= MIN_WORDS:
                    folded = tuple(fold_fast(token) for token in tokens)
                    self.folded_first.setdefault(folded[0], []).append((folded, entry))
        # Where to try: the first two folded words of such a name (a slip in the first two
        # words is not looked for; the text is not walked word by word).
        starts = sorted(
            {" ".join(folded[:2]) for cands in self.folded_first.values() for folded, _ in cands},
            key=len,
            reverse=True,
        )
        self.folded_first_pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in starts) + r")(?!\w)")
            if starts
            else None
        )
        self.first_index = self._by_first
        self.code_index = self._by_code
        firsts = sorted(self._by_first, key=len, reverse=True)
        self.first_pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(word) for word in firsts) + r")(?!\w)")
            if firsts
            else None
        )

        self._people: dict[str, list[PersonEntry]] = {}
        for person in self.people:
            self._people.setdefault(search_key(person.full_name), []).append(person)
        self._resolutions_by_symbol = {search_key(r.symbol): r for r in self.resolutions}

    # Units -------------------------------------------------------------------------------
    def unit_at(self, tokens: list[str], index: int) -> tuple[int, UnitEntry] | None:
        """The longest unit name starting at token `index`: (number of tokens, entry)."""
        for name_tokens, entry in self._by_first.get(tokens[index].lower(), ()):
            size = len(name_tokens)
            if tuple(token.lower() for token in tokens[index : index + size]) == name_tokens:
                return size, entry
        return None

    def unit_for_code(self, code: str) -> UnitEntry | None:
        return self._by_code.get(code)

    def unit_named(self, name: str) -> UnitEntry | None:
        """The unit of that name (any case, with or without diacritics), else the one unit
        whose name it is with a slip (`similar.close_names`)."""
        found = self._by_key.get(search_key(name))
        if found is not None:
            return found
        return self.unit_like(tuple(fold_fast(t) for t in _TOKEN.findall(name)))

    def unit_like(self, words: tuple[str, ...]) -> UnitEntry | None:
        """The one unit whose folded name is `words` with a slip; None for none or several."""
        if not words:
            return None
        found = {
            id(entry): entry
            for folded, entry in self.folded_first.get(words[0], ())
            if close_names(folded, words)
        }
        return next(iter(found.values())) if len(found) == 1 else None

    def issuer_for_code(self, code: str) -> str | None:
        entry = self._by_code.get(code)
        return entry.name if entry else None

    def issuer_name(self, phrase: str) -> str | None:
        """The body a "của …" phrase names: the longest known name it starts with, else the
        phrase itself when it reads as a proper name (starts upper-case, at most 9 words)."""
        tokens = _TOKEN.findall(phrase)
        if not tokens:
            return None
        found = self.unit_at(tokens, 0)
        if found:
            size, entry = found
            words = phrase.split()
            return " ".join(words[:size]) if len(words) >= size else entry.name
        if phrase[:1].isupper() and len(tokens) <= 9:
            return phrase.strip()
        return None

    # People ------------------------------------------------------------------------------
    def match_person(self, name: str) -> int | None:
        """The id of the one person of that name; None when nobody or several carry it (the
        officer then chooses: a namesake is never merged silently)."""
        candidates = self._people.get(search_key(name), [])
        return candidates[0].id if len(candidates) == 1 else None

    def person_candidates(self, name: str) -> list[int]:
        return [person.id for person in self._people.get(search_key(name), [])]

    # Resolutions -------------------------------------------------------------------------
    def match_resolution(self, record: dict[str, Any]) -> int | None:
        if record.get("symbol"):
            found = self._resolutions_by_symbol.get(search_key(record["symbol"]))
            if found:
                return found.id
            return None
        same_number = [r for r in self.resolutions if r.number == record["number"]]
        if record.get("kind"):
            same_kind = [r for r in same_number if not r.kind or r.kind == record["kind"]]
            same_number = same_kind or same_number
        if record.get("issuer"):
            entry = self.unit_named(record["issuer"])
            if entry:
                codes = set(entry.codes) | {entry.abbreviation}
                by_issuer = [r for r in same_number if codes & set(r.issuer_codes)]
                same_number = by_issuer or same_number
        return same_number[0].id if len(same_number) == 1 else None

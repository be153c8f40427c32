"""Reading the search index: ranked hits a user may open, with highlighted snippets, and
"did you mean" suggestions when a query finds nothing or little (`tongket.search.suggestions`).
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString

from tongket.core.classification import stamp_text
from tongket.search import backends, folding
from tongket.search.choices import EntryKind
from tongket.search.models import SearchEntry
from tongket.search.sources import visible_q
from tongket.search.suggestions import Suggestion, suggest

PER_PAGE = 20
MAX_PER_PAGE = 100
# Nobody reads page 10,000 of a search; a larger number is read as the last page asked.
MAX_PAGE = 10_000


@dataclass
class Hit:
    entry: SearchEntry
    rank: float
    url: str
    title_html: SafeString
    snippet_html: SafeString

    @property
    def stamp(self) -> str:
        """The mark as printed ("MẬT", "TỐI MẬT"; empty when unmarked)."""
        return stamp_text(self.entry.classification)


@dataclass
class Results:
    query: str
    terms: list[str]
    total: int = 0
    page: int = 1
    per_page: int = PER_PAGE
    hits: list[Hit] = field(default_factory=list)
    # Queries to propose ("did you mean …"), best first; only when the query found little.
    suggestions: list[Suggestion] = field(default_factory=list)
    # The suggestion whose hits these are: the query as typed found nothing (None otherwise).
    corrected: Suggestion | None = None

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def first_number(self) -> int:
        return (self.page - 1) * self.per_page + 1

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def entries_allowed(
    *,
    user: Any,
    kind: str | None = None,
    unit: Any = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[SearchEntry]:
    """The entries the user may open (unit scope and clearance, applied to the records
    themselves), narrowed by kind, by unit (the unit and the units below it) and by date."""
    queryset = SearchEntry.objects.filter(visible_q(user))
    if kind in EntryKind.values:
        queryset = queryset.filter(kind=kind)
    if unit is not None:
        queryset = queryset.filter(unit_path__startswith=unit.path)
    if date_from is not None:
        queryset = queryset.filter(date__gte=date_from)
    if date_to is not None:
        queryset = queryset.filter(date__lte=date_to)
    return queryset


def _url(entry: SearchEntry) -> str:
    try:
        return reverse(entry.url_name, kwargs={"pk": entry.url_pk})
    except NoReverseMatch:
        return ""


def search(
    *,
    user: Any,
    query: str,
    kind: str | None = None,
    unit: Any = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
    correct: bool = False,
) -> Results:
    """Entries matching every word of `query` (ignoring case and diacritics: "nghi quyet hau
    can" finds "Nghị quyết … hậu cần"), best first: words in the title count more, the words
    side by side more still. Only entries of records the user may open; `unit` must be one
    the caller has checked the user may see.

    A query that finds little gets `suggestions`, drawn only from entries the user may open
    with the same filters. With `correct` (the page and the API, unless asked for the words
    as typed), a query that finds nothing is searched again as its first suggestion when
    that only corrects slips ("tran dia phong khomg" finds "trận địa phòng không"), and
    `corrected` says so; `total` and the hits are then the suggestion's."""
    terms = folding.terms(query)
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    results = Results(query=query, terms=terms, page=min(max(1, page), MAX_PAGE), per_page=per_page)
    if not terms:
        return results
    allowed = (
        entries_allowed(user=user, kind=kind, unit=unit, date_from=date_from, date_to=date_to)
        .order_by()
        .values("id")
        .query.sql_with_params()
    )
    offset = (results.page - 1) * per_page
    total, ranked = backends.ranked(terms, allowed, per_page, offset)
    results.total = total
    results.suggestions = suggest(terms, allowed, total)
    if correct and not total and results.suggestions and results.suggestions[0].is_slip:
        results.corrected = results.suggestions.pop(0)
        terms = results.terms = results.corrected.terms
        total, ranked = backends.ranked(terms, allowed, per_page, offset)
        results.total = total
    if not ranked:
        return results
    ids = [pk for pk, _rank in ranked]
    entries = SearchEntry.objects.select_related("unit").in_bulk(ids)
    cut = backends.snippets(terms, ids)
    for pk, rank in ranked:
        entry = entries.get(pk)
        if entry is None:
            continue
        results.hits.append(
            Hit(
                entry=entry,
                rank=rank,
                url=_url(entry),
                title_html=folding.highlight_html(entry.title, terms),
                snippet_html=folding.snippet_html(entry.body, entry.body_key, cut.get(pk)),
            )
        )
    return results

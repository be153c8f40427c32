"""Slips of the keyboard: "did you mean …" for a search that finds nothing, or little.

A word of the query that no entry the reader may open holds ("khomg") is compared with the
vocabulary of the index (`SearchWord`): the words within one letter of it (added, dropped,
changed, or two neighbours swapped), or two letters for words of six letters or more
(`max_distance`). Of those, only the words held by entries the reader may open are kept,
counted with the very filter of the search (unit scope, clearance, and the page's kind, unit
and dates); the closest and most used are tried in place of the slip, and a suggestion is a
whole query that finds entries the reader may open ("tran dia phong khomg" → "trận địa phòng
không"). A word held by one or two such entries only is tried against much more used words
too, when the search found little (a slip that happens to be written somewhere).

So a suggestion never holds a word that only a hidden record holds (another branch's, or one
marked above the reader's clearance), and it is shown as written in the entries the reader
may open: words that differ only by their marks fold alike ("sơ kết", "sở kết"), so each of
the first `WRITTEN_SAMPLE` entries it finds (where its words stand side by side, if any do)
counts the way it writes them, and the way most of them write it wins (ties: the first in
code point order, whichever entry comes first). The work is bounded: a few queries, a few thousand vocabulary words compared at most,
and only when the search found fewer than `FEW` entries.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from tongket.search import backends, folding
from tongket.search.models import SearchEntry, SearchWord

# A search that finds fewer entries than this gets suggestions.
FEW = 3
# A word held by this many entries or fewer may be a slip of a word used much more…
RARE = 2
# … that is, by at least this many entries, and ten times as many.
COMMON = 5
# Queries of more words are not corrected.
MAX_WORDS = 8
# Words of the vocabulary compared with one word of the query, at most.
SCANNED = 5000
# Close words whose use is counted, per word of the query; of them, tried in its place.
COUNTED = 30
TRIED_PER_WORD = 4
# Words corrected in one query, at most (and half its words); whole queries tried;
# suggestions kept.
MAX_CHANGED = 3
MAX_TRIES = 12
MAX_SUGGESTIONS = 3
# Entries read to choose how a suggestion is written, at most.
WRITTEN_SAMPLE = 30


@dataclass
class Suggestion:
    """A query to propose: its folded words, which of them were corrected, how many entries
    the reader may open it finds, and its words as one of those entries writes them."""

    terms: list[str]
    changed: list[bool]
    total: int
    written: list[str]

    @property
    def is_slip(self) -> bool:
        """Whether it only corrects slips: one word in three at most (one in a query of fewer
        words), so that it may be searched in place of the query as typed."""
        return sum(self.changed) <= max(1, len(self.terms) // 3)

    @property
    def text(self) -> str:
        """The query as written ("trận địa phòng không")."""
        return " ".join(self.written)

    @property
    def html(self) -> SafeString:
        """The query as written, escaped, the corrected words in <strong>."""
        return mark_safe(
            " ".join(
                f"<strong>{escape(word)}</strong>" if changed else str(escape(word))
                for word, changed in zip(self.written, self.changed, strict=True)
            )
        )


def max_distance(word: str) -> int:
    """How many letters of a word may be a slip: none in a number or a word of one or two
    letters, one up to five letters, two from six."""
    if len(word) < 3 or word.isdigit():
        return 0
    return 1 if len(word) <= 5 else 2


def distance(a: str, b: str, limit: int) -> int:
    """Letters added, dropped, changed, or two neighbours swapped, to make `b` of `a`
    (optimal string alignment); any number above `limit` is given as `limit + 1`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, other in enumerate(b, start=1):
            cost = 0 if char == other else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return min(previous[-1], limit + 1)


def _pieces(word: str, count: int) -> list[str]:
    """`word` cut into `count` pieces of nearly equal length."""
    size, extra = divmod(len(word), count)
    pieces, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        pieces.append(word[start:end])
        start = end
    return pieces


def similar_words(word: str, limit: int) -> list[tuple[str, int]]:
    """Words of the vocabulary within `limit` of `word` (not `word`), closest first, with
    their distance. Read from the whole index: callers keep only the words the reader may
    see. The database is asked only for words that can be that close: of a length within
    `limit`, and starting with the first, ending with the last or holding another of
    `limit + 1` pieces of `word` (one piece at least is untouched by `limit` edits), or
    `word` with two neighbours swapped."""
    if limit <= 0:
        return []
    pieces = _pieces(word, limit + 1)
    near = Q(word__startswith=pieces[0]) | Q(word__endswith=pieces[-1])
    for piece in pieces[1:-1]:
        near |= Q(word__contains=piece)
    swapped = [
        word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        for i in range(len(word) - 1)
        if word[i] != word[i + 1]
    ]
    if swapped:
        near |= Q(word__in=swapped)
    rows = (
        SearchWord.objects.filter(length__gte=len(word) - limit, length__lte=len(word) + limit)
        .filter(near)
        .exclude(word=word)
        .order_by("word")
        .values_list("word", flat=True)[:SCANNED]
    )
    found = [(other, distance(word, other, limit)) for other in rows]
    return sorted(
        ((other, d) for other, d in found if d <= limit),
        key=lambda item: (item[1], abs(len(item[0]) - len(word)), item[0]),
    )


def _written_in(terms: list[str], entry: SearchEntry) -> tuple[str, ...]:
    """The words as `entry` writes them (lower case), read where the longest runs of them
    stand side by side ("báo cáo sơ kết" rather than the first "sở" of the text), the title
    before the text; a word not found stays folded."""
    texts = [(entry.title, entry.title_key), (entry.body, entry.body_key)]
    written: list[str] = []
    start = 0
    while start < len(terms):
        for end in range(len(terms), start, -1):
            forms = next(
                (
                    found
                    for text, key in texts
                    if (found := folding.written_forms(text, key, terms[start:end]))
                ),
                None,
            )
            if forms:
                written.extend(forms)
                start = end
                break
        else:
            written.append(terms[start])
            start += 1
    return tuple(written)


def written_by_most(terms: list[str], entry_ids: list[int]) -> list[str]:
    """The words as most of the entries `entry_ids` write them; a tie goes to the way first
    in code point order, so the choice does not hang on which entry is read first. The
    folded words when there is no entry."""
    entries = SearchEntry.objects.filter(pk__in=entry_ids).only(
        "title", "title_key", "body", "body_key"
    )
    counts = Counter(_written_in(terms, entry) for entry in entries)
    if not counts:
        return list(terms)
    best, _count = min(counts.items(), key=lambda item: (-item[1], item[0]))
    return list(best)


def _options(
    terms: list[str], counts: dict[str, int], allowed: tuple[str, tuple[Any, ...]], found: int
) -> list[list[tuple[str, int, int]]] | None:
    """For each word of the query, what may stand in its place: (word, distance, entries
    holding it), the word itself first when entries hold it. A word that entries hold is
    replaced only when the query found something (a slip written somewhere too) and they are
    few. None when a word no entry the reader may open holds has nothing to stand for it (no
    query can then find anything)."""
    close: dict[str, list[tuple[str, int]]] = {}
    for term in terms:
        held = counts.get(term, 0)
        if held > RARE or (held and not found):
            continue
        near = similar_words(term, max_distance(term))[:COUNTED]
        if near:
            close[term] = near
        elif not held:
            return None
    used = backends.word_counts(
        sorted({word for near in close.values() for word, _d in near}), allowed
    )
    options: list[list[tuple[str, int, int]]] = []
    for term in terms:
        held = counts.get(term, 0)
        own = [(term, 0, held)] if held else []
        wanted = max(COMMON, 10 * held) if held else 1
        others = sorted(
            (
                (word, d, used[word])
                for word, d in close.get(term, [])
                if used.get(word, 0) >= wanted
            ),
            key=lambda option: (option[1], -option[2], option[0]),
        )[:TRIED_PER_WORD]
        if not own and not others:
            return None
        options.append(own + others)
    return options


def suggest(terms: list[str], allowed: tuple[str, tuple[Any, ...]], found: int) -> list[Suggestion]:
    """Queries to propose instead of `terms`, which found `found` of the allowed entries
    (`allowed`: SQL and params of the ids of the entries the reader may open, with the
    search's filters), best first; none when it found `FEW` or more."""
    if found >= FEW or not terms or len(terms) > MAX_WORDS:
        return []
    counts = backends.word_counts(terms, allowed)
    if found and all(counts.get(term, 0) > RARE for term in terms):
        return []
    if sum(1 for term in terms if not counts.get(term)) > min(MAX_CHANGED, max(1, len(terms) // 2)):
        return []
    options = _options(terms, counts, allowed, found)
    if options is None:
        return []
    # Half the words at most are corrected: "loc nuoc nhiem phen" is never "lực được nhiệm
    # phần".
    most = min(MAX_CHANGED, max(1, len(terms) // 2))
    combinations = []
    for choice in itertools.product(*options):
        changed = [word != term for (word, _d, _n), term in zip(choice, terms, strict=True)]
        if not any(changed) or sum(changed) > most:
            continue
        combinations.append(
            (
                (sum(changed), sum(d for _w, d, _n in choice), -sum(n for _w, _d, n in choice)),
                [word for word, _d, _n in choice],
                changed,
            )
        )
    combinations.sort(key=lambda item: item[0])
    suggestions: list[Suggestion] = []
    for _key, words, changed in combinations[:MAX_TRIES]:
        total, _first = backends.matching(words, allowed)
        if total:
            # Written as most entries write the words side by side, if any do.
            sample = (
                backends.matching_ids(words, allowed, WRITTEN_SAMPLE, phrase=True)
                if len(words) > 1
                else []
            ) or backends.matching_ids(words, allowed, WRITTEN_SAMPLE)
            suggestions.append(Suggestion(words, changed, total, written_by_most(words, sample)))
            if len(suggestions) == MAX_SUGGESTIONS:
                break
    return suggestions

"""Folding for the index and the query, and putting highlights back on the text as written.

The index holds each text twice: as written (NFC, whitespace collapsed) and folded with
`core.text.search_key` one character at a time (marks dropped, đ→d, case folded, and
anything but a letter or digit made a space). Each
character folds to exactly one character (a character whose fold is longer or empty, such as
"ß", stays as it is), so an offset in the folded text is the same offset in the text as
written: the database finds and cuts snippets in the folded text, and the snippet shown is
the same stretch of the original with the same words marked.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from tongket.core.text import normalize, search_key

# Markers the databases put around matches and between fragments: control characters, which
# `clean` removes from every indexed text, so they never occur in it.
START, STOP, GAP = "\x02", "\x03", "\x04"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Words are runs of letters and digits; everything else separates them, in the index as in
# the query, so that both databases cut "382-NQ/ĐUQSTW" into the same three words.
_WORD = re.compile(r"[^\W_]+")
# Longest text kept per entry (a whole book attached is searched on its first part).
MAX_BODY = 200_000


def clean(value: str | None, limit: int = MAX_BODY) -> str:
    """The text as written, ready for the index: NFC, no control characters, whitespace
    collapsed, cut at `limit` characters."""
    return normalize(_CONTROL.sub(" ", value or ""))[:limit]


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if not char.isalnum():
        return " "
    folded = search_key(char)
    return folded if len(folded) == 1 else char


def fold(value: str) -> str:
    """`value` (already `clean`) folded character by character: same length, same offsets."""
    return "".join(_fold_char(char) for char in value)


def words_of(key: str) -> list[str]:
    """The words of a folded text (`fold`'s output), in order, repeats kept."""
    return _WORD.findall(key)


def terms(query: str | None) -> list[str]:
    """The words of a query, folded, in order, without repeats ("Hậu cần, hau CAN" → hau,
    can)."""
    return list(dict.fromkeys(_WORD.findall(search_key(query))))


def _marked_html(original: str, marked: str) -> str:
    """Escaped `original` with the spans that `marked` (its folded form with START/STOP
    inserted) marks wrapped in <mark>."""
    out: list[str] = []
    position = 0
    inside = False
    for char in marked:
        if char == START:
            out.append("<mark>")
            inside = True
        elif char == STOP:
            if inside:
                out.append("</mark>")
            inside = False
        else:
            out.append(escape(original[position : position + 1]))
            position += 1
    if inside:
        out.append("</mark>")
    return "".join(out)


def snippet_html(body: str, body_key: str, snippet: str | None) -> SafeString:
    """The database's snippet of `body_key` (fragments separated by GAP, matches between
    START and STOP) as HTML of the text as written: escaped, with <mark> around matches and
    "…" where text was left out."""
    if not snippet:
        return mark_safe(escape(body[:240]) + ("…" if len(body) > 240 else ""))
    parts: list[str] = []
    search_from = 0
    for fragment in snippet.split(GAP):
        plain = fragment.replace(START, "").replace(STOP, "")
        if not plain.strip():
            continue
        at = body_key.find(plain, search_from)
        if at < 0:
            at = body_key.find(plain)
        if at < 0:  # the row changed under the query: show the fragment as the index has it
            parts.append(_marked_html(plain, fragment))
            continue
        search_from = at + len(plain)
        html = _marked_html(body[at : at + len(plain)], fragment)
        if at > 0:
            html = "…" + html
        if at + len(plain) < len(body_key):
            html += "…"
        parts.append(html)
    return mark_safe(" ".join(parts))


def written_forms(text: str, key: str, words: list[str]) -> list[str] | None:
    """How the folded `words` are written where they first stand side by side, as whole
    words, in `text` (whose fold is `key`), in lower case: ["trận", "địa"] for ["tran", "dia"]
    in "Số trận địa…"; None when they do not stand so there."""
    if not words:
        return None
    pattern = r"[\W_]+".join(re.escape(word) for word in words)
    match = re.search(rf"(?<![^\W_]){pattern}(?![^\W_])", key)
    if match is None:
        return None
    start = match.start()
    return [
        text[start + word.start() : start + word.end()].lower()
        for word in _WORD.finditer(key[start : match.end()])
    ]


def highlight_html(text: str, words: list[str]) -> SafeString:
    """`text` escaped, with every whole word that folds to one of `words` in <mark>."""
    if not words:
        return mark_safe(escape(text))
    key = fold(text)
    wanted = set(words)
    marked: list[str] = []
    position = 0
    for match in _WORD.finditer(key):
        if match.group() in wanted:
            marked.append(key[position : match.start()])
            marked.append(START + match.group() + STOP)
            position = match.end()
    marked.append(key[position:])
    return mark_safe(_marked_html(text, "".join(marked)))

"""What is searchable: for each model whose rows are indexed, how a row becomes an entry and
which rows a user may open.

The index sits above the domain apps (it reads them all and none of them knows it). Each
`Source` says, for one model: its entry kind, how to read its rows (`rows`), how one row
becomes the entry's title, text, unit, date and page (`build`), and which rows a user may see
(`visible`). `visible` is the same rule as the record's own page: the app's selectors (unit
scope and clearance) where one answers a list, else the same filters written out here. The
search applies it at query time, so what the index copied (unit path, mark) never decides
alone what a user sees.
"""

from __future__ import annotations

from tongket.search.sources.base import (
    Entry,
    Source,
)
from tongket.search.sources.registry import (
    SOURCES,
    UNIT_FOLLOWERS,
    label_of,
    visible_q,
)

__all__ = [
    "SOURCES",
    "UNIT_FOLLOWERS",
    "Entry",
    "Source",
    "label_of",
    "visible_q",
]

"""What a source is and what its `build` reads from a record, and the helpers they share."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet


@dataclass
class Entry:
    """What `build` reads from a record: the entry's columns before folding."""

    title: str
    body: str
    unit: Any
    date: datetime.date | None
    url_name: str
    url_pk: int
    classification: str = "none"


@dataclass(frozen=True)
class Source:
    label: str
    kind: str
    rows: Callable[[], QuerySet[Any]]
    build: Callable[[Any], Entry | None]
    visible: Callable[[Any], QuerySet[Any]]
    # Files: the entry's text is read from the file by the extraction job, not by `build`.
    is_file: bool = False
    # (model label, function of a row of it → primary keys of this source to index again).
    follows: tuple[tuple[str, Callable[[Any], Iterable[int]]], ...] = field(default=())


def _lines(*parts: Any) -> str:
    return "\n".join(str(part) for part in parts if part not in (None, ""))


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    return value

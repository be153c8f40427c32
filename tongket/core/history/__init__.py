"""The change log in words: the one presenter of history for every page and endpoint.

A `ChangeLog` row keeps what the service wrote: a verb (`report_submit`), and before/after
values as stored (field attnames, choice codes, ids of foreign keys, ISO dates). `present`
turns rows into `HistoryEntry` objects a person can read: the verb by its label, each field
by the model's verbose name, a choice by its label, a foreign key by the name of the object
when it still exists (and the reader's clearance covers it), dates as dd/mm/yyyy, numbers the
Vietnamese way. Pages and the API call `present`; no page translates a row by itself.

Every verb any service writes has a label in `ACTION_LABELS`
(`core/tests/test_history.py` reads every `changelog_record` call to keep it so).
"""

from tongket.core.history.labels import ACTION_LABELS, KEY_LABELS, VALUES_OF, action_label
from tongket.core.history.presenter import (
    DETAILS,
    TECHNICAL_FIELDS,
    Change,
    HistoryEntry,
    present,
    value_text,
)

__all__ = [
    "ACTION_LABELS",
    "DETAILS",
    "KEY_LABELS",
    "TECHNICAL_FIELDS",
    "VALUES_OF",
    "Change",
    "HistoryEntry",
    "action_label",
    "present",
    "value_text",
]

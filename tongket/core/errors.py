"""The one exception services raise for a rule a person broke, with the field it concerns."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


class DomainError(ValidationError):
    """A rule of the domain was broken; the message says what to do.

    It is a ValidationError, so forms show it beside the field (`field`) and the API answers
    400 with `{"errors": {field: [message]}}`. Raise it before writing anything, or inside the
    service's transaction so the write is rolled back.
    """

    def __init__(self, message: Any, *, field: str | None = None, code: str | None = None) -> None:
        self.field = field
        if field:
            super().__init__({field: [ValidationError(message, code=code)]})
        else:
            super().__init__(message, code=code)


class Conflict(DomainError):
    """A record was saved by someone else since it was read (its `version` moved on): the
    API answers 409 with the current version, a page asks to reload."""

    def __init__(
        self, message: Any, *, current_version: int | None = None, field: str | None = None
    ) -> None:
        self.current_version = current_version
        super().__init__(message, field=field, code="conflict")


class LikelyDuplicates(DomainError):
    """The record about to be created looks like records already kept (a person registered
    under the same name): the caller picks one of them or confirms that a new one is meant.
    `matches` lists them as plain data (id, label, unit); the API answers 409 with code
    "duplicates" and the list, a page shows the message on the field."""

    def __init__(self, message: Any, *, matches: list[dict[str, Any]], field: str) -> None:
        self.matches = matches
        super().__init__(message, field=field, code="duplicates")


class NotFound(Exception):
    """An object does not exist or lies outside the user's scope: both answer 404."""


class RowErrors(DomainError):
    """An import refused as a whole: every bad row with its sheet, row number, column and
    message, so a person can fix the file in one pass."""

    def __init__(self, rows: list[dict[str, Any]], message: Any = None) -> None:
        from django.utils.translation import gettext as _

        self.rows = rows
        summary = message or _(
            "The file was not imported: %(count)s error(s). Nothing was written."
        ) % {"count": len(rows)}
        super().__init__(summary, field="file", code="rows")


class StorageError(Exception):
    """The server could not write or read a file (media folder unwritable, disk full): the
    person's input is not at fault and nothing was changed. Pages and the API answer 503 with
    a message saying so."""


def is_storage_error(error: BaseException) -> bool:
    """Whether an exception is the file system refusing (permission, full or read-only disk),
    as raised by a storage backend while saving or opening a file."""
    import errno

    if isinstance(error, StorageError):
        return True
    return isinstance(error, OSError) and error.errno in {
        errno.EACCES,
        errno.EPERM,
        errno.ENOSPC,
        errno.EROFS,
        errno.EDQUOT,
        errno.ENOENT,
        errno.EIO,
    }

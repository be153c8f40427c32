"""Presenting change-log rows: field names, choice labels, names of the objects pointed at,
dates and numbers the Vietnamese way (see the package's docstring)."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import BooleanField, Case, Value, When
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

from tongket.core.history.labels import KEY_LABELS, VALUE_LABELS, VALUES_OF, action_label
from tongket.core.models import ChangeLog
from tongket.core.numbers import format_number

# Fields a reader has no use for: keys, tree paths, ordering and search helpers, the row's
# version.
TECHNICAL_FIELDS = frozenset(
    {
        "id",
        "version",
        "search_key",
        "search_text",
        "sort_key",
        "path",
        "unit_path",
        "depth",
        "order",
        "password",
    }
)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


@dataclass(frozen=True)
class Change:
    """One field of a row: its label, and the old and new values in words (None: empty)."""

    key: str
    label: str
    old: str | None
    new: str | None


@dataclass
class HistoryEntry:
    """A change-log row in words. `detail` sums up rows whose values say more together
    (a figure saved, a vote); `about_record` is false for a row about another object than
    the one the page shows (a task of a resolution), whose name the page then prints."""

    row: ChangeLog
    label: str
    detail: str = ""
    changes: list[Change] = field(default_factory=list)
    about_record: bool = True

    @property
    def time(self) -> datetime.datetime:
        return self.row.time

    @property
    def username(self) -> str:
        return self.row.username

    @property
    def action(self) -> str:
        return self.row.action

    @property
    def object_repr(self) -> str:
        return self.row.object_repr

    @property
    def note(self) -> str:
        return self.row.note

    @property
    def before(self) -> Any:
        return self.row.before

    @property
    def after(self) -> Any:
        return self.row.after


def present(
    rows: Iterable[ChangeLog],
    *,
    user: Any = None,
    record: models.Model | None = None,
    hide: Iterable[str] = (),
    list_created: bool = True,
    key_labels: Mapping[str, str] | None = None,
) -> list[HistoryEntry]:
    """The rows in words, in their order.

    `user`: a foreign key to a marked record above the user's clearance (with no user: to
    any marked record) is shown by its number only. `record`: the object the page is about (rows about other objects say so).
    `hide`: more keys not to show. `list_created`: whether a creation lists the values it
    set. `key_labels`: labels for keys only the page knows (a report's section keys)."""
    rows = list(rows)
    hidden = TECHNICAL_FIELDS | set(hide)
    labels = dict(key_labels or {})
    pending: list[tuple[ChangeLog, type[models.Model] | None, list[tuple[str, Any, Any]]]] = []
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for row in rows:
        model = _model_of(row)
        changed = [
            (key, old, new)
            for key, old, new in row.changed_fields()
            if key not in hidden
            and not _auto_field(model, key)
            and not _points_at_itself(row, model, key, old, new)
        ]
        pending.append((row, model, changed))
        for key, old, new in changed:
            related = _related_model(_field(model, key))
            if related is not None:
                for value in (old, new):
                    wanted[related].update(str(pk) for pk in _ids(value))
    names = _names(wanted, user)
    record_type = (
        ContentType.objects.get_for_model(record, for_concrete_model=True).pk if record else None
    )
    entries = []
    for row, model, changed in pending:
        describe = DETAILS.get(row.action)
        entry = HistoryEntry(
            row=row,
            label=action_label(row.action),
            about_record=record is None
            or (row.content_type_id == record_type and row.object_id == str(record.pk)),
        )
        if describe is not None:
            entry.detail = describe(row, labels)
        elif list_created or row.before is not None:
            for key, old, new in changed:
                found = _field(model, key)
                change = Change(
                    key=key,
                    label=_key_label(found, key, labels),
                    old=_value_words(found, key, old, names),
                    new=_value_words(found, key, new, names),
                )
                if change.old != change.new:
                    entry.changes.append(change)
        entries.append(entry)
    return entries


def _value_words(
    found: models.Field[Any, Any] | Any | None,
    key: str,
    value: Any,
    names: Mapping[tuple[type[models.Model], str], str],
) -> str | None:
    """`value_text`, or the words of `VALUE_LABELS` for a key whose field keeps no choices."""
    words = VALUE_LABELS.get(key, {})
    if words and not getattr(found, "choices", None) and isinstance(value, str) and value in words:
        return str(words[value])
    return value_text(found, value, names)


def value_text(
    found: models.Field[Any, Any] | Any | None,
    value: Any,
    names: Mapping[tuple[type[models.Model], str], str] | None = None,
) -> str | None:
    """A stored value in words, read through the field it was stored from (if any)."""
    if value is None or value == "" or value == [] or value == {}:
        return None
    related = _related_model(found)
    if related is not None:
        return ", ".join(_name_of(related, str(pk), names or {}) for pk in _ids(value))
    if found is not None and getattr(found, "choices", None):
        choices = dict(found.flatchoices)
        if isinstance(value, list):
            return ", ".join(str(choices.get(v, v)) for v in value)
        return str(choices.get(value, value))
    if isinstance(value, bool) or isinstance(found, models.BooleanField):
        return gettext("yes") if value else gettext("no")
    if isinstance(found, models.DateTimeField):
        return _datetime_text(value)
    if isinstance(found, models.DateField):
        return _date_text(value)
    if isinstance(found, models.DecimalField | models.FloatField):
        return _number_text(value)
    return _plain_text(value)


def _plain_text(value: Any) -> str | None:
    """A value of no known field: dates read as dates, lists and mappings joined."""
    if isinstance(value, list | tuple):
        parts = [value_text(None, v) for v in value]
        return ", ".join(p for p in parts if p) or None
    if isinstance(value, dict):
        pairs = [f"{k}: {value_text(None, v) or '–'}" for k, v in value.items()]
        return "; ".join(pairs) or None
    if isinstance(value, str):
        if _ISO_DATETIME.fullmatch(value[:16]) and len(value) > 10:
            return _datetime_text(value)
        if _ISO_DATE.fullmatch(value):
            return _date_text(value)
    return str(value)


def _date_text(value: Any) -> str:
    try:
        day = datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return day.strftime("%d/%m/%Y")


def _datetime_text(value: Any) -> str:
    try:
        moment = datetime.datetime.fromisoformat(str(value))
    except ValueError:
        return _date_text(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%d/%m/%Y %H:%M")


def _number_text(value: Any) -> str:
    try:
        return format_number(Decimal(str(value)), None)
    except (InvalidOperation, ValueError):
        return str(value)


def _model_of(row: ChangeLog) -> type[models.Model] | None:
    """The model whose fields the row's values are: the logged object's, or for a verb that
    logs another row's values on it, that row's (`VALUES_OF`)."""
    label = VALUES_OF.get(row.action)
    if label is not None:
        try:
            return apps.get_model(label)
        except LookupError:
            pass
    return ContentType.objects.get_for_id(row.content_type_id).model_class()


def _field(model: type[models.Model] | None, key: str) -> Any:
    """The field a key was stored from: by attname (`unit_id`) or name (`unit`)."""
    if model is None:
        return None
    for found in model._meta.get_fields():
        forward = found.concrete or (found.many_to_many and not found.auto_created)
        if forward and key in (found.name, getattr(found, "attname", None)):
            return found
    return None


def _auto_field(model: type[models.Model] | None, key: str) -> bool:
    """Stamps the row sets itself (created, updated): the entry's time says it already."""
    found = _field(model, key)
    return bool(getattr(found, "auto_now", False) or getattr(found, "auto_now_add", False))


def _points_at_itself(
    row: ChangeLog, model: type[models.Model] | None, key: str, old: Any, new: Any
) -> bool:
    """A key of a row logged on its parent (a position logged on the person, `person_id`)
    that names the logged object itself: it says nothing the page does not."""
    if not key.endswith("_id") or _field(model, key) is not None:
        return False
    return all(value is None or str(value) == row.object_id for value in (old, new))


def _related_model(found: Any) -> type[models.Model] | None:
    if found is not None and (found.many_to_one or found.one_to_one or found.many_to_many):
        related: type[models.Model] | None = found.related_model
        return related
    return None


def _ids(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _key_label(found: Any, key: str, labels: Mapping[str, str]) -> str:
    if key in labels:
        return str(labels[key])
    if found is not None:
        return capfirst(str(found.verbose_name))
    if key in KEY_LABELS:
        return capfirst(str(KEY_LABELS[key]))
    return capfirst(key.replace("_", " "))


def _names(
    wanted: Mapping[type[models.Model], set[str]], user: Any
) -> dict[tuple[type[models.Model], str], str]:
    """The names of the objects the rows point at, one query per model; a marked one the
    user may not read is left out (shown by its number)."""
    from tongket.core.classification import DERIVED, TOP, clearance_level, hidden_rows

    names: dict[tuple[type[models.Model], str], str] = {}
    for model, pks in wanted.items():
        keys = []
        for pk in pks:
            try:
                keys.append(model._meta.pk.to_python(pk))  # type: ignore[union-attr]
            except ValidationError:
                names[(model, pk)] = pk  # not an id: a name or code the service wrote
        rows = model._base_manager.filter(pk__in=keys)
        above: Any = Value(False, output_field=BooleanField())
        if model._meta.label_lower in DERIVED and clearance_level(user) < TOP:
            hidden = hidden_rows(user, model)
            above = Case(
                When(pk__in=hidden, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        for obj in rows.annotate(above_clearance=above):
            name = gettext("no. %(id)s") % {"id": obj.pk} if obj.above_clearance else str(obj)
            names[(model, str(obj.pk))] = name
    return names


def _name_of(
    model: type[models.Model], pk: str, names: Mapping[tuple[type[models.Model], str], str]
) -> str:
    name = names.get((model, pk))
    if name is not None:
        return name
    return gettext("no. %(id)s (no longer exists)") % {"id": pk}


# Rows whose values read best as one sentence, by verb.


def _value_saved(row: ChangeLog, labels: Mapping[str, str]) -> str:
    before, after = row.before or {}, row.after or {}
    old = value_text(None, before.get("value"))
    new = value_text(None, after.get("value"))
    text = f"{after.get('indicator', '')}: {_number_or_dash(old)} → {_number_or_dash(new)}"
    if after.get("comment") and after.get("comment") != before.get("comment"):
        text += f" · “{after['comment']}”"
    return text


def _number_or_dash(value: str | None) -> str:
    return "–" if value is None else _number_text(value)


def _sections(row: ChangeLog, labels: Mapping[str, str]) -> str:
    return ", ".join(str(labels.get(key, key)) for key in (row.after or {}))


def _file(row: ChangeLog, labels: Mapping[str, str]) -> str:
    return str((row.after or {}).get("file") or (row.before or {}).get("file") or "")


def _recipients(row: ChangeLog, labels: Mapping[str, str]) -> str:
    return gettext("%(n)s recipient(s)") % {"n": (row.after or {}).get("recipients", 0)}


def _votes(row: ChangeLog, labels: Mapping[str, str]) -> str:
    after = row.after or {}
    return gettext("%(yes)s of %(total)s votes for") % {
        "yes": after.get("votes_for"),
        "total": after.get("votes_total"),
    }


DETAILS: dict[str, Callable[[ChangeLog, Mapping[str, str]], str]] = {
    "value_save": _value_saved,
    "report_narrative": _sections,
    "report_attachment_add": _file,
    "report_attachment_remove": _file,
    "report_remind": _recipients,
    "nomination_file_add": _file,
    "nomination_council": _votes,
}

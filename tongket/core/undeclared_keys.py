"""Foreign keys Django keeps but the database does not declare (`db_constraint=False`: a
value's report, unit and period, a roll-up's indicator, period and unit — reporting.0010
says why), checked as the database checks the declared ones: each must name a row that
exists. A restore runs it after loading the rows, loaded in the order their keys need
(`core.backup`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, models
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class BrokenKey:
    """A row of `model` whose `field` names no row: `value` is what it names."""

    model: type[models.Model]
    field: str
    value: Any


def first_broken_key(connection: Any, loaded: list[type[models.Model]]) -> BrokenKey | None:
    """The first undeclared key among `loaded`'s rows that names a missing row, if any: one
    query per such key."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in loaded:
            for field in model._meta.concrete_fields:
                if not (field.is_relation and field.many_to_one) or field.db_constraint:
                    continue
                target = field.target_field
                column = quote(field.column)
                cursor.execute(
                    f"SELECT t.{column} FROM {quote(model._meta.db_table)} t "  # noqa: S608 - names from the models
                    f"LEFT JOIN {quote(target.model._meta.db_table)} r "
                    f"ON r.{quote(target.column)} = t.{column} "
                    f"WHERE t.{column} IS NOT NULL AND r.{quote(target.column)} IS NULL LIMIT 1"
                )
                missing = cursor.fetchone()
                if missing:
                    return BrokenKey(model, field.name, missing[0])
    return None


def load_order(labels: list[str]) -> list[str]:
    """Model labels reordered so that each comes after the models its keys name, where the
    keys allow it (a cycle keeps the given order). Keys the database does not declare are
    checked by triggers at the end of each statement on PostgreSQL (a value's report and
    indicator, reporting.0011), not deferred to the commit: their rows must come first."""
    from django.apps import apps

    position = {label: index for index, label in enumerate(labels)}
    by_model = {apps.get_model(label): label for label in labels}
    needs: dict[str, set[str]] = {}
    for model, label in by_model.items():
        needs[label] = {
            by_model.get(field.related_model, "")
            for field in model._meta.concrete_fields
            if field.is_relation and field.many_to_one and field.related_model is not model
        } & set(position)
    ordered: list[str] = []
    placed: set[str] = set()
    visiting: set[str] = set()

    def place(label: str) -> None:
        if label in placed or label in visiting:
            return
        visiting.add(label)
        for needed in sorted(needs[label], key=position.__getitem__):
            place(needed)
        visiting.discard(label)
        placed.add(label)
        ordered.append(label)

    for label in labels:
        place(label)
    return ordered


def refused_key(error: IntegrityError) -> str:
    """What a restore says when the database refuses a row whose key names no row."""
    return _("The backup holds rows whose keys refer to a row it does not hold: %(error)s") % {
        "error": str(error).strip()
    }

"""Foreign keys Django keeps but the database does not declare (`db_constraint=False`: a
value's report, unit and period, a roll-up's indicator, period and unit — reporting.0010
says why), checked as the database checks the declared ones: each must name a row that
exists. A restore runs it after loading the rows (`core.backup`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models


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

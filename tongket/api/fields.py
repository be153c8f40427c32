"""Serializer fields: records by code, resolved within the caller's scope; numbers read by the
one reader of the project."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from tongket.core.errors import NotFound
from tongket.core.numbers import NotANumber, parse_number
from tongket.org.selectors import unit_resolve


class UnitCodeField(serializers.CharField):
    """A unit given by its current or former code; out of scope reads as unknown."""

    def to_internal_value(self, data: Any) -> Any:
        code = super().to_internal_value(data)
        if "\x00" in code:  # checked before the look-up: the database cannot hold it
            raise serializers.ValidationError(_("Null characters are not allowed."))
        try:
            return unit_resolve(user=self.context["request"].user, code=code)
        except NotFound:
            raise serializers.ValidationError(
                _("No unit has the code %(code)s.") % {"code": code}
            ) from None

    def to_representation(self, value: Any) -> Any:
        return getattr(value, "code", value)


class NumberField(serializers.DecimalField):
    """A decimal read by the same reader as the pages and imports (core.numbers): a JSON
    number, or a text in either convention ("1.234,5", "1,234.5"); "1.234" is asked about,
    never guessed; no "1_000", no digits other than 0-9; bounded by `max_digits` and
    `decimal_places` with a message naming the bound. Written back as a string with
    `decimal_places` decimals, like DRF's DecimalField."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, str | int | float | Decimal):
            self.fail("invalid")
        if isinstance(data, str) and len(data) > self.MAX_STRING_LENGTH:
            self.fail("max_string_length")
        try:
            number = parse_number(
                data, max_digits=self.max_digits, decimal_places=self.decimal_places
            )
        except NotANumber as error:
            raise serializers.ValidationError(error.message, code="invalid") from None
        if number is None:
            self.fail("invalid")
        return self.quantize(number)

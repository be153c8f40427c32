"""The fields the reporting serializers share: a figure (four decimals, rounded half up), a
period by its code, a report form in the caller's reach by its code, and a cell of an
import."""

from __future__ import annotations

from decimal import ROUND_HALF_UP
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tongket.api.serializers.resolutions import read_code
from tongket.core.errors import NotFound
from tongket.reporting import selectors
from tongket.reporting.periods import parse_period_code


def figure_field(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=40, decimal_places=4, rounding=ROUND_HALF_UP, allow_null=True, **kwargs
    )


@extend_schema_field(OpenApiTypes.STR)
class PeriodCodeField(serializers.CharField):
    """A period by its code (2022, 2022-H1, 2022-Q3, 2022-07, 2022-9M, 2020-2025)."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, int) and not isinstance(data, bool):
            data = str(data)
        text = read_code(self, data, 16)
        try:
            spec = parse_period_code(text, field=self.field_name)
            return selectors.period_get(code=spec.code)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        except NotFound:
            raise serializers.ValidationError(
                _("No period has the code %(code)s.") % {"code": text}
            ) from None

    def to_representation(self, value: Any) -> Any:
        return getattr(value, "code", value)


@extend_schema_field(OpenApiTypes.STR)
class FormCodeField(serializers.CharField):
    """A report form in the caller's reach by its code."""

    def to_internal_value(self, data: Any) -> Any:
        text = read_code(self, data, 32)
        try:
            return selectors.form_by_code(user=self.context["request"].user, code=text)
        except NotFound:
            raise serializers.ValidationError(
                _("No report form has the code %(code)s.") % {"code": text}
            ) from None

    def to_representation(self, value: Any) -> Any:
        return getattr(value, "code", value)


@extend_schema_field({"oneOf": [{"type": "number"}, {"type": "string"}], "nullable": True})
class CellField(serializers.Field):
    """A cell of an import: a JSON number, a text in either convention ("1.234,5",
    "1,234.5") or null, read by the import like a spreadsheet cell."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("default", None)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int | float | str):
            raise serializers.ValidationError(_("Enter a number."))
        if isinstance(data, str) and ("\x00" in data or len(data) > 64):
            raise serializers.ValidationError(_("Enter a number."))
        return data

    def to_representation(self, value: Any) -> Any:
        return value

"""Serializer fields that refer to records by code, resolved within the caller's scope."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from tongket.core.errors import NotFound
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

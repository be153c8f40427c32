"""Shapes of the award catalogues in the API: authorities, awarding levels and award forms."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from tongket.api.serializers.awards.fields import form_id_field
from tongket.api.serializers.resolutions import (
    InlineChoiceField,
    ModelSerializer,
    PartialMixin,
    reach_unit_code,
)
from tongket.awards.choices import BodyLevel, FormCategory
from tongket.awards.models import AwardAuthority, AwardForm


class AuthoritySerializer(ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    form = serializers.IntegerField(source="form_id", read_only=True)

    class Meta:
        model = AwardAuthority
        fields = [
            "id",
            "form",
            "unit",
            "body_level",
            "unit_kind",
            "valid_from",
            "valid_to",
            "note",
        ]


class AwardingLevelSerializer(serializers.Serializer):
    unit = reach_unit_code(help_text="The body (its code)")
    level = InlineChoiceField(
        choices=BodyLevel.choices,
        allow_blank=True,
        help_text="The level at which it gives commendations; empty removes it",
    )
    standing_agency = reach_unit_code(
        required=False,
        allow_null=True,
        default=None,
        help_text="The standing agency of its emulation council (its code): a unit below the "
        "body, in the tree or in one of its lines, that issues its proposals for the awards "
        "it decides itself. Null or absent: none (the body issues them)",
    )


class AwardFormSerializer(ModelSerializer):
    class Meta:
        model = AwardForm
        fields = [
            "id",
            "code",
            "name",
            "category",
            "for_collectives",
            "for_individuals",
            "rank",
            "repeat_years",
            "criteria",
            "valid_from",
            "valid_to",
            "legal_basis",
        ]


class AwardFormWriteSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32)
    name = serializers.CharField(max_length=300)
    category = InlineChoiceField(choices=FormCategory.choices)
    for_collectives = serializers.BooleanField(default=True)
    for_individuals = serializers.BooleanField(default=True)
    rank = serializers.IntegerField(min_value=0, max_value=32767, default=0)
    repeat_years = serializers.IntegerField(min_value=0, max_value=100, default=1)
    criteria = serializers.DictField(
        child=serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0, max_value=100),
        required=False,
        default=dict,
        help_text='{"min_share_met": 100, "min_completeness": 90}',
    )
    valid_from = serializers.DateField(required=False, allow_null=True, default=None)
    valid_to = serializers.DateField(required=False, allow_null=True, default=None)
    legal_basis = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=300
    )

    def validate_criteria(self, value: dict[str, Any]) -> dict[str, Any]:
        unknown = set(value) - {"min_share_met", "min_completeness"}
        if unknown:
            raise serializers.ValidationError(
                _("Unknown criteria: %(names)s") % {"names": ", ".join(sorted(unknown))}
            )
        return {key: str(number) for key, number in value.items()}


class AwardFormUpdateSerializer(PartialMixin, AwardFormWriteSerializer):
    pass


class AuthorityWriteSerializer(serializers.Serializer):
    form = form_id_field()
    unit = reach_unit_code(required=False, allow_null=True, default=None)
    body_level = InlineChoiceField(
        choices=BodyLevel.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Every body recorded at this level (not a depth in the tree)",
    )
    unit_kind = serializers.CharField(required=False, allow_blank=True, default="", max_length=32)
    valid_from = serializers.DateField(required=False, allow_null=True, default=None)
    valid_to = serializers.DateField(required=False, allow_null=True, default=None)

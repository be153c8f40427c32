"""Shapes of nominations in the API: the nomination and its detail with checks and files,
its query, writes, dossier files, council review, rejection and forwarding."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from tongket.api.serializers.awards.fields import form_id_field
from tongket.api.serializers.resolutions import (
    MAX_INT,
    YEAR,
    InlineChoiceField,
    ModelSerializer,
    PartialMixin,
    ResolutionRefField,
    reach_unit_code,
    unit_code,
)
from tongket.api.serializers.reviews import campaign_id_field, person_id_field
from tongket.awards import services
from tongket.awards.choices import CheckLevel, FileKind, NominationState
from tongket.awards.models import Nomination, NominationFile


class NominationSerializer(ModelSerializer):
    proposing_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    decider = serializers.SlugRelatedField(slug_field="code", read_only=True)
    nominee_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    nominee_person = serializers.IntegerField(source="nominee_person_id", read_only=True)
    nominee_name = serializers.CharField(read_only=True)
    forwarded_from = serializers.SlugRelatedField(slug_field="code", read_only=True)
    form = serializers.IntegerField(source="form_id", read_only=True)
    form_name = serializers.CharField(source="form.name", read_only=True)
    campaign = serializers.IntegerField(source="campaign_id", read_only=True)
    decision = serializers.IntegerField(source="decision_id", read_only=True)

    class Meta:
        model = Nomination
        fields = [
            "id",
            "proposing_unit",
            "decider",
            "form",
            "form_name",
            "nominee_kind",
            "nominee_unit",
            "nominee_person",
            "nominee_name",
            "year",
            "campaign",
            "state",
            "votes_for",
            "votes_total",
            "council_date",
            "decision",
            "forwarded_from",
            "submitted_at",
            "version",
        ]


class CheckSerializer(serializers.Serializer):
    code = serializers.CharField()
    level = InlineChoiceField(choices=CheckLevel.choices)
    message = serializers.CharField()


class NominationFileSerializer(ModelSerializer):
    class Meta:
        model = NominationFile
        fields = ["id", "kind", "name", "content_type", "size", "uploaded_at"]


class NominationDetailSerializer(NominationSerializer):
    resolution = serializers.IntegerField(source="resolution_id", read_only=True)
    checks = serializers.SerializerMethodField(
        help_text="What the system checks: an error blocks submission and approval"
    )
    files = serializers.SerializerMethodField()

    class Meta(NominationSerializer.Meta):
        fields = [
            *NominationSerializer.Meta.fields,
            "resolution",
            "emulation_period",
            "achievement",
            "note",
            "checks",
            "files",
        ]

    def get_checks(self, obj: Nomination) -> Any:
        reader = self.context["request"].user
        return CheckSerializer(services.checks(obj, reader=reader), many=True).data

    def get_files(self, obj: Nomination) -> Any:
        files = obj.files.order_by("kind", "uploaded_at")
        return NominationFileSerializer(files, many=True).data


class NominationQuerySerializer(serializers.Serializer):
    state = InlineChoiceField(choices=NominationState.choices, required=False)
    campaign = campaign_id_field(required=False)
    form = form_id_field(required=False)
    proposing_unit = unit_code(required=False, help_text="The proposing unit's subtree")


class NominationWriteSerializer(serializers.Serializer):
    proposing_unit = unit_code(help_text="The unit that proposes (its code)")
    form = form_id_field()
    year = serializers.IntegerField(**YEAR)
    nominee_unit = unit_code(
        required=False, allow_null=True, default=None, help_text="A collective: its code"
    )
    nominee_person = person_id_field(
        required=False, allow_null=True, default=None, help_text="An individual: the person's id"
    )
    decider = reach_unit_code(
        required=False,
        allow_null=True,
        default=None,
        help_text="The deciding authority (default: the proposing unit)",
    )
    campaign = campaign_id_field(required=False, allow_null=True, default=None)
    resolution = ResolutionRefField(required=False, allow_null=True, default=None)
    emulation_period = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=60
    )
    achievement = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        default=None,
        help_text="Default: written from the nominee's results",
    )


class NominationUpdateSerializer(PartialMixin, serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=MAX_INT)
    achievement = serializers.CharField(allow_blank=True)
    note = serializers.CharField(allow_blank=True)
    decider = reach_unit_code()


class NominationFileWriteSerializer(serializers.Serializer):
    kind = InlineChoiceField(choices=FileKind.choices)
    file = serializers.FileField(max_length=200, help_text="PDF, DOCX, PNG or JPEG")


class CouncilReviewSerializer(serializers.Serializer):
    votes_for = serializers.IntegerField(min_value=0, max_value=32767)
    votes_total = serializers.IntegerField(min_value=0, max_value=32767)
    on = serializers.DateField(required=False, allow_null=True, default=None)
    minutes = serializers.FileField(
        required=False, allow_null=True, default=None, max_length=200, help_text="The minutes"
    )


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField()


class ForwardSerializer(serializers.Serializer):
    to = reach_unit_code(help_text="The higher authority (its code)")

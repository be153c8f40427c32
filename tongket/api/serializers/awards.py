"""Shapes of award forms, authorities, nominations and decisions in the API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from tongket.api.serializers.resolutions import (
    ENUM_NAMES,
    MAX_INT,
    YEAR,
    InlineChoiceField,
    ModelSerializer,
    PartialMixin,
    ResolutionRefField,
    ScopedIdField,
    reach_unit_code,
    unit_code,
)
from tongket.api.serializers.reviews import campaign_id_field, person_id_field
from tongket.awards import selectors, services
from tongket.awards.choices import (
    CheckLevel,
    FileKind,
    FormCategory,
    NominationState,
    NomineeKind,
)
from tongket.awards.models import (
    AwardAuthority,
    AwardDecision,
    AwardForm,
    Nomination,
    NominationFile,
)

ENUM_NAMES.update(
    {
        frozenset(choices.values): f"{choices.__name__}Enum"
        for choices in (CheckLevel, FileKind, FormCategory, NominationState, NomineeKind)
    }
)


def form_id_field(**kwargs: Any) -> ScopedIdField:
    return ScopedIdField(
        getter=lambda user, pk: selectors.form_get(pk=pk),
        unknown=_("No award form has the id %(id)s."),
        **kwargs,
    )


def nomination_id_field(**kwargs: Any) -> ScopedIdField:
    return ScopedIdField(
        getter=lambda user, pk: selectors.nomination_get(user=user, pk=pk),
        unknown=_("No nomination you can see has the id %(id)s."),
        **kwargs,
    )


# --- Catalogues ---------------------------------------------------------------------------


class AuthoritySerializer(ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    form = serializers.IntegerField(source="form_id", read_only=True)

    class Meta:
        model = AwardAuthority
        fields = ["id", "form", "unit", "level", "unit_kind", "valid_from", "valid_to", "note"]


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
    level = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=50
    )
    unit_kind = serializers.CharField(required=False, allow_blank=True, default="", max_length=32)
    valid_from = serializers.DateField(required=False, allow_null=True, default=None)
    valid_to = serializers.DateField(required=False, allow_null=True, default=None)


# --- Nominations --------------------------------------------------------------------------


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
        return CheckSerializer(services.checks(obj), many=True).data

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


# --- Decisions ----------------------------------------------------------------------------


class DecisionSerializer(ModelSerializer):
    issuer = serializers.SlugRelatedField(slug_field="code", read_only=True)
    form = serializers.IntegerField(source="form_id", read_only=True)
    form_name = serializers.CharField(source="form.name", read_only=True)
    document = serializers.IntegerField(source="document_id", read_only=True)
    symbol = serializers.CharField(source="document.symbol", read_only=True)
    issued_on = serializers.DateField(source="document.issued_on", read_only=True)
    campaign = serializers.IntegerField(source="campaign_id", read_only=True)

    class Meta:
        model = AwardDecision
        fields = [
            "id",
            "issuer",
            "form",
            "form_name",
            "document",
            "symbol",
            "issued_on",
            "campaign",
            "reason",
        ]


class AwardeeSerializer(serializers.Serializer):
    nomination = serializers.IntegerField(source="pk")
    nominee_kind = InlineChoiceField(choices=NomineeKind.choices)
    nominee_name = serializers.CharField()
    proposing_unit = serializers.CharField(source="proposing_unit.code")


class DecisionDetailSerializer(DecisionSerializer):
    awardees = serializers.SerializerMethodField()

    class Meta(DecisionSerializer.Meta):
        fields = [*DecisionSerializer.Meta.fields, "awardees"]

    def get_awardees(self, obj: AwardDecision) -> Any:
        awardees = obj.nominations.select_related(
            "nominee_unit", "nominee_person", "proposing_unit"
        ).order_by("nominee_kind", "id")
        return AwardeeSerializer(awardees, many=True).data


class DecisionQuerySerializer(serializers.Serializer):
    campaign = campaign_id_field(required=False)


class DecisionWriteSerializer(serializers.Serializer):
    issuer = unit_code(help_text="The authority that decides (its code)")
    form = form_id_field()
    nominations = serializers.ListField(
        child=nomination_id_field(), max_length=1000, help_text="Approved nominations (ids)"
    )
    issued_on = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    campaign = campaign_id_field(required=False, allow_null=True, default=None)
    signer_title = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )
    signer_name = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )

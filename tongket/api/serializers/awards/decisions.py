"""Shapes of award decisions in the API: counts, records from paper, the decision and its
awardees, writes, the named-list import and its reconciliation, proposals."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tongket.api.serializers.awards.fields import form_id_field, nomination_id_field
from tongket.api.serializers.resolutions import (
    MAX_INT,
    YEAR,
    InlineChoiceField,
    ModelSerializer,
    reach_unit_code,
    unit_code,
)
from tongket.api.serializers.reviews import campaign_id_field
from tongket.awards import selectors
from tongket.awards.choices import CountOutcome, NomineeKind
from tongket.awards.models import AwardDecision


class AwardCountSerializer(serializers.Serializer):
    """One count row: `outcome` awarded (by the decision) or proposed (to `proposed_to`)."""

    outcome = InlineChoiceField(choices=CountOutcome.choices, default=CountOutcome.AWARDED)
    form = form_id_field(
        required=False, allow_null=True, default=None, help_text="Default: the decision's form"
    )
    nominee_kind = InlineChoiceField(choices=NomineeKind.choices)
    count = serializers.IntegerField(min_value=1, max_value=100000)
    proposed_to = reach_unit_code(
        required=False, allow_null=True, default=None, help_text="For a proposal: its code"
    )

    def to_representation(self, instance: Any) -> Any:
        return {
            "outcome": instance.outcome,
            "form": instance.form_id,
            "nominee_kind": instance.nominee_kind,
            "count": instance.count,
            "proposed_to": instance.proposed_to.code if instance.proposed_to_id else None,
        }


class CountsWriteSerializer(serializers.Serializer):
    counts = AwardCountSerializer(many=True, max_length=50)
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=MAX_INT,
        help_text="The decision's version as read: a decision changed since answers 409",
    )


class DecisionRecordSerializer(serializers.Serializer):
    """A decision already taken, entered as it was written: no document is generated."""

    issuer = unit_code(help_text="The authority that decided (its code)")
    form = form_id_field()
    symbol = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=128, help_text="As written"
    )
    issued_on = serializers.DateField()
    campaign = campaign_id_field(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    counts = AwardCountSerializer(many=True, required=False, default=list, max_length=50)


class DecisionSerializer(ModelSerializer):
    issuer = serializers.SlugRelatedField(slug_field="code", read_only=True)
    form = serializers.IntegerField(source="form_id", read_only=True)
    form_name = serializers.CharField(source="form.name", read_only=True)
    document = serializers.IntegerField(
        source="document_id",
        read_only=True,
        allow_null=True,
        help_text="null for a decision recorded from paper",
    )
    symbol = serializers.CharField(source="reference", read_only=True)
    issued_on = serializers.DateField(source="date", read_only=True, allow_null=True)
    campaign = serializers.IntegerField(source="campaign_id", read_only=True)
    counts = serializers.SerializerMethodField(
        help_text="Awards counted by form and kind, with or without the names"
    )

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
            "counts",
            "version",
        ]

    @extend_schema_field(AwardCountSerializer(many=True))
    def get_counts(self, obj: AwardDecision) -> Any:
        return AwardCountSerializer(obj.counts.all(), many=True).data


class AwardeeSerializer(serializers.Serializer):
    nomination = serializers.IntegerField(source="pk")
    nominee_kind = InlineChoiceField(choices=NomineeKind.choices)
    nominee_name = serializers.CharField()
    proposing_unit = serializers.CharField(source="proposing_unit.code")


class DecisionDetailSerializer(DecisionSerializer):
    awardees = serializers.SerializerMethodField()

    class Meta(DecisionSerializer.Meta):
        fields = [*DecisionSerializer.Meta.fields, "awardees"]

    @extend_schema_field(AwardeeSerializer(many=True))
    def get_awardees(self, obj: AwardDecision) -> Any:
        # The reader's clearance decides which awardees are shown (the view passes its user).
        awardees = selectors.decision_awardees(user=self.context["user"], decision=obj)
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


class DecisionListImportSerializer(serializers.Serializer):
    file = serializers.FileField(
        max_length=200,
        help_text="The named list (.xlsx), sheet 'Danh sách khen thưởng' with the columns "
        "'Tập thể, cá nhân' and 'Loại' ('Tập thể' or 'Cá nhân'), and optionally 'Mã đơn vị / "
        "Đơn vị', 'Đơn vị đề nghị', 'Hình thức khen thưởng', 'Năm sinh' (the list export's)",
    )
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=MAX_INT,
        help_text="The decision's version as read: a decision changed since answers 409",
    )


class ListWarningSerializer(serializers.Serializer):
    """A rule a row of the list breaks: the body's quota for the form and year (`quota`) or
    the form's repeat rule (`repeat`). A warning, never a refusal: a paper decision is a
    fact."""

    row = serializers.IntegerField(help_text="The row of the sheet")
    name = serializers.CharField(help_text="The collective or person of the row")
    code = serializers.ChoiceField(choices=["quota", "repeat"])
    message = serializers.CharField()


class DecisionListImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text="Awardees named as new approved nominations")
    linked = serializers.IntegerField(
        help_text="Approved nominations waiting for this decision, now linked to it"
    )
    collectives = serializers.IntegerField()
    individuals = serializers.IntegerField()
    warnings = ListWarningSerializer(
        many=True,
        required=False,
        help_text="Only when the list breaks them: the quota and repeat breaches recorded with "
        "it (also in the decision's change log)",
    )


class ListPreviewRowSerializer(serializers.Serializer):
    row = serializers.IntegerField(source="number")
    name = serializers.CharField()
    nominee_kind = InlineChoiceField(source="kind", choices=NomineeKind.choices)
    unit = serializers.CharField(source="unit.code", allow_null=True, default=None)
    person = serializers.IntegerField(source="person.pk", allow_null=True, default=None)
    proposing_unit = serializers.CharField(source="proposer.code")
    nomination = serializers.IntegerField(
        source="linked.pk",
        allow_null=True,
        default=None,
        help_text="The approved nomination waiting for this decision that the row takes up",
    )


class DecisionListPreviewSerializer(serializers.Serializer):
    """What importing the list would name, and the rules its rows break; nothing written."""

    collectives = serializers.IntegerField()
    individuals = serializers.IntegerField()
    linked = serializers.IntegerField()
    rows = ListPreviewRowSerializer(many=True)
    warnings = ListWarningSerializer(many=True)


class ReconciliationLineSerializer(serializers.Serializer):
    """Per form and collective/individual: the count the decision declares beside the
    awardees it names."""

    outcome = InlineChoiceField(choices=CountOutcome.choices)
    form = serializers.IntegerField(source="form.pk")
    form_name = serializers.CharField(source="form.name")
    nominee_kind = InlineChoiceField(source="kind", choices=NomineeKind.choices)
    proposed_to = serializers.CharField(
        source="proposed_to.code", allow_null=True, default=None, help_text="For a proposal"
    )
    declared = serializers.IntegerField(allow_null=True, help_text="null: no count declared")
    named = serializers.IntegerField()
    difference = serializers.IntegerField(
        allow_null=True, help_text="named − declared: negative while names are missing"
    )
    counted = serializers.IntegerField(help_text="What the summaries take: the larger, once")
    status = serializers.ChoiceField(choices=["match", "names_missing", "not_counted", "over"])
    some_not_shown = serializers.SerializerMethodField(
        help_text="The same on every line: the decision names awardees your clearance does "
        "not cover, left out of `named` (which and how many are not said)"
    )

    @extend_schema_field(serializers.BooleanField())
    def get_some_not_shown(self, line: Any) -> bool:
        return bool(self.context.get("some_not_shown", False))


class ProposalRequestSerializer(serializers.Serializer):
    """A batch: the nominations of a proposing unit to a deciding authority for a form in a
    year, submitted and not yet in a proposal."""

    proposing_unit = unit_code(help_text="The proposing unit (its code)")
    decider = reach_unit_code(help_text="The deciding authority (its code)")
    form = form_id_field()
    year = serializers.IntegerField(**YEAR)
    signer_title = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )
    signer_name = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )


class ProposalBatchSerializer(serializers.Serializer):
    proposing_unit = serializers.CharField(source="proposing_unit.code")
    decider = serializers.CharField(source="decider.code")
    form = serializers.IntegerField(source="form.pk")
    form_name = serializers.CharField(source="form.name")
    year = serializers.IntegerField()
    collectives = serializers.IntegerField()
    individuals = serializers.IntegerField()


class ProposalSerializer(serializers.Serializer):
    """A proposal made: its document (a draft of the proposing unit until issued) and the
    nominations it lists."""

    document = serializers.IntegerField(source="pk")
    status = serializers.CharField()
    symbol = serializers.CharField(allow_blank=True)
    issuer = serializers.CharField(source="issuer.code")
    subject = serializers.CharField()
    nominations = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_nominations(self, obj: Any) -> list[int]:
        return sorted(n.pk for n in obj.proposed_nominations.all())

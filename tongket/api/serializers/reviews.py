"""Shapes of review campaigns, their unit review reports and workflow steps in the API.

Input serializers validate shape only and turn ids and codes into objects through the scoped
selectors (an object the caller cannot see reads as unknown: a 400 naming the field); the
services in tongket.reviews check the rules."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
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
from tongket.meetings import selectors as meeting_selectors
from tongket.org import selectors as org_selectors
from tongket.reviews import selectors
from tongket.reviews.choices import (
    Body,
    CampaignKind,
    CampaignShape,
    CampaignState,
    DossierRole,
    MemberRole,
    MilestoneKind,
    UnitReportState,
)
from tongket.reviews.models import (
    CampaignMember,
    CampaignUnit,
    Milestone,
    ReviewCampaign,
    UnitReviewReport,
)

ENUM_NAMES.update(
    {
        frozenset(choices.values): f"{choices.__name__}Enum"
        for choices in (
            Body,
            CampaignKind,
            CampaignState,
            DossierRole,
            MemberRole,
            MilestoneKind,
            UnitReportState,
        )
    }
)
STYLE_CHOICES = [("party", _("Party documents")), ("state", _("State documents"))]


def campaign_id_field(**kwargs: Any) -> ScopedIdField:
    return ScopedIdField(
        getter=lambda user, pk: selectors.campaign_get(user=user, pk=pk),
        unknown=_("No review campaign you can see has the id %(id)s."),
        **kwargs,
    )


def meeting_id_field(**kwargs: Any) -> ScopedIdField:
    return ScopedIdField(
        getter=lambda user, pk: meeting_selectors.meeting_get(user=user, pk=pk),
        unknown=_("No meeting you can see has the id %(id)s."),
        **kwargs,
    )


def person_id_field(**kwargs: Any) -> ScopedIdField:
    return ScopedIdField(
        getter=lambda user, pk: org_selectors.person_get(user=user, pk=pk),
        unknown=_("No person you can see has the id %(id)s."),
        **kwargs,
    )


def no_null_characters(value: Any) -> None:
    """JSON text is stored as is: PostgreSQL cannot hold a null character in it."""
    if isinstance(value, str):
        if "\x00" in value:
            raise serializers.ValidationError(_("Null characters are not allowed."))
    elif isinstance(value, dict):
        for key, item in value.items():
            no_null_characters(key)
            no_null_characters(item)
    elif isinstance(value, list):
        for item in value:
            no_null_characters(item)


# --- Reading ------------------------------------------------------------------------------


class MemberSerializer(ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = CampaignMember
        fields = ["id", "person", "person_name", "body", "role", "title"]


class ParticipantSerializer(ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = CampaignUnit
        fields = ["unit", "unit_name", "due_date"]


class MilestoneSerializer(ModelSerializer):
    status = serializers.SerializerMethodField()

    class Meta:
        model = Milestone
        fields = ["id", "kind", "title", "due_date", "done_on", "status"]

    def get_status(self, obj: Milestone) -> str:
        return obj.status()


class DossierDocumentSerializer(serializers.Serializer):
    role = InlineChoiceField(choices=DossierRole.choices)
    document = serializers.IntegerField(source="document.pk")
    kind = serializers.CharField(source="document.kind")
    subject = serializers.CharField(source="document.subject")
    status = serializers.CharField(source="document.status")
    symbol = serializers.CharField(source="document.symbol")
    version = serializers.IntegerField(source="document.version")


class CampaignSerializer(ModelSerializer):
    resolution = serializers.IntegerField(source="resolution_id", read_only=True)
    resolution_symbol = serializers.CharField(source="resolution.symbol", read_only=True)
    owner_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    standing_agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    appraisal_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    new_resolution = serializers.IntegerField(source="new_resolution_id", read_only=True)
    style = serializers.CharField(read_only=True)
    reports_to = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ReviewCampaign
        fields = [
            "id",
            "kind",
            "shape",
            "with_appraisal",
            "reports_to",
            "closed_on",
            "title",
            "resolution",
            "resolution_symbol",
            "owner_unit",
            "standing_agency",
            "appraisal_unit",
            "span_from",
            "span_to",
            "span_label",
            "next_from",
            "next_to",
            "style",
            "state",
            "appraised_on",
            "submitted_on",
            "adopted_on",
            "adopted_at",
            "issued_on",
            "new_resolution",
            "version",
        ]


class CampaignDetailSerializer(CampaignSerializer):
    appraisal_opinion = serializers.CharField(read_only=True)
    steering_group = serializers.IntegerField(
        source="steering_group_id",
        read_only=True,
        allow_null=True,
        help_text="The steering committee as a body on record (/body-groups/{id}/)",
    )
    steering_group_name = serializers.CharField(
        source="steering_group.name", read_only=True, default=None
    )
    drafting_group = serializers.IntegerField(
        source="drafting_group_id",
        read_only=True,
        allow_null=True,
        help_text="The drafting team as a body on record, members named or not",
    )
    drafting_group_name = serializers.CharField(
        source="drafting_group.name", read_only=True, default=None
    )
    members = serializers.SerializerMethodField()
    participants = serializers.SerializerMethodField()
    milestones = serializers.SerializerMethodField()
    dossier = serializers.SerializerMethodField()
    open_comments = serializers.SerializerMethodField()
    unit_reports = serializers.SerializerMethodField()
    can = serializers.SerializerMethodField()

    class Meta(CampaignSerializer.Meta):
        fields = [
            *CampaignSerializer.Meta.fields,
            "appraisal_opinion",
            "steering_group",
            "steering_group_name",
            "drafting_group",
            "drafting_group_name",
            "members",
            "participants",
            "milestones",
            "dossier",
            "open_comments",
            "unit_reports",
            "can",
        ]

    def get_members(self, obj: ReviewCampaign) -> Any:
        return MemberSerializer(selectors.members(campaign=obj), many=True).data

    def get_participants(self, obj: ReviewCampaign) -> Any:
        return ParticipantSerializer(selectors.participants(campaign=obj), many=True).data

    def get_milestones(self, obj: ReviewCampaign) -> Any:
        return MilestoneSerializer(
            obj.milestones.order_by("due_date", "order", "id"), many=True
        ).data

    def get_dossier(self, obj: ReviewCampaign) -> Any:
        rows = [
            {"role": role, "document": doc} for role, doc in selectors.dossier(campaign=obj).items()
        ]
        return DossierDocumentSerializer(rows, many=True).data

    def get_open_comments(self, obj: ReviewCampaign) -> dict[str, int]:
        return selectors.open_comments(campaign=obj)

    def get_unit_reports(self, obj: ReviewCampaign) -> dict[str, int]:
        return selectors.unit_report_counts(campaign=obj)

    def get_can(self, obj: ReviewCampaign) -> dict[str, bool]:
        user = self.context["request"].user
        return {
            "run": selectors.can_run(user, obj),
            "draft": selectors.can_draft(user, obj),
            "comment": selectors.can_comment(user, obj),
            "appraise": selectors.can_appraise(user, obj),
            "adopt": selectors.can_adopt(user, obj),
        }


class UnitReviewReportSerializer(ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = UnitReviewReport
        fields = [
            "id",
            "campaign",
            "unit",
            "unit_name",
            "state",
            "submitted_at",
            "accepted_at",
            "return_reason",
            "version",
        ]


class UnitReviewReportDetailSerializer(UnitReviewReportSerializer):
    sections = serializers.JSONField(read_only=True)
    figures = serializers.JSONField(read_only=True)

    class Meta(UnitReviewReportSerializer.Meta):
        fields = [*UnitReviewReportSerializer.Meta.fields, "sections", "figures"]


class AwardsSummaryCountSerializer(serializers.Serializer):
    collectives = serializers.IntegerField()
    individuals = serializers.IntegerField()


class AwardsSummarySerializer(serializers.Serializer):
    awarded = AwardsSummaryCountSerializer()
    proposed_to_higher = AwardsSummaryCountSerializer()


# --- Query parameters ---------------------------------------------------------------------


class CampaignQuerySerializer(serializers.Serializer):
    state = InlineChoiceField(choices=CampaignState.choices, required=False)
    resolution = ResolutionRefField(required=False, help_text="Id or number and symbol")


class UnitReviewReportQuerySerializer(serializers.Serializer):
    campaign = campaign_id_field(required=False)
    state = InlineChoiceField(choices=UnitReportState.choices, required=False)


# --- Writing ------------------------------------------------------------------------------


class CampaignWriteSerializer(serializers.Serializer):
    kind = InlineChoiceField(choices=CampaignKind.choices)
    resolution = ResolutionRefField(help_text="The resolution reviewed: id or number and symbol")
    owner_unit = unit_code(help_text="The reviewing body (its code)")
    standing_agency = reach_unit_code(help_text="The standing agency (its code)")
    appraisal_unit = reach_unit_code(required=False, allow_null=True, default=None)
    span_from = serializers.IntegerField(**YEAR)
    span_to = serializers.IntegerField(**YEAR)
    next_from = serializers.IntegerField(**YEAR)
    next_to = serializers.IntegerField(**YEAR)
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    span_label = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)
    style = InlineChoiceField(
        choices=STYLE_CHOICES,
        required=False,
        enum_name="DocumentStyleEnum",
        help_text="The dossier's format; omitted: the reviewing body's own (party for a Party "
        "committee, state for a command or a State body). The plan always follows the body.",
    )
    shape = InlineChoiceField(
        choices=CampaignShape.choices,
        default=CampaignShape.ISSUED,
        enum_name="CampaignShapeEnum",
        help_text="issued: ends in the reviewing body's own resolution; reported: a review "
        "report sent to the body running the review (reports_to)",
    )
    with_appraisal = serializers.BooleanField(default=True)
    reports_to = reach_unit_code(required=False, allow_null=True, default=None)


class CampaignUpdateSerializer(PartialMixin, serializers.Serializer):
    """The frame of a review (kind and span while drafting) and its shape (until the dossier
    is appraised or submitted)."""

    version = serializers.IntegerField(min_value=1, max_value=MAX_INT)
    kind = InlineChoiceField(choices=CampaignKind.choices)
    shape = InlineChoiceField(
        choices=CampaignShape.choices,
        enum_name="CampaignShapeEnum",
        help_text="issued: ends in the reviewing body's own resolution; reported: a review "
        "report sent to the body running the review (reports_to)",
    )
    with_appraisal = serializers.BooleanField()
    reports_to = reach_unit_code(allow_null=True)
    title = serializers.CharField(max_length=300)
    span_label = serializers.CharField(allow_blank=True, max_length=60)
    standing_agency = reach_unit_code()
    appraisal_unit = reach_unit_code(allow_null=True)
    span_from = serializers.IntegerField(**YEAR)
    span_to = serializers.IntegerField(**YEAR)
    next_from = serializers.IntegerField(**YEAR)
    next_to = serializers.IntegerField(**YEAR)
    style = InlineChoiceField(choices=STYLE_CHOICES, enum_name="DocumentStyleEnum")


class AppraiseSerializer(serializers.Serializer):
    opinion = serializers.CharField(help_text="The appraisal unit's opinion")
    on = serializers.DateField(required=False, allow_null=True, default=None)


class OnSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, allow_null=True, default=None)


class AdoptSerializer(serializers.Serializer):
    meeting = meeting_id_field(
        required=False, allow_null=True, default=None, help_text="The conference that adopted it"
    )
    on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Default: the meeting's date"
    )


@extend_schema_serializer(component_name="CampaignIssue")
class IssueSerializer(serializers.Serializer):
    """Issuing a review campaign (its component is CampaignIssue, apart from the resolutions'
    Issue)."""

    issued_on = serializers.DateField(required=False, allow_null=True, default=None)


class MemberWriteSerializer(serializers.Serializer):
    person = person_id_field()
    body = InlineChoiceField(choices=Body.choices)
    role = InlineChoiceField(choices=MemberRole.choices, default=MemberRole.MEMBER)
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class CampaignBodySerializer(serializers.Serializer):
    body = InlineChoiceField(choices=Body.choices)
    group = ScopedIdField(
        getter=lambda user, pk: org_selectors.body_group_get(user=user, pk=pk, reach=True),
        unknown=_("No body you can reach has the id %(id)s."),
        allow_null=True,
        help_text="The body on record (null: none named)",
    )
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class MemberRemoveSerializer(serializers.Serializer):
    member = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="Its id")


class ParticipantWriteSerializer(serializers.Serializer):
    units = serializers.ListField(child=reach_unit_code(), allow_empty=False, max_length=500)
    due_date = serializers.DateField(required=False, allow_null=True, default=None)


class MilestoneWriteSerializer(serializers.Serializer):
    kind = InlineChoiceField(choices=MilestoneKind.choices)
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    due_date = serializers.DateField()


class UnitReviewReportSaveSerializer(serializers.Serializer):
    sections = serializers.DictField(
        child=serializers.CharField(allow_blank=True), help_text="Text by outline section key"
    )
    version = serializers.IntegerField(
        min_value=1, max_value=MAX_INT, required=False, allow_null=True, default=None
    )

    def validate_sections(self, value: dict[str, str]) -> dict[str, str]:
        no_null_characters(value)
        return value


class ReturnReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()
